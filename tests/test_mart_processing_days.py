"""mart_processing_days gives the Besluiten page exactly what reading every request gave: the
same spread (to the last bit of each quantile) and the same weekly histogram."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import queries
from accounts.demo import demo_viewer

MANAGER = demo_viewer("manager-participatie")

# What the queries read before the mart: every request in mart_request_decisions.
PER_REQUEST_SPREAD = """
    select month, count(*) as n_requests,
        quantile_cont(processing_days, 0.1) as p10, quantile_cont(processing_days, 0.25) as p25,
        median(processing_days) as median,
        quantile_cont(processing_days, 0.75) as p75, quantile_cont(processing_days, 0.9) as p90,
        max(term_days) as term_days,
        100.0 * count(*) filter (where is_on_time) / count(*) as on_time_pct
    from mart_request_decisions
    where theme_code = $theme and month between $start and $end and ($team is null or team_code = $team)
    group by month order by month
"""
PER_REQUEST_HISTOGRAM = """
    select least(processing_days // 7, 26)::bigint as week,
        (least(processing_days // 7, 26) * 7)::bigint as days_from,
        count(*) as n_requests, 100.0 * count(*) / sum(count(*)) over () as share_pct
    from mart_request_decisions
    where theme_code = $theme and month between $start and $end and ($team is null or team_code = $team)
    group by all order by week
"""
WINDOWS = ((dt.date(2000, 1, 1), dt.date(2100, 12, 31)), (dt.date(2025, 1, 1), dt.date(2025, 12, 31)))


def scopes(con) -> list[tuple[str, str | None]]:
    teams = queries.teams(con)
    return [
        (theme, team)
        for theme in queries.themes(con)["theme_code"]
        for team in [None, *teams.filter(pl.col("theme_code") == theme)["team_code"]]
    ]


@pytest.mark.parametrize(("start", "end"), WINDOWS)
def test_the_spread_from_the_mart_equals_the_spread_over_every_request(figures_con, start, end):
    compared = 0
    for theme, team in scopes(figures_con):
        params = {"theme": theme, "start": start, "end": end, "team": team}
        expected = figures_con.execute(PER_REQUEST_SPREAD, params).pl()
        got = queries.processing_time_distribution(figures_con, MANAGER, theme, start, end, team=team)
        assert_frame_equal(got.drop("suppressed"), expected.select(got.drop("suppressed").columns), check_exact=True)
        compared += expected.height
    assert compared > 50  # the sample has years of decisions in every theme


@pytest.mark.parametrize(("start", "end"), WINDOWS)
def test_the_histogram_from_the_mart_equals_the_histogram_over_every_request(figures_con, start, end):
    for theme, team in scopes(figures_con):
        params = {"theme": theme, "start": start, "end": end, "team": team}
        expected = figures_con.execute(PER_REQUEST_HISTOGRAM, params).pl()
        got = queries.processing_time_histogram(figures_con, MANAGER, theme, start, end, team=team)
        assert_frame_equal(got, expected, check_exact=True)


def test_the_mart_counts_every_request_once(figures_con):
    mart, requests = (
        figures_con.execute(f"select sum(n_requests), sum(n_on_time) from {table}").fetchone()
        if table == "mart_processing_days"
        else figures_con.execute(
            "select count(*), count(*) filter (where is_on_time) from mart_request_decisions"
        ).fetchone()
        for table in ("mart_processing_days", "mart_request_decisions")
    )
    assert mart == requests and mart[0] > 1000
