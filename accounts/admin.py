"""User management for the beheerder: the same commands as the CLI, with the viewer checked."""

from __future__ import annotations

import datetime as dt

import polars as pl

from accounts import sessions, users
from kernel.access import BEHEERDER, Viewer
from stories import audit, store


def _require_beheerder(viewer: Viewer) -> None:
    sessions.require_current(viewer)
    if viewer.role != BEHEERDER:
        raise users.AccountError("Alleen de functioneel beheerder beheert gebruikers.")


def create_user(
    viewer: Viewer,
    username: str,
    role: str,
    teams: tuple[str, ...],
    *,
    password: str | None,
    display_name: str = "",
    email: str | None = None,
) -> None:
    _require_beheerder(viewer)
    users.create_user(
        viewer.username, username, role, teams, password=password, display_name=display_name, email=email or None
    )


def set_active(viewer: Viewer, username: str, active: bool) -> None:
    _require_beheerder(viewer)
    if username == viewer.username and not active:
        raise users.AccountError("U kunt uw eigen account niet uitschakelen.")
    users.set_active(viewer.username, username, active)


def unlock(viewer: Viewer, username: str) -> bool:
    """Lift a login lock after too many failures; whether there was one."""
    _require_beheerder(viewer)
    return users.unlock(viewer.username, username)


def list_users(viewer: Viewer) -> pl.DataFrame:
    _require_beheerder(viewer)
    return users.list_users()


def read_audit(
    viewer: Viewer, *, actor: str | None = None, action: str | None = None, since: dt.date | None = None
) -> pl.DataFrame:
    """The audit log, newest first; only the beheerder reads it."""
    _require_beheerder(viewer)
    with store.read_only() as con:
        return audit.read(con, actor=actor, action=action, since=since)


def audit_choices(viewer: Viewer) -> tuple[int, list[str], list[str]]:
    """The number of audit records and the actors and actions to filter on; only the beheerder."""
    _require_beheerder(viewer)
    with store.read_only() as con:
        return audit.choices(con)
