"""Command line: `python -m etl build [--source DIR]`, `python -m etl import-stories FILE` and
`python -m etl cbs fetch --gemeente GM…`.

Exit status: 0 success, 1 refused input (with the full Dutch report), 2 wrong usage.
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from etl import isolated, load_log, stories_import
from etl.cbs import cli as cbs_cli
from etl.tabular import rejection_count
from kernel import adc_settings, vocabulary
from kernel.cli import DutchParser
from kernel.format import format_number, visible_text  # a source file's escape codes must not act in the terminal
from stories import audit, store

USAGE = """Gebruik:
  python -m etl build [--source MAP] [--verbose]
                                            cijfers bouwen uit de bronbestanden in MAP
                                            (standaard: sample_data); --verbose: ook de
                                            tijd per stap van de bouw
  python -m etl import-stories BESTAND      verhalen importeren uit een CSV- of XLSX-bestand
  python -m etl cbs fetch --gemeente GM0000 [--peers GM0001,GM0002] [--source MAP]
                                            CBS-cijfers van vergelijkbare gemeenten ophalen
                                            (internet nodig) naar MAP/cbs_vergelijking.csv

De databasebestanden staan in ADC_DATA_DIR (nu: {data_dir})."""


class Parser(DutchParser):
    def format_usage(self) -> str:
        return USAGE.format(data_dir=adc_settings.data_dir()) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = Parser(prog="python -m etl", add_help=True)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    build_cmd = commands.add_parser("build")
    build_cmd.add_argument("--source", type=Path, default=adc_settings.ROOT / "sample_data")
    build_cmd.add_argument("--verbose", action="store_true")
    import_cmd = commands.add_parser("import-stories")
    import_cmd.add_argument("file", type=Path)
    cbs_cli.add_parser(commands)
    args = parser.parse_args(argv)

    # A build and an import record in the story store's audit log: a wrong ADC_STORE_URL stops
    # them here, before any work, not after a finished build that could not be recorded.
    if args.command in ("build", "import-stories") and (unusable := store.why_unusable()) is not None:
        print(
            f"Geweigerd: {unusable} Er is niets gebouwd of geïmporteerd; de vorige cijfers zijn ongewijzigd.",
            file=sys.stderr,
        )
        return 1
    if args.command == "build":
        return _build(args.source, verbose=args.verbose)
    if args.command == "cbs":
        return cbs_cli.run(args, default_source=adc_settings.ROOT / "sample_data")
    return _import_stories(args.file)


def _build(source: Path, verbose: bool = False) -> int:
    """The build in a process of its own, under the same memory and time limits as an upload
    on the Beheer page (etl/isolated.py)."""
    db_path = adc_settings.figures_db_path()
    actor = f"cli:{getpass.getuser()}"
    print(f"Cijfers bouwen uit {source} …", flush=True)

    def failed(outcome: isolated.Outcome) -> None:
        load_log.append_run(
            source,
            [],
            vocabulary.LOAD_FAILED,
            outcome.seconds,
            [],
            detail=" ".join(filter(None, [outcome.message, outcome.detail])),
        )

    outcome = isolated.BuildProcess(
        {"kind": "build", "db_path": str(db_path), "source": str(source)}, on_failure=failed
    ).wait()
    if outcome.status == vocabulary.LOAD_FAILED:
        print(f"Bouwen mislukt. {outcome.message}", file=sys.stderr)
        audit.record_load(actor, source, refused=0)
        return 1
    if outcome.status == vocabulary.LOAD_REFUSED:
        print(
            f"Bouwen afgebroken: {rejection_count(outcome.rejections)} afgewezen waarde(n). "
            f"De vorige database is ongewijzigd.",
            file=sys.stderr,
        )
        for rejection in outcome.rejections:
            print("  " + visible_text(rejection.message()), file=sys.stderr)
        audit.record_load(actor, source, refused=rejection_count(outcome.rejections))
        return 1
    for name, rows in outcome.row_counts.items():
        print(f"  {name}: {format_number(rows)} rijen geladen")
    if verbose:
        for stage, seconds in outcome.stages.items():
            print(f"  {stage}: {format_number(seconds, 2)} s")
    print(f"Klaar in {outcome.seconds:.1f} s: {db_path}")
    audit.record_load(actor, source, rows=sum(outcome.row_counts.values()))
    return 0


def _import_stories(file: Path) -> int:
    try:
        report = stories_import.import_file(file)
    except stories_import.ImportRefused as refused:
        print(
            f"Importeren afgebroken: {len(refused.rejections)} afgewezen waarde(n). Er is niets geïmporteerd.",
            file=sys.stderr,
        )
        for rejection in refused.rejections:
            print("  " + visible_text(rejection.message()), file=sys.stderr)
        return 1
    print(f"Verhalen uit {file.name}: {report.added} toegevoegd, {report.already_present} waren al geïmporteerd.")
    if report.held_for_manager:
        shown = ", ".join(visible_text(ref) for ref in report.held_for_manager[:10])
        more = f" en {len(report.held_for_manager) - 10} meer" if len(report.held_for_manager) > 10 else ""
        print(
            f"{len(report.held_for_manager)} verhaal/verhalen staan in het bestand als gepubliceerd voor "
            "de raad, maar zonder vrijgave door een manager van het team (kolom 'Vrijgegeven door'). "
            f"Ze zijn geïmporteerd als 'wacht op manager': {shown}{more}. Een manager van het "
            "team publiceert ze op de pagina Beoordelen."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
