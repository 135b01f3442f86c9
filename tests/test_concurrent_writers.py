"""Twenty professionals write at the same moment while the figures are rebuilt: nothing is lost.

Streamlit runs every browser session as a thread of one server process, so the writers here are
threads of this process, each a different author, started together by a barrier. Meanwhile a
second process rebuilds the figures in a loop (`python -m etl build`), which swaps the figures
file under the writers' figure lookups and, after each build, takes the story store's file lock
for its audit record. Afterwards every story, version, event, derived row, index entry and audit
record is counted: exactly what was asked, no more, no less, in order.
"""

from __future__ import annotations

import collections
import os
import subprocess
import sys
import threading
import time
import traceback

import polars as pl
import pytest

from kernel import adc_settings
from kernel.access import PROFESSIONAL, Viewer
from queries import db
from stories import audit_chain, current, service, store
from stories.service import StoryDraft
from tests.postgres import store_for_checks

pytestmark = [pytest.mark.slow, pytest.mark.subprocess]  # 40-80 s on two cores: 240 store commands beside 15 builds

WRITERS = 20
ROUNDS = 3
MAX_ROUNDS = 12
EDITS = 2  # after the first version: three versions per story
TEAM = "WI-ZUID"
SAMPLE_DATA = adc_settings.ROOT / "sample_data"


def title(round_: int, writer: int, version: int) -> str:
    return f"Ronde {round_} schrijver {writer} versie {version}"


def draft(round_: int, writer: int, version: int) -> StoryDraft:
    return StoryDraft(
        title=title(round_, writer, version),
        body=(
            f"Versie {version}: sinds de herindeling hebben we er een wijk bij zonder extra "
            f"mensen, dus huisbezoeken schuiven door (ronde {round_}, schrijver {writer})."
        ),
        metric_key="caseload_per_fte",
        period="2023-09",
        note_kind="werkdruk",
        visibility="organisatie",
        team_code=TEAM,
        dilemma_tags=["zorgen_activeren"],
        value_tags=["menselijkheid"],
    )


