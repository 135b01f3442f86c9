"""Peak memory: the resident set of a dashboard process that has rendered every page for every
audience, without and with the de-identifier (deduce) loaded for the privacy check.

Each variant runs in a fresh process (`python -m bench.memory [--deduce]`) that renders the
pages through AppTest, the app's own script run as a server session runs it, and reports the
kernel's high-water mark of its resident memory (VmHWM). With `--quick` (python -m bench
--quick) it renders every page once, for one audience: a check that the measure still runs,
not a measure of the peak (the page measure of the same run already renders every audience).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from bench import page_speed
from bench.report import Measure
from dashboard import story_components
from kernel import adc_settings

TARGET_GB = 2.0  # issue 18: a dashboard process with the de-identifier loaded
PROBE_TEXT = "Mevrouw belde op 06-12345678 over de wachtlijst; haar BSN staat in het dossier."


def peak_gb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024 / 1024
    raise RuntimeError("VmHWM ontbreekt in /proc/self/status")


def _render_everything(with_deduce: bool, quick: bool = False) -> dict:
    if with_deduce:  # exactly what the Verhaal toevoegen page does before the first check
        story_components.privacy_checker().check(PROBE_TEXT)
    clock = page_speed.QueryClock()
    errors = []
    with clock.installed():
        for case in page_speed.cases():
            if quick and case.variant != "standaard":
                continue
            for role in page_speed.AUDIENCES[case.file][: 1 if quick else None]:
                _, _, error = page_speed.render_once(case, clock, role)
                if error:
                    errors.append(f"{case.name} as {role}: {error[:200]}")
    return {"peak_gb": peak_gb(), "errors": errors}


def measure(data_dir: Path, log=print, quick: bool = False) -> list[Measure]:
    measures = []
    for with_deduce in (False, True):
        env = os.environ | {
            adc_settings.DATA_DIR.env: str(data_dir),
            adc_settings.PRIVACY_CHECKER.env: "deduce" if with_deduce else "rules",
        }
        command = [
            sys.executable,
            "-m",
            "bench.memory",
            *(["--deduce"] if with_deduce else []),
            *(["--quick"] if quick else []),
        ]
        done = subprocess.run(command, cwd=adc_settings.ROOT, env=env, capture_output=True, text=True, check=True)
        result = json.loads(done.stdout.strip().splitlines()[-1])
        label = "with the de-identifier" if with_deduce else "without the de-identifier"
        log(f"  geheugen {label}: {result['peak_gb']:.2f} GB")
        detail = "peak resident memory (VmHWM) after rendering every page " + (
            "once, for one audience (--quick: not the peak)" if quick else "for every audience"
        )
        if result["errors"]:
            detail += "; ERRORS: " + " | ".join(result["errors"])[:300]
        measures.append(
            Measure(
                f"Memory of the dashboard process, {label}",
                result["peak_gb"],
                "GB",
                target=TARGET_GB if with_deduce else None,
                detail=detail,
                met=False if result["errors"] else None,
            )
        )
    return measures


def main() -> None:
    parser = argparse.ArgumentParser(description="Piekgeheugen van één dashboardproces.")
    parser.add_argument("--deduce", action="store_true", help="eerst de privacycontrole (deduce) laden")
    parser.add_argument("--quick", action="store_true", help="elke pagina één keer, voor één doelgroep")
    args = parser.parse_args()
    print(json.dumps(_render_everything(args.deduce, args.quick)))


if __name__ == "__main__":
    main()
