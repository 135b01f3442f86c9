"""scripts/postgres.sh: a real PostgreSQL on 127.0.0.1, started by the project itself."""

from __future__ import annotations

import subprocess
from urllib.parse import urlsplit

import psycopg

from tests.postgres import SCRIPT


def test_the_session_server_listens_on_loopback_only(postgres_server):
    parts = urlsplit(postgres_server)
    assert parts.hostname == "127.0.0.1" and parts.username == "adc" and parts.password
    with psycopg.connect(postgres_server) as con:
        assert con.execute("select current_setting('listen_addresses')").fetchone() == ("127.0.0.1",)
        assert con.execute("select current_setting('server_version_num')::int / 10000").fetchone()[0] >= 15


def test_a_wrong_password_is_refused(postgres_server):
    parts = urlsplit(postgres_server)
    wrong = postgres_server.replace(f":{parts.password}@", ":fout-wachtwoord@")
    try:
        psycopg.connect(wrong, connect_timeout=5).close()
    except psycopg.OperationalError as error:
        assert "password authentication failed" in str(error)
    else:
        raise AssertionError("een onjuist wachtwoord werd aanvaard")


def test_each_test_gets_an_empty_database_of_its_own(postgres_url, postgres_server):
    assert postgres_url != postgres_server
    with psycopg.connect(postgres_url) as con:
        tables = con.execute("select count(*) from pg_tables where schemaname = 'public'").fetchone()
    assert tables == (0,)


def test_url_of_a_folder_without_server_is_a_dutch_error(tmp_path):
    done = subprocess.run(["bash", str(SCRIPT), "url", str(tmp_path / "geen")], capture_output=True, text=True)
    assert done.returncode == 1 and "Geen PostgreSQL-server" in done.stderr
