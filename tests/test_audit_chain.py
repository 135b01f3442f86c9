"""The audit log is tamper-evident: its hash chain names a deleted, changed or slipped-in record,
on the command line, in a restore and with the optional mirror."""

from __future__ import annotations

import hashlib
import json
import stat
import threading

import duckdb
import psycopg
import pytest

from kernel import adc_settings
from stories import audit, audit_chain, backup, postgres, store
from stories.__main__ import main
from tests.records import audit_log

FORGED = (
    "insert into audit_log (audit_id, occurred_at, actor, action) "
    "values (?, now(), 'beheerder', 'verhaal_gepubliceerd')"
)


def attacker(sql: str, params=None) -> None:
    """What someone with SQL access to the store (file or PostgreSQL) does, outside the program."""
    if url := adc_settings.store_url():
        with psycopg.connect(url) as pg:
            pg.execute(postgres.translate(sql), params or [])
        return
    con = duckdb.connect(str(adc_settings.stories_db_path()))
    try:
        con.execute(sql, params or [])
    finally:
        con.close()


def audit_ids() -> list[int]:
    return [i for (i,) in audit_log("audit_id")]


def verify() -> list[audit_chain.Problem]:
    return audit.verify_store()


def cli(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def logged_file(data_dir):
    """The sample store (bulk-imported stories, demo users) plus a few single records."""
    for n in range(3):
        audit.record_now(f"gebruiker-{n}", "inloggen", detail=f"poging {n}")
    return data_dir


@pytest.fixture
def logged(store_backend, logged_file):
    """`logged_file` on both backends: the same attacks, named alike on DuckDB and PostgreSQL."""
    return logged_file


def test_an_intact_log_verifies_with_exit_0(logged, capsys):
    assert len(audit_ids()) > 3 and verify() == []
    code, out, err = cli(capsys, "audit", "verify")
    assert (code, err) == (0, "")
    assert out.startswith("Het auditlog is intact:") and f"{len(audit_ids())} records" in out


def test_a_deleted_middle_record_is_named(logged, capsys):
    ids = audit_ids()
    attacker("delete from audit_log where audit_id = ?", [ids[len(ids) // 2]])
    problems = verify()
    assert problems[0].audit_id == ids[len(ids) // 2] and "verwijderd" in problems[0].message
    code, _, err = cli(capsys, "audit", "verify")
    assert code == 1 and f"Eerste breuk: record {ids[len(ids) // 2]} van " in err


def test_a_deleted_last_record_is_named(logged):
    last = audit_ids()[-1]
    attacker("delete from audit_log where audit_id = ?", [last])
    assert [(p.audit_id, "verwijderd" in p.message) for p in verify()] == [(last, True)]


def test_a_middle_record_deleted_from_both_tables_breaks_the_chain(logged):
    ids = audit_ids()
    for table in ("audit_log", "audit_chain"):
        attacker(f"delete from {table} where audit_id = ?", [ids[1]])
    problems = verify()
    assert problems[0].audit_id == ids[2] and "onderbroken" in problems[0].message


def test_a_rewritten_actor_is_named(logged, capsys):
    target = audit_ids()[2]
    attacker("update audit_log set actor = 'iemand-anders' where audit_id = ?", [target])
    assert [(p.audit_id, "gewijzigd" in p.message) for p in verify()] == [(target, True)]
    code, _, err = cli(capsys, "audit", "verify")
    assert code == 1 and f"record {target} " in err and "gewijzigd" in err


def test_a_forged_record_is_named(logged):
    forged = audit_ids()[-1] + 10
    attacker(FORGED, [forged])
    problems = verify()
    assert [(p.audit_id, "zonder hash" in p.message) for p in problems] == [(forged, True)]


@pytest.mark.slow
def test_records_written_by_concurrent_threads_keep_one_chain(logged):
    def write(n: int) -> None:
        for i in range(5):
            audit.record_now(f"draad-{n}", "export", detail=str(i))

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert verify() == []


@pytest.mark.slow
def test_an_old_store_without_a_chain_is_chained_once_on_upgrade(logged_file):
    before = audit_ids()
    # A store from before the chain also predates the numbered schema steps.
    attacker("drop table audit_chain; drop table schema_migrations")
    assert verify() == []  # the first unit of work chains what was there
    with store.connect() as con:
        assert con.execute("select count(*) from audit_chain").fetchone()[0] == len(before)


def test_a_chain_removed_from_a_store_that_had_one_is_reported_not_rebuilt(logged_file):
    attacker("drop table audit_chain")
    problems = verify()
    assert len(problems) == 1 and "hashketen (tabel audit_chain) ontbreekt" in problems[0].message
    with store.connect() as con:  # not silently chained again over whatever the log holds now
        assert not con.execute("select 1 from duckdb_tables() where table_name = 'audit_chain'").fetchone()


def test_a_restore_refuses_a_backup_with_an_edited_audit_table_and_recomputed_manifest(logged_file, tmp_path):
    folder = tmp_path / "backup"
    manifest = backup.backup(folder, "beheerder")
    table = next(t for t in manifest.tables if t.name == "audit_log")
    con = duckdb.connect()
    con.execute(
        f"copy (select * replace (case when audit_id = (select min(audit_id) from "
        f"read_parquet('{folder / table.file}')) then 'iemand-anders' else actor end "
        f"as actor) from read_parquet('{folder / table.file}')) "
        f"to '{tmp_path / 'edited.parquet'}' (format parquet)"
    )
    con.close()
    (tmp_path / "edited.parquet").replace(folder / table.file)
    raw = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for entry in raw["tables"]:  # the attacker recomputes the manifest
        if entry["name"] == "audit_log":
            entry["sha256"] = hashlib.sha256((folder / table.file).read_bytes()).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(raw), encoding="utf-8")
    before = adc_settings.stories_db_path().read_bytes()

    with pytest.raises(backup.RestoreRefused) as refused:
        backup.restore(folder, "beheerder")
    message = str(refused.value)
    assert "audit_log.parquet" in message and "niet intact" in message and "gewijzigd" in message
    assert adc_settings.stories_db_path().read_bytes() == before
    assert not list(adc_settings.stories_db_path().parent.glob("*voor-herstel*"))


def test_an_untouched_backup_restores_and_still_verifies(logged_file, tmp_path):
    backup.backup(tmp_path / "backup", "beheerder")
    audit.record_now("beheerder", "export")
    backup.restore(tmp_path / "backup", "beheerder")
    assert verify() == []


def test_the_mirror_gets_every_record_and_catches_what_the_chain_alone_cannot(logged, tmp_path, monkeypatch):
    mirror = tmp_path / "spiegel" / "audit.jsonl"
    monkeypatch.setenv(adc_settings.AUDIT_MIRROR.env, str(mirror))
    audit.record_now("beheerder", "export", detail="eerste met spiegel")
    lines = [json.loads(line) for line in mirror.read_text(encoding="utf-8").splitlines()]
    assert [line["audit_id"] for line in lines] == audit_ids()  # a new mirror starts whole
    assert stat.S_IMODE(mirror.stat().st_mode) == 0o600
    assert stat.S_IMODE(mirror.parent.stat().st_mode) == 0o700
    with pytest.raises(RuntimeError), store.connect() as con:  # a rolled back record: not mirrored
        audit.record(con, "beheerder", "export", detail="teruggedraaid")
        raise RuntimeError
    assert len(mirror.read_text(encoding="utf-8").splitlines()) == len(lines)
    assert verify() == []

    # The last record deleted from both tables: the chain still links, the mirror does not.
    last = audit_ids()[-1]
    for table in ("audit_log", "audit_chain"):
        attacker(f"delete from {table} where audit_id = ?", [last])
    with store.connect() as con:
        assert audit_chain.verify(con, use_mirror=False) == []
    problems = verify()
    assert [(p.audit_id, "ontbreekt in de opslag" in p.message) for p in problems] == [(last, True)]


def test_a_restore_is_noted_in_the_mirror_so_it_still_verifies(logged_file, tmp_path, monkeypatch):
    monkeypatch.setenv(adc_settings.AUDIT_MIRROR.env, str(tmp_path / "audit.jsonl"))
    backup.backup(tmp_path / "backup", "beheerder")
    audit.record_now("beheerder", "export", detail="na de back-up, weg na het herstel")
    backup.restore(tmp_path / "backup", "beheerder")
    assert verify() == []


@pytest.mark.slow  # over a second: the full suite, not the quick tier
@pytest.mark.parametrize("attack", ["intact", "deleted", "actor", "forged"])
def test_the_auditlog_page_says_plainly_whether_the_log_is_intact(app_data, attack):
    from tests.apptest import open_app

    ids = audit_ids()
    if attack == "deleted":  # the last two records, as someone covering their tracks would
        attacker("delete from audit_log where audit_id >= ?", [ids[-2]])
    elif attack == "actor":
        attacker("update audit_log set actor = 'iemand-anders' where audit_id = ?", [ids[0]])
    elif attack == "forged":
        attacker(FORGED, [ids[-1] + 5])
    at = open_app("app_pages/auditlog.py", role="beheerder")
    assert not at.exception
    if attack == "intact":
        assert [s.value for s in at.success][0].startswith("Het auditlog is intact")
        assert not at.error
        return
    broken = {"deleted": ids[-2], "actor": ids[0], "forged": ids[-1] + 5}[attack]
    error = at.error[0].value
    assert "**Het auditlog is niet intact.**" in error and f"record {broken} van" in error
    assert not at.success


def walked_one_by_one(con) -> list[tuple[int, str]]:
    """The chain walked record by record in Python, as verify did before it ran in DuckDB:
    the reference the one-pass query must agree with."""
    rows = con.execute(
        f"""select coalesce(a.audit_id, c.audit_id), a.audit_id is not null, c.audit_id is not null,
            c.prev_hash, c.record_hash, {audit_chain.content_hash_sql("a.")}
        from audit_log as a full outer join audit_chain as c using (audit_id) order by 1"""
    ).fetchall()
    problems, prev = [], audit_chain.GENESIS
    for audit_id, logged, chained, prev_hash, digest, content in rows:
        if not logged:
            problems.append((audit_id, "verwijderd"))
            prev = digest
            continue
        if not chained:
            problems.append((audit_id, "zonder hash"))
            continue
        if prev_hash != prev:
            problems.append((audit_id, "onderbroken"))
        if audit_chain.record_hash(prev_hash, content) != digest:
            problems.append((audit_id, "gewijzigd"))
        prev = digest
    return problems


def test_the_one_pass_check_finds_what_a_record_by_record_walk_finds(logged):
    ids = audit_ids()
    attacker("delete from audit_log where audit_id = ?", [ids[3]])  # deleted, the chain knows it
    for table in ("audit_log", "audit_chain"):  # deleted from both: the next one breaks
        attacker(f"delete from {table} where audit_id = ?", [ids[6]])
    attacker("update audit_log set detail = 'anders' where audit_id = ?", [ids[9]])
    attacker("update audit_chain set prev_hash = ? where audit_id = ?", ["f" * 64, ids[12]])
    attacker(FORGED, [ids[-1] + 5])
    keys = ("onderbroken", "gewijzigd", "zonder hash", "verwijderd")  # "onderbroken" also says "verwijderd"
    found = [(p.audit_id, next(key for key in keys if key in p.message)) for p in verify()]
    with store.connect() as con:
        expected = walked_one_by_one(con)
    assert found == expected
    assert {key for _, key in expected} == {"verwijderd", "zonder hash", "onderbroken", "gewijzigd"}
