"""Moving a DuckDB story store into PostgreSQL: every table copied in one transaction, then verified.

`python -m stories migrate-to-postgres` calls `move`. The PostgreSQL store must be empty (no
stories, no audit records): a move never mixes two histories. After the copy, each table's
row count must equal the file's and the audit chain must verify on PostgreSQL, or nothing is
committed. The file itself is left as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kernel.adc_duckdb import scalar
from stories import audit_chain, postgres, store

# In order of their references; the derived tables are copied too (cheaper than deriving them
# again, and then identical), and story_changes numbers every story once for the replicas.
TABLES = (
    "users",
    "sessions",
    "login_failures",
    "login_locks",
    "stories",
    "story_versions",
    "story_events",
    "story_privacy_marks",
    "audit_log",
    "audit_chain",
    "search_documents",
    "search_terms",
    "story_current",
)
# Sequence -> the table and column it numbers.
SEQUENCES = {
    "story_event_seq": ("story_events", "event_id"),
    "audit_seq": ("audit_log", "audit_id"),
    "search_document_seq": ("search_documents", "doc_id"),
}


class MoveRefused(Exception):
    """Dutch: why nothing was moved."""


@dataclass(frozen=True)
class Moved:
    counts: dict[str, int]  # table -> rows, equal in the file and in PostgreSQL
    audit_records: int


def move(source: Path, url: str) -> Moved:
    """Copy the DuckDB store at `source` into the (empty) PostgreSQL store at `url`."""
    if not source.is_file():
        raise MoveRefused(f"Er is geen verhalenopslag {source} om over te zetten.")
    with store.connect(source) as duck:  # brings an older file up to today's schema first
        problems = audit_chain.verify(duck, use_mirror=False)
        if problems:
            raise MoveRefused(f"het auditlog in {source.name} is niet intact ({problems[0]}); eerst uitzoeken.")
        frames = {table: duck.execute(f"select * from {table}").pl() for table in TABLES}  # names from the code
    with postgres.unit_of_work(url) as pg:
        present = {table: int(scalar(pg, f"select count(*) from {table}")) for table in TABLES}  # type: ignore[arg-type]
        if any(present.values()):
            raise MoveRefused(
                f"de PostgreSQL-opslag op {postgres.where(url)} is niet leeg ("
                + ", ".join(f"{table}: {rows}" for table, rows in present.items() if rows)
                + "); een overzetting mengt nooit twee geschiedenissen."
            )
        for table in TABLES:
            if frames[table].height:
                pg.insert_frame(table, frames[table])
        for sequence, (table, column) in SEQUENCES.items():
            top = f"(select max({column}) from {table})"
            pg.execute(f"select setval('{sequence}', coalesce({top}, 1), {top} is not null)")
        pg.execute("insert into story_changes (story_id) select story_id from story_current order by story_id")
        counts = {table: int(scalar(pg, f"select count(*) from {table}")) for table in TABLES}  # type: ignore[arg-type]
        wrong = {t: (frames[t].height, counts[t]) for t in TABLES if counts[t] != frames[t].height}
        if wrong:
            raise MoveRefused(
                "na het kopiëren klopt het aantal rijen niet ("
                + ", ".join(f"{t}: {a} in het bestand, {b} in PostgreSQL" for t, (a, b) in wrong.items())
                + "); er is niets overgezet."
            )
        problems = audit_chain.verify(pg, use_mirror=False)  # type: ignore[arg-type]
        if problems:
            raise MoveRefused(f"de hashketen klopt in PostgreSQL niet ({problems[0]}); er is niets overgezet.")
    return Moved(counts, counts["audit_log"])
