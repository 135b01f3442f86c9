"""A dashboard process's read copy of a PostgreSQL story store, in its own in-memory DuckDB.

Why a copy and not a PostgreSQL version of the reading SQL: the reading rule (queries/stories.py
`_STORIES`) and the search ranking (stories/search.py) stay one implementation, tested once, and
a page's several reads cost milliseconds in memory instead of round trips. The copy holds the
tables the pages read (the current stories, their versions, events and privacy marks, and the
search index). Before every read it asks PostgreSQL for the newest number in `story_changes`
(one small query); when it moved, it copies the rows of just the stories changed since, in one
snapshot. Writes always go to PostgreSQL and number their change before they commit, so a read
after one's own write sees it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb
import polars as pl
import psycopg

from kernel.adc_duckdb import registered
from stories import postgres, schema

# Tables copied per story, parents first (they are emptied in the reverse order).
BY_STORY = ("stories", "story_versions", "story_events", "story_privacy_marks", "search_documents", "story_current")


class Replica:
    def __init__(self, url: str):
        self.url = url
        postgres.check(url)  # reachable, and the tables to copy exist
        self.con = _tables_shaped_as_the_store()
        self.seen = 0  # the last story_changes number copied
        self._sync_lock = threading.Lock()

    def sync(self) -> None:
        """Copy what changed since the last read; nothing but one query when nothing did."""
        with self._sync_lock:
            raw = postgres.open_pooled(self.url)
            try:
                raw.execute("set transaction isolation level repeatable read, read only")  # one snapshot
                head = raw.execute("select coalesce(max(change_id), 0) from story_changes").fetchone()[0]  # type: ignore[index]
                if head == self.seen:
                    return
                ids = None
                if 0 < self.seen < head:
                    ids = [
                        r[0]
                        for r in raw.execute(
                            "select distinct story_id from story_changes where change_id > %s", [self.seen]
                        ).fetchall()
                    ]
                frames = {table: _fetch(raw, table, ids) for table in BY_STORY}
                terms = _fetch_terms(raw, ids)
            finally:
                raw.rollback()
                postgres.give_back(self.url, raw)
            self._apply(ids, frames, terms)
            self.seen = head

    def _apply(self, ids: list[str] | None, frames: dict[str, pl.DataFrame], terms: pl.DataFrame) -> None:
        con = self.con.cursor()
        try:
            con.execute("begin transaction")
            changed = pl.DataFrame({"story_id": pl.Series(ids or [], dtype=pl.String)})
            with registered(con, "changed_ids", changed):
                only = "" if ids is None else " where story_id in (select story_id from changed_ids)"
                con.execute(
                    "delete from search_terms where doc_id in (select doc_id from search_documents" + only + ")"
                )
                for table in reversed(BY_STORY):  # names from the constant above
                    con.execute(f"delete from {table}{only}")
            for table, frame in [*frames.items(), ("search_terms", terms)]:
                if frame.height:
                    with registered(con, "copied_rows", frame):
                        con.execute(f"insert into {table} by name select * from copied_rows")
            con.execute("commit")
        finally:
            con.close()

    @contextmanager
    def reading(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """An up-to-date cursor for one read (reads run side by side; copying waits its turn)."""
        self.sync()
        cursor = self.con.cursor()
        try:
            yield cursor
        finally:
            cursor.close()


def _tables_shaped_as_the_store() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the store's tables, their columns exactly as a store file has
    them, but without keys: DuckDB refuses to delete a parent and its children in one
    transaction, and a copy needs no constraints (PostgreSQL enforced them)."""
    con = duckdb.connect()
    con.execute("attach ':memory:' as shape")
    con.execute("use shape")
    schema.create(con)
    con.execute("use memory")
    for table in (*BY_STORY, "search_terms"):  # names from the constant above
        con.execute(f"create table {table} as select * from shape.main.{table} limit 0")
    con.execute("detach shape")
    return con


def _fetch(raw: psycopg.Connection, table: str, ids: list[str] | None) -> pl.DataFrame:
    where = "" if ids is None else " where story_id = any(%s::varchar[])"
    cursor = raw.execute(f"select * from {table}{where}", [] if ids is None else [ids])
    return _frame(cursor)


def _fetch_terms(raw: psycopg.Connection, ids: list[str] | None) -> pl.DataFrame:
    if ids is None:
        return _frame(raw.execute("select * from search_terms"))
    return _frame(
        raw.execute(
            "select t.* from search_terms as t join search_documents as d using (doc_id) "
            "where d.story_id = any(%s::varchar[])",
            [ids],
        )
    )


def _frame(cursor: psycopg.Cursor) -> pl.DataFrame:
    names = [c.name for c in cursor.description or []]
    return pl.DataFrame(cursor.fetchall(), schema=names, orient="row", infer_schema_length=None)


_replicas: dict[str, Replica] = {}
_replicas_lock = threading.Lock()


def of(url: str) -> Replica:
    """This process's replica of the store at `url` (made on first use)."""
    with _replicas_lock:
        if url not in _replicas:
            _replicas[url] = Replica(url)
        return _replicas[url]


def forget_all() -> None:
    """Drop every replica (tests that replace the database under the same URL)."""
    with _replicas_lock:
        _replicas.clear()
