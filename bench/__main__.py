"""`python -m bench`: measure the product at city scale against its targets and baselines.

    python -m bench                 Havenstad (G4 scale), writes bench/results.json
    python -m bench --quick         Koggenwaard (sample scale), one repetition, each page for
                                    one audience: a check that every measure still runs (the
                                    test suite does this)
    options: --size sample|large, --repeat N, --out FILE, --work DIR,
             --only etl,pages,search,memory,browser

Prints a Markdown table; the JSON has, per measure, its name, value, unit, target, baseline
(where one is measured in the same run) and ratio.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from bench import browser_speed, etl_speed, memory, page_speed, report, search_speed, workload
from kernel import adc_settings

BENCH = adc_settings.ROOT / "bench"
PARTS = ("etl", "pages", "search", "memory", "browser")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description="Prestatiemetingen.")
    parser.add_argument("--quick", action="store_true", help="voorbeeldschaal, één herhaling")
    parser.add_argument("--size", choices=("sample", "large"), help="standaard: large (sample met --quick)")
    parser.add_argument("--repeat", type=int, help="herhalingen per meting (standaard 5, 1 met --quick)")
    parser.add_argument("--out", type=Path, help="JSON-uitvoer (standaard bench/results.json)")
    parser.add_argument("--work", type=Path, help="werkmap voor de gegevens (standaard bench/<size>)")
    parser.add_argument("--only", default=",".join(PARTS), help="deel van de metingen, bijv. etl,search")
    args = parser.parse_args(argv)
    size = args.size or ("sample" if args.quick else "large")
    repeat = args.repeat or (1 if args.quick else 5)
    out = args.out or BENCH / ("results-quick.json" if args.quick else "results.json")
    parts = [p for p in args.only.split(",") if p]
    if unknown := set(parts) - set(PARTS):
        parser.error(f"onbekend deel: {', '.join(sorted(unknown))}")
    work = args.work or BENCH / size

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    load = workload.prepare(size, work, log)
    # Every module reads its settings at call time: from here on, this process is a dashboard
    # process on the benchmark's data (the real de-identifier is measured apart, in memory).
    os.environ[adc_settings.DATA_DIR.env] = str(load.data_dir)
    os.environ[adc_settings.PRIVACY_CHECKER.env] = "rules"
    measures: list[report.Measure] = []
    if "etl" in parts:
        log("ETL meten …")
        scratch = work / "etl-scratch"
        os.environ[adc_settings.DATA_DIR.env] = str(scratch)  # the build's load log goes there
        measures += etl_speed.measure(load, scratch, repeat, log)
        os.environ[adc_settings.DATA_DIR.env] = str(load.data_dir)
    if "pages" in parts:
        log("Pagina's meten …")
        measures += page_speed.measure(repeat, log, quick=args.quick)
    if "search" in parts:
        log("Zoeken meten …")
        measures += search_speed.measure(max(repeat, 5), log)
    if "memory" in parts:
        log("Geheugen meten …")
        measures += memory.measure(load.data_dir, log, quick=args.quick)
    if "browser" in parts:
        if Path(browser_speed.CHROMIUM).exists():
            log("Browser meten …")
            measures += browser_speed.measure(load.data_dir, repeat, log)
        else:
            log(f"Browser overgeslagen: {browser_speed.CHROMIUM} is niet geïnstalleerd (apt-get install chromium).")
    report.write_json(out, measures, size=size, quick=args.quick)
    print(report.markdown_table(measures))
    print(f"\n{len(measures)} metingen; {sum(m.met is False for m in measures)} boven hun doel. Geschreven: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
