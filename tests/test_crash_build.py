"""A build killed at any moment loses nothing: the previous figures stay byte for byte, the
dashboard keeps serving them, and the killed builds leave no temp files behind.

At G4 scale (about 2 million decisions, sample_data/generate.py --size large), `python -m etl
build` runs in a subprocess and gets SIGKILL inside each stage of the build — while it starts
and reads the sources, while it loads them, while it computes the marts and while it writes the
file — at moments drawn within each stage as a first `--verbose` build of the same sources
timed it. After every kill the figures file must have the same sha256 and inode, answer the
same queries (the true figures and the council's), and a real `streamlit run` server (one for
the whole test) must stay healthy; a fresh AppTest render after the kills shows the same key
figures. Then a normal build of changed sources succeeds and the dashboard shows the change.

Two kills per stage, not twenty spread evenly: what a kill can break differs per stage (no temp
file yet, a temp file being filled, a temp file being checkpointed), not per second within one,
and the figures file is only ever replaced whole (os.replace) at the end. Two moments at
different places in every stage keep that claim; twenty uniform ones spent most of their time
rebuilding the long stages. The render is done once after the kills rather than after each:
the figures file it reads is proven byte for byte the same after each kill, and it is what the
sha256, the queries and the health check already compare.
"""

from __future__ import annotations

import collections
import os
import random
import re
import signal
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl
import pytest

from accounts import demo
from etl import build, caseload, teams
from etl.tabular import ROW
from kernel import adc_settings
from tests.apptest import open_app
from tests.browser import serve
from tests.records import sha256

KILLS_PER_STAGE = 2
STAGES = ("starten en lezen", "laden", "marts", "afronden")
END_MONTH = "2026-10"  # fixed, as in bench/workload.py: the same data on any day
SEED = 20261201
THEME_LEVEL_ACTIVE = (
    "select value from mart_metric_values where metric_key = 'active_dossiers' "
    "and theme_code = 'participatie' and team_code is null and period = ?"
)
# What "answers the same" means: exact results (sums over decimals, so no float reordering).
QUERIES = {
    "bronbestanden": "select * from meta_source_files order by all",
    "besluiten": "select kind, count(*), min(decided_on), max(decided_on), sum(term_days), "
    "count(*) filter (where departs_from_policy) from stg_decisions group by all "
    "order by all",
    "cijfers": "select metric_key, count(*), min(value), max(value), sum(value::decimal(38, 6)) "
    "from mart_metric_values group by all order by all",
    "caseload": "select team_code, count(*), sum(caseload_per_fte::decimal(38, 6)) "
    "from mart_caseload_monthly group by all order by all",
    "raad": "select metric_key, count(*), min(value), max(value), sum(value::decimal(38, 6)) "
    "from council_metric_values group by all order by all",
}


@pytest.fixture(scope="session")
def large_sources(tmp_path_factory) -> Path:
    """Havenstad at G4 scale, generated once per session (about a minute)."""
    folder = tmp_path_factory.mktemp("large_sources")
    subprocess.run(
        [
            sys.executable,
            str(adc_settings.ROOT / "sample_data" / "generate.py"),
            "--size",
            "large",
            "--end",
            END_MONTH,
            "--out",
            str(folder),
        ],
        cwd=adc_settings.ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
        timeout=900,
    )
    return folder


def changed_sources(sources: Path, target: Path) -> tuple[Path, int]:
    """The same sources with 100 more active dossiers for every participatie team in the last
    month (read with the ETL's own readers, written as plain CSV); the other files are linked,
    not copied. Returns the folder and how many dossiers were added."""
    target.mkdir()
    for path in sources.iterdir():
        if path.is_file() and path.name != "caseload.csv":
            os.link(path, target / path.name)
    [teams_file] = build.find_source_files(sources, teams.STEM)
    participatie = (
        teams.read(teams_file.read_bytes(), teams_file.name)
        .frame.filter(pl.col("theme_code") == "participatie")["team_code"]
        .to_list()
    )
    rows = caseload.read((sources / "caseload.csv").read_bytes(), "caseload.csv").frame.drop(ROW)
    more = (pl.col("peildatum") == pl.col("peildatum").max()) & pl.col("team_code").is_in(participatie)
    changed = rows.with_columns(
        pl.when(more)
        .then(pl.col("active_dossiers") + 100)
        .otherwise(pl.col("active_dossiers"))
        .alias("active_dossiers")
    )
    headers = {c.name: c.header for c in caseload.COLUMNS}
    changed.select(list(headers)).rename(headers).write_csv(target / "caseload.csv", date_format="%Y-%m-%d")
    return target, 100 * rows.filter(more).height


