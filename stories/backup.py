"""Backup and restore of the story store: every table to Parquet with a manifest, and back.

A backup is one consistent snapshot, written inside one unit of work of the store
(stories/store.py) that first records the backup in the audit log, so the backup holds its own
trace. Tables and sequences are read from the database itself, never from a list in this
module, so a table added by a schema step (stories/migrations/) later is backed up and restored
without a change here. A backup is written into a hidden sibling folder and renamed into place at the end: a
half-written backup never looks complete.

A restore never edits the live store. It checks the backup first (manifest, sha256 of every
file, row counts read back), builds a new file beside the store from the schema steps
(stories/schema.py) and the backup, checks the audit log's hash chain in it (a backup with an
edited audit table is refused, even when its manifest was recomputed), and swaps it in with
os.replace while holding the old file's lock; the replaced file is
kept as `stories.duckdb.voor-herstel-<UTC time>`, so restoring never loses data.

Figures (figures.duckdb) are not backed up: they are rebuilt from their sources with
`python -m etl build`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

from kernel import adc_settings, vocabulary
from kernel.adc_duckdb import remove_database, scalar
from kernel.adc_files import file_sha256, private_dir, private_file
from stories import audit, audit_chain, current, search, store
from stories.schema import MIGRATIONS_TABLE
from stories.schema import create as create_schema

FORMAT = "achter-de-cijfers/verhalenopslag"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
NEXTVAL = re.compile(r"nextval\('([^']+)'\)", re.IGNORECASE)


class BackupRefused(Exception):
    """The backup was not made; the message is Dutch and nothing was written."""


class RestoreRefused(Exception):
    """The restore was not done and the store is unchanged; one Dutch message per problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    default: str | None = None
    nullable: bool = True
    comment: str | None = None


@dataclass(frozen=True)
class Table:
    schema: str
    name: str
    file: str
    rows: int
    sha256: str
    columns: list[Column]
    # Kept so a table that the schema steps do not (or no longer) create comes back whole.
    create_sql: str
    comment: str | None = None
    indexes: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.name if self.schema == "main" else f"{self.schema}.{self.name}"


@dataclass(frozen=True)
class Sequence:
    schema: str
    name: str
    next_value: int
    increment_by: int = 1
    min_value: int = 1
    max_value: int = 2**63 - 1
    cycle: bool = False


@dataclass(frozen=True)
class Manifest:
    created_at: str
    source_store: str
    tables: list[Table]
    sequences: list[Sequence]
    format: str = FORMAT
    format_version: int = FORMAT_VERSION
    duckdb_version: str = duckdb.__version__

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        raw = json.loads(text)
        tables = [Table(**(t | {"columns": [Column(**c) for c in t["columns"]]})) for t in raw.pop("tables")]
        sequences = [Sequence(**s) for s in raw.pop("sequences")]
        return cls(tables=tables, sequences=sequences, **raw)


@dataclass(frozen=True)
class Restored:
    manifest: Manifest
    store_path: Path
    kept: Path | None  # the replaced store file; None when there was no store yet
    audit_problem: str | None = None  # set when the store stayed busy for the closing record


# --- backup ------------------------------------------------------------------------------


def backup(target_dir: Path, actor: str, store_path: Path | None = None) -> Manifest:
    """Write every table and sequence of the story store to `target_dir` (new or empty)."""
    target = Path(target_dir).absolute()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupRefused(
            f"De map {target} bestaat al en is niet leeg. Kies een nieuwe of lege map; er is niets geschreven."
        )
    store_path = Path(store_path or adc_settings.stories_db_path()).absolute()
    if not store_path.is_file():  # store.connect would create an empty store as a side effect
        raise BackupRefused(f"Er is nog geen verhalenopslag ({store_path}); er is niets om een back-up van te maken.")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.onvolledig-{uuid.uuid4().hex[:8]}")
    private_dir(partial)  # the backup holds password hashes and every story
    placed = False
    try:
        # One unit of work: the snapshot is consistent, no writer interleaves, and the audit
        # record below is inside it (a transaction reads its own writes).
        with store.connect(store_path) as con:
            audit.record(con, actor, vocabulary.BACKUP_MADE, "verhalenopslag", target.name, f"back-up naar {target}")
            tables = [_write_table(con, partial, *row) for row in _tables(con)]
            manifest = Manifest(
                created_at=_utc_now().isoformat(timespec="seconds"),
                source_store=str(store_path),
                tables=tables,
                sequences=_sequences(con),
            )
            _write_manifest(partial, manifest)
            try:
                # Inside the unit of work: a backup that cannot be put in place leaves no
                # audit record claiming it was made.
                os.rename(partial, target)
            except OSError as error:
                raise BackupRefused(
                    f"De back-up kon niet in {target} worden gezet ({error}); er is niets geschreven."
                ) from error
            placed = True
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        if placed:  # the commit failed after the rename: the backup's own trace never happened
            shutil.rmtree(target, ignore_errors=True)
        raise
    return manifest


