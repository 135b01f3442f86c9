"""Local accounts: create, disable, verify a password. One row per user in the app's store.

Passwords are hashed with argon2id (argon2-cffi, salted and deliberately slow); a hash is never
compared by hand. Every change and every login attempt writes one audit record.
"""

from __future__ import annotations

import datetime as dt
import re

import polars as pl
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

from accounts import throttle
from kernel import vocabulary
from kernel.access import MANAGER, PROFESSIONAL, ROLES, Viewer
from stories import audit, store

_hasher = PasswordHasher()
# Verifying against a dummy hash when the user does not exist keeps the answer time the same,
# so a login form does not reveal which user names exist. Written out rather than hashed on
# import (90 ms in every process that imports this module: the server, each command line, each
# build); tests/test_accounts.py checks that it has the hasher's own parameters, so verifying
# against it costs what verifying a real password costs.
_DUMMY_HASH = "$argon2id$v=19$m=65536,t=3,p=4$K/fsdO5+OV3u450AS2vqJA$JvAtI+fweC0WBJCG9U3xQtVbp+tsXacpNqJQMHRmrag"
MIN_PASSWORD_LENGTH = 12
# Longer passwords add nothing but hashing work for whoever sends them.
MAX_PASSWORD_LENGTH = 256
# zxcvbn's score, 0-4: 3 is "safely unguessable" against an online attack with throttling.
MIN_PASSWORD_SCORE = 3
USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
# zxcvbn knows English words and the world's common passwords; these are the Dutch ones it
# misses (and this product's own names), counted as known words like the user's own name.
DUTCH_COMMON = (
    "welkom",
    "wachtwoord",
    "geheim",
    "gemeente",
    "zomer",
    "winter",
    "lente",
    "herfst",
    "voorjaar",
    "najaar",
    "maandag",
    "vrijdag",
    "achterdecijfers",
    "sociaal",
    "domein",
    "raadslid",
    "wethouder",
    "beheerder",
    "inloggen",
)
# The demo accounts' password is in the README: no other account may have it (accounts/demo.py).
DEMO_PASSWORD = "koggenwaard-demo"
WRONG = "Gebruikersnaam of wachtwoord is onjuist."
LOCKED = (
    "Te veel mislukte pogingen. Inloggen met deze gegevens kan over 15 minuten weer; "
    "de functioneel beheerder kan het eerder vrijgeven."
)


class AccountError(Exception):
    """A Dutch message for the beheerder or the login form."""


def create_user(
    actor: str,
    username: str,
    role: str,
    teams: tuple[str, ...] = (),
    *,
    password: str | None = None,
    display_name: str = "",
    email: str | None = None,
    password_hash: str | None = None,
) -> None:
    """A new active account. `password_hash` only for the demo accounts (accounts/demo.py),
    which share one hash of the public demo password instead of passing the policy."""
    username = username.strip().lower()
    if not username:
        raise AccountError("Geef een gebruikersnaam.")
    # A user name shows under every story and in the audit log: letters, digits and . _ - only.
    if not USERNAME.fullmatch(username):
        raise AccountError(
            "Een gebruikersnaam bestaat uit kleine letters, cijfers en . _ - "
            "(hoogstens 64 tekens), bijvoorbeeld 'wmo-3'."
        )
    if role not in ROLES:
        raise AccountError(f"Onbekende rol '{role}'; kies uit: {', '.join(ROLES)}.")
    if role == PROFESSIONAL and len(teams) != 1:
        raise AccountError("Een professional hoort bij precies één team.")
    if role == MANAGER and not teams:
        raise AccountError("Een manager hoort bij één of meer teams.")
    if password is not None:
        check_password(password, username, display_name)
        password_hash = _hasher.hash(password)
    elif not email and not password_hash:
        raise AccountError("Geef een wachtwoord, of een e-mailadres voor inloggen via single sign-on.")
    now = dt.datetime.now(dt.UTC)
    with store.connect() as con:
        if con.execute("select 1 from users where username = ?", [username]).fetchone():
            raise AccountError(f"De gebruiker '{username}' bestaat al.")
        con.execute(
            "insert into users values (?, ?, ?, ?, ?, ?, true, ?, ?)",
            [username, display_name or username, role, list(teams), email, password_hash, now, now],
        )
        audit.record(
            con, actor, vocabulary.USER_CREATED, "gebruiker", username, f"rol {role}; teams {', '.join(teams) or '-'}"
        )


def set_active(actor: str, username: str, active: bool) -> None:
    with store.connect() as con:
        if not con.execute("select 1 from users where username = ?", [username]).fetchone():
            raise AccountError(f"De gebruiker '{username}' bestaat niet.")
        con.execute(
            "update users set active = ?, changed_at = ? where username = ?",
            [active, dt.datetime.now(dt.UTC), username],
        )
        if not active:  # open sessions of a disabled account end now, not at their next action
            con.execute(
                "update sessions set ended_at = ?, end_reason = 'account uitgeschakeld' "
                "where username = ? and ended_at is null",
                [dt.datetime.now(dt.UTC), username],
            )
        audit.record(con, actor, vocabulary.USER_ENABLED if active else vocabulary.USER_DISABLED, "gebruiker", username)


