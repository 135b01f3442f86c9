"""Page speed: the server-side time to render each page (AppTest) for every role that may open
it, with default filters and with a team filter, against its own queries' time in that render
and the dashboard's frame around an empty page, measured the same way in the same run."""

from __future__ import annotations

import functools
import inspect
import logging
import time
from contextlib import contextmanager
from dataclasses import dataclass

import streamlit as st
from streamlit.navigation.page import StreamlitPage
from streamlit.testing.v1 import AppTest

import queries
from accounts import admin, sessions
from accounts.demo import viewer_per_role
from bench.report import Measure, median
from dashboard.navigation import ALL, PAGES
from dashboard.session import VIEWER_KEY
from kernel import adc_settings
from kernel.access import Viewer
from presentation import labels
from stories import audit, audit_watch
from tests.apptest import as_in_one_server

# The timings call the app's cached queries outside a server session, which Streamlit warns
# about on every call; a filter (AppTest resets log levels on each run) keeps the output legible.
for _name in ("streamlit.runtime.scriptrunner_utils.script_run_context", "streamlit.runtime.caching.cache_data_api"):
    logging.getLogger(_name).addFilter(
        lambda record: "ScriptRunContext" not in record.getMessage() and "No runtime found" not in record.getMessage()
    )

APP = str(adc_settings.ROOT / "dashboard" / "app.py")
TARGET_SECONDS = 0.5
MAX_QUERY_RATIO = 3.0  # a page may take at most this many times its own queries' time (or the frame's)
TEAM = "WI-ZUID"  # a team of the first theme, in both municipalities

# Who opens each page in the benchmark: every role whose navigation has it (dashboard/navigation.py),
# one demo account per role; a page is as fast as its slowest audience.
VIEWERS = viewer_per_role()
AUDIENCES = {file: tuple(role for role in ALL if role in roles) for _, file, _, _, _, roles in PAGES}


# Reads of the story store that pages make outside `queries` (module, function name).
STORE_READS = (
    (admin, "read_audit"),
    (admin, "audit_choices"),
    (admin, "list_users"),
    (audit, "verify_store"),
    (audit_watch, "check"),
)


@dataclass(frozen=True)
class Case:
    file: str
    title: str
    variant: str
    params: dict

    @property
    def name(self) -> str:
        return f"Page {self.title} ({self.variant})"


def cases() -> list[Case]:
    found = []
    for _, file, title, _, _, _ in PAGES:
        found.append(Case(file, title, "standaard", {}))
        found.append(Case(file, title, f"team {TEAM}", {"team": TEAM}))
    found.append(Case("verhalen.py", "Verhalen", "zoeken", {"zoek": "wachtlijst"}))
    return found


class QueryClock:
    """Time spent inside `queries` and the story-store reads in STORE_READS (the outermost call
    only, so nested queries are not counted twice) while a page renders."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._depth = 0

    @contextmanager
    def installed(self):
        originals = [
            (queries, name, fn)
            for name, fn in vars(queries).items()
            if inspect.isfunction(fn) and fn.__module__.startswith(queries.__name__ + ".")
        ]
        # The Auditlog and Beheer pages read the story store through these, not through `queries`.
        originals += [(module, name, getattr(module, name)) for module, name in STORE_READS]
        for module, name, fn in originals:
            setattr(module, name, self._timed(fn))
        try:
            yield self
        finally:
            for module, name, fn in originals:
                setattr(module, name, fn)

    def _timed(self, fn):
        @functools.wraps(fn)
        def timed(*args, **kwargs):
            self._depth += 1
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self._depth -= 1
                if self._depth == 0:
                    self.seconds += time.perf_counter() - started

        return timed


@functools.cache
def signed_in(role: str) -> Viewer:
    """The role's demo viewer with a session in the store, as a login gives it; one per role
    for the whole run (a page without a live session shows the login form instead)."""
    return sessions.start(VIEWERS[role])[0]


def render_once(case: Case, clock: QueryClock, role: str) -> tuple[float, float, str | None]:
    """One fresh session of `role`: open the app (not timed), go to the page (timed)."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state[VIEWER_KEY] = signed_in(role)
    at.query_params.update(case.params)
    at.run()
    at.switch_page(f"app_pages/{case.file}")
    clock.seconds = 0.0
    started = time.perf_counter()
    at.run()
    seconds = time.perf_counter() - started
    error = "; ".join(str(e.value) for e in at.exception) or None
    if any(title.value == labels.TITLE_LOGIN for title in at.title):
        error = f"de pagina toonde het inlogscherm, niet {case.title}"  # timing a login form says nothing
    return seconds, clock.seconds, error


# The frame: what every page's run pays before its own first line (Streamlit's script run, the
# login check, the navigation, the sidebar's filters), timed as a page is, with the page itself
# left out. A page with almost no queries is judged against this instead of against nothing.
FRAME = Case("over_de_data.py", "frame", "lege pagina", {})  # any page every role has


