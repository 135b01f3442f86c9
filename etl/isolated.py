"""Runs a build in a process of its own, under a memory and a time limit, and follows it.

The dashboard's server and the CLI start `python -m etl.isolated JOB_DIR`: the child reads its
request from JOB_DIR, dies with its parent, writes each step to progress.jsonl and its outcome
(rejections bounded, etl/tabular.py) to outcome.json. A thread in the parent stops it when its
resident memory passes ADC_BUILD_MEMORY_MB or it runs past ADC_BUILD_TIMEOUT_SECONDS. A child
that dies or hits a limit leaves no outcome: the figures file is untouched (the build swaps a
finished file in atomically), and the parent records the failure and says so in Dutch.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kernel import adc_settings, vocabulary

if TYPE_CHECKING:  # the readers load only in the child process, or once a build reports
    from etl.tabular import Rejection


@dataclass
class Outcome:
    status: str  # vocabulary.LOAD_STATUSES, as in the load log
    rejections: list[Rejection] = field(default_factory=list)
    row_counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage of a build that passed
    message: str = ""  # Dutch, for a failure
    detail: str = ""  # for the load log: the end of a dead child's error output (English)


class BuildProcess:
    """A build running in a child process; `progress()` and `outcome()` may be called from any
    thread (a Streamlit session polls them) and never block."""

    def __init__(self, request: dict[str, Any], on_failure: Callable[[Outcome], None] | None = None):
        adc_settings.data_dir().mkdir(parents=True, exist_ok=True)
        _remove_dead_jobs()
        self.job = Path(tempfile.mkdtemp(prefix=f"bouw-{os.getpid()}-", dir=adc_settings.data_dir()))
        (self.job / "request.json").write_text(json.dumps(request), encoding="utf-8")
        self.started = time.monotonic()
        self.timeout = float(adc_settings.BUILD_TIMEOUT_SECONDS.get())
        self._on_failure = on_failure
        self._outcome: Outcome | None = None
        self._stopped: str | None = None
        self.peak_mb = 0.0  # the child's largest resident memory seen
        # The thread that starts the child is the one that waits for it: the child's "die with
        # the parent" signal (PR_SET_PDEATHSIG) fires when the starting *thread* ends, and a
        # Streamlit script run is a thread that ends long before the build.
        self._watcher = threading.Thread(target=self._watch, daemon=True, name="bouw-watcher")
        self._watcher.start()

    def _watch(self) -> None:
        with (self.job / "stderr.txt").open("wb") as stderr:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "etl.isolated", str(self.job)],
                cwd=adc_settings.ROOT,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
        self._stopped = self._follow()
        outcome = self._read_outcome()
        died = not (self.job / "outcome.json").exists() or self._stopped is not None
        if died and self._on_failure is not None:
            with contextlib.suppress(Exception):  # the outcome must still reach the beheerder
                self._on_failure(outcome)
        self._outcome = outcome
        shutil.rmtree(self.job, ignore_errors=True)

    def _follow(self) -> str | None:
        """Wait for the child, stopping it at the time limit or when its resident memory passes
        the memory limit ("time", "memory"; None: it ended by itself). A watchdog rather than
        RLIMIT_AS: DuckDB reserves far more address space than it uses, and a G4 build that
        peaks at 1.2 GB resident failed under a 4 GB address-space limit."""
        limit_kb = float(adc_settings.BUILD_MEMORY_MB.get()) * 1024
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                self.process.wait(timeout=0.1)
                return None
            except subprocess.TimeoutExpired:
                pass
            rss_kb = _resident_kb(self.process.pid)
            self.peak_mb = max(self.peak_mb, rss_kb / 1024)
            stopped = "time" if time.monotonic() > deadline else "memory" if rss_kb > limit_kb else None
            if stopped:
                self.process.kill()
                self.process.wait()
                return stopped

    def _read_outcome(self) -> Outcome:
        from etl.tabular import Rejection  # noqa: PLC0415 - the readers load only once a build reports

        path = self.job / "outcome.json"
        if self._stopped is None and path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))
            data["rejections"] = [Rejection(**r) for r in data["rejections"]]
            return Outcome(**data)
        seconds = time.monotonic() - self.started
        if self._stopped == "time":
            message = (
                f"Het bouwen duurde langer dan {self.timeout:g} seconden (instelling "
                "ADC_BUILD_TIMEOUT_SECONDS) en is gestopt."
            )
        elif self._stopped == "memory":
            message = (
                f"Het bouwen had meer geheugen nodig dan {adc_settings.BUILD_MEMORY_MB.get()}"
                " MB (instelling ADC_BUILD_MEMORY_MB) en is gestopt."
            )
        else:
            message = "Het bouwproces is onverwacht gestopt."
        try:
            last_words = (self.job / "stderr.txt").read_text("utf-8", "replace")[-500:].strip()
        except OSError:
            last_words = ""
        return Outcome(
            vocabulary.LOAD_FAILED,
            seconds=seconds,
            detail=last_words,
            message=message + " De cijfers en de bronbestanden zijn ongewijzigd.",
        )

    def progress(self) -> list[str]:
        """The steps reached so far."""
        path = self.job / "progress.jsonl"
        try:
            return [json.loads(line)["step"] for line in path.read_text("utf-8").splitlines() if line.endswith("}")]
        except (OSError, ValueError):
            return []

    def outcome(self) -> Outcome | None:
        """None while the build runs."""
        return self._outcome

    def wait(self) -> Outcome:
        self._watcher.join()
        if self._outcome is None:  # the watcher sets it before it ends
            raise RuntimeError("build watcher ended without an outcome")
        return self._outcome


# --- the child ---------------------------------------------------------------------------------


def _die_with_parent() -> None:
    """A build whose server or CLI was killed must not go on and swap files in afterwards: the
    kernel kills this process the moment its parent dies."""
    parent = os.getppid()
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


def _remove_dead_jobs() -> None:
    """The job folders of parents that were killed (a parent removes its own)."""
    from etl.build import process_alive  # noqa: PLC0415 - the parent does not load the build

    for folder in adc_settings.data_dir().glob("bouw-*-*"):
        pid = folder.name.split("-")[1]
        if pid.isdigit() and int(pid) != os.getpid() and not process_alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _resident_kb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return float(line.split()[1])
    except OSError:  # just ended
        pass
    return 0.0


def main(job: Path) -> int:
    _die_with_parent()
    os.nice(10)  # on a small server the readers' pages come first; a build may take longer
    from etl import build, workspace  # noqa: PLC0415 - only the child process loads the build

    request = json.loads((job / "request.json").read_text(encoding="utf-8"))
    progress_file = (job / "progress.jsonl").open("a", encoding="utf-8")

    def progress(step: str) -> None:
        progress_file.write(json.dumps({"step": step}, ensure_ascii=False) + "\n")
        progress_file.flush()

    started = time.monotonic()
    try:
        if request["kind"] == "commit":
            from kernel.access import BEHEERDER, Viewer  # noqa: PLC0415 - child process only

            staged = workspace.Staged(Path(request["folder"]), request["action"], request["detail"])
            report = workspace.commit(Viewer(request["user"], BEHEERDER), staged, progress=progress)
        else:
            report = build.build_file(Path(request["db_path"]), Path(request["source"]), progress=progress)
        outcome = Outcome(
            vocabulary.LOAD_OK, row_counts=report.row_counts(), seconds=report.seconds, stages=report.stages
        )
    except build.BuildError as refused:
        outcome = Outcome(vocabulary.LOAD_REFUSED, rejections=refused.rejections, seconds=time.monotonic() - started)
    except MemoryError:
        outcome = Outcome(
            vocabulary.LOAD_FAILED,
            seconds=time.monotonic() - started,
            message=(
                f"Het bouwen had meer geheugen nodig dan {adc_settings.BUILD_MEMORY_MB.get()} MB "
                "(instelling ADC_BUILD_MEMORY_MB) en is gestopt. De cijfers en de bronbestanden "
                "zijn ongewijzigd."
            ),
        )
    except Exception as error:  # noqa: BLE001 - recorded in the load log by the build; said here in Dutch
        outcome = Outcome(
            vocabulary.LOAD_FAILED,
            seconds=time.monotonic() - started,
            message=(
                f"Het bouwen is mislukt ({type(error).__name__}: {str(error)[:300]}). "
                "De cijfers en de bronbestanden zijn ongewijzigd."
            ),
        )
    data = dataclasses.asdict(outcome)
    tmp = job / "outcome.json.tmp"
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, job / "outcome.json")  # the parent never reads half an outcome
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
