"""Reading what the program recorded, for assertions: the audit log, a story's status, a file's digest."""

from __future__ import annotations

import hashlib
from pathlib import Path

from stories import store


def audit_log(columns: str = "actor, action") -> list[tuple]:
    """Every audit record of the current ADC_DATA_DIR's story store, oldest first. `columns` is
    written by a test, never by a user: an identifier list cannot be bound as a parameter."""
    with store.connect() as con:
        return con.execute(f"select {columns} from audit_log order by audit_id").fetchall()


def last_audit(columns: str = "actor, action") -> tuple:
    with store.connect() as con:
        return con.execute(f"select {columns} from audit_log order by audit_id desc limit 1").fetchone()


def audit_count() -> int:
    with store.connect() as con:
        return con.execute("select count(*) from audit_log").fetchone()[0]


def story_status(story_id: str) -> str:
    """The status of the story's last event."""
    with store.connect() as con:
        return con.execute(
            "select status from story_events where story_id = ? order by event_id desc limit 1", [story_id]
        ).fetchone()[0]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
