"""The story store on PostgreSQL: a wrong ADC_STORE_URL stops every entry point in Dutch, and
`python -m stories migrate-to-postgres` moves a DuckDB store with counts and chain verified."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from urllib.parse import urlsplit

import duckdb
import psycopg
import pytest

from accounts import __main__ as accounts_cli
from accounts.demo import demo_viewer
from etl import __main__ as etl_cli
from etl import stories_import
from kernel import adc_settings
from queries import db
from queries import stories as stories_queries
from stories import __main__ as stories_cli
from stories import audit, audit_chain, postgres, replica, service, store, to_postgres
from stories.dialect import is_postgres
from stories.privacy import RuleChecker
from stories.service import StoryDraft
from tests.apptest import fresh_tab


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # free now, and nobody listens on it


def _wrong_password(url: str) -> str:
    return url.replace(f":{urlsplit(url).password}@", ":geheim-en-fout@")


def test_an_unreachable_server_is_named_without_the_password(monkeypatch):
    port = _closed_port()
    monkeypatch.setenv(adc_settings.STORE_URL.env, f"postgresql://adc:zeer-geheim@127.0.0.1:{port}/adc")
    with pytest.raises(postgres.StoreUnreachable) as refused:
        store.check_reachable()
    message = str(refused.value)
    assert f"127.0.0.1:{port}/adc" in message and "niet bereikbaar" in message
    assert "zeer-geheim" not in message


def test_a_wrong_password_is_named_as_such_and_not_shown(postgres_server, monkeypatch):
    monkeypatch.setenv(adc_settings.STORE_URL.env, _wrong_password(postgres_server))
    with pytest.raises(postgres.StoreUnreachable) as refused:
        store.check_reachable()
    assert "wachtwoord in ADC_STORE_URL wordt geweigerd" in str(refused.value)
    assert "geheim-en-fout" not in str(refused.value)
    assert urlsplit(postgres_server).password not in str(refused.value)


def test_a_missing_database_is_named(postgres_server, monkeypatch):
    monkeypatch.setenv(adc_settings.STORE_URL.env, postgres_server.rsplit("/", 1)[0] + "/bestaat_niet")
    with pytest.raises(postgres.StoreUnreachable, match="bestaat_niet is niet te gebruiken: de database bestaat niet"):
        store.check_reachable()


def test_a_url_that_is_not_postgresql_is_a_setting_error(monkeypatch):
    monkeypatch.setenv(adc_settings.STORE_URL.env, "mysql://root:pw@db.example/adc")
    with pytest.raises(adc_settings.SettingError, match="postgresql://gebruiker:wachtwoord@host:poort/database"):
        adc_settings.check()


def wrong_url(wrong: str, request) -> str:
    """An ADC_STORE_URL with the password 'zeer-geheim' (or the server's own) that cannot be used."""
    if wrong == "wrong-password":
        return _wrong_password(request.getfixturevalue("postgres_server"))
    if wrong == "unknown-host":
        return "postgresql://adc:zeer-geheim@geen-server.invalid:5432/adc"
    return f"postgresql://adc:zeer-geheim@127.0.0.1:{_closed_port()}/adc"


COMMAND_LINES = {
    "etl-build": (etl_cli, ["build", "--source", str(adc_settings.ROOT / "sample_data")]),
    "etl-import-stories": (etl_cli, ["import-stories", str(adc_settings.ROOT / "sample_data" / "verhalen.csv")]),
    "stories-audit": (stories_cli, ["audit", "verify"]),
    "stories-backup": (stories_cli, ["backup", "map"]),
    "accounts-list": (accounts_cli, ["list"]),
}


@pytest.mark.parametrize("wrong", ["closed-port", "wrong-password", "unknown-host"])
@pytest.mark.parametrize("command", list(COMMAND_LINES))
def test_the_command_lines_stop_before_any_work(command, wrong, request, monkeypatch, tmp_path, capsys):
    url = wrong_url(wrong, request)
    data = tmp_path / "data"
    data.mkdir()
    with duckdb.connect(str(data / "figures.duckdb")) as previous:  # the figures of an earlier build
        previous.execute("create table figures as select 42 as answer")
    listing = {p.name: p.read_bytes() for p in data.iterdir()}
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(adc_settings.DATA_DIR.env, str(data))
    monkeypatch.setenv(adc_settings.STORE_URL.env, url)
    cli, args = COMMAND_LINES[command]
    assert cli.main(args) == 1
    out, err = capsys.readouterr()
    assert err.startswith(f"Geweigerd: De verhalenopslag in PostgreSQL op {postgres.where(url)} is niet te gebruiken")
    assert {"closed-port": "niet bereikbaar", "wrong-password": "wachtwoord", "unknown-host": "hostnaam is onbekend"}[
        wrong
    ] in err
    assert "zeer-geheim" not in out + err and "geheim-en-fout" not in out + err
    assert (
        urlsplit(request.getfixturevalue("postgres_server") if wrong == "wrong-password" else url).password not in err
    )
    assert out == ""  # nothing started: no "Cijfers bouwen …"
    assert {p.name: p.read_bytes() for p in data.iterdir()} == listing  # the previous figures, byte for byte
    assert list(tmp_path.iterdir()) == [data]  # no backup folder made either


@pytest.mark.subprocess
def test_the_dashboard_server_is_not_started_with_a_wrong_store_url(tmp_path):
    """scripts/start.sh ends in `python -m dashboard.serve`: it refuses in the terminal, and nothing listens."""
    port = _closed_port()
    env = os.environ | {
        adc_settings.DATA_DIR.env: str(tmp_path),
        adc_settings.STORE_URL.env: f"postgresql://adc:zeer-geheim@127.0.0.1:{port}/adc",
    }
    done = subprocess.run(
        [sys.executable, "-m", "dashboard.serve", str(_closed_port())],
        capture_output=True,
        text=True,
        env=env,
        cwd=adc_settings.ROOT,
        timeout=120,
    )
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith(f"Geweigerd: De verhalenopslag in PostgreSQL op 127.0.0.1:{port}/adc")
    assert "niet gestart" in done.stderr and "zeer-geheim" not in done.stderr


def test_the_command_line_as_a_process_exits_1_in_dutch(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "ADC_DATA_DIR": str(tmp_path), "ADC_STORE_URL": "postgresql://a:b@127.0.0.1:1/x"}
    done = subprocess.run(
        [sys.executable, "-m", "accounts", "list"], capture_output=True, text=True, env=env, cwd=adc_settings.ROOT
    )
    assert done.returncode == 1 and "127.0.0.1:1/x" in done.stderr and ":b@" not in done.stderr


@pytest.mark.parametrize("wrong", ["closed-port", "wrong-password", "unknown-host"])
def test_the_dashboard_shows_only_the_dutch_error(wrong, request, monkeypatch, tmp_path):
    url = wrong_url(wrong, request)
    monkeypatch.setenv(adc_settings.DATA_DIR.env, str(tmp_path))
    monkeypatch.setenv(adc_settings.STORE_URL.env, url)
    at = fresh_tab().run()
    assert [e.value for e in at.error] and f"De verhalenopslag in PostgreSQL op {postgres.where(url)}" in at.error[
        0
    ].value
    assert "zeer-geheim" not in at.error[0].value and "geheim-en-fout" not in at.error[0].value
    assert not at.text_input  # no login form: the app did not start half-way


# --- migrate-to-postgres -----------------------------------------------------------------------


def _counts(con, tables) -> dict[str, int]:
    return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in tables}


