"""Login throttling: too many failures for one user name or from one address lock it for a while.

Kept in the store, so a lock survives a restart and holds for every process that logs people in.
A user name is counted whether or not it exists, so a lock says nothing about which names do.
"""

from __future__ import annotations

import datetime as dt

import duckdb

from kernel.adc_duckdb import scalar

WINDOW = dt.timedelta(minutes=15)
LOCK = dt.timedelta(minutes=15)
MAX_FAILURES_PER_USER = 5
# An address is often a whole office behind one router: it gets more room than one user name,
# so that one colleague's typing does not lock out the others.
MAX_FAILURES_PER_ADDRESS = 20


def user_subject(username: str) -> str:
    return f"gebruiker:{username}"


def address_subject(address: str | None) -> str | None:
    return f"adres:{address}" if address else None


def locked(con: duckdb.DuckDBPyConnection, subjects: list[str], now: dt.datetime) -> bool:
    """Whether any of `subjects` is locked at `now`."""
    return bool(
        scalar(
            con,
            "select count(*) from login_locks where subject in (select unnest(?::varchar[])) and locked_until > ?",
            [subjects, now],
        )
    )


def record_failure(con: duckdb.DuckDBPyConnection, subjects: list[str], now: dt.datetime) -> list[str]:
    """Count a failure for each subject; returns the subjects this failure locked."""
    newly_locked = []
    for subject in subjects:
        con.execute("insert into login_failures values (?, ?)", [subject, now])
        limit = MAX_FAILURES_PER_USER if subject.startswith("gebruiker:") else MAX_FAILURES_PER_ADDRESS
        failures = scalar(
            con, "select count(*) from login_failures where subject = ? and occurred_at > ?", [subject, now - WINDOW]
        )
        if failures >= limit and not locked(con, [subject], now):
            con.execute("delete from login_locks where subject = ?", [subject])  # an expired lock
            con.execute("insert into login_locks values (?, ?)", [subject, now + LOCK])
            newly_locked.append(subject)
    # Old failures count for nothing any more; keep the table small.
    con.execute("delete from login_failures where occurred_at <= ?", [now - WINDOW])
    return newly_locked


def clear(con: duckdb.DuckDBPyConnection, subject: str) -> bool:
    """Lift the lock on `subject` and forget its failures; whether there was a lock."""
    was_locked = locked(con, [subject], dt.datetime.now(dt.UTC))
    con.execute("delete from login_locks where subject = ?", [subject])
    con.execute("delete from login_failures where subject = ?", [subject])
    return was_locked
