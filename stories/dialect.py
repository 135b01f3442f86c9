"""What the two story-store backends (DuckDB file, PostgreSQL) write apart: few statements, here."""

from __future__ import annotations

import polars as pl

from kernel.adc_duckdb import registered


def is_postgres(con: object) -> bool:
    """Whether a unit of work runs on PostgreSQL (for the few statements the dialects write apart)."""
    return getattr(con, "dialect", "duckdb") == "postgres"


def insert_frame(con, table: str, frame: pl.DataFrame, returning: str | None = None) -> pl.DataFrame | None:
    """The rows of `frame` into `table` (a table name from the code) by column name; the values
    travel as Arrow (DuckDB) or COPY/bound parameters (PostgreSQL), never as SQL text. With
    `returning` (a select list), those columns of the inserted rows."""
    if is_postgres(con):
        return con.insert_frame(table, frame, returning)
    columns = ", ".join(frame.columns)
    with registered(con, "incoming_frame", frame):
        sql = f"insert into {table} ({columns}) select {columns} from incoming_frame"
        if returning is None:
            con.execute(sql)
            return None
        return con.execute(f"{sql} returning {returning}").pl()
