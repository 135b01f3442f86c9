"""What the two story-store backends (DuckDB file, PostgreSQL) write apart: few statements, here."""

from __future__ import annotations

from typing import Any

import polars as pl

from kernel.adc_duckdb import registered


class StoreBusy(Exception):
    """Another process kept the story store locked for longer than we wait (either backend)."""


def is_postgres(con: object) -> bool:
    """Whether a unit of work runs on PostgreSQL (for the few statements the dialects write apart)."""
    return getattr(con, "dialect", "duckdb") == "postgres"


def insert_frame(con: Any, table: str, frame: pl.DataFrame, returning: str | None = None) -> pl.DataFrame | None:
    """The rows of `frame` into `table` (a table name from the code) by column name; the values
    travel as Arrow (DuckDB) or COPY/bound parameters (PostgreSQL), never as SQL text. With
    `returning` (a select list), those columns of the inserted rows."""
    if is_postgres(con):
        inserted: pl.DataFrame | None = con.insert_frame(table, frame, returning)
        return inserted
    columns = ", ".join(frame.columns)
    with registered(con, "incoming_frame", frame):
        sql = f"insert into {table} ({columns}) select {columns} from incoming_frame"
        if returning is None:
            con.execute(sql)
            return None
        numbered: pl.DataFrame = con.execute(f"{sql} returning {returning}").pl()
        return numbered
