"""`store.one_reading`: one page render's reads share a connection, and a write inside the block
joins the database the block keeps open (DuckDB only: it is about opening the DuckDB file; on
PostgreSQL a unit of work is a pooled connection and nothing is opened per unit)."""

from __future__ import annotations

from stories import store


def _threads(con) -> int:
    return int(con.execute("select current_setting('threads')").fetchone()[0])


def test_a_write_inside_one_reading_is_seen_by_the_reads_after_it(data_dir):
    with store.one_reading():
        with store.connect() as con:  # as the session check does, before the page's first read
            con.execute("create table render_marks (n integer)")
            con.execute("insert into render_marks values (1)")
        with store.read_only() as con:
            assert con.execute("select count(*) from render_marks").fetchone()[0] == 1
        with store.reading() as con:
            assert con.execute("select count(*) from render_marks").fetchone()[0] == 1


def test_one_reading_keeps_the_database_open_between_units_and_closes_it_after(data_dir):
    # A global setting lives as long as the database is open in this process: it outlives a
    # unit of work only while the block keeps the database open, and is gone once it closed.
    with store.connect() as con:
        default = _threads(con)
    changed = 1 if default != 1 else 2
    with store.one_reading():
        with store.connect() as con:
            # SET takes no parameters: one of two fixed statements
            con.execute("set global threads = 1" if changed == 1 else "set global threads = 2")
        with store.connect() as con:
            assert _threads(con) == changed  # the same open database: not opened again
    with store.connect() as con:
        assert _threads(con) == default  # closed at the end of the block
