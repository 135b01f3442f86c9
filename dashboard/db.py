"""The only place that opens the figures database; stories go through `stories.store`.

The ETL builds a new file and swaps it in with an atomic rename. A read-only connection keeps
reading the file it opened, so before every query we compare the file's identity (inode and
modification time) with the one we opened and reopen when a build has replaced it: the
dashboard shows new figures without a restart, and never holds a lock that blocks a build.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

import duckdb

import adc_settings


class FiguresMissing(Exception):
    """No figures database has been built yet."""


@dataclass
class _Open:
    identity: tuple[int, int]
    con: duckdb.DuckDBPyConnection


_lock = threading.Lock()
_open: dict[Path, _Open] = {}


def _identity(path: Path) -> tuple[int, int]:
    stat = os.stat(path)
    return stat.st_ino, stat.st_mtime_ns


def figures(path: Path | None = None) -> duckdb.DuckDBPyConnection:
    """A cursor on the current figures database (one per call: cursors are not shared)."""
    path = Path(path or adc_settings.figures_db_path())
    try:
        identity = _identity(path)
    except FileNotFoundError:
        raise FiguresMissing(
            f"Er zijn nog geen cijfers geladen ({path}). Draai eerst 'python -m etl build'."
        ) from None
    with _lock:
        current = _open.get(path)
        if current is None or current.identity != identity:
            if current is not None:
                current.con.close()
            current = _Open(identity, duckdb.connect(str(path), read_only=True))
            _open[path] = current
        return current.con.cursor()


def close_all() -> None:
    """Close every cached connection (tests, and before deleting a database file)."""
    with _lock:
        for current in _open.values():
            current.con.close()
        _open.clear()