def check_password(password: str, username: str = "", display_name: str = "") -> None:
    """AccountError (Dutch) for a password that is too short, too long or easy to guess."""
    if len(password.strip()) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            f"Een wachtwoord heeft minstens {MIN_PASSWORD_LENGTH} tekens "
            "(spaties aan het begin of eind tellen niet mee)."
        )
    if password.strip() == DEMO_PASSWORD:
        raise AccountError("Dit is het openbare demo-wachtwoord uit de README; kies een eigen wachtwoord.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(f"Een wachtwoord heeft hoogstens {MAX_PASSWORD_LENGTH} tekens.")
    # The estimator knows common passwords, words, dates, keyboard rows and repeats; the user's
    # own names count as known words.
    if zxcvbn(password, user_inputs=[username, display_name, *DUTCH_COMMON])["score"] < MIN_PASSWORD_SCORE:
        raise AccountError(
            "Dit wachtwoord is te makkelijk te raden. Kies een langere zin van "
            "een paar losse woorden, of een mengsel zonder bekende woorden, "
            "reeksen of jaartallen."
        )


def shown_name(raw: str) -> str:
    """A user name as typed, safe for the audit log: a valid name as is, anything else cut short
    and marked, so that a megabyte of text never reaches the log."""
    if USERNAME.fullmatch(raw):
        return raw
    return f"(ongeldige naam, {len(raw)} tekens: {raw[:32]!r})"


def login(username: str, password: str, client: str | None = None) -> Viewer:
    """The viewer for a correct password of an active user; AccountError otherwise (audited).

    `client` is the browser's address: failures are counted per user name and per address
    (accounts/throttle.py); while either is locked, even the right password is refused."""
    username = username.strip().lower()
    now = dt.datetime.now(dt.UTC)
    valid = bool(USERNAME.fullmatch(username)) and 0 < len(password) <= MAX_PASSWORD_LENGTH
    subjects = [s for s in (throttle.user_subject(username) if valid else None, throttle.address_subject(client)) if s]
    with store.connect() as con:
        is_locked = throttle.locked(con, subjects, now)
        if is_locked:
            audit.record(
                con,
                shown_name(username),
                vocabulary.LOGIN_BLOCKED,
                "gebruiker",
                shown_name(username),
                f"adres {client or '-'}",
            )
        # A name that cannot exist is refused before any lookup.
        row = (
            con.execute(
                "select password_hash, active, role, teams, display_name from users where username = ?", [username]
            ).fetchone()
            if valid and not is_locked
            else None
        )
    if is_locked:
        raise AccountError(LOCKED)
    # Hashing takes a fifth of a second: outside the store's transaction, so other sessions'
    # work does not wait for it. A name that does not exist is hashed all the same.
    ok = _verify(row[0] if row and row[0] else _DUMMY_HASH, password[:MAX_PASSWORD_LENGTH]) and bool(row and row[0])
    with store.connect() as con:
        if ok and row and row[1]:
            throttle.clear(con, throttle.user_subject(username))
            audit.record(con, username, vocabulary.LOGIN, "gebruiker", username)
            return Viewer(username, row[2], tuple(row[3]), row[4])
        audit.record(
            con,
            shown_name(username),
            vocabulary.LOGIN_FAILED,
            "gebruiker",
            shown_name(username),
            "uitgeschakeld" if ok else "onbekende gebruiker of onjuist wachtwoord",
        )
        for subject in throttle.record_failure(con, subjects, now):
            audit.record(
                con,
                "systeem",
                vocabulary.LOGIN_LOCKED,
                "inloggen",
                subject,
                f"te veel mislukte pogingen; geblokkeerd tot {now + throttle.LOCK:%H:%M} UTC",
            )
    if not ok:
        raise AccountError(WRONG)
    raise AccountError("Dit account is uitgeschakeld. Neem contact op met de functioneel beheerder.")


def unlock(actor: str, username: str) -> bool:
    """Lift a login lock on `username` (audited); whether it was locked."""
    username = username.strip().lower()
    with store.connect() as con:
        was_locked = throttle.clear(con, throttle.user_subject(username))
        audit.record(
            con,
            actor,
            vocabulary.LOGIN_UNLOCKED,
            "gebruiker",
            shown_name(username),
            "was geblokkeerd" if was_locked else "was niet geblokkeerd",
        )
    return was_locked


def viewer_for_email(email: str) -> Viewer | None:
    """Single sign-on: the active user whose e-mail the identity provider confirmed."""
    with store.read_only() as con:
        row = con.execute(
            "select username, role, teams, display_name from users where lower(email) = lower(?) and active", [email]
        ).fetchone()
    return Viewer(row[0], row[1], tuple(row[2]), row[3]) if row else None


def list_users() -> pl.DataFrame:
    with store.read_only() as con:
        return con.execute(
            "select username, display_name, role, teams, email, active, changed_at from users order by username"
        ).pl()


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