def test_migrate_moves_every_row_and_the_chain_verifies(data_dir, postgres_url, monkeypatch, capsys):
    source = adc_settings.stories_db_path()
    with duckdb.connect(str(source), read_only=True) as duck:
        before = _counts(duck, to_postgres.TABLES)
    assert before["stories"] > 10 and before["audit_log"] > 10 and before["users"] > 3  # a real store
    monkeypatch.setenv(adc_settings.STORE_URL.env, postgres_url)
    try:
        assert stories_cli.main(["migrate-to-postgres"]) == 0
        out = capsys.readouterr().out
        assert "overgezet naar PostgreSQL" in out and "hashketen" in out
        with psycopg.connect(postgres_url) as pg:
            assert _counts(pg, to_postgres.TABLES) == before
        with store.connect() as con:  # the store in use now is PostgreSQL's
            assert audit_chain.verify(con) == []
            assert is_postgres(con)
        # The next audit record continues the moved chain, numbered after the file's last one.
        audit.record_now("test", "controle", "verhaal", "x")
        assert stories_cli.main(["audit", "verify"]) == 0
        with psycopg.connect(postgres_url) as pg:
            ids = pg.execute("select count(*), max(audit_id) from audit_log").fetchone()
        with duckdb.connect(str(source), read_only=True) as duck:
            last = duck.execute("select max(audit_id) from audit_log").fetchone()[0]
        assert ids == (before["audit_log"] + 1, last + 1)
        # A second move into the now full store is refused, and changes nothing.
        assert stories_cli.main(["migrate-to-postgres"]) == 1
        assert "niet leeg" in capsys.readouterr().err
        with psycopg.connect(postgres_url) as pg:
            assert _counts(pg, to_postgres.TABLES) == before | {
                "audit_log": before["audit_log"] + 1,
                "audit_chain": before["audit_chain"] + 1,
            }
    finally:
        replica.forget_all()
        postgres.close_all()


