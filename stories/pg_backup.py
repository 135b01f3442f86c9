"""Back-up and restore of the PostgreSQL story store with Debian's pg_dump and pg_restore.

A backup is a folder with `stories.pgdump` (pg_dump's custom format) and `manifest.json` (its
sha256 and the row count of every table), both from one snapshot: the counts are read in a
transaction whose snapshot pg_dump is handed (`--snapshot`). The backup is recorded in the audit
log first, so it holds its own record. A restore checks the file against the manifest, keeps
the current store as `voor-herstel-<UTC time>.pgdump` next to the backup, restores in one
transaction, and then checks the counts and the audit chain; the replicas of running dashboard
processes are told every story changed. The password travels in PGPASSWORD, never on a command line.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

from kernel import vocabulary
from stories import audit, audit_chain, postgres, store, to_postgres

DUMP = "stories.pgdump"
MANIFEST = "manifest.json"


class PgBackupRefused(Exception):
    """Dutch: why no backup was made or nothing was restored."""


@dataclass(frozen=True)
class PgBackup:
    folder: Path
    counts: dict[str, int]
    kept: Path | None = None  # a restore: the store as it was before


def _tool(name: str, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run pg_dump or pg_restore on `url` with the password in the environment only."""
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    netloc = f"{parts.username}@{host}:{parts.port or 5432}" if parts.username else f"{host}:{parts.port or 5432}"
    env = os.environ | ({"PGPASSWORD": parts.password} if parts.password else {})
    safe_url = urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
    done = subprocess.run([name, *args, f"--dbname={safe_url}"], capture_output=True, text=True, env=env)
    if done.returncode:
        raise PgBackupRefused(f"{name} faalde: {done.stderr.strip()[-400:]}")
    return done


def _counts(cursor: psycopg.Connection) -> dict[str, int]:
    return {t: cursor.execute(f"select count(*) from {t}").fetchone()[0] for t in to_postgres.TABLES}  # type: ignore[index]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def backup(folder: Path, actor: str, url: str) -> PgBackup:
    if folder.exists() and any(folder.iterdir()):
        raise PgBackupRefused(f"de map {folder} is niet leeg; kies een nieuwe of lege map.")
    folder.mkdir(parents=True, exist_ok=True)
    audit.record_now(actor, vocabulary.BACKUP_MADE, "verhalenopslag", postgres.where(url), f"back-up naar {folder}")
    with psycopg.connect(url) as snapshot:  # counts and dump from one snapshot
        snapshot.execute("set transaction isolation level repeatable read, read only")
        name = snapshot.execute("select pg_export_snapshot()").fetchone()[0]  # type: ignore[index]
        counts = _counts(snapshot)
        _tool("pg_dump", url, "--format=custom", "--no-owner", f"--snapshot={name}", f"--file={folder / DUMP}")
    manifest = {"created_at": dt.datetime.now(dt.UTC).isoformat(), "sha256": _sha256(folder / DUMP), "tables": counts}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return PgBackup(folder, counts)


def restore(folder: Path, actor: str, url: str) -> PgBackup:
    if not folder.is_dir() or not any(folder.iterdir()):
        raise PgBackupRefused(f"de map {folder} bestaat niet of is leeg: er staat geen back-up in.")
    if not (folder / MANIFEST).is_file():
        raise PgBackupRefused(f"{MANIFEST} ontbreekt in {folder}: dat is geen back-up van 'python -m stories backup'.")
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise PgBackupRefused(f"{folder / MANIFEST} is onleesbaar (verwacht: de JSON van een back-up).") from None
    if not (folder / DUMP).is_file() or _sha256(folder / DUMP) != manifest.get("sha256"):
        raise PgBackupRefused(f"{folder / DUMP} ontbreekt of is gewijzigd sinds de back-up (sha256 klopt niet).")
    kept = folder.parent / f"voor-herstel-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}.pgdump"
    _tool("pg_dump", url, "--format=custom", "--no-owner", f"--file={kept}")
    with store.connect() as con:  # the stories before, so replicas drop what the backup lacks
        before = [r[0] for r in con.execute("select story_id from stories").fetchall()]
        head = con.execute("select coalesce(max(change_id), 0) from story_changes").fetchone()[0]  # type: ignore[index]
    _tool("pg_restore", url, "--clean", "--if-exists", "--no-owner", "--single-transaction", str(folder / DUMP))
    postgres.close_all()  # pooled connections may hold plans of the dropped tables
    with store.connect() as con:
        counts = {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in to_postgres.TABLES}  # type: ignore[index]
        if counts != manifest["tables"]:
            raise PgBackupRefused(
                f"na het herstel kloppen de aantallen niet met de back-up; de vorige opslag staat in {kept}."
            )
        if problems := audit_chain.verify(con, use_mirror=False):
            raise PgBackupRefused(f"na het herstel klopt de hashketen niet ({problems[0]}); de vorige staat in {kept}.")
        # Numbers after every replica's last one: each copies the stories anew (or drops them).
        con.execute("select setval('story_changes_change_id_seq', greatest(?, 1))", [head])
        con.execute(
            "insert into story_changes (story_id) select story_id from stories "
            "union select unnest(?::varchar[]) order by 1",
            [before],
        )
        audit_chain.note_restore(con)
        audit.record(con, actor, vocabulary.RESTORE_DONE, "verhalenopslag", postgres.where(url), f"uit {folder}")
    return PgBackup(folder, counts, kept)
