"""`python -m bench.suite_time`: the README's test command now, against the commit at which
issue 17 asked for "the full suite no slower than now", both from a fresh clone on this machine
in the same run.

    python -m bench.suite_time                       baseline a8e6340, then HEAD (about 35 min)
    python -m bench.suite_time --rounds 2            baseline, HEAD, HEAD, baseline (about 70 min)
    options: --baseline COMMIT, --commit COMMIT, --out FILE, --work DIR

Each run is a `git clone` of this repository at one commit, then that commit's own
`bash scripts/setup.sh` (timed apart: the Python environment and the de-identifier's cache,
built once per clone), then its own `bash scripts/test.sh` (the tests; its set-up is then done).
The baseline's suite has 959 tests, today's over 1,300; each side runs its own README's test
command. Only committed work is measured. Run it with nothing else on the machine: the
suite is bound by the processor, and anything beside it slows both sides unevenly.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from kernel import adc_settings

ROOT = adc_settings.ROOT
# The last commit before issue 17's work began (2026-12-03 12:11): "13 minutes of tests".
FILED = "a8e6340"
_SUMMARY = re.compile(r"=+ (.*\b(?:passed|failed|error)\b.*) in [\d.]+s")


@dataclass
class SuiteRun:
    label: str
    commit: str
    setup_seconds: float
    test_seconds: float
    exit_code: int
    outcomes: list[str]  # pytest's summary line of each of the command's pytest calls


def counted(outcomes: list[str], word: str) -> int:
    """How many tests the summary lines give as `word` (passed, failed, ...), over all calls."""
    return sum(int(n) for line in outcomes for n in re.findall(rf"(\d+) {word}\b", line))


def run_once(label: str, commit: str, work: Path, log) -> SuiteRun:
    clone = work / f"{label}-{commit[:7]}"
    shutil.rmtree(clone, ignore_errors=True)
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "checkout", "-q", commit], check=True)
    log(f"{label} ({commit[:7]}): set-up …")
    started = time.monotonic()
    with (clone.parent / f"{clone.name}.setup.log").open("w", encoding="utf-8") as sink:
        subprocess.run(
            ["bash", "scripts/setup.sh"], cwd=clone, check=True, stdin=subprocess.DEVNULL, stdout=sink, stderr=sink
        )
    setup = time.monotonic() - started
    log(f"{label} ({commit[:7]}): set-up {setup:.0f} s; tests …")
    output = clone.parent / f"{clone.name}.log"
    started = time.monotonic()
    with output.open("w", encoding="utf-8") as sink:
        done = subprocess.run(
            ["bash", "scripts/test.sh"], cwd=clone, stdin=subprocess.DEVNULL, stdout=sink, stderr=subprocess.STDOUT
        )
    tests = time.monotonic() - started
    outcomes = [m.group(1) for m in _SUMMARY.finditer(output.read_text(encoding="utf-8", errors="replace"))]
    log(f"{label} ({commit[:7]}): tests {tests / 60:.1f} min, exit {done.returncode}: {'; '.join(outcomes)}")
    shutil.rmtree(clone, ignore_errors=True)  # a clone with its .venv and caches is a gigabyte
    return SuiteRun(label, commit, round(setup, 1), round(tests, 1), done.returncode, outcomes)


def summary(runs: list[SuiteRun]) -> dict:
    """The median test time of each side and their ratio (now / baseline; below 1 is faster)."""
    sides = {}
    for label in ("baseline", "now"):
        own = [r for r in runs if r.label == label]
        sides[label] = {
            "commit": own[0].commit,
            "test_minutes": round(statistics.median([r.test_seconds for r in own]) / 60, 2),
            "with_setup_minutes": round(statistics.median([r.test_seconds + r.setup_seconds for r in own]) / 60, 2),
            "tests_passed": counted(own[-1].outcomes, "passed"),
            "all_exit_0": all(r.exit_code == 0 for r in own),
        }
    ratio = sides["now"]["test_minutes"] / sides["baseline"]["test_minutes"]
    return {"sides": sides, "ratio": round(ratio, 3), "no_slower": ratio <= 1.0}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.suite_time", description="Duur van de testsuite.")
    parser.add_argument("--baseline", default=FILED, help=f"vergelijkingscommit (standaard {FILED})")
    parser.add_argument("--commit", default="HEAD", help="te meten commit (standaard HEAD)")
    parser.add_argument("--rounds", type=int, default=1, help="1: basis, nu; 2: basis, nu, nu, basis")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "suite_time.json")
    parser.add_argument("--work", type=Path, help="werkmap voor de klonen (standaard een tijdelijke map)")
    args = parser.parse_args(argv)

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    def resolve(commit: str) -> str:
        found = subprocess.run(["git", "-C", str(ROOT), "rev-parse", commit], capture_output=True, text=True)
        if found.returncode != 0:
            parser.error(f"onbekende commit: {commit}")
        return found.stdout.strip()

    baseline, now = resolve(args.baseline), resolve(args.commit)
    order = [("baseline", baseline), ("now", now)]
    if args.rounds >= 2:  # ABBA: a machine that drifts during the run weighs on both sides alike
        order += [("now", now), ("baseline", baseline)]
    work = args.work or Path(tempfile.mkdtemp(prefix="adc-suite-time-"))
    runs = [run_once(label, commit, work, log) for label, commit in order]
    result = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "runs": [asdict(r) for r in runs],
        **summary(runs),
    }
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    base, current = result["sides"]["baseline"], result["sides"]["now"]
    print("| suite | commit | tests passed | tests (min) | with set-up (min) |")
    print("|---|---|---:|---:|---:|")
    for label, side in (("when issue 17 was filed", base), ("now", current)):
        print(
            f"| {label} | {side['commit'][:7]} | {side['tests_passed']} | {side['test_minutes']:.1f} "
            f"| {side['with_setup_minutes']:.1f} |"
        )
    print(f"\nratio now / then: {result['ratio']:.2f} ({'niet trager' if result['no_slower'] else 'trager'})")
    return 0 if current["all_exit_0"] else 1  # the baseline's own failures are reported, not ours


if __name__ == "__main__":
    sys.exit(main())
