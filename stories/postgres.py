"""The story store on PostgreSQL (ADC_STORE_URL): units of work, the schema, frames in and out.

The project's SQL is written once, with `?` or `$name` parameters; `Connection` hands it to
psycopg with its placeholders, so the service, the accounts and the audit chain run unchanged
on either backend. Writers are serialised by one transaction-scoped advisory lock, exactly as
the DuckDB file serialises them: the audit chain needs one writer at a time (it reads its head
and appends), and the four-eyes checks read and write in one step. PostgreSQL transactions
take milliseconds, so this is not the bottleneck the file lock was (that was opening the file).
"""

from __future__ import annotations

import atexit
import datetime as dt
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import polars as pl
import psycopg

from stories import schema  # the steps are the DuckDB store's: one history, two dialects
from stories.dialect import StoreBusy

WRITE_LOCK = 190419  # the advisory lock of every unit of work (any number, the same everywhere)
LOCK_WAIT = "15s"  # as long as a DuckDB writer waits for the file
EXTRAS_SQL = Path(__file__).with_name("postgres.sql")
_PLACEHOLDER = re.compile(r"\?|\$([a-z_][a-z0-9_]*)")
_idle: dict[str, list[psycopg.Connection]] = {}
_idle_lock = threading.Lock()
_ready: set[str] = set()  # URLs whose schema this process brought up to date


class StoreUnreachable(Exception):
    """The PostgreSQL store cannot be used; the Dutch message names the host, never the password."""


def where(url: str) -> str:
    """Host, port and database of a URL, for messages: never the user's password."""
    parts = urlsplit(url)
    return f"{parts.hostname or 'localhost'}:{parts.port or 5432}/{parts.path.lstrip('/') or '?'}"


def translate(sql: str) -> str:
    """DuckDB's `?` and `$name` as psycopg's `%s` and `%(name)s` (a literal % doubled)."""
    sql = sql.replace("%", "%%")
    return _PLACEHOLDER.sub(lambda m: f"%({m[1]})s" if m[1] else "%s", sql)


class Result:
    """The answer of one statement, read as a DuckDB result is read."""

    def __init__(self, cursor: psycopg.Cursor):
        self._cursor = cursor

    def fetchone(self) -> tuple[Any, ...] | None:
        return self._cursor.fetchone() if self._cursor.description else None

    def fetchall(self) -> list[tuple[Any, ...]]:
        return self._cursor.fetchall() if self._cursor.description else []

    def pl(self) -> pl.DataFrame:
        columns = [c.name for c in self._cursor.description or []]
        rows = self.fetchall()
        return pl.DataFrame(rows, schema=columns, orient="row", infer_schema_length=None)


class Connection:
    """One unit of work's connection, with the DuckDB connection's `execute`."""

    dialect = "postgres"

    def __init__(self, raw: psycopg.Connection):
        self.raw = raw

    def execute(self, sql: str, params: Any = None) -> Result:
        cursor = self.raw.cursor()
        # Without parameters psycopg sends the text as is: a % in it must stay single.
        cursor.execute(sql if params is None else translate(sql), params)  # our own SQL, values bound
        return Result(cursor)

    def insert_frame(self, table: str, frame: pl.DataFrame, returning: str | None = None) -> pl.DataFrame | None:
        """The rows of `frame` into `table` (a name from the code), values bound, never SQL text;
        with `returning`, those columns of the inserted rows."""
        columns = ", ".join(frame.columns)
        if returning is None:
            with self.raw.cursor().copy(f"copy {table} ({columns}) from stdin") as copy:
                for row in frame.iter_rows():
                    copy.write_row(row)
            return None
        sql = f"insert into {table} ({columns}) values ({', '.join('?' * frame.width)}) returning {returning}"
        cursor = self.raw.cursor()
        cursor.executemany(translate(sql), list(frame.iter_rows()), returning=True)
        rows, names = [], [c.name for c in cursor.description or []]
        while True:
            rows += cursor.fetchall()
            if not cursor.nextset():
                break
        return pl.DataFrame(rows, schema=names, orient="row", infer_schema_length=None)


def open_raw(url: str) -> psycopg.Connection:
    """A new connection, or StoreUnreachable with a Dutch message naming the host."""
    try:
        return psycopg.connect(url, connect_timeout=10, application_name="achter-de-cijfers")
    except psycopg.OperationalError as error:
        raise StoreUnreachable(_reason(url, error)) from None
    except psycopg.ProgrammingError as error:  # not a URL psycopg understands
        raise StoreUnreachable(
            f"ADC_STORE_URL is geen geldig PostgreSQL-adres (verwacht: postgresql://gebruiker:wachtwoord@host:poort/"
            f"database); {type(error).__name__}."
        ) from None


