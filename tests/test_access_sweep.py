"""Every query function, for every role: the council never receives an unpublished story or an
unsuppressed small count, and a professional never receives another team's drafts.

The sweep discovers the functions itself, so a new query that takes a viewer is covered
without anyone remembering to add it; one with a parameter the sweep cannot fill fails here.
"""

from __future__ import annotations

import datetime as dt
import inspect
import itertools

import polars as pl
import pytest

import queries
from kernel import adc_settings
from kernel.access import BEHEERDER, MANAGER, PROFESSIONAL, RAAD, Viewer
from queries import db
from stories import store

VIEWERS = {
    RAAD: Viewer("wethouder", RAAD),
    MANAGER: Viewer("manager-zorg", MANAGER, ("WMO", "JGD-OOST", "JGD-WEST", "SHV", "LLV")),
    PROFESSIONAL: Viewer("wi-zuid-1", PROFESSIONAL, ("WI-ZUID",)),
    BEHEERDER: Viewer("beheerder", BEHEERDER),
}
PERIODS = ("2024-03", "2026-10")
# Columns that hold a count of residents or decisions: a council must never see 1 to 9 in them.
COUNT_COLUMNS = (
    "n_basis",
    "active_dossiers",
    "n_decisions",
    "n_requests",
    "n_granted",
    "n_on_time",
    "n_objections",
    "n_objections_decided",
    "n_upheld",
    "n_maatwerk",
    "decisions",
    "requests",
    "objections",
    "count",
)

QUERY_FUNCTIONS = [
    (name, fn)
    for name, fn in inspect.getmembers(queries, inspect.isfunction)
    if fn.__module__.startswith(queries.__name__ + ".")
    and not name.startswith("_")
    and "viewer" in inspect.signature(fn).parameters
]


@pytest.fixture(scope="module")
def world(sample_data_dir):
    """The sample figures with the sample stories plus fresh drafts of two teams."""
    with pytest.MonkeyPatch.context() as patch:  # module scope: the `monkeypatch` fixture is per test
        patch.setenv(adc_settings.DATA_DIR.env, str(sample_data_dir))
        con = db.figures()
        every = queries.visible_stories(VIEWERS[BEHEERDER], figures_con=con)
        assert set(every["status"]) >= {"concept", "ter_beoordeling", "gepubliceerd"}
        teams = con.execute("select theme_code, team_code from stg_teams order by all").fetchall()
        yield con, every, teams
        db.close_all()


def argument_sets(fn, con, viewer, every, teams):
    """Every combination of values the sweep passes to `fn`, keyed by parameter name."""
    themes = sorted({t for t, _ in teams})
    pools = {
        "con": [con],
        "viewer": [viewer],
        "figures_con": [con],
        "theme": themes,
        "period": list(PERIODS),
        "metric_key": list(queries.catalog_by_key(con)),
        "start": [dt.date(2021, 1, 1)],
        "end": [dt.date(2026, 10, 31)],
        "team": [None, "WI-ZUID", "LLV"],
        "teams": [[code for _, code in teams]],
        "cells": [every],
        "stories": [every],
        "story_ids": [every["story_id"].to_list()],
        "story_id": every["story_id"].to_list()[:15],
        "story": every.head(15).to_dicts(),
    }
    names, values = [], []
    for name, parameter in inspect.signature(fn).parameters.items():
        if name in pools:
            names.append(name)
            values.append(pools[name])
        elif parameter.default is inspect.Parameter.empty:
            pytest.fail(
                f"the sweep cannot fill parameter '{name}' of queries.{fn.__name__}: "
                "add a pool for it in tests/test_access_sweep.py"
            )
    for combination in itertools.product(*values):
        yield dict(zip(names, combination))


def frames_in(result):
    """The DataFrames in whatever a query returns (a frame, a tuple of frames, dicts of rows)."""
    if isinstance(result, pl.DataFrame):
        yield result
    elif isinstance(result, (tuple, list)):
        for item in result:
            yield from frames_in(item)
    elif isinstance(result, dict) and result and all(isinstance(v, dict) for v in result.values()):
        yield pl.DataFrame(list(result.values()), infer_schema_length=None)


def small_counts(frame: pl.DataFrame, threshold: int) -> pl.DataFrame:
    columns = [c for c in frame.columns if c in COUNT_COLUMNS and frame[c].dtype.is_numeric()]
    if not columns:
        return frame.head(0)
    return frame.filter(pl.any_horizontal([(pl.col(c) > 0) & (pl.col(c) < threshold) for c in columns]))


SLOW_SWEEPS = {"visible_stories", "chart_values_for_stories", "figure_now", "caseload_by_team", "metric_trend"}


@pytest.mark.parametrize("role", list(VIEWERS))
@pytest.mark.parametrize(
    "name,fn",
    [  # these sweeps try every filter or scope: seconds per role, so out of the quick tier
        pytest.param(n, fn, id=n, marks=pytest.mark.slow if n in SLOW_SWEEPS else ()) for n, fn in QUERY_FUNCTIONS
    ],
)
def test_every_query_respects_the_role(world, role, name, fn):
    con, every, teams = world
    viewer = VIEWERS[role]
    readable = set(queries.visible_stories(viewer, figures_con=con)["story_id"])
    calls = 0
    # The calls share one reading of the story store, as the calls of one page render do
    # (store.one_reading); opening the store for each of some 900 calls was most of the time.
    with store.one_reading():
        results = [(kwargs, fn(**kwargs)) for kwargs in argument_sets(fn, con, viewer, every, teams)]
    for kwargs, result in results:
        calls += 1
        for frame in frames_in(result):
            if role == RAAD:
                leaked = small_counts(frame, queries.threshold())
                assert leaked.is_empty(), (name, kwargs.get("metric_key"), leaked.head(3))
                if "suppressed" in frame.columns and "value" in frame.columns:
                    assert frame.filter(pl.col("suppressed") & pl.col("value").is_not_null()).is_empty()
                if {"status", "visibility", "story_id"} <= set(frame.columns):
                    assert set(frame["status"]) <= {"gepubliceerd"}, name
                    assert set(frame["visibility"]) <= {"raad"}, name
            if "story_id" in frame.columns:  # history, reasons, values: only of readable stories
                assert set(frame["story_id"]) <= readable, name
            if role == PROFESSIONAL and {"status", "story_id", "team_code"} <= set(frame.columns):
                drafts = frame.filter(pl.col("status") != "gepubliceerd")
                own = pl.col("team_code").is_in(list(viewer.teams))
                if "author_team" in frame.columns:
                    own = own | pl.col("author_team").is_in(list(viewer.teams))
                assert drafts.filter(~own).is_empty(), (name, drafts.filter(~own).head(3))
    assert calls > 0


def test_the_sweep_covers_the_story_and_figure_doors():
    covered = {name for name, _ in QUERY_FUNCTIONS}
    assert {"visible_stories", "key_figures", "metric_trend", "cell_values"} <= covered
