"""The story store: a DuckDB file of its own, opened for one unit of work at a time.

DuckDB lets one process hold a file read-write and locks everyone else out. The dashboard,
the story import and backups all need the store, so nobody keeps it open: each unit of
work connects, runs and closes, serialised in-process by a lock and retried briefly when
another process holds the file.
"""

from __future__ import annotations

import functools
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import duckdb

from kernel import adc_settings
from kernel.adc_files import private_dir, private_file
from stories import audit_chain, current, search

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
                audit_chain.discard_pending(con)
                raise
            con.execute("commit")
            audit_chain.write_mirror(con)  # only what committed reaches the mirror
        finally:
            audit_chain.discard_pending(con)  # a failed commit: nothing for the mirror
            con.close()
            private_file(path, path.with_name(path.name + ".wal"))


def lock() -> threading.RLock:
    """The in-process lock of every unit of work (re-entrant: taken again inside one)."""
    return _lock


def _open(path: Path) -> duckdb.DuckDBPyConnection:
    private_dir(path.parent, tighten=True)  # the store holds password hashes
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


# Tables computed from the history: when their declared shape changes they are rebuilt.
DERIVED_TABLES = ("search_documents", "search_terms", "story_current")
# Each table's CREATE statement as DuckDB writes it back: a canonical shape, cheap to read
# (the column catalogue took 14 ms on every new connection, this takes 3). A DuckDB that
# writes them differently costs one rebuild of the derived tables.
_SHAPE_SQL = """
    select table_name, sql from duckdb_tables()
    where database_name = current_database() and schema_name = 'main'
"""


@functools.cache
def _declared_shape() -> dict[str, str]:
    """Every table of schema.sql with its shape, as DuckDB itself reads them."""
    with duckdb.connect() as scratch:
        scratch.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
        return dict(scratch.execute(_SHAPE_SQL).fetchall())


def _ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create what schema.sql declares and the store lacks (a new store, or one from before a
    table was added), rebuild derived tables whose declared columns changed, and fill the
    derived tables (search index, current stories) from the history the store holds."""
    declared, present = _declared_shape(), dict(con.execute(_SHAPE_SQL).fetchall())
    stale = [t for t in DERIVED_TABLES if t in present and present[t] != declared[t]]
    if not stale and declared.keys() <= present.keys():
        return
    con.execute("begin transaction")
    for table in stale:  # names from the constant above
        con.execute(f"drop table {table}")
    con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
    if "audit_chain" not in present:  # a store from before the chain: its records, once
        audit_chain.link_unchained(con)
    search.index_missing(con)
    current.refresh(con)
    con.execute("commit")
