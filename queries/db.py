"""The only place that opens the figures database; stories go through `stories.store`.

The ETL builds a new file and swaps it in with an atomic rename. A read-only connection keeps
reading the file it opened, so before every query we compare the file's identity (inode and
modification time) with the one we opened and reopen when a build has replaced it: the
dashboard shows new figures without a restart, and never holds a lock that blocks a build.

Two things make that reopening safe while other sessions (threads of this process) are still
reading:
- The old connection is never closed here, only let go. Closing a DuckDB connection closes
  every cursor made from it, so a session halfway through a page (or a save looking up its
  figure) would fail with "Connection already closed". A cursor keeps its database alive by
  itself; the old file is released when its last cursor is gone.
- Each version of the file gets a DuckDB instance of its own: an in-memory database with the
  file attached read-only. `duckdb.connect(path)` shares one instance per path within a
  process, so while any cursor of the old file lived, it would hand back the old file.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import duckdb

from kernel import adc_settings

# The name the figures go by inside each connection; `use` makes it the default, so queries
# name tables without it and `current_database()` is the figures file.
CATALOG = "figures"


class FiguresMissing(Exception):
    """No figures database has been built yet."""


@dataclass
class _Open:
    identity: tuple[int, int]
    con: duckdb.DuckDBPyConnection


_lock = threading.Lock()
_open: dict[Path, _Open] = {}
# Which file (path and identity) each cursor handed out reads, and what was remembered about
# each file: answers that only change when a build replaces the file (see `remembered`).
_read_by: weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, tuple[Path, tuple[int, int]]] = (
    weakref.WeakKeyDictionary()
)
_remembered: dict[tuple[Path, tuple[int, int], str], object] = {}
T = TypeVar("T")


def _identity(path: Path) -> tuple[int, int]:
    stat = os.stat(path)
    return stat.st_ino, stat.st_mtime_ns


def _connect(path: Path) -> duckdb.DuckDBPyConnection:
    """A DuckDB instance of its own with `path` attached read-only (see the module docstring).
    Spilling goes where a read-only connection to the file would put it: `<file>.tmp`."""
    con = duckdb.connect(":memory:", config={"temp_directory": f"{path}.tmp"})
    try:
        quoted = str(path).replace("'", "''")
        con.execute(f"attach '{quoted}' as {CATALOG} (read_only)")
        con.execute(f"use {CATALOG}")
    except BaseException:
        con.close()
        raise
    return con


def figures(path: Path | None = None) -> duckdb.DuckDBPyConnection:
    """A cursor on the current figures database (one per call: cursors are not shared)."""
    path = Path(path or adc_settings.figures_db_path())
    try:
        identity = _identity(path)
    except FileNotFoundError:
        raise FiguresMissing(f"Er zijn nog geen cijfers geladen ({path}). Draai eerst 'python -m etl build'.") from None
    with _lock:
        current = _open.get(path)
        if current is None or current.identity != identity:
            # The previous connection is dropped, not closed: its cursors may be in use.
            current = _Open(identity, _connect(path))
            _open[path] = current
        cursor = current.con.cursor()
        _read_by[cursor] = (path, current.identity)
    cursor.execute(f"use {CATALOG}")  # a cursor starts in the in-memory catalog
    return cursor


def remembered(con: duckdb.DuckDBPyConnection, name: str, compute: Callable[[], T]) -> T:
    """`compute()` once per figures file and `name`, for a cursor from `figures()`: the lists
    every page reads on every run (themes, months, the catalog) are the same until a build
    swaps in a new file, whose new identity computes them again. Keep the answer to plain
    Python values and let callers copy what they might change: it is shared by every session.
    A connection opened elsewhere (a build, a test) computes every time."""
    with _lock:
        made = _read_by.get(con)
        key = (*made, name) if made else None
        if key in _remembered:
            return _remembered[key]  # type: ignore[return-value]
    value = compute()
    if key is not None:
        with _lock:
            if _open.get(key[0]) is not None and _open[key[0]].identity == key[1]:  # not already replaced
                for old in [k for k in _remembered if k[0] == key[0] and k[1] != key[1]]:
                    del _remembered[old]
                _remembered[key] = value
    return value


def close_all() -> None:
    """Close every cached connection (tests, and before deleting a database file)."""
    with _lock:
        for current in _open.values():
            current.con.close()
        _open.clear()
        _remembered.clear()