def test_migrate_refuses_a_store_whose_chain_is_broken(data_dir, postgres_url, monkeypatch, capsys):
    source = adc_settings.stories_db_path()
    with duckdb.connect(str(source)) as duck:  # someone removed a record behind the program's back
        duck.execute("delete from audit_log where audit_id = (select min(audit_id) + 3 from audit_log)")
    monkeypatch.setenv(adc_settings.STORE_URL.env, postgres_url)
    try:
        assert stories_cli.main(["migrate-to-postgres"]) == 1
        assert "niet intact" in capsys.readouterr().err
        with psycopg.connect(postgres_url) as pg:
            assert pg.execute("select count(*) from audit_log").fetchone()[0] == 0
    finally:
        postgres.close_all()


def test_migrate_without_store_url_says_what_to_set(data_dir, capsys):
    assert stories_cli.main(["migrate-to-postgres"]) == 1
    assert "zet ADC_STORE_URL" in capsys.readouterr().err


# --- reading through the replica ------------------------------------------------------------------


def test_search_ranks_as_on_the_file_and_finds_a_new_story_at_once(store_backend, data_dir):
    """On PostgreSQL the pages read a replica: the same ranking as the moved file, and a story
    saved a moment ago is found by the next read (no waiting for a refresh)."""
    viewer, figures = demo_viewer("wi-zuid-1"), db.figures()
    visible = stories_queries.visible_stories(viewer, figures_con=figures)
    assert visible.height > 5
    the_file = adc_settings.stories_db_path()  # an explicit path: the DuckDB file, whatever the setting
    for query in ("wachtlijst", "aanvragen bijzondere bijstand", "werkdruk in het team"):
        ranked = stories_queries.search_stories(visible, query)
        assert ranked.height, query
        expected = stories_queries.search_stories(visible, query, store_path=the_file)
        assert ranked["story_id"].to_list() == expected["story_id"].to_list(), query
        assert ranked["score"].to_list() == pytest.approx(expected["score"].to_list()), query
    story = StoryDraft(
        title="Zeppelinhaven",
        body="De zeppelinhaven trekt nieuwe inwoners aan en de aanvragen stijgen.",
        metric_key="caseload_per_fte",
        period="2023-09",
        note_kind="werkdruk",
        team_code="WI-ZUID",
    )
    saved = service.save(viewer, story, figures, checker=RuleChecker())
    visible = stories_queries.visible_stories(viewer, figures_con=figures)
    assert saved.story_id in visible["story_id"].to_list()
    assert stories_queries.search_stories(visible, "zeppelinhaven")["story_id"].to_list() == [saved.story_id]
    service.submit(viewer, saved.story_id)
    mine = stories_queries.visible_stories(viewer, figures_con=figures, story_id=saved.story_id)
    assert mine["status"].to_list() == ["ter_beoordeling"]


# Backup and restore with pg_dump / pg_restore: tests/test_backup.py, on both backends.


