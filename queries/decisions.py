"""Decisions: counts, processing times and maatwerk reasons."""

from __future__ import annotations

import datetime as dt

import polars as pl

from kernel.access import Viewer
from queries.common import read_frame, threshold
from queries.council import council_table, share_min_base

# Decisions


def decision_summary_by_team(con, viewer: Viewer, theme: str, start: dt.date, end: dt.date) -> pl.DataFrame:
    """Per team (and the theme, team null) over a window: requests, rates and maatwerk.

    Counts come from mart_decisions_monthly (the council: its rounded twin, so any window is a
    sum of rounded cells); for the council a count below the threshold is null, and so is a
    rate computed over such a count.
    """
    table = council_table(viewer, "mart_decisions_monthly")
    frame = read_frame(
        con,
        f"""
        with sums as (
            select team_code,
                sum(n_decisions)::bigint as n_decisions, sum(n_requests)::bigint as n_requests,
                sum(n_granted)::bigint as n_granted, sum(n_on_time)::bigint as n_on_time,
                sum(n_objections)::bigint as n_objections,
                sum(n_objections_decided)::bigint as n_objections_decided,
                sum(n_upheld)::bigint as n_upheld, sum(n_maatwerk)::bigint as n_maatwerk
            from {table}
            where theme_code = $theme and month between $start and $end
            group by grouping sets ((team_code), ())
        )
        select team_code, n_decisions, n_requests, n_objections_decided,
            100.0 * n_granted / nullif(n_requests, 0) as grant_rate,
            100.0 * n_on_time / nullif(n_requests, 0) as on_time_share,
            100.0 * n_objections / nullif(n_decisions, 0) as objection_rate,
            100.0 * n_upheld / nullif(n_objections_decided, 0) as objection_upheld_share,
            100.0 * n_maatwerk / nullif(n_decisions, 0) as maatwerk_share
        from sums
        order by team_code nulls last
    """,
        {"theme": theme, "start": start, "end": end},
    )
    if not viewer.is_council:
        return frame.with_columns(pl.lit(False).alias("suppressed"))
    small = {base: pl.col(base) < threshold() for base in ("n_decisions", "n_requests", "n_objections_decided")}
    rates_over = {
        "grant_rate": "n_requests",
        "on_time_share": "n_requests",
        "objection_rate": "n_decisions",
        "maatwerk_share": "n_decisions",
        "objection_upheld_share": "n_objections_decided",
    }
    return frame.with_columns(
        *(
            pl.when(pl.col(base).fill_null(0) < share_min_base()).then(None).otherwise(pl.col(rate)).alias(rate)
            for rate, base in rates_over.items()
        ),
        *(pl.when(hidden).then(None).otherwise(pl.col(base)).alias(base) for base, hidden in small.items()),
        small["n_decisions"].alias("suppressed"),
    )


# Quantiles as DuckDB's quantile_cont takes them over the single requests, from the counts per
# number of days (mart_processing_days): position h = (n - 1) * q in the sorted days, the values
# at floor(h) and ceil(h) weighed by 1 - d and d, d = h - floor(h) (DuckDB's own arithmetic, so
# the doubles are the same to the last bit). Requests without a
# request date count in n_requests, not in the spread (as quantile_cont skips NULL).
_SPREAD = """
with days as (
    select month, processing_days, sum(n_requests)::bigint as n, sum(n_on_time)::bigint as n_on_time,
        max(term_days) as term_days
    from mart_processing_days
    where theme_code = $theme and month between $start and $end
        and ($team is null or team_code = $team)
    group by month, processing_days
),
ranked as (  -- requests with fewer days than this row's are before it: positions [upto - n, upto)
    select month, processing_days, sum(n) over (partition by month order by processing_days) as upto
    from days where processing_days is not null
),
months as (
    select month, sum(n)::bigint as n_requests, max(term_days) as term_days,
        100.0 * sum(n_on_time)::bigint / sum(n)::bigint as on_time_pct,
        sum(n) filter (where processing_days is not null)::bigint as n_spread
    from days group by month
),
positions as (
    select m.month, q.q, (m.n_spread - 1) * q.q as h
    from months as m cross join (select unnest([0.1, 0.25, 0.5, 0.75, 0.9]::double[]) as q) as q
    where m.n_spread > 0
),
spread as (
    select p.month, p.q, p.h,
        (select min(r.processing_days) from ranked as r where r.month = p.month and r.upto > floor(p.h)) as lo,
        (select min(r.processing_days) from ranked as r where r.month = p.month and r.upto > ceil(p.h)) as hi
    from positions as p
),
quantiles as (
    select month,
        max(value) filter (where q = 0.1::double) as p10, max(value) filter (where q = 0.25::double) as p25,
        max(value) filter (where q = 0.5::double) as median, max(value) filter (where q = 0.75::double) as p75,
        max(value) filter (where q = 0.9::double) as p90
    from (select month, q, lo::double * (1 - (h - floor(h))) + hi::double * (h - floor(h)) as value from spread)
    group by month
)
select m.month, m.n_requests, q.p10, q.p25, q.median, q.p75, q.p90, m.term_days, m.on_time_pct
from months as m left join quantiles as q using (month)
order by m.month
"""


