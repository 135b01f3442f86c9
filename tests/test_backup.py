"""Backup and restore of the story store: a round trip is exact, on the DuckDB file and (with
pg_dump and pg_restore) on PostgreSQL."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from accounts import users
from kernel import adc_settings
from kernel.access import MANAGER, PROFESSIONAL, Viewer
from queries import db
from queries import stories as story_queries
from stories import __main__ as stories_cli
from stories import audit_chain, backup, service, store, to_postgres
from stories.privacy import RuleChecker
from stories.service import StoryDraft
from tests.postgres import store_for_checks
from tests.records import last_audit, sha256

AUTHOR = Viewer("wi-zuid-1", PROFESSIONAL, ("WI-ZUID",))
COLLEAGUE = Viewer("wi-zuid-2", PROFESSIONAL, ("WI-ZUID",))
MANAGER_PARTICIPATIE = Viewer("manager-participatie", MANAGER, ("WI-NOORD", "WI-ZUID", "HANDH"))
KLANTMANAGER = ("klantmanager",)


def new_story(title: str = "Een wijk erbij, geen mensen erbij") -> str:
    draft = StoryDraft(
        title=title,
        body="Sinds de herindeling hebben we er een wijk bij gekregen zonder extra mensen. Huisbezoeken schuiven door.",
        metric_key="caseload_per_fte",
        period="2023-09",
        note_kind="werkdruk",
        visibility="raad",
        team_code="WI-ZUID",
        dilemma_tags=["zorgen_activeren"],
        value_tags=["menselijkheid"],
    )
    return service.save(AUTHOR, draft, db.figures(), checker=RuleChecker()).story_id


# The tests down to the command line are about the DuckDB file's own backup (Parquet files, the
# file kept beside the new one, its sequences and catalogue); those at the end run on both backends.


def snapshot(path=None) -> dict[str, tuple[list, list]]:
    """Every table the store holds (found in the database, not listed here): types and rows."""
    con = duckdb.connect(str(path or adc_settings.stories_db_path()), read_only=True)
    try:
        tables = con.execute(
            "select schema_name, table_name from duckdb_tables() where not internal order by all"
        ).fetchall()
        return {
            f"{schema}.{name}": (
                con.execute(f'describe "{schema}"."{name}"').fetchall(),
                con.execute(f'select * from "{schema}"."{name}" order by all').fetchall(),
            )
            for schema, name in tables
        }
    finally:
        con.close()


def folder_listing(folder) -> dict[str, str]:
    """Every file under `folder` (the beheerder's source folder `bronnen` included, which the
    Beheer page makes on its first visit) with its hash."""
    return {str(p.relative_to(folder)): sha256(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def max_id(table: str, column: str) -> int:
    with store.connect() as con:
        return con.execute(f"select max({column}) from {table}").fetchone()[0]


@pytest.mark.slow
def test_a_restore_after_changes_gives_back_every_table_row_for_row_and_the_store_still_works(data_dir, tmp_path):
    manifest = backup.backup(tmp_path / "backup", "test")
    at_backup = snapshot()
    assert {t.name: t.rows for t in manifest.tables}["stories"] == 49
    assert at_backup["main.audit_log"][1][-1][3:5] == ("backup_gemaakt", "verhalenopslag")
    # The store was reopened since its last insert: the next value must not be off by one.
    assert {s.name: s.next_value for s in manifest.sequences} == {
        "audit_seq": max_id("audit_log", "audit_id") + 1,
        "story_event_seq": max_id("story_events", "event_id") + 1,
        "search_document_seq": max_id("search_documents", "doc_id") + 1,
    }

    # Changes after the backup, through the real service: they must all be undone.
    story_id = new_story()
    service.submit(AUTHOR, story_id)
    service.approve(COLLEAGUE, story_id, KLANTMANAGER, KLANTMANAGER)
    returned = new_story("Nog een verhaal")
    service.submit(AUTHOR, returned)
    service.return_to_author(MANAGER_PARTICIPATIE, returned, "Graag korter.", KLANTMANAGER, KLANTMANAGER)
    users.set_active("beheerder", "wmo-1", False)
    assert snapshot() != at_backup

    backup.restore(tmp_path / "backup", "test")
    restored = snapshot()
    *log, trace = restored["main.audit_log"][1]
    assert trace[2:5] == ("test", "herstel_uitgevoerd", "verhalenopslag")
    *chain, _ = restored["main.audit_chain"][1]  # the restore's record is chained too
    assert (
        restored
        | {
            "main.audit_log": (restored["main.audit_log"][0], log),
            "main.audit_chain": (restored["main.audit_chain"][0], chain),
        }
        == at_backup
    )

    # The restored store goes on: new ids come after the restored ones, no key collides.
    events, audits = max_id("story_events", "event_id"), max_id("audit_log", "audit_id")
    again = new_story()
    with store.connect() as con:
        assert con.execute("select min(event_id) from story_events where story_id = ?", [again]).fetchone()[0] > events
        assert con.execute("select min(audit_id) from audit_log where object_id = ?", [again]).fetchone()[0] > audits


def rewrite_stories_without_one_row(folder):
    con = duckdb.connect()
    con.execute(
        f"copy (select * from '{folder}/stories.parquet' limit 48) to '{folder}/stories.parquet' (format parquet)"
    )
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for table in manifest["tables"]:
        if table["file"] == "stories.parquet":  # a consistent sha256, so only the count is off
            table["sha256"] = sha256(folder / "stories.parquet")
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def change_one_author(folder):
    con = duckdb.connect()
    con.execute(
        f"copy (select * replace ('iemand-anders' as author) from "
        f"'{folder}/stories.parquet') to '{folder}/stories.parquet' (format parquet)"
    )


def empty_the_folder(folder):
    for path in folder.iterdir():
        path.unlink()


@pytest.mark.parametrize(
    "damage, expected",
    [  # the damage every backup can have, on both backends: test_restore_refuses_a_damaged_backup_in_dutch…
        (change_one_author, "stories.parquet is gewijzigd of beschadigd: de sha256 klopt niet"),
        (
            lambda folder: (folder / "audit_log.parquet").unlink(),
            "audit_log.parquet ontbreekt (tabel audit_log, volgens manifest.json)",
        ),
        (rewrite_stories_without_one_row, "stories.parquet bevat 48 rijen, manifest.json noemt er 49"),
    ],
    ids=["tampered-parquet", "missing-file", "row-count"],
)
def test_restore_refuses_a_damaged_backup_naming_the_file_and_changes_nothing(data_dir, tmp_path, damage, expected):
    folder = tmp_path / "backup"
    backup.backup(folder, "test")
    damage(folder)
    before = folder_listing(data_dir)
    with pytest.raises(backup.RestoreRefused, match=re.escape(expected)):
        backup.restore(folder, "test")
    assert folder_listing(data_dir) == before  # byte for byte, and no file left behind


def test_backup_refuses_when_there_is_no_story_store_yet(data_dir, tmp_path):
    adc_settings.stories_db_path().unlink()
    with pytest.raises(backup.BackupRefused, match="Er is nog geen verhalenopslag"):
        backup.backup(tmp_path / "backup", "test")
    assert not adc_settings.stories_db_path().exists()  # no empty store made on the way
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


def test_a_backup_that_fails_halfway_leaves_no_folder_and_no_audit_record(data_dir, tmp_path, monkeypatch):
    def fail(*args):
        raise OSError("schijf vol")

    monkeypatch.setattr(backup, "_write_manifest", fail)
    audits = max_id("audit_log", "audit_id")
    with pytest.raises(OSError, match="schijf vol"):
        backup.backup(tmp_path / "backup", "test")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]
    assert max_id("audit_log", "audit_id") == audits


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_the_replaced_store_is_kept_beside_the_new_one_with_the_later_changes(data_dir, tmp_path):
    backup.backup(tmp_path / "backup", "test")
    new_story()
    before_restore = snapshot()
    restored = backup.restore(tmp_path / "backup", "test")
    assert restored.kept.parent == data_dir
    assert restored.kept.name.startswith("stories.duckdb.voor-herstel-")
    assert snapshot(restored.kept) == before_restore
    assert sorted(p.name for p in data_dir.iterdir() if p.name.startswith("stories")) == [
        "stories.duckdb",
        restored.kept.name,
    ]


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_restore_without_a_current_store_creates_it(data_dir, tmp_path):
    backup.backup(tmp_path / "backup", "test")
    at_backup = snapshot()
    adc_settings.stories_db_path().unlink()
    restored = backup.restore(tmp_path / "backup", "test")
    assert restored.kept is None
    after = snapshot()
    assert after["main.stories"] == at_backup["main.stories"]
    assert len(after["main.audit_log"][1]) == len(at_backup["main.audit_log"][1]) + 1


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_a_table_the_code_does_not_know_is_backed_up_and_restored_too(data_dir, tmp_path):
    with store.connect() as con:
        con.execute("create sequence note_seq start with 7")
        con.execute(
            "create table notes (note_id bigint primary key default nextval('note_seq'), "
            "written_at timestamptz, tags varchar[], checked boolean, score double)"
        )
        con.execute("comment on table notes is 'Aantekeningen.'")
        con.execute("create index notes_written on notes (written_at)")
        con.execute(
            "insert into notes (written_at, tags, checked, score) values "
            "('2024-03-01 10:00:00.123456+00', ['a', null], true, 1.5), "
            "(null, [], null, null), ('2024-03-02 11:00:00+01', null, false, -0.25)"
        )
    backup.backup(tmp_path / "backup", "test")
    at_backup = snapshot()
    with store.connect() as con:
        con.execute("insert into notes (checked) values (true)")

    backup.restore(tmp_path / "backup", "test")
    assert snapshot()["main.notes"] == at_backup["main.notes"]
    with store.connect() as con:
        assert con.execute("select comment from duckdb_tables() where table_name = 'notes'").fetchone() == (
            "Aantekeningen.",
        )
        assert con.execute("select index_name from duckdb_indexes() where table_name = 'notes'").fetchall() == [
            ("notes_written",)
        ]
        # The backup's next value was 10; the row added after it (10) is gone, so 10 comes again.
        assert con.execute("insert into notes (checked) values (false) returning note_id").fetchone() == (10,)


# --- the command line, as a beheerder runs it -------------------------------------------------


def run_stories(*args: str, data_dir) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "stories", *args],
        cwd=adc_settings.ROOT,
        env=os.environ | {adc_settings.DATA_DIR.env: str(data_dir)},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.subprocess
def test_the_command_line_refuses_with_exit_1_and_wrong_usage_gives_exit_2(data_dir, tmp_path):
    (tmp_path / "vol").mkdir()
    (tmp_path / "vol" / "iets.txt").write_text("x", encoding="utf-8")
    done = run_stories("backup", str(tmp_path / "vol"), data_dir=data_dir)
    assert done.returncode == 1
    assert "Back-up geweigerd: De map" in done.stderr and "is niet leeg" in done.stderr

    done = run_stories("restore", str(tmp_path / "vol"), data_dir=data_dir)
    assert done.returncode == 1
    assert "Herstel geweigerd; de verhalenopslag is niet gewijzigd:" in done.stderr
    assert "manifest.json ontbreekt" in done.stderr

    for args in ((), ("terugzetten", "map"), ("backup",)):
        done = run_stories(*args, data_dir=data_dir)
        assert done.returncode == 2, args
        assert "Onjuist gebruik" in done.stderr and "python -m stories backup MAP" in done.stderr


# --- on both story-store backends, through `python -m stories backup|restore` ---------------------


def store_rows() -> dict[str, list[tuple]]:
    """Every row of every table a backup keeps (accounts, stories, audit, index), as the store
    holds them now."""
    with store_for_checks() as con:
        # Table names from the code (identifiers cannot be bound as parameters).
        return {t: con.execute(f"select * from {t} order by all").fetchall() for t in to_postgres.TABLES}


def stories_in_kept(kept) -> str:
    """The story table of the store kept by a restore, as text: the DuckDB file, or pg_dump's file."""
    if kept.suffix == ".pgdump":
        return subprocess.run(
            ["pg_restore", "--data-only", "--table=stories", "--file=-", str(kept)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    with duckdb.connect(str(kept), read_only=True) as con:
        return str(con.execute("select * from stories").fetchall())


def test_a_round_trip_keeps_every_story_version_and_audit_record_and_the_store_before(store_backend, tmp_path, capsys):
    folder = tmp_path / "backup"
    assert stories_cli.main(["backup", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "  stories: 49 rijen" in out and "  story_versions: 49 rijen" in out
    at_backup = store_rows()
    assert at_backup["audit_log"][-1][3:5] == ("backup_gemaakt", "verhalenopslag")  # in its own backup

    later = new_story("Na de back-up geschreven")
    service.submit(AUTHOR, later)
    users.set_active("beheerder", "wmo-1", False)
    assert store_rows() != at_backup

    assert stories_cli.main(["restore", str(folder)]) == 0
    out = capsys.readouterr().out
    assert f"hersteld uit {folder}" in out and "  stories: 49 rijen" in out
    restored = store_rows()
    assert last_audit("action, object_type") == ("herstel_uitgevoerd", "verhalenopslag")
    for table, rows in at_backup.items():  # the restore's own record, chained, comes on top
        assert restored[table][: len(rows)] == rows, table
        assert len(restored[table]) == len(rows) + (table in ("audit_log", "audit_chain")), table
    with store.connect() as con:
        assert audit_chain.verify(con) == []

    kept = next(line for line in out.splitlines() if line.startswith("De vorige verhalenopslag is bewaard als "))
    assert later in stories_in_kept(Path(kept.removeprefix("De vorige verhalenopslag is bewaard als ").rstrip(".")))
    # The dashboard's reads follow at once, and the restored store goes on with new stories.
    viewer_stories = story_queries.visible_stories(AUTHOR, figures_con=db.figures())["story_id"].to_list()
    assert later not in viewer_stories
    again = new_story()
    assert again in story_queries.visible_stories(AUTHOR, figures_con=db.figures())["story_id"].to_list()
    with store.connect() as con:
        assert audit_chain.verify(con) == []


def tamper_with_the_largest_file(folder):
    largest = max((p for p in folder.iterdir() if p.name != "manifest.json"), key=lambda p: p.stat().st_size)
    largest.write_bytes(largest.read_bytes() + b"x")


@pytest.mark.parametrize(
    "damage, expected",
    [
        (tamper_with_the_largest_file, "sha256 klopt niet"),
        (lambda folder: (folder / "manifest.json").unlink(), "manifest.json ontbreekt in"),
        (empty_the_folder, "er staat geen back-up in"),
    ],
    ids=["tampered", "missing-manifest", "empty"],
)
def test_restore_refuses_a_damaged_backup_in_dutch_and_loses_nothing(store_backend, tmp_path, capsys, damage, expected):
    folder = tmp_path / "backup"
    assert stories_cli.main(["backup", str(folder)]) == 0
    damage(folder)
    before, files = store_rows(), folder_listing(tmp_path)
    capsys.readouterr()
    assert stories_cli.main(["restore", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "eweigerd" in err and expected in err, err
    assert store_rows() == before
    assert folder_listing(tmp_path) == files  # nothing kept or left behind: nothing was replaced


def test_backup_refuses_a_folder_that_is_not_empty_in_dutch_and_records_nothing(store_backend, tmp_path, capsys):
    folder = tmp_path / "vol"
    folder.mkdir()
    (folder / "notities.txt").write_text("van iemand anders", encoding="utf-8")
    before = store_rows()
    assert stories_cli.main(["backup", str(folder)]) == 1
    assert "is niet leeg" in capsys.readouterr().err
    assert [p.name for p in folder.iterdir()] == ["notities.txt"]
    assert store_rows() == before
