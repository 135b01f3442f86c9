"""The audit log's hash chain: each record's sha256 covers its content and the previous hash.

The hashes live in `audit_chain`, one row per audit record, written by stories/audit.py in the
same transaction as the record and under the store's lock, so no two writers fork the chain.
`audit_log` itself keeps its shape and is only ever inserted into. `verify` walks both tables in
id order and names the first record that was deleted, changed or slipped in. What a chain can
and cannot prove is in the README: someone who can rewrite both tables can recompute every
hash; the optional mirror (ADC_AUDIT_MIRROR, a JSONL file elsewhere) is what catches that.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from kernel import adc_settings
from kernel.adc_files import FILE_MODE, private_dir
from stories.dialect import insert_frame, is_postgres

GENESIS = "0" * 64  # the "previous hash" of the first record


def content_hash_sql(table: str = "") -> str:
    """A record's content hash, computed by DuckDB for a whole batch at once: sha256 over
    id|microseconds since 1970|actor|action|object type|object id|detail, each text
    length-prefixed and NULL as "-", so no two different records give the same text. The chain
    then hashes previous hash + content hash, one record after the other (record_hash)."""
    texts = [
        f"coalesce(length({table}{c}) || ':' || {table}{c}, '-')"
        for c in ("actor", "action", "object_type", "object_id", "detail")
    ]
    return f"sha256(concat_ws('|', {table}audit_id, epoch_us({table}occurred_at), " + ", ".join(texts) + "))"


# The columns `link` needs, as an INSERT ... RETURNING or a SELECT on audit_log gives them.
RETURNING = (
    f"audit_id, occurred_at, actor, action, object_type, object_id, detail, {content_hash_sql()} as content_hash"
)

# Mirror lines per open unit of work (keyed by its connection): written only after it commits
# (see stories/store.py), so a rolled-back record never reaches the mirror. Under the store lock.
_pending: dict[int, list[dict[str, Any]]] = {}


@dataclass(frozen=True)
class Problem:
    """One break in the chain, in Dutch."""

    audit_id: int
    occurred_at: dt.datetime | None
    message: str

    def __str__(self) -> str:
        when = f" van {_moment(self.occurred_at)}" if self.occurred_at else ""
        return f"record {self.audit_id}{when}: {self.message}"


def record_hash(prev_hash: str, content_hash: str) -> str:
    """The chain's link: sha256 over the previous record's hash and this record's content hash."""
    return hashlib.sha256((prev_hash + content_hash).encode("ascii")).hexdigest()


def head(con: duckdb.DuckDBPyConnection) -> tuple[int, str]:
    """The last chained record's id and hash (0 and GENESIS for an empty log)."""
    row = con.execute("select audit_id, record_hash from audit_chain order by audit_id desc limit 1").fetchone()
    return row or (0, GENESIS)


def link(con: duckdb.DuckDBPyConnection, records: pl.DataFrame, *, mirror: bool = True) -> None:
    """Chain these new audit records (columns of RETURNING) after the current head, in the
    caller's transaction. The caller holds the store lock (a unit of work of stories/store.py)."""
    if records.is_empty():
        return
    records = records.sort("audit_id")
    prev = [head(con)[1]]
    for content in records["content_hash"]:
        prev.append(record_hash(prev[-1], content))
    chained = records.with_columns(
        pl.Series("prev_hash", prev[:-1], pl.String), pl.Series("record_hash", prev[1:], pl.String)
    )
    insert_frame(con, "audit_chain", chained.select("audit_id", "occurred_at", "prev_hash", "record_hash"))
    if mirror and adc_settings.audit_mirror_path() is not None:
        _pending.setdefault(id(con), []).extend(_mirror_line(r) for r in chained.iter_rows(named=True))


def link_unchained(con: duckdb.DuckDBPyConnection) -> None:
    """Chain the records written before the chain existed, once: when the store (or a backup)
    gets its `audit_chain` table. Never called on a store that has one, so a row slipped into
    audit_log later is not chained but reported by `verify`."""
    records = con.execute(f"select {RETURNING} from audit_log order by audit_id").pl()
    link(con, records, mirror=False)


# --- verification ----------------------------------------------------------------------------