@contextmanager
def empty_pages():
    """While inside, the router's `page.run()` draws nothing: only the frame is left."""
    run = StreamlitPage.run
    StreamlitPage.run = lambda self: None
    try:
        yield
    finally:
        StreamlitPage.run = run


def frame_seconds(clock: QueryClock, role: str, repeat: int) -> tuple[float, str | None]:
    """The median render of the frame around an empty page for `role`, through render_once."""
    renders, errors = [], []
    with empty_pages():
        for _ in range(repeat):
            seconds, _, error = render_once(FRAME, clock, role)
            renders.append(seconds)
            if error:
                errors.append(error)
    return median(renders), errors[0] if errors else None


@dataclass(frozen=True)
class Audience:
    """One role's medians for one case."""

    role: str
    render_s: float
    query_s: float
    error: str | None = None
    frame_s: float = 0.0  # the role's frame around an empty page, in the same run

    @property
    def allowance_s(self) -> float:
        """What MAX_QUERY_RATIO multiplies: the page's own queries, but never less than the frame
        every page pays (a page without queries is not 100 times its queries for a form)."""
        return max(self.query_s, self.frame_s)


def judged(case: Case, audiences: list[Audience], repeat: int) -> Measure:
    """The case's measure: its slowest audience, met when that render is within TARGET_SECONDS,
    every audience within MAX_QUERY_RATIO times the larger of its own queries and its frame,
    and no audience failed."""
    worst = max(audiences, key=lambda a: a.render_s)
    over_ratio = [a.role for a in audiences if a.allowance_s and a.render_s > MAX_QUERY_RATIO * a.allowance_s]
    failed = [a for a in audiences if a.error]
    per_role = ", ".join(
        f"{a.role} {a.render_s:.2f} s (queries {a.query_s:.2f} s, frame {a.frame_s:.2f} s)"
        for a in sorted(audiences, key=lambda a: a.role)
    )
    detail = f"worst audience {worst.role}; median of {repeat}; baseline = its queries alone; per role: {per_role}"
    if over_ratio:
        detail += f"; over {MAX_QUERY_RATIO:g}x its queries or frame: {', '.join(over_ratio)}"
    if failed:
        detail += f"; ERROR as {failed[0].role}: {failed[0].error[:200]}"
    return Measure(
        case.name,
        worst.render_s,
        "s",
        target=TARGET_SECONDS,
        baseline=worst.query_s or None,
        detail=detail,
        met=worst.render_s <= TARGET_SECONDS and not over_ratio and not failed,
    )


def framed(frames: dict[str, tuple[float, str | None]], repeat: int) -> Measure:
    """The frame's own row: its slowest role, no target (it is the floor the pages are judged by)."""
    worst = max(frames, key=lambda role: frames[role][0])
    detail = (
        f"the dashboard around an empty page (login check, navigation, filters), as a page is timed; "
        f"worst role {worst}; median of {repeat}; per role: "
        + ", ".join(f"{role} {seconds:.2f} s" for role, (seconds, _) in sorted(frames.items()))
    )
    if failed := [(role, error) for role, (_, error) in frames.items() if error]:
        detail += f"; ERROR as {failed[0][0]}: {failed[0][1][:200]}"
    return Measure("Page frame (empty page)", frames[worst][0], "s", detail=detail)


def measure(repeat: int, log=print, quick: bool = False) -> list[Measure]:
    """Every case for every audience (`quick`, python -m bench --quick: for its first audience
    only, as the memory measure does; a check that every page's measure still runs, where the
    suite's page tests render every page for every role)."""
    st.cache_data.clear()
    st.cache_resource.clear()
    measures = []
    clock = QueryClock()
    with clock.installed(), as_in_one_server():
        frames = {role: frame_seconds(clock, role, repeat) for role in ALL}
        frame_measure = framed(frames, repeat)
        log(f"  {frame_measure.name}: {frame_measure.value:.2f} s — {frame_measure.detail}")
        measures.append(frame_measure)
        for case in cases():
            audiences = []
            for role in AUDIENCES[case.file][: 1 if quick else None]:
                renders, query_times, errors = [], [], []
                for _ in range(repeat):
                    seconds, in_queries, error = render_once(case, clock, role)
                    renders.append(seconds)
                    query_times.append(in_queries)
                    if error:
                        errors.append(error)
                audiences.append(
                    Audience(role, median(renders), median(query_times), errors[0] if errors else None, frames[role][0])
                )
            measure = judged(case, audiences, repeat)
            log(f"  {case.name}: {measure.value:.2f} s (queries {measure.baseline or 0:.2f} s) — {measure.detail}")
            measures.append(measure)
    return measures