def processing_time_distribution(
    con, viewer: Viewer, theme: str, start: dt.date, end: dt.date, team: str | None = None
) -> pl.DataFrame:
    """How long do requests take, month by month: the spread, not only the middle.

    One row per month: n_requests, p10, p25, median, p75, p90 (days), term_days and on_time_pct.
    The council's count and share come from the rounded cells (etl/disclosure.py); a month
    whose rounded count is below the threshold is null for the council.
    """
    frame = read_frame(con, _SPREAD, {"theme": theme, "start": start, "end": end, "team": team})
    if viewer.is_council:
        rounded = read_frame(
            con,
            """
            select month, sum(n_requests)::bigint as n_requests,
                100.0 * sum(n_on_time) / nullif(sum(n_requests), 0) as on_time_pct
            from council_decisions_monthly
            where theme_code = $theme and month between $start and $end
                and ($team is null or team_code = $team)
            group by month
        """,
            {"theme": theme, "start": start, "end": end, "team": team},
        )
        frame = frame.drop("n_requests", "on_time_pct").join(rounded, on="month", how="left")
        frame = frame.with_columns(
            pl.when(pl.col("n_requests") < share_min_base())
            .then(None)
            .otherwise(pl.col("on_time_pct"))
            .alias("on_time_pct")
        )
    hidden = pl.lit(viewer.is_council) & (pl.col("n_requests").fill_null(0) < threshold())
    values = ("n_requests", "p10", "p25", "median", "p75", "p90", "on_time_pct")
    return frame.select(
        "month",
        *(pl.when(hidden).then(None).otherwise(pl.col(c)).alias(c) for c in values),
        "term_days",
        hidden.alias("suppressed"),
    )


def processing_time_histogram(
    con, viewer: Viewer, theme: str, start: dt.date, end: dt.date, team: str | None = None
) -> pl.DataFrame:
    """How many requests were decided within each week after the request? (not for the council)

    One row per week bucket: week (0 = within 7 days), n_requests, share_pct. The council gets
    an empty frame: bucket counts are small by nature, and shares over a known total give them
    away.
    """
    if viewer.is_council:
        return pl.DataFrame(
            schema={"week": pl.Int64, "days_from": pl.Int64, "n_requests": pl.Int64, "share_pct": pl.Float64}
        )
    return read_frame(
        con,
        """
        select least(processing_days // 7, 26)::bigint as week,
            (least(processing_days // 7, 26) * 7)::bigint as days_from,
            sum(n_requests)::bigint as n_requests,
            100.0 * sum(n_requests)::bigint / sum(sum(n_requests)::bigint) over () as share_pct
        from mart_processing_days
        where theme_code = $theme and month between $start and $end
            and ($team is null or team_code = $team)
        group by all order by week
    """,
        {"theme": theme, "start": start, "end": end, "team": team},
    )


def maatwerk_reasons(con, viewer: Viewer, theme: str, start: dt.date, end: dt.date) -> pl.DataFrame:
    """Why did decisions depart from policy, per team? Counts; for the council the sums of
    rounded cells (etl/disclosure.py), null below the threshold."""
    if viewer.is_council:
        frame = read_frame(
            con,
            """
            select team_code, nullif(departure_reason, '') as departure_reason,
                sum(n_decisions)::bigint as n_decisions
            from council_maatwerk_monthly
            where theme_code = $theme and month between date_trunc('month', $start::date) and $end
            group by all having sum(n_decisions) > 0
            order by team_code, n_decisions desc, departure_reason
        """,
            {"theme": theme, "start": start, "end": end},
        )
        return frame.with_columns(
            pl.when(pl.col("n_decisions") < threshold())
            .then(None)
            .otherwise(pl.col("n_decisions"))
            .alias("n_decisions")
        )
    return read_frame(
        con,
        """
        select team_code, departure_reason, sum(n_decisions)::bigint as n_decisions
        from mart_maatwerk_daily
        where theme_code = $theme and decided_on between $start and $end
        group by all order by team_code, n_decisions desc
    """,
        {"theme": theme, "start": start, "end": end},
    )
