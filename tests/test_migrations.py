"""Numbered schema steps: stores made by earlier releases open, migrate and keep their stories."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from stories import audit_chain, schema, store

FIXTURE_STORES = Path(__file__).parent / "fixtures" / "stores"
STORES = sorted(FIXTURE_STORES.glob("*.duckdb"))
TODAY = [(m.number, m.name) for m in schema.migrations()]


def opened_copy(fixture: Path, tmp_path: Path) -> Path:
    """A copy of a committed fixture store (the original stays as that release left it)."""
    path = tmp_path / "stories.duckdb"
    shutil.copyfile(fixture, path)
    return path


def test_there_are_fixture_stores_of_earlier_releases():
    assert {p.stem for p in STORES} >= {"v1_story_service", "v2_search_before_chain", "v3_sessions_before_migrations"}


@pytest.mark.parametrize("fixture", STORES, ids=lambda p: p.stem)
def test_an_earlier_store_migrates_and_keeps_its_stories_and_audit_chain(fixture, tmp_path):
    path = opened_copy(fixture, tmp_path)
    with duckdb.connect(str(path), read_only=True) as before:
        audit_rows = before.execute("select * from audit_log order by audit_id").fetchall()
        versions = before.execute("select * from story_versions order by all").fetchall()
    with store.connect(path) as con:
        assert schema.applied(con) == TODAY
        current = con.execute(
            "select external_ref, title, status, doc_id is not null from story_current order by story_id"
        ).fetchall()
        assert audit_chain.verify(con, use_mirror=False) == []
        assert con.execute("select * from audit_log order by audit_id").fetchall() == audit_rows
        assert con.execute("select * from story_versions order by all").fetchall() == versions
        tables = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
    assert current == [(None, "Een concept", "concept", True), ("KW-1", "Een wijk erbij", "gepubliceerd", True)]
    assert {"users", "sessions", "login_locks", "audit_chain", "schema_migrations"} <= tables


@pytest.mark.parametrize("fixture", STORES, ids=lambda p: p.stem)
def test_migrating_twice_changes_nothing(fixture, tmp_path):
    path = opened_copy(fixture, tmp_path)
    with store.connect(path) as con:
        first = con.execute("select * from schema_migrations order by number").fetchall()
        chain = con.execute("select * from audit_chain order by audit_id").fetchall()
    with store.connect(path) as con:
        assert con.execute("select * from schema_migrations order by number").fetchall() == first
        assert con.execute("select * from audit_chain order by audit_id").fetchall() == chain


def test_a_new_store_gets_every_step_once(tmp_path):
    with store.connect(tmp_path / "stories.duckdb") as con:
        assert schema.applied(con) == TODAY
    assert TODAY[0] == (1, "0001_initial")


def test_a_new_step_reaches_a_store_made_before_it(tmp_path, monkeypatch):
    """The reason for numbering: a column added to an existing table arrives in an old store."""
    path = tmp_path / "stories.duckdb"
    with store.connect(path):
        pass
    steps = tmp_path / "migrations"
    shutil.copytree(schema.MIGRATIONS_DIR, steps)
    (steps / f"{len(TODAY) + 1:04d}_story_language.sql").write_text(
        "alter table stories add column if not exists language varchar default 'nl';", encoding="utf-8"
    )
    monkeypatch.setattr(schema, "MIGRATIONS_DIR", steps)
    schema.migrations.cache_clear()
    try:
        with store.connect(path) as con:
            assert schema.applied(con)[-1] == (len(TODAY) + 1, f"{len(TODAY) + 1:04d}_story_language")
            assert "language" in {
                r[0]
                for r in con.execute("select column_name from duckdb_columns() where table_name = 'stories'").fetchall()
            }
    finally:
        schema.migrations.cache_clear()


def test_steps_must_be_numbered_without_a_gap(tmp_path, monkeypatch):
    shutil.copytree(schema.MIGRATIONS_DIR, tmp_path / "migrations")
    (tmp_path / "migrations" / "0009_later.sql").write_text("select 1;", encoding="utf-8")
    monkeypatch.setattr(schema, "MIGRATIONS_DIR", tmp_path / "migrations")
    schema.migrations.cache_clear()
    try:
        with pytest.raises(ValueError, match="zonder gat"):
            schema.migrations()
    finally:
        schema.migrations.cache_clear()
