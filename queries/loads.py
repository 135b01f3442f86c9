"""About the data: build runs, source files, freshness, table documentation and the briefing's sources."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from etl import load_log
from kernel import adc_settings
from kernel.vocabulary import LOAD_OK
from queries.common import read_frame

# About the data


def load_runs() -> pl.DataFrame:
    """Every build run from the load log (kept beside the database), newest first."""
    runs = load_log.read_runs()
    schema = {
        "finished_at": pl.String,
        "status": pl.String,
        "seconds": pl.Float64,
        "files": pl.Int64,
        "rejections": pl.Int64,
        "detail": pl.String,
    }
    rows = [
        {
            "finished_at": r.get("finished_at"),
            "status": r.get("status"),
            "seconds": r.get("seconds"),
            "files": len(r.get("files", [])),
            "rejections": r.get("rejections"),
            "detail": r.get("detail"),
        }
        for r in runs
    ]
    return pl.DataFrame(rows, schema=schema)


def load_run_files() -> pl.DataFrame:
    """One row per file per build run: what was read, loaded and rejected."""
    return load_log.files_frame(load_log.read_runs())


def load_run_messages(limit: int = 50) -> list[str]:
    """The rejection messages of the newest run that had any."""
    for run in load_log.read_runs():
        if run.get("messages"):
            return run["messages"][:limit]
    return []


def source_files(con) -> pl.DataFrame:
    """From which files was this database built?"""
    return read_frame(
        con, "select source, file_name, sha256, rows_read, rows_loaded from meta_source_files order by source"
    )


def data_freshness(con) -> pl.DataFrame:
    """Up to which date does each source reach?"""
    return read_frame(
        con,
        """
        select 'caseload' as source, max(peildatum) as data_through from stg_caseload
        union all select 'beschikkingen', max(decided_on) from stg_decisions
        union all select 'begroting',
            max(make_date(year, quarter * 3, 1) + interval 1 month - interval 1 day)::date from stg_budget
    """,
    )


def table_documentation(con) -> pl.DataFrame:
    """What does every data table (sources, reference lists, marts) and its every column mean?
    From the comments in schema.sql and the marts."""
    return read_frame(
        con,
        """
        with relations as (
            select database_name, schema_name, table_name, comment from duckdb_tables()
            union all
            select database_name, schema_name, view_name, comment from duckdb_views() where not internal
        )
        select t.table_name, t.comment as table_comment, c.column_name, c.data_type,
            c.comment as column_comment, c.column_index
        from relations as t
        inner join duckdb_columns() as c using (database_name, schema_name, table_name)
        where t.database_name = current_database() and regexp_matches(t.table_name, '^(mart|stg|ref)_')
        order by t.table_name, c.column_index
    """,
    )


# --- briefing
# What the committee briefing needs beyond the questions above: where the figures came from
# and when they were loaded. The briefing itself composes the other functions in this module.

# Which source file feeds which freshness row of `data_freshness` (the others are reference lists).
_FRESHNESS_SOURCE = {"caseload": "caseload", "beschikkingen": "beschikkingen", "begroting": "begroting"}


def briefing_sources(con) -> pl.DataFrame:
    """From which files are the figures built, and up to which date does each reach?

    One row per source file: source, file_name, rows_loaded, data_through (null for the
    reference lists such as teams and norms).
    """
    files = source_files(con).select("source", "file_name", "rows_loaded")
    fresh = data_freshness(con).rename({"source": "freshness_source"})
    return (
        files.with_columns(pl.col("source").replace_strict(_FRESHNESS_SOURCE, default=None).alias("freshness_source"))
        .join(fresh, on="freshness_source", how="left")
        .drop("freshness_source")
        .sort(pl.col("data_through").is_null(), "source")
    )


def figures_loaded_at(con) -> str | None:
    """When was this figures database built? The newest successful run in the load log that
    lies beside the database file (ISO timestamp), or None when there is no log."""
    row = con.execute("select path from duckdb_databases() where database_name = current_database()").fetchone()
    if not row or not row[0]:
        return None
    log = Path(row[0]).with_name(adc_settings.load_log_path().name)
    for run in load_log.read_runs(log):
        if run.get("status") == LOAD_OK:
            return run.get("finished_at")
    return None
