"""`python -m bench.same_figures OUD NIEUW`: whether two figures files hold the very same tables and rows."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb


def differences(old: Path, new: Path) -> list[str]:
    """What differs between two figures files, in Dutch; empty when every table has the same
    columns (names and types) and the same rows, counted with duplicates (`except all` both
    ways). Views are compared by their rows too: a view over changed tables shows the change.

    A change in the ETL must leave this empty on the city-scale data, built with the same
    disclosure key (the council's rounding draws from it): that is what 'figures identical' means."""
    con = duckdb.connect()
    try:
        # Attached read-only under fixed aliases; paths are values, but ATTACH takes no parameters.
        con.execute(f"attach '{_quoted(old)}' as old_db (read_only)")
        con.execute(f"attach '{_quoted(new)}' as new_db (read_only)")
        found: list[str] = []
        old_tables, new_tables = _relations(con, "old_db"), _relations(con, "new_db")
        for name in sorted(old_tables.keys() - new_tables.keys()):
            found.append(f"{name}: alleen in {old}")
        for name in sorted(new_tables.keys() - old_tables.keys()):
            found.append(f"{name}: alleen in {new}")
        for name in sorted(old_tables.keys() & new_tables.keys()):
            if old_tables[name] != new_tables[name]:
                found.append(f"{name}: andere kolommen ({old_tables[name]} tegenover {new_tables[name]})")
                continue
            # Table names come from the files' own catalogs, quoted as identifiers (not bindable).
            only_old = _count(con, f'select * from old_db."{name}" except all select * from new_db."{name}"')
            only_new = _count(con, f'select * from new_db."{name}" except all select * from old_db."{name}"')
            if only_old or only_new:
                found.append(f"{name}: {only_old} rij(en) alleen in het oude bestand, {only_new} alleen in het nieuwe")
        return found
    finally:
        con.close()


def _relations(con: duckdb.DuckDBPyConnection, database: str) -> dict[str, list[tuple[str, str]]]:
    """Every table and view of the main schema, with its columns (name, type) in order."""
    rows = con.execute(
        """
        select table_name, column_name, data_type from information_schema.columns
        where table_catalog = ? and table_schema = 'main'
        order by table_name, ordinal_position
        """,
        [database],
    ).fetchall()
    relations: dict[str, list[tuple[str, str]]] = {}
    for table, column, kind in rows:
        relations.setdefault(table, []).append((column, kind))
    return relations


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(f"select count(*) from ({sql})").fetchone()
    return int(row[0]) if row else 0


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("Gebruik: python -m bench.same_figures OUD.duckdb NIEUW.duckdb", file=sys.stderr)
        return 2
    old, new = (Path(a) for a in args)
    for path in (old, new):
        if not path.is_file():
            print(f"Geen cijferbestand gevonden: {path} (verwacht: een .duckdb-bestand).", file=sys.stderr)
            return 2
    found = differences(old, new)
    for line in found:
        print("  " + line)
    if found:
        print(f"Verschillend: {len(found)} tabel(len) wijken af.")
        return 1
    print("Gelijk: elke tabel en view heeft dezelfde kolommen en dezelfde rijen.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
