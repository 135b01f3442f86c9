"""PostgreSQL for the tests: one server per session (scripts/postgres.sh), one new database per test."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl
import psycopg
import pytest

from kernel import adc_settings

SCRIPT = adc_settings.ROOT / "scripts" / "postgres.sh"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a PostgreSQL server started for this test session, stopped at its end. In a
    folder directly under the temporary folder: as root, the server runs as another user, who
    cannot enter pytest's private folders."""
    folder = Path(tempfile.mkdtemp(prefix="adc-pg-")) / "server"
    started = subprocess.run(
        ["bash", str(SCRIPT), "start", str(folder)], capture_output=True, text=True, timeout=180, check=False
    )
    if started.returncode != 0:
        shutil.rmtree(folder.parent, ignore_errors=True)
        raise RuntimeError(f"scripts/postgres.sh start faalde:\n{started.stderr}")
    try:
        yield started.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop", str(folder)], capture_output=True, timeout=120, check=False)
        shutil.rmtree(folder.parent, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server) -> Iterator[str]:
    """A new, empty database on the session's server, dropped after the test."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f"create database {name}")  # a generated name, not input
    yield postgres_server.rsplit("/", 1)[0] + "/" + name
    from stories import postgres, replica

    replica.forget_all()
    postgres.close_all()  # this process's pooled connections to it, closed rather than collected
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f"drop database if exists {name} with (force)")


@pytest.fixture(params=["duckdb", "postgres"])
def store_backend(request, data_dir) -> Iterator[str]:
    """Runs a test on both story-store backends: the sample store in data_dir as it is (DuckDB),
    and the same store moved into a new PostgreSQL database (`python -m stories
    migrate-to-postgres`'s own code) with ADC_STORE_URL set to it."""
    if request.param == "duckdb":
        yield "duckdb"
        return
    request.getfixturevalue("postgres_store")
    yield "postgres"


@pytest.fixture
def postgres_store(data_dir, postgres_url, monkeypatch) -> Iterator[str]:
    """The sample store of data_dir moved into a new PostgreSQL database, ADC_STORE_URL set to it."""
    from stories import postgres, replica, to_postgres

    to_postgres.move(adc_settings.stories_db_path(), postgres_url)
    monkeypatch.setenv(adc_settings.STORE_URL.env, postgres_url)
    try:
        yield postgres_url
    finally:
        replica.forget_all()
        postgres.close_all()


@contextmanager
def store_for_checks() -> Iterator[duckdb.DuckDBPyConnection]:
    """The story store to check a test's outcome with DuckDB SQL: the file itself, or with
    ADC_STORE_URL an in-memory DuckDB holding a copy of every PostgreSQL table, read in one
    snapshot (the checks then also compare PostgreSQL's rows with DuckDB's derivations)."""
    from stories import store, to_postgres

    url = adc_settings.store_url()
    if url is None:
        with store.connect() as con:
            yield con
        return
    copy = duckdb.connect()
    with psycopg.connect(url) as pg:
        pg.execute("set transaction isolation level repeatable read, read only")
        for table in to_postgres.TABLES:  # names from the code
            cursor = pg.execute(f"select * from {table}")
            names = [c.name for c in cursor.description or []]
            frame = pl.DataFrame(cursor.fetchall(), schema=names, orient="row", infer_schema_length=None)
            copy.register("copied", frame.to_arrow())
            copy.execute(f"create table {table} as select * from copied")
            copy.unregister("copied")
    try:
        yield copy
    finally:
        copy.close()