# The chain is checked in DuckDB, one pass over both tables: each record's hash against its
# content and the hash it names as previous, and that previous hash against the hash of the
# chained record before it (what a loop in id order over both tables compares it with). Only the
# records with a problem come back to Python, so a log of 100,000 records verifies in a moment.
# With $after > 0 only the records after that one are walked, the first checked against $genesis
# (then that record's hash): the tail `verify_after` checks.
_PROBLEMS = f"""
with chain as (
    select audit_id, occurred_at, prev_hash, record_hash,
        lag(record_hash, 1, $genesis) over (order by audit_id) as expected_prev
    from audit_chain where audit_id > $after
),
walk as (
    select coalesce(a.audit_id, c.audit_id) as audit_id,
        coalesce(a.occurred_at, c.occurred_at) as occurred_at,
        a.audit_id is not null as logged, c.audit_id is not null as chained,
        a.actor, a.action,
        c.prev_hash is distinct from c.expected_prev as broken,
        sha256(c.prev_hash || {content_hash_sql("a.")}) is distinct from c.record_hash as changed
    from (select * from audit_log where audit_id > $after) as a full outer join chain as c using (audit_id)
)
select audit_id, occurred_at, logged, chained, actor, action, broken, changed
from walk
where not logged or not chained or broken or changed
order by audit_id
"""


def verify(con: duckdb.DuckDBPyConnection, *, use_mirror: bool = True, mirror: Path | None = None) -> list[Problem]:
    """Every break in the chain, first one first; empty when the log is intact. With a mirror
    (`mirror`, else ADC_AUDIT_MIRROR), the store's records must also be exactly the mirror's."""
    problems = _chain_problems(con, after=0, after_hash=GENESIS)
    mirror = mirror or (adc_settings.audit_mirror_path() if use_mirror else None)
    if mirror is not None and has_chain_table(con):
        hashes = dict(
            con.execute(
                "select audit_id, c.record_hash from audit_log inner join audit_chain as c using (audit_id) "
                "order by audit_id"
            ).fetchall()
        )
        problems += _mirror_problems(con, mirror, hashes)
    return sorted(problems, key=lambda p: p.audit_id)


@dataclass(frozen=True)
class Verified:
    """A position up to which the whole chain was found intact: the last record's id and hash,
    and how many records audit_log and audit_chain held up to and including it."""

    audit_id: int
    record_hash: str
    logged: int
    chained: int


def verified_position(con: duckdb.DuckDBPyConnection) -> Verified:
    """Where the chain stands now (take it in the same snapshot as an intact `verify`)."""
    audit_id, record_hash = head(con)
    logged, chained = con.execute(
        "select (select count(*) from audit_log where audit_id <= $id), "
        "(select count(*) from audit_chain where audit_id <= $id)",
        {"id": audit_id},
    ).fetchone()  # type: ignore[misc]
    return Verified(audit_id, record_hash, int(logged), int(chained))


def verify_after(con: duckdb.DuckDBPyConnection, verified: Verified) -> list[Problem] | None:
    """The quick check after a full one: every record after `verified` as `verify` checks it,
    and that the verified part still ends in the same record (its content and hash unchanged)
    with the same number of records. None when that part changed (a record before it deleted,
    slipped in or the last one altered): then only a full `verify` can say what; an edit to an
    older record in that part is what only a full `verify` finds. No mirror comparison."""
    if not has_chain_table(con):
        return None
    # Three small reads rather than one statement: as scalar subqueries of one SELECT, DuckDB
    # joined the whole tables to find the one record (a tenth of a second instead of a few ms).
    counts = con.execute(
        "select (select count(*) from audit_log where audit_id <= $id), "
        "(select count(*) from audit_chain where audit_id <= $id)",
        {"id": verified.audit_id},
    ).fetchone()
    end = con.execute(
        f"""
        select c.record_hash, sha256(c.prev_hash || {content_hash_sql("a.")})
        from (select * from audit_log where audit_id = $id) as a,
            (select * from audit_chain where audit_id = $id) as c
        """,
        {"id": verified.audit_id},
    ).fetchone() or ((GENESIS, GENESIS) if verified.audit_id == 0 else None)
    same = counts == (verified.logged, verified.chained) and end == (verified.record_hash, verified.record_hash)
    if not same:
        return None
    return sorted(
        _chain_problems(con, after=verified.audit_id, after_hash=verified.record_hash), key=lambda p: p.audit_id
    )


def _chain_problems(con: duckdb.DuckDBPyConnection, *, after: int, after_hash: str) -> list[Problem]:
    """The breaks among the records after `after` (0: all), the first linked to `after_hash`."""
    problems = []
    if not has_chain_table(con):
        # The store's schema steps gave it the chain (stories/schema.py): someone removed it.
        return [
            Problem(0, None, "de hashketen (tabel audit_chain) ontbreekt: het auditlog kan niet worden gecontroleerd.")
        ]
    for audit_id, at, logged, chained, actor, action, broken, changed in con.execute(
        _PROBLEMS, {"genesis": after_hash, "after": after}
    ).fetchall():
        if not logged:
            problems.append(Problem(audit_id, at, "verwijderd uit audit_log (de keten kent het record nog)."))
        elif not chained:
            problems.append(
                Problem(
                    audit_id,
                    at,
                    f"{actor} / {action} staat in audit_log zonder hash: buiten het programma om toegevoegd.",
                )
            )
        else:
            if broken:
                problems.append(
                    Problem(audit_id, at, "de keten is onderbroken: het record ervoor is verwijderd of vervangen.")
                )
            if changed:
                problems.append(
                    Problem(
                        audit_id,
                        at,
                        "de inhoud is gewijzigd na het schrijven (wie, "
                        "handeling, object, toelichting of tijd klopt "
                        "niet met de hash).",
                    )
                )
    return problems