def _tables(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str, str | None]]:
    """Every table of the store, a table after the tables its foreign keys point at (so loading
    in this order satisfies them), otherwise by name. Not table_oid: a reopened file renumbers."""
    tables = con.execute(
        "select schema_name, table_name, sql, comment from duckdb_tables() "
        "where database_name = current_database() and not temporary and not internal "
        "order by schema_name, table_name"
    ).fetchall()
    parents: dict[tuple[str, str], set[tuple[str, str]]] = {(t[0], t[1]): set() for t in tables}
    foreign_keys = con.execute(
        "select schema_name, table_name, referenced_table from duckdb_constraints() "
        "where database_name = current_database() and constraint_type = 'FOREIGN KEY'"
    ).fetchall()
    for schema, name, referenced in foreign_keys:
        if (schema, referenced) in parents and referenced != name:
            parents[(schema, name)].add((schema, referenced))
    ordered: list[tuple[str, str, str, str | None]] = []
    done: set[tuple[str, str]] = set()
    while len(ordered) < len(tables):
        ready = [t for t in tables if (t[0], t[1]) not in done and parents[(t[0], t[1])] <= done]
        for t in ready or [t for t in tables if (t[0], t[1]) not in done]:  # a cycle: as is
            ordered.append(t)
            done.add((t[0], t[1]))
    return ordered


def _write_table(
    con: duckdb.DuckDBPyConnection, folder: Path, schema: str, name: str, create_sql: str, comment: str | None
) -> Table:
    columns = [
        Column(*row)
        for row in con.execute(
            "select column_name, data_type, column_default, is_nullable, comment from duckdb_columns() "
            "where database_name = current_database() and schema_name = ? and table_name = ? "
            "order by column_index",
            [schema, name],
        ).fetchall()
    ]
    indexes = [
        sql
        for (sql,) in con.execute(
            "select sql from duckdb_indexes() where database_name = current_database() "
            "and schema_name = ? and table_name = ? and sql is not null order by index_oid",
            [schema, name],
        ).fetchall()
    ]
    file = _file_name(folder, schema, name)
    con.execute(f"copy (select * from {_ident(schema, name)}) to {_literal(folder / file)} (format parquet)")
    rows = scalar(con, f"select count(*) from {_ident(schema, name)}")
    private_file(folder / file)
    return Table(schema, name, file, rows, file_sha256(folder / file), columns, create_sql, comment, indexes)


def _file_name(folder: Path, schema: str, name: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9_-]", "_", name if schema == "main" else f"{schema}.{name}")
    file, n = f"{stem}.parquet", 1
    while (folder / file).exists():  # two names that differ only in odd characters
        n += 1
        file = f"{stem}_{n}.parquet"
    return file


def _sequences(con: duckdb.DuckDBPyConnection) -> list[Sequence]:
    rows = con.execute(
        "select schema_name, sequence_name, sql, start_value, increment_by, min_value, max_value, "
        "cycle from duckdb_sequences() where database_name = current_database() "
        "and not temporary order by sequence_oid"
    ).fetchall()
    return [Sequence(schema, name, _next_value(sql, start), *rest) for schema, name, sql, start, *rest in rows]


def _next_value(sql: str, start_value: int) -> int:
    """The value nextval() would give now, without calling it (that would use it up).

    Not last_value + increment_by: in DuckDB 1.5 a reopened file reports last_value equal to the
    next value until the session calls nextval. The sequence's own CREATE statement (`sql`)
    always carries the next value as START.
    """
    found = re.findall(r"\sSTART (-?\d+)\b", sql or "")
    return int(found[-1]) if found else start_value