class BuildLoop:
    """`python -m etl build` in a subprocess, again and again until stopped: a second process
    that swaps the figures file and contends for the story store's lock."""

    def __init__(self, data_dir):
        self.env = os.environ | {adc_settings.DATA_DIR.env: str(data_dir)}
        self.stop = threading.Event()
        self.runs: list[subprocess.CompletedProcess] = []
        self.swaps: list[float] = []  # when a build's new file appeared (monotonic)
        self.audit_waits: list[float] = []  # from "Klaar" to the end: the audit record
        self.thread = threading.Thread(target=self._loop, name="build-loop", daemon=True)
        self.started = threading.Event()

    def _loop(self) -> None:
        figures = adc_settings.figures_db_path()
        while not self.stop.is_set():
            before = os.stat(figures).st_ino
            process = subprocess.Popen(
                [sys.executable, "-m", "etl", "build", "--source", str(SAMPLE_DATA)],
                cwd=adc_settings.ROOT,
                env=self.env,
                text=True,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            self.started.set()
            # Read as it comes, to time the wait for the store's lock after the build itself.
            stdout, built_at = [], None
            for line in process.stdout:
                stdout.append(line)
                if line.startswith("Klaar in"):
                    built_at = time.monotonic()
            stderr = process.stderr.read()
            process.wait(timeout=300)
            if built_at is not None:
                self.audit_waits.append(time.monotonic() - built_at)
            self.runs.append(subprocess.CompletedProcess(process.args, process.returncode, "".join(stdout), stderr))
            if os.stat(figures).st_ino != before:
                self.swaps.append(time.monotonic())

    def __enter__(self):
        self.thread.start()
        assert self.started.wait(60)
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(timeout=600)
        assert not self.thread.is_alive(), "the build loop did not stop"


def write_round(round_: int) -> tuple[dict[int, str], list[str], float, float]:
    """One round: every writer saves a story, edits it twice and submits it, all at once.
    Returns story ids per writer, the errors of the threads, and the round's start and end."""
    barrier = threading.Barrier(WRITERS)
    ids: dict[int, str] = {}
    errors: list[str] = []

    def write(writer: int) -> None:
        viewer = Viewer(f"auteur-{round_}-{writer}", PROFESSIONAL, (TEAM,))
        try:
            # Like a Streamlit run, a writer takes a cursor on the figures and keeps using it
            # for the whole story, while builds swap the file and other sessions reopen it.
            figures = db.figures()
            barrier.wait(timeout=60)
            saved = service.save(viewer, draft(round_, writer, 1), figures)
            ids[writer] = saved.story_id
            for version in range(2, EDITS + 2):
                # Alternately the held cursor and a new one, which may reopen the file.
                cursor = figures if version % 2 == 0 else db.figures()
                again = service.save(viewer, draft(round_, writer, version), cursor, story_id=saved.story_id)
                assert again.version == version, (again.version, version)
            service.submit(viewer, saved.story_id)
        except BaseException:  # noqa: BLE001 - every failure of every thread is reported
            errors.append(f"schrijver {writer}:\n{traceback.format_exc()}")
            barrier.abort()

    threads = [threading.Thread(target=write, args=(i,), name=f"schrijver-{i}") for i in range(WRITERS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(t.is_alive() for t in threads), "a writer hangs"
    return ids, errors, started, time.monotonic()


def _swaps_while_writing(rounds: list, swaps: list[float]) -> int:
    windows = [(start, end) for _, _, start, end in rounds]
    return sum(any(s <= t <= e for s, e in windows) for t in swaps)


def audit_counts(con, actions: tuple[str, ...]) -> int:
    return con.execute("select count(*) from audit_log where list_contains(?, action)", [list(actions)]).fetchone()[0]


def test_twenty_writers_during_rebuilds_lose_nothing(app_data, store_backend):
    """On both backends: the builds in other processes and the writers here share the store."""
    with store_for_checks() as con:
        loads_before = audit_counts(con, ("data_geladen",))
        stories_before = con.execute("select count(*) from stories").fetchone()[0]

    rounds = []
    with BuildLoop(app_data) as builds:
        # ROUNDS rounds, and more (up to MAX_ROUNDS) until a build swapped the figures during one:
        # on PostgreSQL the writers can finish before a build does on a busy machine.
        while len(rounds) < ROUNDS or (not _swaps_while_writing(rounds, builds.swaps) and len(rounds) < MAX_ROUNDS):
            rounds.append(write_round(len(rounds)))
        # Let a build that is still running finish and write its audit record.
    done = len(rounds)
    all_errors = [e for _, errors, _, _ in rounds for e in errors]
    assert not all_errors, "\n".join(all_errors)

    windows = [(start, end) for _, _, start, end in rounds]
    swaps_while_writing = _swaps_while_writing(rounds, builds.swaps)
    print(
        f"\n{done} rondes × {WRITERS} schrijvers: {len(builds.runs)} builds, "
        f"{swaps_while_writing} wissel(s) van het cijferbestand tijdens het schrijven; "
        f"rondes van {', '.join(f'{e - s:.1f}' for s, e in windows)} s; auditrecord van de "
        f"build na {', '.join(f'{w:.2f}' for w in builds.audit_waits)} s"
    )
    failed = [r for r in builds.runs if r.returncode != 0 or "Let op" in r.stderr]
    assert not failed, [(r.returncode, r.stderr) for r in failed]
    assert swaps_while_writing, "no build swapped the figures while the writers wrote"

    expected_titles = {title(r, w, EDITS + 1) for r in range(done) for w in range(WRITERS)}
    with store.connect() as con:  # the chain verified by the store itself (PostgreSQL's SQL there)
        assert audit_chain.verify(con) == []
    with store_for_checks() as con:
        # Every story saved exactly once, by its own author.
        stories = con.execute("select story_id, author from stories where author like 'auteur-%'").pl()
        assert stories.height == done * WRITERS
        assert con.execute("select count(*) from stories").fetchone()[0] == (stories_before + done * WRITERS)
        assert sorted(stories["author"]) == sorted(f"auteur-{r}-{w}" for r in range(done) for w in range(WRITERS))
        for round_, (ids, _, _, _) in enumerate(rounds):
            for writer, story_id in ids.items():
                assert stories.filter(pl.col("story_id") == story_id)["author"].to_list() == [
                    f"auteur-{round_}-{writer}"
                ]

        # Every version kept, in order, with its own text.
        versions = con.execute("""
            select s.author, list(v.version order by v.version) as versions,
                list(v.title order by v.version) as titles
            from stories as s join story_versions as v using (story_id)
            where s.author like 'auteur-%' group by s.author
        """).pl()
        assert versions.height == done * WRITERS
        for row in versions.iter_rows(named=True):
            round_, writer = map(int, row["author"].removeprefix("auteur-").split("-"))
            assert row["versions"] == list(range(1, EDITS + 2))
            assert row["titles"] == [title(round_, writer, v) for v in range(1, EDITS + 2)]

        # Each story's events: concept at version 1, then ter_beoordeling at the last version.
        events = con.execute("""
            select s.author, list(e.status order by e.event_id) as statuses,
                list(e.version order by e.event_id) as versions,
                list(e.actor order by e.event_id) as actors
            from stories as s join story_events as e using (story_id)
            where s.author like 'auteur-%' group by s.author
        """).pl()
        assert events.height == done * WRITERS
        for row in events.iter_rows(named=True):
            assert row["statuses"] == [service.CONCEPT, service.SUBMITTED]
            assert row["versions"] == [1, EDITS + 1]
            assert row["actors"] == [row["author"]] * 2

        # The derived table is exactly what the history says, and shows the last version.
        now = con.execute("select * from story_current").pl().sort("story_id")
        assert now.equals(current.derived(con).sort("story_id"))
        mine = now.filter(pl.col("author").str.starts_with("auteur-"))
        assert set(mine["title"]) == expected_titles
        assert set(mine["status"]) == {service.SUBMITTED}

        # The search index holds every version, once.
        indexed = con.execute("""
            select count(*), count(distinct (story_id, version)) from search_documents
            semi join stories using (story_id) where story_id in (
                select story_id from stories where author like 'auteur-%')
        """).fetchone()
        assert indexed == (done * WRITERS * (EDITS + 1),) * 2
        assert (
            con.execute(
                "select count(*) from story_versions anti join search_documents using (story_id, version)"
            ).fetchone()[0]
            == 0
        )

        # One audit record per command, by the author, about the story; plus one per build.
        audit = con.execute("""
            select actor, action, object_id, count(*) as n from audit_log
            where actor like 'auteur-%' group by all
        """).pl()
        assert audit["n"].sum() == done * WRITERS * (1 + EDITS + 1)
        per_story = collections.defaultdict(dict)
        for row in audit.iter_rows(named=True):
            story = stories.filter(pl.col("story_id") == row["object_id"])
            assert story["author"].to_list() == [row["actor"]]
            per_story[row["object_id"]][row["action"]] = row["n"]
        assert set(per_story) == set(stories["story_id"])
        assert all(
            actions == {"verhaal_aangemaakt": 1, "verhaal_bewerkt": EDITS, "verhaal_ingediend": 1}
            for actions in per_story.values()
        )
        assert audit_counts(con, ("data_geladen",)) - loads_before == len(builds.runs)
        # Writers in threads and a build in another process never forked the hash chain.
        assert audit_chain.verify(con) == []
