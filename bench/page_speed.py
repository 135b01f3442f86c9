"""Page speed: the server-side time to render each page (AppTest), with default filters and with
a team filter, against the time the page's own queries take within that render."""

from __future__ import annotations

import functools
import inspect
import logging
import time
from contextlib import contextmanager
from dataclasses import dataclass

import streamlit as st
from streamlit.testing.v1 import AppTest

import queries
from accounts.demo import viewer_per_role
from bench.report import Measure, median
from dashboard.navigation import PAGES
from dashboard.session import VIEWER_KEY
from kernel import adc_settings
from kernel.access import BEHEERDER, MANAGER, PROFESSIONAL, RAAD

# The timings call the app's cached queries outside a server session, which Streamlit warns
# about on every call; a filter (AppTest resets log levels on each run) keeps the output legible.
for _name in ("streamlit.runtime.scriptrunner_utils.script_run_context", "streamlit.runtime.caching.cache_data_api"):
    logging.getLogger(_name).addFilter(
        lambda record: "ScriptRunContext" not in record.getMessage() and "No runtime found" not in record.getMessage()
    )

APP = str(adc_settings.ROOT / "dashboard" / "app.py")
TARGET_SECONDS = 1.0
TEAM = "WI-ZUID"  # a team of the first theme, in both municipalities

# Who opens each page in the benchmark: the audience it is made for.
VIEWERS = viewer_per_role()
AUDIENCE = {
    "raad_overzicht.py": RAAD,
    "budget.py": RAAD,
    "besluiten.py": RAAD,
    "briefing.py": RAAD,
    "caseload.py": MANAGER,
    "dekking.py": MANAGER,
    "verhalen.py": RAAD,
    "verhaal_toevoegen.py": PROFESSIONAL,
    "beoordelen.py": MANAGER,
    "over_de_data.py": RAAD,
    "beheer.py": BEHEERDER,
    "auditlog.py": BEHEERDER,
}


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
    """Time spent inside `queries` (the outermost call only, so nested queries are
    not counted twice) while a page renders."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._depth = 0

    @contextmanager
    def installed(self):
        originals = {
            name: fn
            for name, fn in vars(queries).items()
            if inspect.isfunction(fn) and fn.__module__.startswith(queries.__name__ + ".")
        }
        for name, fn in originals.items():
            setattr(queries, name, self._timed(fn))
        try:
            yield self
        finally:
            for name, fn in originals.items():
                setattr(queries, name, fn)

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


def render_once(case: Case, clock: QueryClock) -> tuple[float, float, str | None]:
    """One fresh session: open the app (not timed), go to the page (timed)."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state[VIEWER_KEY] = VIEWERS[AUDIENCE[case.file]]
    at.query_params.update(case.params)
    at.run()
    at.switch_page(f"app_pages/{case.file}")
    clock.seconds = 0.0
    started = time.perf_counter()
    at.run()
    seconds = time.perf_counter() - started
    error = "; ".join(str(e.value) for e in at.exception) or None
    return seconds, clock.seconds, error


def measure(repeat: int, log=print) -> list[Measure]:
    st.cache_data.clear()
    st.cache_resource.clear()
    measures = []
    clock = QueryClock()
    with clock.installed():
        for case in cases():
            renders, query_times, errors = [], [], []
            for _ in range(repeat):
                seconds, in_queries, error = render_once(case, clock)
                renders.append(seconds)
                query_times.append(in_queries)
                if error:
                    errors.append(error)
            render_s, query_s = median(renders), median(query_times)
            log(f"  {case.name}: {render_s:.2f} s (queries {query_s:.2f} s)")
            detail = f"as {AUDIENCE[case.file]}; median of {repeat}; baseline = its queries alone"
            if errors:
                detail += f"; ERROR: {errors[0][:200]}"
            measures.append(
                Measure(
                    case.name,
                    render_s,
                    "s",
                    target=TARGET_SECONDS,
                    baseline=query_s or None,
                    detail=detail,
                    met=False if errors else None,
                )
            )
    return measures