def has_chain_table(con: duckdb.DuckDBPyConnection) -> bool:
    if is_postgres(con):
        return bool(con.execute("select to_regclass('audit_chain') is not null").fetchone()[0])  # type: ignore[index]
    return bool(
        con.execute(
            "select 1 from duckdb_tables() where database_name = current_database() and table_name = 'audit_chain'"
        ).fetchone()
    )


def _mirror_problems(con: duckdb.DuckDBPyConnection, mirror: Path, hashes: dict[int, str]) -> list[Problem]:
    if not mirror.is_file():
        return [Problem(0, None, f"de spiegel {mirror} bestaat niet (ADC_AUDIT_MIRROR).")]
    mirrored: dict[int, dict[str, Any]] = {}
    problems = []
    for number, line in enumerate(mirror.read_text(encoding="utf-8").splitlines(), start=1):
        try:
            entry = json.loads(line)
            if "herstel_na" in entry:  # a restore: what came after that id was replaced
                mirrored = {k: v for k, v in mirrored.items() if k <= int(entry["herstel_na"])}
            else:
                mirrored[int(entry["audit_id"])] = entry
        except (ValueError, KeyError, TypeError):
            problems.append(Problem(0, None, f"regel {number} van de spiegel {mirror.name} is onleesbaar."))
    times = dict(con.execute("select audit_id, occurred_at from audit_chain").fetchall())
    for audit_id in sorted(mirrored.keys() | hashes.keys()):
        entry = mirrored.get(audit_id)
        if entry is None:
            problems.append(Problem(audit_id, times.get(audit_id), f"staat niet in de spiegel {mirror.name}."))
        elif audit_id not in hashes:
            problems.append(
                Problem(
                    audit_id,
                    _parse(entry.get("occurred_at")),
                    f"staat in de spiegel {mirror.name} ({entry.get('actor')} / "
                    f"{entry.get('action')}) maar ontbreekt in de opslag.",
                )
            )
        elif entry.get("record_hash") != hashes[audit_id]:
            problems.append(Problem(audit_id, times.get(audit_id), f"verschilt van de spiegel {mirror.name}."))
    return problems


# --- the mirror ------------------------------------------------------------------------------


def note_restore(con: duckdb.DuckDBPyConnection) -> None:
    """Tell the mirror that the store was replaced by a backup ending at the current head."""
    _pending.setdefault(id(con), []).append({"herstel_na": head(con)[0], "op": dt.datetime.now(dt.UTC).isoformat()})


def discard_pending(con: duckdb.DuckDBPyConnection) -> None:
    _pending.pop(id(con), None)


def write_mirror(con: duckdb.DuckDBPyConnection) -> None:
    """After a commit: append this unit of work's records to the mirror, one JSON line each.
    A new mirror starts with the whole chain. A failed write is reported, never fatal: the
    record is committed, and `verify` will name it as missing from the mirror."""
    lines = _pending.pop(id(con), [])
    path = adc_settings.audit_mirror_path()
    if path is None or not lines:
        return
    try:
        if not path.exists():
            private_dir(path.parent)
            records = con.execute(
                f"select {RETURNING}, c.prev_hash, c.record_hash "
                "from audit_log join (select audit_id, prev_hash, record_hash from audit_chain) "
                "as c using (audit_id) "
                "order by audit_id"
            ).pl()
            lines = [_mirror_line(r) for r in records.iter_rows(named=True)]
        text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
        # One write with O_APPEND: two processes never interleave inside a line.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
        try:
            os.write(fd, text.encode("utf-8"))
        finally:
            os.close(fd)
    except OSError as error:
        print(f"Let op: de auditspiegel {path} is niet bijgewerkt ({error}).", file=sys.stderr)


def _mirror_line(record: dict[str, Any]) -> dict[str, Any]:
    return {
        "audit_id": record["audit_id"],
        "occurred_at": record["occurred_at"].isoformat(),
        "actor": record["actor"],
        "action": record["action"],
        "object_type": record["object_type"],
        "object_id": record["object_id"],
        "detail": record["detail"],
        "prev_hash": record["prev_hash"],
        "record_hash": record["record_hash"],
    }


def _parse(text: str | None) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


def _moment(at: dt.datetime) -> str:
    if at.tzinfo is not None:
        at = at.astimezone(dt.UTC)
    return at.strftime("%d-%m-%Y %H:%M:%S UTC")
