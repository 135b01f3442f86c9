"""The story store's schema: numbered migrations for the history, derived tables rebuilt from it.

History tables (stories, versions, events, audit log, accounts, sessions) change only by a new
numbered file in stories/migrations/ (`NNNN_what.sql`): each store records the steps it has in
`schema_migrations` and gets the ones it lacks, in order, when it is opened (under the store's
lock, in one transaction). A step is written to be harmless on a store that already has what it
creates (`if not exists`), because stores from before the numbering record no steps at all.

Derived tables (stories/derived.sql: search index, current stories) are computed from the history:
when their declared shape changes they are dropped, created anew and filled again.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from stories import audit_chain, current, search

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
DERIVED_SQL = Path(__file__).with_name("derived.sql")
DERIVED_TABLES = ("search_documents", "search_terms", "story_current")
MIGRATIONS_TABLE = "schema_migrations"
RECORD_SQL = f"""
create table if not exists {MIGRATIONS_TABLE} (
    number integer primary key,
    name varchar not null,
    applied_at timestamptz not null
);
comment on table {MIGRATIONS_TABLE} is 'Schemastappen (stories/migrations/) die deze opslag kreeg, met moment.';
"""
_FILE_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
# Each table's CREATE statement as DuckDB writes it back: a canonical shape, cheap to read
# (the column catalogue took 14 ms on every new connection, this takes 3). A DuckDB that
# writes them differently costs one rebuild of the derived tables.
_SHAPE_SQL = """
    select table_name, sql from duckdb_tables()
    where database_name = current_database() and schema_name = 'main'
"""


@dataclass(frozen=True)
class Migration:
    number: int
    name: str
    sql: str


def _chain_once(con: duckdb.DuckDBPyConnection, present: dict[str, str]) -> None:
    """A store from before the chain: its records are chained once, when it gets the table."""
    if "audit_chain" not in present:
        audit_chain.link_unchained(con)


# What a step needs besides its SQL, run right after it (with the tables the store had before).
_AFTER: dict[int, Callable[[duckdb.DuckDBPyConnection, dict[str, str]], None]] = {3: _chain_once}


@functools.cache
def migrations() -> tuple[Migration, ...]:
    """The steps in stories/migrations/, numbered 1, 2, 3 … without a gap."""
    steps = []
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        match = _FILE_NAME.match(path.name)
        if not match:
            raise ValueError(f"{path.name}: een schemastap heet NNNN_omschrijving.sql")
        steps.append(Migration(int(match[1]), path.stem, path.read_text(encoding="utf-8")))
    if [m.number for m in steps] != list(range(1, len(steps) + 1)):
        raise ValueError(f"De schemastappen in {MIGRATIONS_DIR} zijn niet 0001, 0002, … zonder gat.")
    return tuple(steps)


@functools.cache
def _declared_derived() -> dict[str, str]:
    """Every derived table with its shape, as DuckDB itself reads them."""
    with duckdb.connect() as scratch:
        scratch.execute(DERIVED_SQL.read_text(encoding="utf-8"))
        return dict(scratch.execute(_SHAPE_SQL).fetchall())


def ensure(con: duckdb.DuckDBPyConnection) -> None:
    """Bring an open store up to date: the steps it lacks, derived tables whose declared shape
    changed, and the derived rows its history holds. Two catalogue reads when nothing is to do."""
    present = dict(con.execute(_SHAPE_SQL).fetchall())
    applied = set()
    if MIGRATIONS_TABLE in present:
        applied = {n for (n,) in con.execute(f"select number from {MIGRATIONS_TABLE}").fetchall()}
    missing = [m for m in migrations() if m.number not in applied]
    declared = _declared_derived()
    stale = [t for t in DERIVED_TABLES if t in present and present[t] != declared[t]]
    if not missing and not stale and declared.keys() <= present.keys():
        return
    con.execute("begin transaction")
    _apply(con, missing, present)
    for table in stale:  # names from the constant above
        con.execute(f"drop table {table}")
    con.execute(DERIVED_SQL.read_text(encoding="utf-8"))
    search.index_missing(con)
    current.refresh(con)
    con.execute("commit")


def create(con: duckdb.DuckDBPyConnection) -> None:
    """Today's schema in a new, empty file (a restore fills it and derives the rest itself)."""
    _apply(con, migrations(), None)
    con.execute(DERIVED_SQL.read_text(encoding="utf-8"))


def applied(con: duckdb.DuckDBPyConnection) -> list[tuple[int, str]]:
    """The steps a store has, in order (number, name)."""
    return con.execute(f"select number, name from {MIGRATIONS_TABLE} order by number").fetchall()


def _apply(
    con: duckdb.DuckDBPyConnection, steps: list[Migration] | tuple[Migration, ...], present: dict[str, str] | None
) -> None:
    """Run each step and record it; `present` (the tables before) for the steps' follow-ups,
    None for a new file, which has nothing to follow up."""
    con.execute(RECORD_SQL)
    now = dt.datetime.now(dt.UTC)
    for step in steps:
        con.execute(step.sql)
        if present is not None and step.number in _AFTER:
            _AFTER[step.number](con, present)
        con.execute(f"insert into {MIGRATIONS_TABLE} values (?, ?, ?)", [step.number, step.name, now])