def _write_manifest(folder: Path, manifest: Manifest) -> None:
    (folder / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")
    private_file(folder / MANIFEST)


# --- restore -----------------------------------------------------------------------------


def validate(source_dir: Path) -> Manifest:
    """The backup's manifest, once every file is present, unchanged and of the stated size."""
    source = Path(source_dir).absolute()
    if not source.is_dir():
        raise RestoreRefused([f"De map {source} bestaat niet."])
    if not any(source.iterdir()):
        raise RestoreRefused([f"De map {source} is leeg: er staat geen back-up in."])
    if not (source / MANIFEST).is_file():
        raise RestoreRefused(
            [f"{MANIFEST} ontbreekt in {source}: zonder manifest is niet na te gaan of de back-up volledig is."]
        )
    try:
        manifest = Manifest.from_json((source / MANIFEST).read_text(encoding="utf-8"))
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise RestoreRefused(
            [f"{MANIFEST} in {source} is onleesbaar of onvolledig ({type(error).__name__}: {error})."]
        ) from None
    if manifest.format != FORMAT:
        raise RestoreRefused(
            [f"{MANIFEST} in {source} hoort niet bij een back-up van de verhalenopslag (formaat '{manifest.format}')."]
        )
    if manifest.format_version > FORMAT_VERSION:
        raise RestoreRefused(
            [
                f"{MANIFEST} heeft formaatversie {manifest.format_version}; deze "
                f"versie van het programma kent versie {FORMAT_VERSION}."
            ]
        )
    if not manifest.tables:
        raise RestoreRefused([f"{MANIFEST} in {source} noemt geen enkele tabel."])
    problems = []
    con = duckdb.connect()
    try:
        for table in manifest.tables:
            problems += _file_problems(con, source, table)
    finally:
        con.close()
    if problems:
        raise RestoreRefused(problems)
    return manifest


def _file_problems(con: duckdb.DuckDBPyConnection, source: Path, table: Table) -> list[str]:
    where = f"(tabel {table.label}, volgens {MANIFEST})"
    if Path(table.file).name != table.file or not table.file.endswith(".parquet"):
        return [f"{MANIFEST} noemt een ongeldige bestandsnaam '{table.file}' {where}."]
    path = source / table.file
    if not path.is_file():
        return [f"{table.file} ontbreekt {where}."]
    if file_sha256(path) != table.sha256:
        return [f"{table.file} is gewijzigd of beschadigd: de sha256 klopt niet met {MANIFEST} (tabel {table.label})."]
    try:
        rows = scalar(con, "select count(*) from read_parquet(?)", [str(path)])
        names = [r[0] for r in con.execute("describe select * from read_parquet(?)", [str(path)]).fetchall()]
    except duckdb.Error as error:
        return [f"{table.file} is geen leesbaar Parquet-bestand ({error})."]
    problems = []
    if rows != table.rows:
        problems.append(f"{table.file} bevat {rows} rijen, {MANIFEST} noemt er {table.rows} (tabel {table.label}).")
    if names != [c.name for c in table.columns]:
        problems.append(
            f"{table.file} heeft de kolommen {', '.join(names)}; {MANIFEST} noemt "
            f"{', '.join(c.name for c in table.columns)}."
        )
    return problems


def restore(source_dir: Path, actor: str, store_path: Path | None = None) -> Restored:
    """Replace the story store by the backup in `source_dir`, keeping the replaced file."""
    source = Path(source_dir).absolute()
    manifest = validate(source)
    store_path = Path(store_path or adc_settings.stories_db_path()).absolute()
    store_path.parent.mkdir(parents=True, exist_ok=True)
    fresh = store_path.with_name(f".{store_path.name}.herstel-{uuid.uuid4().hex[:8]}")
    try:
        _build(fresh, source, manifest)
        # In-process units of work wait on the lock; other processes get DuckDB's file lock
        # (held by _swap_in on the old file), retry, and then open the new file.
        with store._lock:
            kept = _swap_in(fresh, store_path)
            detail = f"uit back-up van {manifest.created_at} in {source}; vorige opslag " + (
                f"bewaard als {kept.name}" if kept else "was er niet"
            )
            try:
                with store.connect(store_path) as con:
                    audit_chain.note_restore(con)  # the mirror: what followed was replaced
                    audit.record(con, actor, vocabulary.RESTORE_DONE, "verhalenopslag", source.name, detail)
            except store.StoreBusy as busy:
                return Restored(manifest, store_path, kept, str(busy))
    finally:
        remove_database(fresh)
    return Restored(manifest, store_path, kept)


def _build(path: Path, source: Path, manifest: Manifest) -> None:
    """A complete new store in `path`: the schema of today, the rows of the backup."""
    con = duckdb.connect(str(path))
    try:
        for schema in sorted({t.schema for t in manifest.tables} - {"main"}):
            con.execute(f"create schema if not exists {_ident(schema)}")
        # Sequences first, starting after the restored ids: the schema steps' `create sequence
        # if not exists` then leaves them as they are.
        starts = _sequence_starts(con, source, manifest)
        for seq in manifest.sequences:
            con.execute(
                f"create sequence {_ident(seq.schema, seq.name)} "
                f"start with {int(starts[seq.name])} increment by {int(seq.increment_by)} "
                f"minvalue {int(seq.min_value)} maxvalue {int(seq.max_value)} "
                f"{'cycle' if seq.cycle else 'no cycle'}"
            )
        create_schema(con)
        for table in manifest.tables:
            if (table.schema, table.name) == ("main", MIGRATIONS_TABLE):
                # The new file recorded today's steps; the steps the backup had keep their own
                # moments, and a step added since the backup stays recorded as applied now.
                con.execute(
                    f"delete from {MIGRATIONS_TABLE} where number in (select number from read_parquet(?))",
                    [str(source / table.file)],
                )
            _load_table(con, source, table)
        for table in manifest.tables:
            target = _ident(table.schema, table.name)
            rows = scalar(con, f"select count(*) from {target}")
            added_since = table.name == MIGRATIONS_TABLE and rows > table.rows
            if rows != table.rows and not added_since:
                raise RestoreRefused(
                    [
                        f"Na het laden bevat tabel {table.label} {rows} rijen in "
                        f"plaats van {table.rows}; er is niets gewijzigd."
                    ]
                )
        _require_intact_audit(con, source, manifest)
        # The derived tables follow from the history: recomputed, so a backup from before a
        # derived column existed restores as well as one of today.
        search.index_missing(con)
        current.refresh(con)
        con.execute("checkpoint")  # everything in the file itself: no WAL to carry along
    except duckdb.Error as error:
        raise RestoreRefused(
            [f"De back-up past niet in een nieuwe verhalenopslag ({error}); er is niets gewijzigd."]
        ) from error
    finally:
        con.close()


def _require_intact_audit(con: duckdb.DuckDBPyConnection, source: Path, manifest: Manifest) -> None:
    """The backup's audit log must verify: a manifest can be recomputed, the chain cannot
    without rewriting audit_chain too. A backup from before the chain is chained here, once."""
    files = {t.name: t.file for t in manifest.tables if t.schema == "main"}
    if "audit_chain" not in files:
        audit_chain.link_unchained(con)
    problems = audit_chain.verify(con, use_mirror=False)  # the mirror also holds what came later
    if problems:
        named = (
            f"{files.get('audit_log', 'audit_log')} (en {files['audit_chain']})"
            if "audit_chain" in files
            else files.get("audit_log", "audit_log")
        )
        raise RestoreRefused(
            [
                f"Het auditlog in {source / named} is niet intact: {problems[0]}"
                + (f" ({len(problems)} breuken in totaal)" if len(problems) > 1 else "")
                + "; er is niets gewijzigd."
            ]
        )


def _sequence_starts(con: duckdb.DuckDBPyConnection, source: Path, manifest: Manifest) -> dict[str, int]:
    """Each sequence's first value: after the recorded next value and every id that uses it."""
    starts = {seq.name: seq.next_value for seq in manifest.sequences}
    increments = {seq.name: seq.increment_by for seq in manifest.sequences}
    for table in manifest.tables:
        for column in table.columns:
            used = NEXTVAL.search(column.default or "")
            name = used and used.group(1).split(".")[-1].strip('"')
            if name in starts and increments[name] > 0:
                highest = scalar(
                    con, f"select max({_ident(column.name)}) from read_parquet(?)", [str(source / table.file)]
                )
                if highest is not None:
                    starts[name] = max(starts[name], int(highest) + increments[name])
    return starts


def _load_table(con: duckdb.DuckDBPyConnection, source: Path, table: Table) -> None:
    target = _ident(table.schema, table.name)
    known = con.execute(
        "select 1 from duckdb_tables() where schema_name = ? and table_name = ?", [table.schema, table.name]
    ).fetchone()
    if not known:
        # A table the schema steps do not create (added by hand, or dropped from them since):
        # recreate it as it was, with its comments and indexes.
        _require_create(table.create_sql, "create table", table)
        con.execute(table.create_sql)
        if table.comment is not None:
            con.execute(f"comment on table {target} is {_literal(table.comment)}")
        for column in table.columns:
            if column.comment is not None:
                con.execute(f"comment on column {target}.{_ident(column.name)} is {_literal(column.comment)}")
    # By name, so a column that a schema step added since the backup takes its default. This also
    # loads audit_log: a restore re-creates the log in a new file from its backup, it never edits
    # rows of a live log (the replaced file is kept whole).
    con.execute(f"insert into {target} by name select * from read_parquet(?)", [str(source / table.file)])
    if not known:
        for sql in table.indexes:
            _require_create(sql, "create", table)
            con.execute(sql)


def _require_create(sql: str, prefix: str, table: Table) -> None:
    # The manifest is plain text: run nothing from it but one CREATE statement.
    statements = duckdb.extract_statements(sql)
    if (
        len(statements) != 1
        or statements[0].type != duckdb.StatementType.CREATE
        or not sql.strip().lower().startswith(prefix)
    ):
        raise RestoreRefused(
            [f"{MANIFEST} bevat voor tabel {table.label} een opdracht die geen '{prefix}' is; er is niets gewijzigd."]
        )


def _swap_in(fresh: Path, path: Path) -> Path | None:
    """Put `fresh` in place of `path` in one rename; returns where the old store is kept.

    The caller holds store._lock. Holding a read-write connection on the old file holds
    DuckDB's file lock, so no other process is inside a unit of work while the name moves.
    """
    old = store._open(path)  # creates an empty file when there is no store yet
    try:
        is_store = scalar(old, "select count(*) from duckdb_tables() where database_name = current_database()") > 0
        # Fold the old WAL into the old file: a WAL left behind would sit beside the new file
        # under the same name and be replayed into it.
        old.execute("checkpoint")
        kept = _free_name(path.with_name(f"{path.name}.voor-herstel-{_utc_now().strftime('%Y%m%dT%H%M%SZ')}"))
        private_file(fresh, path)  # the store holds password hashes: owner only
        if is_store:
            try:
                # A second name for the old file, not a copy: reading a copy would open and
                # close the file, and closing any descriptor drops this process's file lock.
                os.link(path, kept)
            except OSError as error:
                raise RestoreRefused(
                    [
                        f"De huidige verhalenopslag kon niet bewaard worden als "
                        f"{kept.name} ({error}); er is niets gewijzigd."
                    ]
                ) from error
        try:
            os.replace(fresh, path)
        except OSError as error:
            if is_store:
                kept.unlink()
            raise RestoreRefused(
                [f"De nieuwe verhalenopslag kon niet op zijn plaats worden gezet ({error}); er is niets gewijzigd."]
            ) from error
    finally:
        old.close()
    return kept if is_store else None


def _free_name(path: Path) -> Path:
    candidate, n = path, 1
    while candidate.exists():  # two restores within one second
        n += 1
        candidate = path.with_name(f"{path.name}-{n}")
    return candidate


# --- small helpers -------------------------------------------------------------------------


def _ident(*names: str) -> str:
    return ".".join('"' + n.replace('"', '""') + '"' for n in names)


def _literal(value: object) -> str:
    # COPY targets and COMMENT texts cannot be bound as parameters.
    return "'" + str(value).replace("'", "''") + "'"


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
