"""Command line for the story store: `backup MAP`, `restore MAP` and `audit verify`.

Exit status: 0 success (or an intact audit log), 1 refused or a broken audit log (Dutch message
on stderr), 2 wrong usage.
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from kernel import adc_settings
from kernel.cli import DutchParser
from kernel.format import format_number
from stories import audit, backup, pg_backup, postgres, store, to_postgres

USAGE = """Gebruik:
  python -m stories backup MAP      back-up van de verhalenopslag maken in MAP
                                    (een nieuwe of lege map)
  python -m stories restore MAP     de verhalenopslag herstellen uit de back-up in MAP;
                                    de huidige opslag blijft bewaard als
                                    stories.duckdb.voor-herstel-<tijdstip>
  python -m stories audit verify    de hashketen van het auditlog controleren (en de
                                    spiegel uit ADC_AUDIT_MIRROR, als die is ingesteld);
                                    exit 0: intact, exit 1: het eerste gebroken record
  python -m stories migrate-to-postgres [--van BESTAND]
                                    de DuckDB-verhalenopslag (standaard stories.duckdb in
                                    ADC_DATA_DIR) overzetten naar de lege PostgreSQL-opslag
                                    in ADC_STORE_URL; daarna worden de aantallen rijen en de
                                    hashketen gecontroleerd (anders wordt niets overgezet)

De verhalenopslag staat in ADC_DATA_DIR (nu: {data_dir}).
De cijfers zitten niet in een back-up: bouw die opnieuw met 'python -m etl build'."""


class Parser(DutchParser):
    def format_usage(self) -> str:
        return USAGE.format(data_dir=adc_settings.data_dir()) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = Parser(prog="python -m stories")
    # Metavars in Dutch: argparse names a missing argument by them.
    commands = parser.add_subparsers(dest="command", metavar="OPDRACHT", required=True, parser_class=Parser)
    for name in ("backup", "restore"):
        commands.add_parser(name).add_argument("folder", metavar="MAP", type=Path)
    commands.add_parser("audit").add_argument("check", metavar="CONTROLE", choices=["verify"])
    commands.add_parser("migrate-to-postgres").add_argument("--van", metavar="BESTAND", type=Path)
    args = parser.parse_args(argv)
    actor = f"cli:{getpass.getuser()}"
    if (unusable := store.why_unusable()) is not None:  # a wrong ADC_STORE_URL stops here, before any work
        print(f"Geweigerd: {unusable}", file=sys.stderr)
        return 1
    try:
        if args.command == "audit":
            return _verify_audit()
        if args.command == "migrate-to-postgres":
            return _migrate(args.van or adc_settings.stories_db_path())
        if (url := adc_settings.store_url()) is not None:  # backup or restore with pg_dump / pg_restore
            return _postgres_backup(args.command, args.folder, actor, url)
        if args.command == "backup":
            _report_backup(backup.backup(args.folder, actor), args.folder)
        else:
            _report_restore(backup.restore(args.folder, actor), args.folder)
    except backup.BackupRefused as refused:
        print(f"Back-up geweigerd: {refused}", file=sys.stderr)
        return 1
    except backup.RestoreRefused as refused:
        print("Herstel geweigerd; de verhalenopslag is niet gewijzigd:", file=sys.stderr)
        for problem in refused.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    except store.StoreBusy as busy:
        print(f"Geweigerd: {busy} Probeer het zo nog eens; er is niets gewijzigd.", file=sys.stderr)
        return 1
    return 0


def _migrate(source: Path) -> int:
    url = adc_settings.store_url()
    if url is None:
        print(
            "Geweigerd: zet ADC_STORE_URL op de PostgreSQL-database waar de verhalen heen moeten "
            "(postgresql://gebruiker:wachtwoord@host:poort/database).",
            file=sys.stderr,
        )
        return 1
    try:
        moved = to_postgres.move(source, url)
    except to_postgres.MoveRefused as refused:
        print(f"Overzetten geweigerd; er is niets gewijzigd: {refused}", file=sys.stderr)
        return 1
    print(f"Verhalenopslag {source} overgezet naar PostgreSQL op {postgres.where(url)}:")
    for table, rows in moved.counts.items():
        print(f"  {table}: {format_number(rows)} rijen (gelijk aan het bestand)")
    print(f"De hashketen van het auditlog ({format_number(moved.audit_records)} records) klopt in PostgreSQL.")
    print(f"Het bestand {source} is niet gewijzigd; bewaar het tot u zeker bent.")
    return 0


def _postgres_backup(command: str, folder: Path, actor: str, url: str) -> int:
    try:
        if command == "backup":
            done = pg_backup.backup(folder, actor, url)
            print(f"Back-up van de verhalenopslag in PostgreSQL op {postgres.where(url)} (pg_dump) naar {folder}:")
        else:
            done = pg_backup.restore(folder, actor, url)
            print(f"Verhalenopslag in PostgreSQL op {postgres.where(url)} hersteld uit {folder} (pg_restore):")
    except pg_backup.PgBackupRefused as refused:
        print(f"Geweigerd: {refused}", file=sys.stderr)
        return 1
    for table, rows in done.counts.items():
        print(f"  {table}: {format_number(rows)} rijen")
    if done.kept:
        print(f"De vorige verhalenopslag is bewaard als {done.kept}.")
    return 0


def _verify_audit() -> int:
    path = adc_settings.stories_db_path()
    if adc_settings.store_url() is None and not path.is_file():
        print(f"Er is nog geen verhalenopslag ({path}); er is geen auditlog om te controleren.", file=sys.stderr)
        return 1
    problems = audit.verify_store()
    with store.connect() as con:
        records = audit.count(con)
    mirror = adc_settings.audit_mirror_path()
    if problems:
        print(f"Het auditlog is NIET intact. Eerste breuk: {problems[0]}", file=sys.stderr)
        for problem in problems[1:10]:
            print(f"  ook: {problem}", file=sys.stderr)
        if len(problems) > 10:
            print(f"  … en nog {len(problems) - 10} breuk(en).", file=sys.stderr)
        return 1
    print(
        f"Het auditlog is intact: {records} records, de hashketen klopt"
        + (f" en is gelijk aan de spiegel {mirror}." if mirror else ".")
    )
    return 0


def _report_backup(manifest: backup.Manifest, folder: Path) -> None:
    print(f"Back-up van de verhalenopslag ({manifest.source_store}) geschreven naar {folder.absolute()}:")
    _print_tables(manifest)
    print("De cijfers zitten er niet in: die bouwt u opnieuw met 'python -m etl build'.")


def _report_restore(restored: backup.Restored, folder: Path) -> None:
    print(
        f"Verhalenopslag {restored.store_path} hersteld uit {folder.absolute()} "
        f"(back-up van {restored.manifest.created_at}):"
    )
    _print_tables(restored.manifest, sequences=False)
    if restored.kept:
        print(f"De vorige verhalenopslag is bewaard als {restored.kept}.")
    else:
        print("Er was nog geen verhalenopslag; die is nu aangemaakt.")
    if restored.audit_problem:
        print(f"Let op: het herstel staat niet in het auditlog ({restored.audit_problem})", file=sys.stderr)


def _print_tables(manifest: backup.Manifest, sequences: bool = True) -> None:
    for table in manifest.tables:
        print(f"  {table.label}: {table.rows} rijen")
    # After a restore a sequence may start higher than recorded (after the highest restored id).
    for seq in manifest.sequences if sequences else ():
        print(f"  reeks {seq.name}: volgende waarde {seq.next_value}")


if __name__ == "__main__":
    sys.exit(main())
