"""Demo accounts for the sample data (Koggenwaard); documented in the README."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from accounts.users import DEMO_PASSWORD, AccountError, create_user
from kernel import adc_settings
from kernel.access import BEHEERDER, MANAGER, PROFESSIONAL, RAAD, Viewer
from kernel.adc_duckdb import scalar
from stories import store

SAMPLE_DATA = adc_settings.ROOT / "sample_data"

# username, display name, role, teams
DEMO_USERS = (
    ("wethouder", "Wethouder sociaal domein", RAAD, ()),
    ("raadslid", "Raadslid", RAAD, ()),
    ("manager-participatie", "Teamleider Werk en Inkomen", MANAGER, ("WI-NOORD", "WI-ZUID", "HANDH")),
    ("manager-zorg", "Teamleider Zorg en Jeugd", MANAGER, ("WMO", "JGD-OOST", "JGD-WEST", "SHV", "LLV")),
    ("wi-zuid-1", "Klantmanager WI-Zuid", PROFESSIONAL, ("WI-ZUID",)),
    ("wi-zuid-2", "Klantmanager WI-Zuid (2)", PROFESSIONAL, ("WI-ZUID",)),
    ("wi-noord-1", "Klantmanager WI-Noord", PROFESSIONAL, ("WI-NOORD",)),
    ("handh-1", "Handhaver", PROFESSIONAL, ("HANDH",)),
    ("wmo-1", "Wmo-consulent", PROFESSIONAL, ("WMO",)),
    ("jgd-oost-1", "Jeugdconsulent Oost", PROFESSIONAL, ("JGD-OOST",)),
    ("shv-1", "Schuldhulpverlener", PROFESSIONAL, ("SHV",)),
    ("llv-1", "Consulent leerlingenvervoer", PROFESSIONAL, ("LLV",)),
    ("beheerder", "Functioneel beheerder", BEHEERDER, ()),
)


def built_from_sample_data(figures_path: Path | None = None) -> bool:
    """Whether the figures were built from this repository's sample_data/ and nothing else: every
    source file recorded in the database has the content (SHA-256) of the sample file of that
    name. A copy of the sample folder elsewhere counts; one changed file does not."""
    figures_path = figures_path or adc_settings.figures_db_path()
    if not figures_path.exists():
        return False
    with duckdb.connect(str(figures_path), read_only=True) as con:
        try:
            recorded = con.execute("select file_name, sha256 from meta_source_files").fetchall()
        except duckdb.CatalogException:
            return False
    return bool(recorded) and all(
        (SAMPLE_DATA / name).is_file() and hashlib.sha256((SAMPLE_DATA / name).read_bytes()).hexdigest() == sha256
        for name, sha256 in recorded
    )


def create_demo_users(*, synthetic: bool = False) -> int:
    """Create the demo accounts that do not exist yet; returns how many were added.
    Only for figures built from the sample data (`built_from_sample_data`): the demo password
    is in the README, so on real data these accounts would be open to anyone. `synthetic`: the
    caller vouches that the data is made up all the same (the benchmark's city, test data)."""
    if not synthetic and not built_from_sample_data():
        raise AccountError(
            "Demo-accounts zijn alleen voor de voorbeelddata: de cijfers zijn niet "
            "(alleen) uit sample_data/ gebouwd. Maak echte accounts met "
            "'python -m accounts create'."
        )
    with store.connect() as con:  # accounts of its own: in real use, whatever the figures say
        own = scalar(
            con,
            "select count(*) from users where username not in (select unnest(?::varchar[]))",
            [[name for name, *_ in DEMO_USERS]],
        )
    if own and not synthetic:
        raise AccountError(
            f"Deze installatie heeft {own} eigen account(s); demo-accounts komen er "
            "niet bij. Ze zijn alleen voor een proefinstallatie op de voorbeelddata."
        )
    added, shared_hash = 0, PasswordHasher().hash(DEMO_PASSWORD)  # one hash: one check for the banner
    for username, display_name, role, teams in DEMO_USERS:
        try:
            create_user("setup", username, role, teams, password_hash=shared_hash, display_name=display_name)
            added += 1
        except AccountError:
            continue  # already there: a second set-up changes nothing
    return added


# password hash -> whether it is the demo password. A hash only changes with its password, and
# verifying one takes a fifth of a second: each is verified once per process.
_IS_DEMO_HASH: dict[str, bool] = {}


def accounts_with_demo_password() -> list[str]:
    """Active demo accounts that still have the public demo password (the banner warns of them).
    No other account can have it: the password policy refuses it."""
    with store.connect() as con:
        rows = con.execute(
            "select username, password_hash from users where active and password_hash "
            "is not null and username in (select unnest(?::varchar[])) order by username",
            [[name for name, *_ in DEMO_USERS]],
        ).fetchall()
    hasher = PasswordHasher()
    for _, password_hash in rows:
        if password_hash not in _IS_DEMO_HASH:
            try:
                _IS_DEMO_HASH[password_hash] = hasher.verify(password_hash, DEMO_PASSWORD)
            except (VerificationError, InvalidHashError):
                _IS_DEMO_HASH[password_hash] = False
    return [username for username, password_hash in rows if _IS_DEMO_HASH[password_hash]]


def demo_viewer(username: str) -> Viewer:
    """The Viewer a demo account logs in as (for tests and benchmarks that skip the login)."""
    for name, display_name, role, teams in DEMO_USERS:
        if name == username:
            return Viewer(name, role, teams, display_name)
    raise KeyError(username)


# One demo account per role: who a test or a benchmark opens the dashboard as.
ROLE_EXAMPLES = {RAAD: "wethouder", MANAGER: "manager-participatie", PROFESSIONAL: "wi-zuid-1", BEHEERDER: "beheerder"}


def viewer_per_role() -> dict[str, Viewer]:
    return {role: demo_viewer(name) for role, name in ROLE_EXAMPLES.items()}