def answers(path: Path) -> dict[str, list[tuple]]:
    """The recorded queries on a connection of its own, opened and closed here."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {name: con.execute(sql).fetchall() for name, sql in QUERIES.items()}
    finally:
        con.close()


def leftovers(folder: Path) -> list[str]:
    """Temp files and folders of builds (and of DuckDB) in the data folder."""
    return sorted(p.name for p in folder.iterdir() if ".tmp" in p.name)


def healthy(url: str) -> bool:
    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=30) as response:
        return response.status == 200 and response.read().strip() == b"ok"


def key_figures() -> list[tuple[str, str]]:
    """The council overview as a fresh session sees it: every tile's label and value."""
    at = open_app()  # asserts that the page ran without an exception
    assert [t.value for t in at.title] == ["Overzicht per thema"]
    return [(m.label, m.value) for m in at.metric]


class Timeline:
    """One build in a subprocess, watched from outside: when its temp file appeared (the
    sources are read, loading starts), when the figures file was swapped, when it ended."""

    def __init__(self, sources: Path, folder: Path, *, verbose: bool = False):
        self.folder = folder
        self.figures = folder / "figures.duckdb"
        self.inode = os.stat(self.figures).st_ino if self.figures.exists() else None
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "etl", "build", "--source", str(sources)] + (["--verbose"] if verbose else []),
            cwd=adc_settings.ROOT,
            env=os.environ | {adc_settings.DATA_DIR.env: str(folder)},
            stdout=subprocess.PIPE if verbose else subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.child: int | None = None  # the build process the CLI starts (etl/isolated.py)
        self.tmp_at: float | None = None
        self.swap_at: float | None = None
        self.ended_at: float | None = None

    def build_pid(self) -> int | None:
        """The pid of the process that builds: the CLI's child, started by one of its threads."""
        if self.child is None:
            for children in Path(f"/proc/{self.process.pid}/task").glob("*/children"):
                try:
                    found = children.read_text().split()
                except OSError:
                    continue
                if found:
                    self.child = int(found[0])
        return self.child

    def wait_build_gone(self) -> None:
        """The build child dies with the CLI, but on its own core a moment later: wait for it."""
        deadline = time.monotonic() + 10
        while self.child is not None and build.process_alive(self.child):
            assert time.monotonic() < deadline, "the build outlived its CLI"
            time.sleep(0.005)

    def tmp_exists(self) -> bool:
        """Whether this build's temp file is there (figures.duckdb.<pid>-<token>.tmp)."""
        pid = self.build_pid()
        return pid is not None and any(
            p.name.startswith(f"figures.duckdb.{pid}-") and p.name.endswith(".tmp") for p in self.folder.iterdir()
        )

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def watch(self, until: float | None = None, *, until_tmp: bool = False) -> None:
        """Poll until the process ends, until `until` seconds after the start, or (with
        `until_tmp`) until its temp file is there."""
        while self.process.poll() is None and (until is None or self.elapsed() < until):
            if self.tmp_at is None and self.tmp_exists():
                self.tmp_at = self.elapsed()
                if until_tmp:
                    return
            if self.swap_at is None and self.swapped():
                self.swap_at = self.elapsed()
            time.sleep(0.005)
        if self.swap_at is None and self.swapped():
            self.swap_at = self.elapsed()
        if self.ended_at is None and self.process.poll() is not None:
            self.ended_at = self.elapsed()

    def swapped(self) -> bool:
        try:
            return os.stat(self.figures).st_ino != self.inode
        except FileNotFoundError:
            return False

    def finish(self) -> str:
        """Waits for a build that must succeed; its standard output (with `verbose`, else "")."""
        self.watch()
        stdout = self.process.stdout.read() if self.process.stdout else ""
        stderr = self.process.stderr.read()
        self.process.stderr.close()
        assert self.process.returncode == 0, stderr
        return stdout


