"""Server-side browser sessions: start, the cookie hand-off, resume after a reload, end, and the
check every action makes (`require_current`).

The browser holds only a random token in an HttpOnly cookie, signed with a secret of this
installation; the `sessions` row in the store says whose session it is, when it was last used
and whether it has ended. Logging out or timing out ends the row, so a copied cookie is worth
nothing afterwards. Tokens are stored only as SHA-256 hashes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import os
import secrets

from accounts.users import AccountError
from kernel import adc_settings, vocabulary
from kernel.access import Viewer
from stories import audit, store

COOKIE = "adc_sessie"
HANDOFF_SECONDS = 120  # the browser fetches its cookie right after the login
EXPIRED = "Uw sessie is verlopen of beëindigd; log opnieuw in. Er is niets opgeslagen."


class SessionEnded(AccountError):
    """The session is over (logged out, timed out, account disabled or changed)."""

    def __init__(self, reason: str = "beëindigd"):
        super().__init__(EXPIRED)
        self.reason = reason


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _timeout() -> dt.timedelta:
    return dt.timedelta(minutes=adc_settings.session_timeout_minutes())


def start(viewer: Viewer, client: str | None = None) -> tuple[Viewer, str]:
    """A new session for a viewer who just logged in: the viewer carrying its id, and a one-time
    token with which the browser collects its cookie (`claim_cookie`)."""
    session_id, handoff = secrets.token_urlsafe(24), secrets.token_urlsafe(32)
    now = _now()
    with store.connect() as con:
        con.execute(
            "insert into sessions (session_id, username, role, teams, client, created_at, "
            "last_seen, handoff_hash, handoff_until) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                session_id,
                viewer.username,
                viewer.role,
                list(viewer.teams),
                client,
                now,
                now,
                _hash(handoff),
                now + dt.timedelta(seconds=HANDOFF_SECONDS),
            ],
        )
    return dataclasses.replace(viewer, session_id=session_id), handoff


def claim_cookie(handoff: str) -> str | None:
    """The signed cookie value for a fresh, unused hand-off token of a live session; None otherwise.
    The hand-off token works once: it is cleared as the cookie token is set."""
    token = secrets.token_urlsafe(32)
    with store.connect() as con:
        claimed = con.execute(
            "update sessions set cookie_hash = ?, handoff_hash = null, handoff_until = null "
            "where handoff_hash = ? and handoff_until > ? and ended_at is null returning session_id",
            [_hash(token), _hash(handoff), _now()],
        ).fetchone()
    return _sign(token) if claimed else None


def resume(cookie: str | None) -> Viewer | None:
    """The viewer of the session this cookie belongs to, when it still holds (a reload, a shared
    link opened in the same browser); counts as activity. None for no cookie, a forged one or a
    session that has ended; SessionEnded when it ends now (idle too long, account changed), so
    the login can say why, once."""
    token = _unsign(cookie) if isinstance(cookie, str) and cookie else None
    if token is None:
        return None
    with store.read_only() as con:  # `check` below marks the activity, under the write lock
        row = con.execute("select session_id, ended_at from sessions where cookie_hash = ?", [_hash(token)]).fetchone()
    if row is None or row[1] is not None:
        return None
    return check(row[0])


def check(session_id: str, expected: Viewer | None = None) -> Viewer:
    """The session's viewer as the store has it now, and mark it active; SessionEnded (and the
    session ended, audited) when it has ended, sat idle too long, or its account was disabled
    or given another role or other teams since it started."""
    now = _now()
    with store.connect() as con:
        row = con.execute(
            "select s.username, s.role, s.teams, s.last_seen, s.ended_at, u.active, u.role, u.teams, "
            "u.display_name from sessions s left join users u using (username) "
            "where s.session_id = ?",
            [session_id],
        ).fetchone()
        if row is None or row[4] is not None:
            raise SessionEnded()
        username, role, teams, last_seen, _, active, user_role, user_teams, display_name = row
        if now - last_seen > _timeout():
            reason = "verlopen"
        elif not active:
            reason = "account uitgeschakeld"
        elif (user_role, sorted(user_teams)) != (role, sorted(teams)):
            reason = "rol of teams gewijzigd"
        elif expected is not None and (expected.username, expected.role, sorted(expected.teams)) != (
            username,
            role,
            sorted(teams),
        ):
            reason = "andere gebruiker"
        else:
            con.execute("update sessions set last_seen = ? where session_id = ?", [now, session_id])
            return Viewer(username, role, tuple(teams), display_name, session_id=session_id)
    end(session_id, reason)
    raise SessionEnded(reason)


def require_current(viewer: Viewer) -> None:
    """Before every action: the viewer's session still holds (SessionEnded otherwise).

    A viewer without a session acts outside a browser (command line, import, tests); the
    dashboard never makes one."""
    if viewer.session_id is not None:
        check(viewer.session_id, viewer)


def end(session_id: str, reason: str) -> None:
    """End a session (logging out, time-out, account changed); audited once."""
    with store.connect() as con:
        row = con.execute(
            "update sessions set ended_at = ?, end_reason = ?, handoff_hash = null "
            "where session_id = ? and ended_at is null returning username",
            [_now(), reason, session_id],
        ).fetchone()
        if row:
            action = {"uitgelogd": vocabulary.LOGOUT, "verlopen": vocabulary.SESSION_EXPIRED}.get(
                reason, vocabulary.SESSION_ENDED
            )
            audit.record(
                con, row[0], action, "gebruiker", row[0], None if action != vocabulary.SESSION_ENDED else reason
            )


# --- signing: the cookie is <token>.<hmac>, the key a secret file of this installation -------


def _secret() -> bytes:
    path = adc_settings.data_dir() / "session_secret"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:  # created readable by the owner only; a racing process simply wins
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(secrets.token_bytes(32))
        except FileExistsError:
            pass
    return path.read_bytes()


def _sign(token: str) -> str:
    return f"{token}.{hmac.new(_secret(), token.encode(), hashlib.sha256).hexdigest()}"


def _unsign(value: str) -> str | None:
    token, _, signature = value.partition(".")
    expected = hmac.new(_secret(), token.encode(), hashlib.sha256).hexdigest()
    return token if signature and hmac.compare_digest(signature, expected) else None
