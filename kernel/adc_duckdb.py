"""Small DuckDB helpers shared by the ETL, the story store, the dashboard and the benchmarks."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl


@contextmanager
def registered(con: duckdb.DuckDBPyConnection, name: str, data) -> Iterator[None]:
    """`data` (a polars frame, or anything DuckDB can scan) queryable as `name` for the
    statements inside the block; the values travel as Arrow, never as SQL text."""
    con.register(name, data.to_arrow() if isinstance(data, pl.DataFrame) else data)
    try:
        yield
    finally:
        con.unregister(name)


def remove_database(path: Path) -> None:
    """A DuckDB file and its write-ahead log, where they exist."""
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)