def stage_shares(printed: str) -> dict[str, float]:
    """What share of the time from the temp file to the written file goes to loading the
    sources, to the marts and to the checkpoint, from the seconds per stage that `etl build
    --verbose` prints ("  bronnen laden: 1,23 s"): from outside, a build only shows when
    loading starts (its temp file appears) and when the file is swapped."""
    seconds = {
        name: float(value.replace(".", "").replace(",", "."))
        for name, value in re.findall(r"^  ([^:\n]+): ([\d.,]+) s$", printed, re.MULTILINE)
    }
    stages = {
        "laden": seconds["schema en referenties"] + seconds["bronnen laden"],
        "marts": sum(v for name, v in seconds.items() if name.startswith("mart ")) + seconds["raadstabellen"],
        "afronden": seconds["wegschrijven"],
    }
    assert all(v > 0 for v in stages.values()), printed
    return {name: v / sum(stages.values()) for name, v in stages.items()}


@contextmanager
def dashboard_server(folder: Path, log_dir: Path):
    server = serve(folder, log_dir)
    url = next(server)
    try:
        yield url
    finally:
        server.close()  # stops the server (the generator's code after its yield)


def phase_of(run: Timeline, at: float, shares: dict[str, float], span: float) -> str:
    """Where in the build a kill at `at` seconds fell: before its temp file appeared, or which
    share of the reference build's time from then to the swap (`span`)."""
    if run.tmp_at is None or at < run.tmp_at:
        return "starten en lezen"
    into = (at - run.tmp_at) / span
    for name, share in shares.items():
        if into < share:
            return name
        into -= share
    return "afronden"


