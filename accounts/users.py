"""Local accounts: create, disable, verify a password. One row per user in the app's store.

Passwords are hashed with argon2id (argon2-cffi, salted and deliberately slow); a hash is never
compared by hand. Every change and every login attempt writes one audit record.
"""

from __future__ import annotations

import datetime as dt
import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from dashboard.access import MANAGER, PROFESSIONAL, ROLES, Viewer
from stories import audit, store

_hasher = PasswordHasher()
# Verifying against a dummy hash when the user does not exist keeps the answer time the same,
# so a login form does not reveal which user names exist.
_DUMMY_HASH = _hasher.hash("niet-bestaande-gebruiker")
MIN_PASSWORD_LENGTH = 10
USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")


class AccountError(Exception):
    """A Dutch message for the beheerder or the login form."""


def create_user(actor: str, username: str, role: str, teams: tuple[str, ...] = (), *,
                password: str | None = None, display_name: str = "", email: str | None = None) -> None:
    username = username.strip().lower()
    if not username:
        raise AccountError("Geef een gebruikersnaam.")
    # A user name shows under every story and in the audit log: letters, digits and . _ - only.
    if not USERNAME.fullmatch(username):
        raise AccountError("Een gebruikersnaam bestaat uit kleine letters, cijfers en . _ - "
                           "(hoogstens 64 tekens), bijvoorbeeld 'wmo-3'.")
    if role not in ROLES:
        raise AccountError(f"Onbekende rol '{role}'; kies uit: {', '.join(ROLES)}.")
    if role == PROFESSIONAL and len(teams) != 1:
        raise AccountError("Een professional hoort bij precies één team.")
    if role == MANAGER and not teams:
        raise AccountError("Een manager hoort bij één of meer teams.")
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Een wachtwoord heeft minstens {MIN_PASSWORD_LENGTH} tekens.")
    now = dt.datetime.now(dt.timezone.utc)
    with store.connect() as con:
        if con.execute("select 1 from users where username = ?", [username]).fetchone():
            raise AccountError(f"De gebruiker '{username}' bestaat al.")
        con.execute("insert into users values (?, ?, ?, ?, ?, ?, true, ?, ?)",
                    [username, display_name or username, role, list(teams), email,
                     _hasher.hash(password) if password else None, now, now])
        audit.record(con, actor, "gebruiker_aangemaakt", "gebruiker", username,
                     f"rol {role}; teams {', '.join(teams) or '-'}")


def set_active(actor: str, username: str, active: bool) -> None:
    with store.connect() as con:
        if not con.execute("select 1 from users where username = ?", [username]).fetchone():
            raise AccountError(f"De gebruiker '{username}' bestaat niet.")
        con.execute("update users set active = ?, changed_at = ? where username = ?",
                    [active, dt.datetime.now(dt.timezone.utc), username])
        audit.record(con, actor, "gebruiker_ingeschakeld" if active else "gebruiker_uitgeschakeld",
                     "gebruiker", username)


def login(username: str, password: str) -> Viewer:
    """The viewer for a correct password of an active user; AccountError otherwise (audited)."""
    username = username.strip().lower()
    with store.connect() as con:
        row = con.execute("select password_hash, active, role, teams, display_name from users "
                          "where username = ?", [username]).fetchone()
        ok = _verify(row[0] if row and row[0] else _DUMMY_HASH, password) and bool(row and row[0])
        if not ok or not row[1]:
            audit.record(con, username or "(leeg)", "inloggen_mislukt", "gebruiker", username,
                         "uitgeschakeld" if ok else "onbekende gebruiker of onjuist wachtwoord")
        else:
            audit.record(con, username, "inloggen", "gebruiker", username)
    if not ok:
        raise AccountError("Gebruikersnaam of wachtwoord is onjuist.")
    if not row[1]:
        raise AccountError("Dit account is uitgeschakeld. Neem contact op met de functioneel beheerder.")
    return Viewer(username, row[2], tuple(row[3]), row[4])


def viewer_for_email(email: str) -> Viewer | None:
    """Single sign-on: the active user whose e-mail the identity provider confirmed."""
    with store.connect() as con:
        row = con.execute("select username, role, teams, display_name from users "
                          "where lower(email) = lower(?) and active", [email]).fetchone()
    return Viewer(row[0], row[1], tuple(row[2]), row[3]) if row else None


def list_users():
    with store.connect() as con:
        return con.execute("select username, display_name, role, teams, email, active, changed_at "
                           "from users order by username").pl()


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
