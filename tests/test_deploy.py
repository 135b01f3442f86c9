"""The deployment on paper (deploy/): the compose file's parts, and nginx accepting its proxy configuration.

No container engine runs on the development machine, so the images are not built here
(docs/deployment.md says so); what can run without one does: the compose file is read as
compose reads it (YAML with its anchors), and Debian's nginx tests the configuration it mounts
with a certificate made by openssl.
"""

from __future__ import annotations

import re
import subprocess

import pytest
import yaml

from kernel import adc_settings

DEPLOY = adc_settings.ROOT / "deploy"


@pytest.fixture(scope="module")
def services() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))["services"]


def dashboards(services: dict) -> list[str]:
    return sorted(name for name in services if name.startswith("dashboard-"))


def test_the_compose_file_has_several_dashboards_postgresql_and_a_tls_proxy(services):
    assert len(dashboards(services)) >= 2 and {"db", "proxy"} <= set(services)
    for name in dashboards(services):
        dashboard = services[name]
        assert dashboard["build"]["dockerfile"] == "deploy/Containerfile"
        assert (adc_settings.ROOT / dashboard["build"]["context"].replace("..", ".") / "deploy/Containerfile").is_file()
        url = dashboard["environment"][adc_settings.STORE_URL.env]
        assert re.fullmatch(r"postgresql://adc:\$\{ADC_DB_PASSWORD:\?[^}]+\}@db:5432/adc", url), url
        assert dashboard["depends_on"]["db"]["condition"] == "service_healthy"
        assert "figures:/data" in dashboard["volumes"]  # one figures folder for every process
    assert services["db"]["environment"]["POSTGRES_PASSWORD"].startswith("${ADC_DB_PASSWORD:?")
    assert "ports" not in services["db"]  # only the containers reach PostgreSQL
    assert "443:443" in services["proxy"]["ports"]
    assert "./nginx.conf:/etc/nginx/conf.d/default.conf:ro" in services["proxy"]["volumes"]


@pytest.mark.subprocess
def test_nginx_accepts_the_mounted_configuration_with_a_real_certificate(services, tmp_path):
    tls = tmp_path / "tls"
    tls.mkdir()
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=dashboard.test"]
        + ["-keyout", str(tls / "dashboard.key"), "-out", str(tls / "dashboard.crt")],
        check=True,
        capture_output=True,
    )
    mounted = next(v.split(":")[1] for v in services["proxy"]["volumes"] if v.startswith("./tls:"))
    site = (DEPLOY / "nginx.conf").read_text(encoding="utf-8").replace(f"{mounted}/", f"{tls}/")
    assert site.count(f"{tls}/") == 2  # the certificate and its key, where compose mounts them
    # The upstream names every dashboard; those names resolve only on the compose network, and
    # nginx -t resolves each, so they become loopback addresses here.
    upstream = re.findall(r"server (dashboard-\d+):8501;", site)
    assert sorted(upstream) == dashboards(services)
    site = re.sub(r"server dashboard-(\d+):8501;", r"server 127.0.0.1:85\1;", site)
    (tmp_path / "site.conf").write_text(site, encoding="utf-8")
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nevents {{}}\nhttp {{\n    access_log off;\n"
        f"    include {tmp_path}/site.conf;\n}}\n",
        encoding="utf-8",
    )
    tested = subprocess.run(
        ["nginx", "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert tested.returncode == 0, tested.stderr
    assert "test is successful" in tested.stderr