@pytest.mark.slow
@pytest.mark.cityscale
def test_builds_killed_at_any_moment_leave_the_previous_figures_and_no_temp_files(
    large_sources, tmp_path, monkeypatch, fresh_caches
):
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv(adc_settings.DATA_DIR.env, str(folder))
    figures = folder / "figures.duckdb"

    # The previous figures, how long a build of these sources takes from outside, and how its
    # time divides over the stages (as the build itself timed them).
    first = Timeline(large_sources, folder, verbose=True)
    shares = stage_shares(first.finish())
    demo.create_demo_users(synthetic=True)  # the council reader of key_figures() logs in
    assert first.tmp_at is not None and first.swap_at is not None
    reading, span = first.tmp_at, first.swap_at - first.tmp_at
    print(
        f"\nbouw: {reading:.1f} s starten en lezen, dan {span:.1f} s tot de wissel ("
        + ", ".join(f"{name} {share:.0%}" for name, share in shares.items())
        + f"); klaar na {first.ended_at:.1f} s"
    )

    digest, inode, expected = sha256(figures), os.stat(figures).st_ino, answers(figures)
    with dashboard_server(folder, tmp_path) as url:
        assert healthy(url)
        tiles = key_figures()
        assert dict(tiles)["Actieve dossiers"]

        # KILLS_PER_STAGE moments inside each stage, each somewhere between a tenth and nine
        # tenths of it. A build's speed varies with what else the machine does, so a moment
        # after the reading is counted from when this build's temp file appeared, and one
        # before from its start.
        rng = random.Random(SEED)
        plan = [(stage, 0.1 + 0.8 * rng.random()) for stage in STAGES for _ in range(KILLS_PER_STAGE)]
        kills, completed, newest = [], 0, None
        while len(kills) < len(plan):
            assert completed <= len(plan), "the builds keep finishing before the kill"
            stage, within = plan[len(kills)]
            run = Timeline(large_sources, folder)
            if stage == STAGES[0]:
                run.watch(until=within * reading)
            else:
                before = sum(share for name, share in shares.items() if STAGES.index(name) < STAGES.index(stage))
                run.watch(until_tmp=True)
                if run.tmp_at is not None:
                    run.watch(until=run.tmp_at + (before + within * shares[stage]) * span)
            killed_at = run.elapsed()
            if run.process.poll() is None:
                run.process.send_signal(signal.SIGKILL)
            run.process.wait(timeout=60)
            run.process.stderr.close()
            run.wait_build_gone()

            if run.swapped():
                # This build was faster than the first and finished before its moment: it is
                # a build that succeeded, not a kill. Its file is the new "previous".
                assert run.process.returncode in (0, -signal.SIGKILL)
                completed += 1
                newest = None  # a build that got through removed every leftover
                if run.tmp_at is not None and run.swap_at is not None:  # the newest measure
                    reading, span = run.tmp_at, run.swap_at - run.tmp_at
                digest, inode = sha256(figures), os.stat(figures).st_ino
                assert answers(figures) == expected
                continue
            assert run.process.returncode == -signal.SIGKILL
            kills.append((killed_at, phase_of(run, killed_at, shares, span)))

            assert os.stat(figures).st_ino == inode
            assert sha256(figures) == digest, f"kill {len(kills)} changed the figures file"
            assert answers(figures) == expected
            assert healthy(url)
            # At most the temp file of the newest build that got to write one: every build
            # removes what dead builds before it left.
            # (Seen while it ran, or written between the last look and the kill.)
            left = leftovers(folder)
            own = run.build_pid()
            if (
                run.tmp_at is not None
                or run.tmp_exists()
                or any(name.startswith(f"figures.duckdb.{own}-") for name in left)
            ):
                newest = own  # (its file can appear after the last look, as the child dies)
            assert all(name.startswith(f"figures.duckdb.{newest}-") for name in left), left
        assert key_figures() == tiles  # a fresh session after all the kills sees the same

        phases = collections.Counter(phase for _, phase in kills)
        print(
            f"{len(kills)} keer gekild ({', '.join(f'{n}× {p}' for p, n in phases.items())}); "
            f"{completed} build(s) waren eerder klaar; na " + ", ".join(f"{at:.1f}" for at, _ in kills) + " s"
        )
        assert {"starten en lezen", "laden", "marts"} <= set(phases)

        # A normal build afterwards succeeds, leaves nothing behind, and is what the
        # dashboard shows next.
        changed, added = changed_sources(large_sources, tmp_path / "gewijzigd")
        period = END_MONTH
        before = duckdb.connect(str(figures), read_only=True)
        try:
            old_value = before.execute(THEME_LEVEL_ACTIVE, [period]).fetchone()[0]
        finally:
            before.close()
        final = Timeline(changed, folder)
        final.finish()
        assert final.swap_at is not None and sha256(figures) != digest
        assert leftovers(folder) == []
        after = duckdb.connect(str(figures), read_only=True)
        try:
            new_value = after.execute(THEME_LEVEL_ACTIVE, [period]).fetchone()[0]
            council_value = after.execute(THEME_LEVEL_ACTIVE.replace("mart_", "council_"), [period]).fetchone()[0]
        finally:
            after.close()
        assert new_value == old_value + added
        assert healthy(url)
        shown = dict(key_figures())
        assert shown["Actieve dossiers"] != dict(tiles)["Actieve dossiers"]
        assert int(shown["Actieve dossiers"].replace(".", "")) == council_value  # rounded for the council


@pytest.mark.subprocess
def test_a_build_removes_the_temp_files_of_dead_builds_and_never_of_live_ones(tmp_path, monkeypatch):
    """The clean-up on its own: a dead build's temp file and WAL go, a running build's stay."""
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv(adc_settings.DATA_DIR.env, str(folder))
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        names = [
            f"figures.duckdb.{dead.pid}-0a1b2c3d.tmp",
            f"figures.duckdb.{dead.pid}-0a1b2c3d.tmp.wal",
            f"figures.duckdb.{live.pid}-4e5f6a7b.tmp",
            f"figures.duckdb.{live.pid}-4e5f6a7b.tmp.wal",
            "stories.duckdb.1.tmp",
        ]  # another database's: not this build's business
        for name in names:
            (folder / name).write_bytes(b"half a build")
        (folder / "figures.duckdb.tmp").mkdir()  # DuckDB's own spill folder: left alone
        build.build_file(folder / "figures.duckdb", adc_settings.ROOT / "sample_data")
        assert leftovers(folder) == sorted(names[2:] + ["figures.duckdb.tmp"])
    finally:
        live.kill()
        live.wait()
