"""Small DuckDB helpers shared by the ETL, the story store, the dashboard and the benchmarks."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import polars as pl


@contextmanager
def registered(con: duckdb.DuckDBPyConnection, name: str, data: object) -> Iterator[None]:
    """`data` (a polars frame, or anything DuckDB can scan) queryable as `name` for the
    statements inside the block; the values travel as Arrow, never as SQL text."""
    con.register(name, data.to_arrow() if isinstance(data, pl.DataFrame) else data)
    try:
        yield
    finally:
        con.unregister(name)


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: object = None) -> Any:
    """The one value of a query that always returns one row (a count, a max, an exists)."""
    row = con.execute(sql, params).fetchone()
    if row is None:
        raise LookupError(f"query returned no row: {sql}")
    return row[0]


def remove_database(path: Path) -> None:
    """A DuckDB file and its write-ahead log, where they exist."""
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)