def test_the_story_import_writes_into_postgresql_as_into_the_file(data_dir, postgres_url, monkeypatch):
    """The bulk import (etl/stories_import.py) runs through the same service on PostgreSQL."""
    with duckdb.connect(str(adc_settings.stories_db_path()), read_only=True) as duck:
        in_file = duck.execute("select count(*), count(distinct external_ref) from stories").fetchone()
        file_current = duck.execute("select external_ref, status, version from story_current order by 1").fetchall()
    monkeypatch.setenv(adc_settings.STORE_URL.env, postgres_url)
    try:
        report = stories_import.import_file(adc_settings.ROOT / "sample_data" / "verhalen.csv")
        assert report.added == in_file[0] and report.already_present == 0
        with store.connect() as con:
            assert con.execute("select count(*), count(distinct external_ref) from stories").fetchone() == in_file
            assert (
                con.execute("select external_ref, status, version from story_current order by 1").fetchall()
                == file_current
            )
            assert audit_chain.verify(con) == []
        again = stories_import.import_file(adc_settings.ROOT / "sample_data" / "verhalen.csv")
        assert (again.added, again.already_present) == (0, in_file[0])
    finally:
        replica.forget_all()
        postgres.close_all()


def test_placeholders_become_psycopgs_and_a_percent_stays_a_percent(postgres_url):
    assert postgres.translate("select ? where a like 'x%' and b = $name") == (
        "select %s where a like 'x%%' and b = %(name)s"
    )
    raw = psycopg.connect(postgres_url)
    try:
        con = postgres.Connection(raw)
        assert con.execute("select 'auteur-1' like 'auteur-%'").fetchone() == (True,)
        assert con.execute("select ?::varchar like 'auteur-%'", ["auteur-2"]).fetchone() == (True,)
        assert con.execute("select $n::int + 1", {"n": 41}).fetchone() == (42,)
    finally:
        raw.close()


def test_the_start_check_does_not_queue_behind_a_writer_once_the_schema_is_known(postgres_store, monkeypatch):
    """The dashboard checks the store on every run: after the first check of a process it must
    not wait for the write lock that a writer of any process holds (under load every page then
    queued behind the writers)."""
    store.check_reachable()  # the first of this process: brings the schema up to date
    monkeypatch.setattr(postgres, "LOCK_WAIT", "200ms")  # a wait for the lock would fail at once
    with psycopg.connect(postgres_store) as writer:
        writer.execute("select pg_advisory_xact_lock(%s)", [postgres.WRITE_LOCK])
        store.check_reachable()
        with pytest.raises(store.StoreBusy), store.connect():  # the lock is held: a writer waits
            pass


@pytest.mark.subprocess
def test_a_process_closes_its_pooled_connections_at_exit(postgres_url, tmp_path):
    """The pool lives as long as the process; at exit it is closed, not left to the collector."""
    script = "from stories import store\nwith store.connect() as con:\n    con.execute('select 1')\nprint('klaar')\n"
    env = os.environ | {adc_settings.DATA_DIR.env: str(tmp_path), adc_settings.STORE_URL.env: postgres_url}
    done = subprocess.run(
        [sys.executable, "-X", "dev", "-W", "always::ResourceWarning", "-c", script],
        capture_output=True,
        text=True,
        env=env,
        cwd=adc_settings.ROOT,
        timeout=120,
    )
    assert (done.returncode, done.stdout) == (0, "klaar\n"), done.stderr
    assert "ResourceWarning" not in done.stderr and "still open" not in done.stderr


def test_pure_reads_do_not_queue_behind_a_writer(postgres_store, monkeypatch):
    """The Beheer page's audit log and accounts, a session's cookie and the chain check read a
    snapshot: they go on while another process holds the write lock, which a write waits for."""
    from accounts import admin, sessions, users
    from kernel.access import BEHEERDER, Viewer

    beheer = Viewer("beheerder", BEHEERDER)
    store.check_reachable()  # the first of this process: brings the schema up to date
    monkeypatch.setattr(postgres, "LOCK_WAIT", "200ms")  # a wait for the lock would fail at once
    with psycopg.connect(postgres_store) as writer:
        writer.execute("select pg_advisory_xact_lock(%s)", [postgres.WRITE_LOCK])
        records, actors, _ = admin.audit_choices(beheer)
        assert records > 10 and actors
        assert admin.read_audit(beheer).height == records
        assert admin.list_users(beheer).height == users.list_users().height > 3
        assert users.viewer_for_email("niemand@example.org") is None
        assert sessions.resume(sessions._sign("geen-sessie")) is None
        assert audit.verify_store() == []
        with pytest.raises(store.StoreBusy), store.connect():  # the lock is held: a writer waits
            pass
