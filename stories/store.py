"""The story store: a DuckDB file of its own, opened for one unit of work at a time.

DuckDB lets one process hold a file read-write and locks everyone else out. The dashboard,
the story import and backups all need the store, so nobody keeps it open: each unit of
work connects, runs and closes, serialised in-process by a lock and retried briefly when
another process holds the file.
"""

from __future__ import annotations

import re
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import duckdb

import adc_settings
from stories import current, search

SCHEMA_SQL = Path(__file__).with_name("schema.sql")
LOCK_WAIT_SECONDS = 15.0

_lock = threading.RLock()


class StoreBusy(Exception):
    """Another process kept the story store locked for longer than we wait."""


@contextmanager
def connect(path: Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection for one unit of work, inside one transaction."""
    path = Path(path or adc_settings.stories_db_path())
    with _lock:
        con = _open(path)
        try:
            _ensure_schema(con)
            con.execute("begin transaction")
            try:
                yield con
            except BaseException:
                con.execute("rollback")
                raise
            con.execute("commit")
        finally:
            con.close()


def _open(path: Path) -> duckdb.DuckDBPyConnection:
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            return duckdb.connect(str(path))
        except duckdb.IOException as error:
            if "lock" not in str(error).lower() or time.monotonic() > deadline:
                raise StoreBusy(
                    f"De verhalenopslag ({path.name}) is bezet door een ander proces."
                ) from error
            time.sleep(0.1)



# Every table schema.sql declares: a store lacking any of them (new, or from before a table was
# added) gets the schema applied and its derived tables filled.
SCHEMA_TABLES = frozenset(re.findall(r"create table if not exists (\w+)",
                                     SCHEMA_SQL.read_text(encoding="utf-8"), flags=re.IGNORECASE))


def _ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create what schema.sql declares and the store lacks (a new store, or one from before a
    table was added), and fill the derived tables (search index, current stories) from the
    history the store already holds."""
    present = {name for (name,) in con.execute(
        "select table_name from duckdb_tables() where schema_name = 'main'").fetchall()}
    if SCHEMA_TABLES <= present:
        return
    con.execute("begin transaction")
    con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
    search.index_missing(con)
    current.refresh(con)
    con.execute("commit")
