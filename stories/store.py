"""The story store: a DuckDB file of its own (or PostgreSQL), opened for one unit of work at a time.

DuckDB lets one process hold a file read-write and locks everyone else out. The dashboard,
the story import and backups all need the store, so nobody keeps it open: each unit of
work connects, runs and closes, serialised in-process by a lock and retried briefly when
another process holds the file. With ADC_STORE_URL the same units of work run on PostgreSQL
(stories/postgres.py); the rules above the store are the same code for both.
"""

from __future__ import annotations

import contextvars
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, closing, contextmanager
from pathlib import Path

import duckdb

from kernel import adc_settings
from kernel.adc_files import private_dir, private_file
from stories import audit_chain, postgres, replica, schema
from stories.dialect import StoreBusy as StoreBusy  # callers catch store.StoreBusy

LOCK_WAIT_SECONDS = 15.0

_lock = threading.RLock()

# Inside `one_reading`: the connection(s) this render already opened for reading, by kind, so
# the page's next read reuses them instead of opening the store again (~30 ms each at city scale).
_shared: contextvars.ContextVar[tuple[ExitStack, dict[str, duckdb.DuckDBPyConnection]] | None] = contextvars.ContextVar(
    "story_store_shared_reading", default=None
)


@contextmanager
def connect(path: Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection for one unit of work, inside one transaction: on the DuckDB
    file at `path`, else on the configured store (ADC_STORE_URL, else the DuckDB file)."""
    url = adc_settings.store_url() if path is None else None
    if url is not None:
        # Only what committed reaches the audit mirror; a failed unit leaves nothing pending.
        with postgres.unit_of_work(
            url, after_commit=audit_chain.write_mirror, finally_=audit_chain.discard_pending
        ) as pg:
            yield pg  # type: ignore[misc]  # the same execute() as DuckDB's
        return
    keep_open = path is None and _shared.get() is not None
    path = Path(path or adc_settings.stories_db_path())
    with _lock:
        if keep_open:
            _shared_connection("keeper")
        con = _open(path)
        try:
            schema.ensure(con)  # migrations and derived tables, under the lock
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


def check_reachable() -> None:
    """At start: with ADC_STORE_URL, PostgreSQL answers and has today's schema; a Dutch
    postgres.StoreUnreachable (naming the host, never the password) otherwise."""
    url = adc_settings.store_url()
    if url is not None:
        postgres.check(url)


def why_unusable() -> str | None:
    """None when the story store can be used; else the Dutch reason a command line refuses with."""
    try:
        check_reachable()
    except (adc_settings.SettingError, postgres.StoreUnreachable) as unusable:
        return str(unusable)
    return None


@contextmanager
def reading(path: Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A DuckDB connection to read stories with (the pages' reading rule and search are DuckDB
    SQL): the store itself, or with ADC_STORE_URL this process's up-to-date copy of it
    (stories/replica.py). Never for writing."""
    url = adc_settings.store_url() if path is None else None
    if path is None and (shared := _shared_connection("reading" if url else "unit")) is not None:
        yield shared
        return
    if url is None:
        with connect(path) as con:
            yield con
        return
    with replica.of(url).reading() as con:
        yield con


@contextmanager
def read_only(path: Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection for a pure read of any table (accounts, sessions, the audit log): a unit of
    work on the DuckDB file, or with ADC_STORE_URL a read-only snapshot that takes no write lock
    (stories are read through `reading`, which is faster still). Never for writing."""
    url = adc_settings.store_url() if path is None else None
    if path is None and (shared := _shared_connection("read_only" if url else "unit")) is not None:
        yield shared
        return
    if url is None:
        with connect(path) as con:
            yield con
        return
    with postgres.read_only(url) as pg:
        yield pg  # type: ignore[misc]  # the same execute() as DuckDB's


@contextmanager
def one_reading() -> Iterator[None]:
    """Within this block, every `reading()` and `read_only()` of the configured store shares one
    connection (per kind: on PostgreSQL the read copy and the read-only snapshot), opened at the
    first read and closed at the end: one page render, one unit of work for its reads. Writes
    (`connect`) still get units of their own, which on DuckDB join the database the block keeps
    open rather than opening the file again. On DuckDB the store's lock is held from the first
    read to the end of the block, as inside any unit of work."""
    if _shared.get() is not None:  # nested: the outer block already shares
        yield
        return
    with ExitStack() as opened:
        token = _shared.set((opened, {}))
        try:
            yield
        finally:
            _shared.reset(token)


def _shared_connection(kind: str) -> duckdb.DuckDBPyConnection | None:
    """The shared connection of this kind inside `one_reading` (opened now if this is the first
    read), or None outside it."""
    shared = _shared.get()
    if shared is None:
        return None
    opened, connections = shared
    if kind not in connections:
        url = adc_settings.store_url()
        if kind == "keeper":
            # A bare connection (no transaction) that keeps the DuckDB database open until the
            # block ends: a write inside the block (the session check marks activity) then joins
            # the open database instead of opening and closing the file (~15-40 ms each way at
            # city scale), and reads still see what it committed.
            connections[kind] = opened.enter_context(closing(_open(Path(adc_settings.stories_db_path()))))
        elif kind == "unit":
            connections[kind] = opened.enter_context(connect())
        elif kind == "reading":
            connections[kind] = opened.enter_context(replica.of(url).reading())  # type: ignore[arg-type]
        else:
            connections[kind] = opened.enter_context(postgres.read_only(url))  # type: ignore[arg-type, assignment]
    return connections[kind]


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
                raise StoreBusy(f"De verhalenopslag ({path.name}) is bezet door een ander proces.") from error
            time.sleep(0.1)
