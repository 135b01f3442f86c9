"""Private files: every database, log and backup the project writes is readable by its owner only."""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dir(path: Path, *, tighten: bool = False) -> Path:
    """Create `path` (and missing parents) readable by the owner only. An existing folder is
    tightened only when asked: the project's own data folder yes, a shared /tmp never."""
    path = Path(path)
    missing = [p for p in (path, *path.parents) if not p.exists()]
    path.mkdir(parents=True, exist_ok=True)
    for created in missing if not tighten or not _own_plain_dir(path) else {*missing, path}:
        os.chmod(created, DIR_MODE)
    return path


def _own_plain_dir(path: Path) -> bool:
    # Never a shared folder: one with the sticky bit (/tmp) or someone else's.
    info = path.stat()
    return not info.st_mode & stat.S_ISVTX and info.st_uid == os.getuid()


def private_file(*paths: Path) -> None:
    """Owner-only read and write for each of these files that exists (a DuckDB file, its WAL)."""
    for path in paths:
        with contextlib.suppress(FileNotFoundError):
            os.chmod(path, FILE_MODE)


def file_sha256(path: Path) -> str:
    """The sha256 of a file, read in chunks (backups and caches can be large)."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
