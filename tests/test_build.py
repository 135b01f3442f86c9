"""The build: load, refuse, swap, repeat; against real DuckDB files in a temp folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import polars as pl
import pytest

from etl import build, load_log, stories_import
from etl.__main__ import main as etl_cli
from kernel import adc_settings
from kernel.adc_duckdb import registered
from queries import db
from tests.records import sha256
from tests.sources import CASELOAD, write_sources

STORIES = """Verhaal-id,Titel,Tekst,Cijfer,Periode,Teamcode,Regeling,Taakveld,Soort notitie,Dilemma's,Strategie,Waarden,Vrije tags,Zichtbaarheid,Auteur,Beoordeeld door,Status,Geschreven op
V-1,Drukte in januari,"Veel nieuwe aanvragen na de feestdagen.",caseload_per_fte,2024-01,T-A,,,werkdruk,zorgen_activeren,aanpassing,menselijkheid,drukte,raad,t-a-1,t-b-1,gepubliceerd,2024-02-05
V-2,Concept over februari,"Nog niet af.",caseload_per_fte,2024-02,T-A,,,werkdruk,,,,,team,t-a-1,,concept,2024-03-01
"""


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv(adc_settings.DATA_DIR.env, str(tmp_path / "data"))
    yield tmp_path
    db.close_all()


def content(path: Path) -> dict[str, list[tuple]]:
    """Every table with every row, in a stable order: what 'equal in content' means."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = [r[0] for r in con.execute("select table_name from duckdb_tables() order by table_name").fetchall()]
        return {t: con.execute(f'select * from "{t}" order by all').fetchall() for t in tables}
    finally:
        con.close()


def test_build_from_inline_sources_loads_every_table_and_computes_marts(env):
    report = build.build_file(adc_settings.figures_db_path(), write_sources(env / "src"))
    assert report.row_counts() == {
        "teams.csv": 2,
        "normen.csv": 2,
        "regelingen.csv": 2,
        "caseload.csv": 4,
        "begroting.xlsx": 2,
        "beschikkingen.csv": 4,
    }
    con = db.figures()
    assert con.execute(
        "select caseload_per_fte, is_over_norm from mart_caseload_monthly "
        "where team_code = 'T-A' and month = '2024-02-01'"
    ).fetchone() == (480 / 5.5, True)
    assert con.execute(
        "select count(*), count(*) filter (where is_on_time) from mart_request_decisions"
    ).fetchone() == (3, 2)


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_failed_build_leaves_previous_database_byte_for_byte(env):
    db_path = adc_settings.figures_db_path()
    build.build_file(db_path, write_sources(env / "good"))
    before_bytes, before_content = sha256(db_path), content(db_path)

    bad = write_sources(env / "bad", **{"caseload.csv": CASELOAD.replace("470", "veel")})
    with pytest.raises(build.BuildError) as refused:
        build.build_file(db_path, bad)

    assert [r.message() for r in refused.value.rejections] == [
        "caseload.csv, rij 2, kolom 'Actieve dossiers': waarde 'veel' afgewezen; verwacht: een geheel getal ≥ 0."
    ]
    assert sha256(db_path) == before_bytes
    assert content(db_path) == before_content
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["disclosure.key", "figures.duckdb", "load_log.jsonl"]


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_build_that_crashes_while_loading_leaves_previous_database(env, monkeypatch):
    db_path = adc_settings.figures_db_path()
    build.build_file(db_path, write_sources(env / "good"))
    before = sha256(db_path)
    broken = env / "broken_mart.sql"
    broken.write_text("create table mart_broken as select * from no_such_table;")
    monkeypatch.setattr(build, "MARTS", (*build.MARTS, broken))

    with pytest.raises(duckdb.CatalogException):
        build.build_file(
            db_path, write_sources(env / "other", **{"caseload.csv": CASELOAD.replace("470", "471").encode("cp1252")})
        )

    assert sha256(db_path) == before
    assert load_log.read_runs()[0]["status"] == "mislukt"


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_two_builds_from_the_same_files_give_identical_content(env):
    sources = write_sources(env / "src")
    first, second = env / "one.duckdb", env / "two.duckdb"
    build.build_file(first, sources)
    build.build_file(second, sources)
    assert content(first) == content(second)
    assert content(first)["mart_metric_values"]  # not trivially equal because empty


@pytest.mark.slow
def test_rebuild_keeps_every_story_exactly(env):
    db_path = adc_settings.figures_db_path()
    build.build_file(db_path, write_sources(env / "src"))
    stories_file = env / "verhalen.csv"
    stories_file.write_text(STORIES, encoding="utf-8")
    assert stories_import.import_file(stories_file).added == 2
    stories_path = adc_settings.stories_db_path()
    before = content(stories_path)

    revised = CASELOAD.replace("470", "520").encode("cp1252")
    build.build_file(db_path, write_sources(env / "revised", **{"caseload.csv": revised}))
    with pytest.raises(build.BuildError):
        build.build_file(db_path, write_sources(env / "bad", **{"teams.csv": "kapot"}))

    assert content(stories_path) == before
    assert len(before["story_versions"]) == 2
    # The story kept the value its figure had when it was imported; the figure moved on.
    con = duckdb.connect(str(stories_path), read_only=True)
    kept = con.execute("select figure_value from story_versions where title = 'Drukte in januari'")
    assert kept.fetchone()[0] == pytest.approx(470 / 5.5)
    con.close()
    assert db.figures().execute(
        "select value from mart_metric_values where metric_key = 'caseload_per_fte' "
        "and team_code = 'T-A' and period = '2024-01'"
    ).fetchone()[0] == pytest.approx(520 / 5.5)


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_build_while_the_dashboard_reads_succeeds_and_the_dashboard_sees_new_figures(env):
    db_path = adc_settings.figures_db_path()
    build.build_file(db_path, write_sources(env / "src"))
    reading = db.figures()
    query = "select active_dossiers from stg_caseload where team_code = 'T-A' order by peildatum"
    assert reading.execute(query).fetchall() == [(470,), (480,)]

    revised = CASELOAD.replace("470", "520").encode("cp1252")
    build.build_file(db_path, write_sources(env / "revised", **{"caseload.csv": revised}))

    assert reading.execute(query).fetchall() == [(470,), (480,)]  # an open read finishes
    assert db.figures().execute(query).fetchall() == [(520,), (480,)]


