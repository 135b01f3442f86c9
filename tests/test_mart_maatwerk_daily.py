"""mart_maatwerk_daily gives the Besluiten page exactly what counting every decision gave: the
same maatwerk reasons per team, for any window of dates (a month's, a year's, or odd days)."""

from __future__ import annotations

import datetime as dt

import pytest
from polars.testing import assert_frame_equal

import queries
from accounts.demo import demo_viewer

MANAGER = demo_viewer("manager-participatie")

# What maatwerk_reasons read before the mart: every decision in stg_decisions.
PER_DECISION = """
    select d.team_code, d.departure_reason, count(*) as n_decisions
    from stg_decisions as d
    inner join stg_regelingen as r using (regeling_code)
    where r.theme_code = $theme and d.departs_from_policy
        and d.decided_on between $start and $end
    group by all
"""
WINDOWS = (
    (dt.date(2000, 1, 1), dt.date(2100, 12, 31)),
    (dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
    (dt.date(2024, 3, 17), dt.date(2024, 11, 4)),  # not on month boundaries: the mart is per day
)
ORDER = ["team_code", "n_decisions", "departure_reason"]


@pytest.mark.parametrize(("start", "end"), WINDOWS)
def test_the_reasons_from_the_mart_equal_the_reasons_over_every_decision(figures_con, start, end):
    compared = 0
    for theme in queries.themes(figures_con)["theme_code"]:
        params = {"theme": theme, "start": start, "end": end}
        expected = figures_con.execute(PER_DECISION, params).pl()
        got = queries.maatwerk_reasons(figures_con, MANAGER, theme, start, end)
        # the page's order: per team, most decisions first (ties in any order, as before)
        assert got.select("team_code", "n_decisions").rows() == sorted(
            got.select("team_code", "n_decisions").rows(), key=lambda r: (r[0], -r[1])
        )
        assert_frame_equal(got.sort(ORDER, nulls_last=True), expected.sort(ORDER, nulls_last=True), check_exact=True)
        compared += expected.height
    assert compared > 0


def test_the_mart_counts_every_departing_decision_once(figures_con):
    mart = figures_con.execute("select sum(n_decisions)::bigint from mart_maatwerk_daily").fetchone()[0]
    decisions = figures_con.execute("select count(*) from stg_decisions where departs_from_policy").fetchone()[0]
    assert mart == decisions > 100
