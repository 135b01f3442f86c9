"""What the dashboard remembers per figures file (queries.db.remembered): once per file, again
after a build swaps in a new one, never for a connection opened elsewhere, and handed out as copies."""

from __future__ import annotations

import os

import duckdb
import pytest

import queries
from dashboard.filters import load_options
from queries import db


def write_figures(path, months: list[str]) -> None:
    """A figures file with only the table `available_months` reads, made and swapped in as the ETL does."""
    new = path.with_name(path.name + ".new")
    with duckdb.connect(str(new)) as con:
        con.execute("create table mart_metric_values (period varchar, period_grain varchar)")
        con.executemany("insert into mart_metric_values values (?, 'month')", [[m] for m in months])
    os.replace(new, path)


@pytest.fixture
def figures_file(tmp_path):
    path = tmp_path / "figures.duckdb"
    write_figures(path, ["2026-01", "2026-02"])
    yield path
    db.close_all()


def counted(con, calls: list[str]):
    def months() -> list[str]:
        calls.append("read")
        return [r[0] for r in con.execute("select period from mart_metric_values order by period").fetchall()]

    return months


def test_an_answer_is_computed_once_per_file_for_every_cursor_on_it(figures_file):
    calls: list[str] = []
    first, second = db.figures(figures_file), db.figures(figures_file)
    assert db.remembered(first, "months", counted(first, calls)) == ["2026-01", "2026-02"]
    assert db.remembered(second, "months", counted(second, calls)) == ["2026-01", "2026-02"]
    assert calls == ["read"]


def test_a_build_that_swaps_in_a_new_file_is_read_again(figures_file):
    calls: list[str] = []
    before = db.figures(figures_file)
    db.remembered(before, "months", counted(before, calls))
    write_figures(figures_file, ["2026-01", "2026-02", "2026-03"])
    after = db.figures(figures_file)
    assert db.remembered(after, "months", counted(after, calls)) == ["2026-01", "2026-02", "2026-03"]
    assert queries.available_months(after) == ["2026-03", "2026-02", "2026-01"]
    assert calls == ["read", "read"]
    # the old file's answer is let go, not kept beside the new one
    assert [key for key in db._remembered if key[2] == "months"] == [
        (figures_file, db._identity(figures_file), "months")
    ]


def test_a_connection_opened_elsewhere_computes_every_time(figures_file):
    calls: list[str] = []
    with duckdb.connect(str(figures_file), read_only=True) as con:
        db.remembered(con, "months", counted(con, calls))
        db.remembered(con, "months", counted(con, calls))
    assert calls == ["read", "read"]


def test_callers_get_copies_so_no_session_changes_what_another_reads(figures_con):
    catalog = queries.catalog_by_key(figures_con)
    name = catalog["grant_rate"]["name"]
    catalog["grant_rate"]["name"] = "veranderd"
    catalog.pop("processing_time")
    again = queries.catalog_by_key(figures_con)
    assert again["grant_rate"]["name"] == name and "processing_time" in again

    names = queries.scope_names(figures_con)
    names.clear()
    assert queries.scope_names(figures_con)

    options = load_options(figures_con)
    options.months.clear()
    options.themes.clear()
    again_options = load_options(figures_con)
    assert again_options.months == queries.available_months(figures_con) != []
    assert again_options.themes