def _reason(url: str, error: Exception) -> str:
    text = str(error).lower()
    if "password authentication failed" in text or "no password supplied" in text:
        why = "de gebruikersnaam of het wachtwoord in ADC_STORE_URL wordt geweigerd"
    elif "does not exist" in text and "database" in text:
        why = "de database bestaat niet op die server"
    elif "timeout" in text or "timed out" in text:
        why = "de server antwoordt niet (time-out)"
    elif "could not translate host name" in text or "name or service not known" in text:
        why = "de hostnaam is onbekend"
    else:
        why = "de server is niet bereikbaar (draait PostgreSQL, en klopt de poort?)"
    return f"De verhalenopslag in PostgreSQL op {where(url)} is niet te gebruiken: {why}."


def check(url: str) -> None:
    """At start: the store answers and has today's schema; StoreUnreachable (Dutch) otherwise.
    Once per process: the dashboard calls it on every run, and the first unit of work (which
    takes the write lock) brings the schema up to date; after that a run must not queue behind
    the writers of every process just to learn what it already knows."""
    if url in _ready:
        return
    with unit_of_work(url):
        pass


@contextmanager
def unit_of_work(
    url: str,
    after_commit: Callable[[Any], None] | None = None,
    finally_: Callable[[Any], None] | None = None,
) -> Iterator[Connection]:
    """A connection inside one transaction holding the write lock; committed at the end,
    rolled back on an error. Connections are reused: a new one costs an authentication.
    `after_commit` runs only after a commit, `finally_` always (the audit mirror's hooks)."""
    raw = open_pooled(url)
    con = Connection(raw)
    try:
        raw.execute("select set_config('lock_timeout', %s, true)", [LOCK_WAIT])  # for this transaction
        try:
            raw.execute("select pg_advisory_xact_lock(%s)", [WRITE_LOCK])
        except psycopg.errors.LockNotAvailable:
            raise StoreBusy(f"De verhalenopslag op {where(url)} is bezet door een ander proces.") from None
        if url not in _ready:
            ensure(con)
            _ready.add(url)
        yield con
        raw.commit()
        if after_commit is not None:
            after_commit(con)
    finally:
        if finally_ is not None:
            finally_(con)
        try:
            raw.rollback()  # after a commit: ends what after_commit read; else undoes the unit
        except psycopg.Error:
            raw.close()
        give_back(url, raw)


@contextmanager
def read_only(url: str) -> Iterator[Connection]:
    """A connection inside one read-only snapshot, without the write lock: a pure read (the
    audit log, the accounts) must not queue behind every process's writers."""
    check(url)  # the first use in this process brings the schema up to date, under the lock
    raw = open_pooled(url)
    try:
        raw.execute("set transaction isolation level repeatable read, read only")
        yield Connection(raw)
    finally:
        try:
            raw.rollback()
        except psycopg.Error:
            raw.close()
        give_back(url, raw)


def open_pooled(url: str) -> psycopg.Connection:
    with _idle_lock:
        while _idle.get(url):
            raw = _idle[url].pop()
            if not raw.closed and not raw.broken:
                return raw
    return open_raw(url)


def give_back(url: str, raw: psycopg.Connection) -> None:
    if raw.closed or raw.broken:
        return
    with _idle_lock:
        _idle.setdefault(url, []).append(raw)


def close_all() -> None:
    """Close the idle connections (tests drop their database afterwards; and at process exit)."""
    with _idle_lock:
        for connections in _idle.values():
            for raw in connections:
                raw.close()
        _idle.clear()
    _ready.clear()


# The pool lives as long as the process (a dashboard process keeps it for every run); at exit its
# connections are closed, not left to the garbage collector (psycopg's ResourceWarning) nor
# dropped on the server's side as a broken connection.
atexit.register(close_all)


# --- schema ----------------------------------------------------------------------------------


def dialect(sql: str) -> str:
    """A migration or derived-table file, written for DuckDB, as PostgreSQL reads it: the
    files share everything but DuckDB's short name of a float."""
    return re.sub(r"\bdouble\b(?! precision)", "double precision", sql)


def ensure(con: Connection) -> None:
    """Today's schema: the numbered steps of stories/migrations/ the database lacks, the derived
    tables, and PostgreSQL's own extras (stories/postgres.sql). Under the write lock."""
    con.execute(schema.RECORD_SQL)
    applied = {n for (n,) in con.execute(f"select number from {schema.MIGRATIONS_TABLE}").fetchall()}
    now = dt.datetime.now(dt.UTC)
    for step in schema.migrations():
        if step.number not in applied:
            con.execute(dialect(step.sql))
            con.execute(f"insert into {schema.MIGRATIONS_TABLE} values (?, ?, ?)", [step.number, step.name, now])
    con.execute(dialect(schema.DERIVED_SQL.read_text(encoding="utf-8")))
    con.execute(EXTRAS_SQL.read_text(encoding="utf-8"))