def test_reference_to_an_unknown_team_is_rejected_with_the_file_that_defines_teams(env):
    bad = CASELOAD.replace("31-01-2024;T-A", "31-01-2024;T-X").encode("cp1252")
    with pytest.raises(build.BuildError) as refused:
        build.build_file(env / "f.duckdb", write_sources(env / "src", **{"caseload.csv": bad}))
    assert [r.message() for r in refused.value.rejections] == [
        "caseload.csv, rij 2, kolom 'Teamcode': waarde 'T-X' afgewezen; verwacht: een teamcode uit teams.csv."
    ]


def test_missing_and_doubled_source_files_are_both_reported(env):
    sources = write_sources(env / "src")
    (sources / "teams.csv").unlink()
    (sources / "begroting.csv").write_text("Jaar\n2024\n")
    with pytest.raises(build.BuildError) as refused:
        build.build_file(env / "f.duckdb", sources)
    found = [r.message() for r in refused.value.rejections]
    assert any("teams.csv, bestand" in m and "(bestand ontbreekt)" in m for m in found)
    assert any("begroting.csv, begroting.xlsx" in m and "precies één bestand" in m for m in found)
    assert not (env / "f.duckdb").exists()


def test_load_log_records_each_run_with_hash_and_row_counts(env):
    sources = write_sources(env / "src")
    build.build_file(adc_settings.figures_db_path(), sources)
    bad = write_sources(env / "bad", **{"caseload.csv": CASELOAD.replace("5,5", "nul")})
    with pytest.raises(build.BuildError):
        build.build_file(adc_settings.figures_db_path(), bad)

    refused, succeeded = load_log.read_runs()
    assert succeeded["status"] == "geslaagd" and refused["status"] == "afgewezen"
    caseload_ok = next(f for f in succeeded["files"] if f["file"] == "caseload.csv")
    assert caseload_ok == {
        "file": "caseload.csv",
        "rows_read": 4,
        "rows_loaded": 4,
        "rows_rejected": 0,
        "sha256": sha256(sources / "caseload.csv"),
    }
    caseload_bad = next(f for f in refused["files"] if f["file"] == "caseload.csv")
    assert (caseload_bad["rows_loaded"], caseload_bad["rows_rejected"]) == (0, 2)
    assert refused["rejections"] == 2 and "rij 2" in refused["messages"][0]


def test_a_build_reports_the_seconds_of_each_stage_in_order(env):
    report = build.build_file(adc_settings.figures_db_path(), write_sources(env / "src"))
    stages = list(report.stages)
    assert stages[0] == "lezen en controleren"
    assert stages[-2:] == ["wegschrijven", "laadlog"]
    assert [s for s in stages if s.startswith("mart ")] == [f"mart {m.stem}" for m in build.MARTS]
    assert "raadstabellen" in stages and all(seconds >= 0 for seconds in report.stages.values())
    # The stages are laps of one clock: up to the load log they are the build's own seconds.
    building = sum(seconds for stage, seconds in report.stages.items() if stage != "laadlog")
    assert building == pytest.approx(report.seconds, abs=0.2)


@pytest.mark.subprocess
def test_the_command_line_prints_the_stages_with_verbose(env, capsys):
    assert etl_cli(["build", "--source", str(write_sources(env / "src")), "--verbose"]) == 0
    out = capsys.readouterr().out
    assert "  lezen en controleren: " in out and "  raadstabellen: " in out
    assert etl_cli(["build", "--source", str(env / "src")]) == 0
    assert "lezen en controleren" not in capsys.readouterr().out


def test_the_load_hands_every_value_to_duckdb_unchanged(tmp_path):
    # Strings travel as Arrow string views: up to 12 bytes they sit inside the view, longer ones
    # in a buffer; both, multi-byte text, empty, null and a cell of MAX_CELL_CHARS must arrive
    # as they left, across several batches.
    texts = ["", "B-1", "123456789012", "1234567890123", "Zoë ’s-Hertogenbosch €", "🙂" * 4, "x" * 10_000, None]
    frame = pl.DataFrame(
        {
            "text": texts * 3,
            "day": [dt.date(1900, 1, 1), dt.date(2100, 12, 31), None, dt.date(2024, 2, 29)] * 6,
            "number": [-2_147_483_648, 2_147_483_647, 0, None] * 6,
            "flag": [True, False, None, True] * 6,
        }
    )
    table = build.arrow_batches(frame, rows=5)
    assert table.num_rows == frame.height and len(table.to_batches()) == 5
    con = duckdb.connect(str(tmp_path / "load.duckdb"))
    try:
        con.execute("create table loaded (text varchar, day date, number integer, flag boolean)")
        with registered(con, "incoming", table):
            con.execute("insert into loaded by name select * from incoming")
        assert con.execute("select * from loaded").fetchall() == frame.rows()
    finally:
        con.close()
