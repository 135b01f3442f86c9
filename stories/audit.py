"""The append-only audit log: one row per login, story action, export, load, norm or user change.

This module only ever inserts; no code path in the project updates or deletes audit rows
(tests/test_audit.py scans the code to hold that true). Every record is chained (stories/
audit_chain.py) in the same transaction, so a deleted, changed or slipped-in row is detected by
`python -m stories audit verify` and on the Auditlog page.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import duckdb
import polars as pl

from kernel import vocabulary
from kernel.adc_duckdb import scalar
from kernel.format import format_number
from stories import audit_chain, store
from stories.dialect import insert_frame


def record(
    con: duckdb.DuckDBPyConnection,
    actor: str,
    action: str,
    object_type: str | None = None,
    object_id: str | None = None,
    detail: str | None = None,
) -> None:
    """Add one record inside the caller's transaction, so the action and its trace commit together."""
    with store.lock():  # held already inside store.connect; taken again so no writer forks the chain
        added = con.execute(
            "insert into audit_log (occurred_at, actor, action, object_type, object_id, detail) "
            f"values (?, ?, ?, ?, ?, ?) returning {audit_chain.RETURNING}",
            [dt.datetime.now(dt.UTC), actor, action, object_type, object_id, detail],
        ).pl()
        audit_chain.link(con, added)


def record_many(con: duckdb.DuckDBPyConnection, records: pl.DataFrame) -> None:
    """Add one record per row of `records` (actor, action, object_type, object_id, detail), all
    at the same moment, inside the caller's transaction (a bulk import)."""
    incoming = records.select(
        pl.lit(dt.datetime.now(dt.UTC)).alias("occurred_at"), "actor", "action", "object_type", "object_id", "detail"
    )
    with store.lock():
        added = insert_frame(con, "audit_log", incoming, returning=audit_chain.RETURNING)
        assert added is not None  # asked with returning
        audit_chain.link(con, added)


def record_now(
    actor: str, action: str, object_type: str | None = None, object_id: str | None = None, detail: str | None = None
) -> None:
    """Add one record in a transaction of its own (logins, exports, data loads)."""
    with store.connect() as con:
        record(con, actor, action, object_type, object_id, detail)


def record_load(actor: str, source_dir: Path | str, *, rows: int | None = None, refused: int | None = None) -> None:
    """One record per data load, loaded or refused. The figures are rebuilt apart from the store,
    so a store that stays busy must not undo a finished build: it is reported instead."""
    if refused is None:
        action, detail = vocabulary.DATA_LOADED, f"{format_number(rows)} rijen geladen"
    else:
        action = vocabulary.DATA_REFUSED
        detail = f"{format_number(refused)} afgewezen waarde(n); vorige cijfers ongewijzigd"
    try:
        record_now(actor, action, "bronmap", str(source_dir), detail)
    except store.StoreBusy as busy:
        print(f"Let op: niet in het auditlog gezet ({busy})", file=sys.stderr)


def verify_store(store_path: Path | None = None) -> list[audit_chain.Problem]:
    """Check the whole chain of the story store (and the mirror, when ADC_AUDIT_MIRROR is set)."""
    with store.read_only(store_path) as con:  # one snapshot: the chain as committed
        return audit_chain.verify(con)


def count(con: duckdb.DuckDBPyConnection) -> int:
    return int(scalar(con, "select count(*) from audit_log"))


def choices(con: duckdb.DuckDBPyConnection) -> tuple[int, list[str], list[str]]:
    """How many records there are, and every actor and every action in them (sorted): what the
    Auditlog page offers to filter on, without reading the whole log."""
    total = count(con)
    actors = sorted(a for (a,) in con.execute("select distinct actor from audit_log").fetchall())
    actions = sorted(a for (a,) in con.execute("select distinct action from audit_log").fetchall())
    return total, actors, actions


def read(
    con: duckdb.DuckDBPyConnection, *, actor: str | None = None, action: str | None = None, since: dt.date | None = None
) -> pl.DataFrame:
    """Audit records, newest first, optionally filtered."""
    return con.execute(
        """
        select audit_id, occurred_at, actor, action, object_type, object_id, detail
        from audit_log
        where ($actor::varchar is null or actor = $actor)
            and ($action::varchar is null or action = $action)
            and ($since::date is null or occurred_at >= $since::date)
        order by audit_id desc
        """,
        {"actor": actor, "action": action, "since": since},
    ).pl()
