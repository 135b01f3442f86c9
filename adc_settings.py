"""Every setting of the product, declared once with its default and help text.

Settings are read from the environment at call time, so a test can change them with
monkeypatch.setenv. tests/test_docs.py fails when the README misses one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent


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
    "Council views hide a count below this number, a percentage over it and a total that "
    "would reveal it (CBS practice).",
)
DEDUCE_CACHE_DIR = Setting(
    "ADC_DEDUCE_CACHE_DIR",
    ".cache/deduce",
    "Where the de-identifier keeps its lookup cache (about 80 MB, built once by the set-up).",
)
PRIVACY_CHECKER = Setting(
    "ADC_PRIVACY_CHECKER",
    "deduce",
    "'deduce' (the real Dutch de-identifier plus own validators) or 'rules' (own validators "
    "only; fast, for tests).",
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

SETTINGS = (DATA_DIR, SUPPRESSION_THRESHOLD, DEDUCE_CACHE_DIR, PRIVACY_CHECKER, AUTH,
            SESSION_TIMEOUT_MINUTES, MAX_UPLOAD_MB)


def data_dir() -> Path:
    path = Path(DATA_DIR.get())
    return path if path.is_absolute() else ROOT / path


def figures_db_path() -> Path:
    return data_dir() / "figures.duckdb"


def stories_db_path() -> Path:
    return data_dir() / "stories.duckdb"


def load_log_path() -> Path:
    return data_dir() / "load_log.jsonl"


def suppression_threshold() -> int:
    return int(SUPPRESSION_THRESHOLD.get())


def auth_mode() -> str:
    return AUTH.get().strip().lower()


def session_timeout_minutes() -> float:
    return float(SESSION_TIMEOUT_MINUTES.get())


def max_upload_mb() -> float:
    return float(MAX_UPLOAD_MB.get())
