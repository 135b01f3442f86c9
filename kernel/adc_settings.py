"""Every setting of the product, declared once with its default and help text.

Settings are read from the environment at call time, so a test can change them with
monkeypatch.setenv. tests/test_docs.py fails when the README misses one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the project folder (this file is in kernel/)


@dataclass(frozen=True)
class Setting:
    env: str
    default: str
    help: str

    def get(self) -> str:
        return os.environ.get(self.env, self.default)


DATA_DIR = Setting(
    "ADC_DATA_DIR",
    "data",
    "Folder for every database file (figures, stories) and the load log; relative to the "
    "repository root unless absolute.",
)
SUPPRESSION_THRESHOLD = Setting(
    "ADC_SUPPRESSION_THRESHOLD",
    "10",
    "Council views hide a (rounded) count below this number and a percentage or median over it "
    '(CBS practice); a whole number of 1 or more, or the app does not start. See "Small '
    'numbers".',
)
DEDUCE_CACHE_DIR = Setting(
    "ADC_DEDUCE_CACHE_DIR",
    ".cache/deduce",
    "Where the de-identifier keeps its lookup cache (about 80 MB, built once by the set-up).",
)
PRIVACY_CHECKER = Setting(
    "ADC_PRIVACY_CHECKER",
    "deduce",
    "'deduce' (the real Dutch de-identifier plus own validators) or 'rules' (own validators only; fast, for tests).",
)

AUTH = Setting(
    "ADC_AUTH",
    "local",
    "'local' (accounts in the project's own store, argon2 hashes) or 'oidc' (single sign-on "
    "with Streamlit's OpenID Connect; needs an [auth] section in .streamlit/secrets.toml).",
)
SESSION_TIMEOUT_MINUTES = Setting(
    "ADC_SESSION_TIMEOUT_MINUTES",
    "30",
    "A session idle for longer than this many minutes is logged out, also with single sign-on; "
    "a fraction is allowed (0.5 is 30 seconds).",
)

MAX_UPLOAD_MB = Setting(
    "ADC_MAX_UPLOAD_MB",
    "300",
    "The largest source file the Beheer page accepts, in megabytes (a decisions export of 2 "
    "million rows is about 160 MB); a larger upload is refused in Dutch and nothing changes. "
    "Keep server.maxUploadSize in .streamlit/config.toml above it.",
)

RAAD_NEEDS_MANAGER = Setting(
    "ADC_RAAD_NEEDS_MANAGER",
    "ja",
    "'ja' (default): a story for the council is published only after a colleague's approval "
    "and then a manager of the author's team; 'nee': one colleague's approval publishes it.",
)
AUDIT_MIRROR = Setting(
    "ADC_AUDIT_MIRROR",
    "",
    "Optional path of an append-only JSONL file that receives a copy of every audit record "
    "with its hash; 'python -m stories audit verify' then compares the store with it.",
)
AUDIT_FULL_CHECK_MINUTES = Setting(
    "ADC_AUDIT_FULL_CHECK_MINUTES",
    "60",
    "How often the Auditlog page re-checks the whole hash chain, in minutes (0: at every look); "
    "in between it checks the new records and that the checked part still ends where it did. "
    "The button 'Controleer de hele keten' checks it all at once.",
)

# Limits on what one source file may cost to read: each is checked before the work it bounds,
# and a file over one is refused in Dutch, naming the file and the limit.
MAX_XLSX_UNPACKED_MB = Setting(
    "ADC_MAX_XLSX_UNPACKED_MB",
    "500",
    "The largest total size an .xlsx may unpack to, in megabytes (a zip bomb unpacks a small "
    "file to gigabytes); a 2-million-row workbook unpacks to about 400 MB.",
)
MAX_XLSX_RATIO = Setting(
    "ADC_MAX_XLSX_RATIO",
    "100",
    "The largest compression ratio of an .xlsx that unpacks to more than 10 MB (Excel's own "
    "files stay under 20:1; a zip bomb's is a thousand to one).",
)
MAX_ROWS = Setting(
    "ADC_MAX_ROWS",
    "3000000",
    "The most rows one source file (or worksheet) may hold.",
)
MAX_CELLS = Setting(
    "ADC_MAX_CELLS",
    "50000000",
    "The most cells one source file (or worksheet) may hold: rows times columns.",
)
MAX_LINE_KB = Setting(
    "ADC_MAX_LINE_KB",
    "1024",
    "The longest line a CSV file may have, in kilobytes (a cell holds at most 10,000 characters).",
)
MAX_REJECTIONS_PER_COLUMN = Setting(
    "ADC_MAX_REJECTIONS_PER_COLUMN",
    "20",
    "How many rejected values of one column of one file are kept and shown one by one; the "
    "rest are counted exactly ('en nog 3.749.980 andere waarden').",
)
BUILD_MEMORY_MB = Setting(
    "ADC_BUILD_MEMORY_MB",
    "4096",
    "The resident memory a build process may use, in megabytes (a G4-scale build peaks at "
    "about 1.2 GB). Uploads are checked and built in a process of their own; one that passes "
    "this limit is stopped and nothing changes.",
)
BUILD_TIMEOUT_SECONDS = Setting(
    "ADC_BUILD_TIMEOUT_SECONDS",
    "900",
    "The longest a build process may run, in seconds, before it is stopped and nothing changes.",
)

CBS_URL = Setting(
    "ADC_CBS_URL",
    "https://datasets.cbs.nl/odata/v1/CBS",
    "Where 'python -m etl cbs fetch' asks CBS StatLine's OData v4 service for the figures of "
    "similar municipalities (the tests point it at a local recording).",
)
CBS_PEERS = Setting(
    "ADC_CBS_PEERS",
    "",
    "The peer group ('vergelijkbare gemeenten'): GM codes separated by commas, chosen by the "
    "beheerder from the CBS snapshot; empty (default): every municipality in the snapshot in "
    "the same CBS size class (gemeentegrootteklasse) by inhabitants.",
)
STORE_URL = Setting(
    "ADC_STORE_URL",
    "",
    "Leeg (standaard): verhalen, accounts en auditlog staan in het DuckDB-bestand stories.duckdb "
    "in ADC_DATA_DIR. Een PostgreSQL-adres (postgresql://gebruiker:wachtwoord@host:poort/database) "
    "zet ze in die PostgreSQL-database (versie 15 of nieuwer); de cijfers blijven in DuckDB. "
    "scripts/postgres.sh start er een op 127.0.0.1.",
)

SETTINGS = (
    DATA_DIR,
    SUPPRESSION_THRESHOLD,
    DEDUCE_CACHE_DIR,
    PRIVACY_CHECKER,
    AUTH,
    SESSION_TIMEOUT_MINUTES,
    MAX_UPLOAD_MB,
    RAAD_NEEDS_MANAGER,
    AUDIT_MIRROR,
    AUDIT_FULL_CHECK_MINUTES,
    MAX_XLSX_UNPACKED_MB,
    MAX_XLSX_RATIO,
    MAX_ROWS,
    MAX_CELLS,
    MAX_LINE_KB,
    MAX_REJECTIONS_PER_COLUMN,
    BUILD_MEMORY_MB,
    BUILD_TIMEOUT_SECONDS,
    CBS_URL,
    CBS_PEERS,
    STORE_URL,
)


def data_dir() -> Path:
    path = Path(DATA_DIR.get())
    return path if path.is_absolute() else ROOT / path


def figures_db_path() -> Path:
    return data_dir() / "figures.duckdb"


def stories_db_path() -> Path:
    return data_dir() / "stories.duckdb"


def store_url() -> str | None:
    """The PostgreSQL story store's URL, or None for the DuckDB file (the default);
    SettingError (Dutch, without the password) for anything else."""
    value = STORE_URL.get().strip()
    if not value:
        return None
    scheme, _, rest = value.partition("://")
    if scheme not in ("postgresql", "postgres") or not rest.rpartition("@")[2].strip("/"):
        shown = rest.rpartition("@")[2] if "@" in rest else value[:40]
        raise SettingError(
            f"ADC_STORE_URL moet leeg zijn of een PostgreSQL-adres als "
            f"postgresql://gebruiker:wachtwoord@host:poort/database, niet '{shown}'."
        )
    return value


def load_log_path() -> Path:
    return data_dir() / "load_log.jsonl"


class SettingError(ValueError):
    """A setting with a value the product cannot work with; the message is Dutch and names it."""


def suppression_threshold() -> int:
    raw = SUPPRESSION_THRESHOLD.get().strip()
    if not raw.isdigit() or int(raw) < 1:
        raise SettingError(
            f"De instelling {SUPPRESSION_THRESHOLD.env} is '{raw}', maar moet een geheel getal "
            "van 1 of meer zijn (standaard 10): het kleinste aantal dat de raad te zien krijgt."
        )
    return int(raw)


def check() -> None:
    """Every setting that must hold before the app serves anyone; SettingError otherwise."""
    suppression_threshold()
    audit_full_check_minutes()
    store_url()


def auth_mode() -> str:
    return AUTH.get().strip().lower()


def session_timeout_minutes() -> float:
    return float(SESSION_TIMEOUT_MINUTES.get())


def max_upload_mb() -> float:
    return float(MAX_UPLOAD_MB.get())


def raad_needs_manager() -> bool:
    value = RAAD_NEEDS_MANAGER.get().strip().lower()
    if value in ("ja", "1", "true", "aan", "yes", "on"):
        return True
    if value in ("nee", "0", "false", "uit", "no", "off"):
        return False
    raise ValueError(f"ADC_RAAD_NEEDS_MANAGER moet 'ja' of 'nee' zijn, niet {value!r}.")


def audit_full_check_minutes() -> float:
    raw = AUDIT_FULL_CHECK_MINUTES.get().strip()
    try:
        minutes = float(raw)
    except ValueError:
        minutes = -1.0
    if not minutes >= 0:  # also refuses nan
        raise SettingError(
            f"De instelling {AUDIT_FULL_CHECK_MINUTES.env} is '{raw}', maar moet een getal van 0 of meer "
            "zijn (standaard 60): om de hoeveel minuten het Auditlog de hele hashketen opnieuw controleert."
        )
    return minutes


def audit_mirror_path() -> Path | None:
    """The audit mirror file, or None when the setting is empty."""
    value = AUDIT_MIRROR.get().strip()
    if not value:
        return None
    path = Path(value)
    return path if path.is_absolute() else ROOT / path


def cbs_peers() -> list[str]:
    """The beheerder's peer group as GM codes; empty: the size class decides."""
    return [code.strip().upper() for code in CBS_PEERS.get().split(",") if code.strip()]
