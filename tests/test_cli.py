"""`python -m etl` as a beheerder runs it: real subprocesses, exit codes, Dutch output."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from kernel import adc_settings
from tests.sources import CASELOAD, write_sources

pytestmark = pytest.mark.subprocess


def run_etl(*args: str, data_dir) -> subprocess.CompletedProcess:
    env = {**os.environ, adc_settings.DATA_DIR.env: str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "etl", *args],
        cwd=adc_settings.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_build_succeeds_with_exit_0_and_reports_rows(tmp_path):
    done = run_etl("build", "--source", str(write_sources(tmp_path / "src")), data_dir=tmp_path / "data")
    assert done.returncode == 0, done.stderr
    assert "caseload.csv: 4 rijen geladen" in done.stdout
    assert (tmp_path / "data" / "figures.duckdb").exists()


def test_refused_input_exits_1_with_every_rejection_in_dutch(tmp_path):
    bad = CASELOAD.replace("470", "veel").replace("2250", "-1")
    done = run_etl(
        "build", "--source", str(write_sources(tmp_path / "src", **{"caseload.csv": bad})), data_dir=tmp_path / "data"
    )
    assert done.returncode == 1
    assert "2 afgewezen waarde(n). De vorige database is ongewijzigd." in done.stderr
    assert "caseload.csv, rij 2, kolom 'Actieve dossiers': waarde 'veel' afgewezen" in done.stderr
    assert "caseload.csv, rij 5, kolom 'Actieve dossiers': waarde '-1' afgewezen" in done.stderr
    assert not (tmp_path / "data" / "figures.duckdb").exists()


def test_wrong_usage_exits_2_with_dutch_usage(tmp_path):
    for args in (("bouw",), ("build", "--onbekend"), ()):
        done = run_etl(*args, data_dir=tmp_path)
        assert done.returncode == 2, args
        assert "Onjuist gebruik" in done.stderr and "python -m etl build" in done.stderr


def test_missing_source_folder_is_refused_with_exit_1(tmp_path):
    done = run_etl("build", "--source", str(tmp_path / "bestaat-niet"), data_dir=tmp_path)
    assert done.returncode == 1
    assert "een bestaande map met bronbestanden" in done.stderr


def test_every_build_run_writes_one_audit_record(tmp_path, monkeypatch):
    from stories import store

    good = write_sources(tmp_path / "good")
    bad = write_sources(tmp_path / "bad", **{"caseload.csv": CASELOAD.replace("470", "x")})
    assert run_etl("build", "--source", str(good), data_dir=tmp_path / "data").returncode == 0
    assert run_etl("build", "--source", str(bad), data_dir=tmp_path / "data").returncode == 1
    monkeypatch.setenv(adc_settings.DATA_DIR.env, str(tmp_path / "data"))
    with store.connect() as con:
        rows = con.execute("select action, object_id, detail from audit_log order by audit_id").fetchall()
    assert rows == [
        ("data_geladen", str(good), "16 rijen geladen"),
        ("data_afgewezen", str(bad), "1 afgewezen waarde(n); vorige cijfers ongewijzigd"),
    ]
