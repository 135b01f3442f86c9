"""Caseload per team against its norm."""

from __future__ import annotations

import datetime as dt

import polars as pl

from kernel.access import Viewer
from queries.common import read_frame
from queries.council import council_table, suppression_params
from queries.periods import month_start

# Caseload


def caseload_by_team(
    con,
    viewer: Viewer,
    theme: str | None = None,
    team: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> pl.DataFrame:
    """Caseload per fte per team and role per month, against the norm band of that month."""
    table = council_table(viewer, "mart_caseload_monthly")
    return read_frame(
        con,
        f"""
        select month, peildatum, team_code, team_name, theme_code, role,
            case when hidden then null else active_dossiers end as active_dossiers,
            occupied_fte,
            case when hidden then null else caseload_per_fte end as caseload_per_fte,
            norm_low, norm_high, norm_unit, norm_valid_from,
            case when hidden then null else is_over_norm end as is_over_norm,
            hidden as suppressed
        from (
            select *, $council and active_dossiers < $threshold as hidden
            from {table}
        )
        where ($theme is null or theme_code = $theme)
            and ($team is null or team_code = $team)
            and ($start is null or month >= $start)
            and ($end is null or month <= $end)
        order by month, team_code, role
    """,
        {"theme": theme, "team": team, "start": start, "end": end, **suppression_params(viewer)},
    )


def teams_over_norm(con, viewer: Viewer, period: str, theme: str | None = None) -> pl.DataFrame:
    """Which teams are over their norm in this month, and since when without a break?

    One row per team and role in the month: caseload_per_fte, norm band, is_over_norm,
    over_since (first month of the current run over the norm) and months_over.
    """
    table = council_table(viewer, "mart_caseload_monthly")
    return read_frame(
        con,
        f"""
        with marked as (
            select *,
                $council and active_dossiers < $threshold as hidden,
                sum(case when is_over_norm then 0 else 1 end) over (
                    partition by team_code, role order by month) as run_id
            from {table}
            where month <= $month and ($theme is null or theme_code = $theme)
        ),
        runs as (
            select team_code, role, run_id, min(month) filter (where is_over_norm) as over_since,
                count(*) filter (where is_over_norm) as months_over
            from marked group by all
        )
        select m.month, m.team_code, m.team_name, m.theme_code, m.role,
            case when m.hidden then null else m.caseload_per_fte end as caseload_per_fte,
            m.norm_low, m.norm_high, m.norm_unit,
            case when m.hidden then null else m.is_over_norm end as is_over_norm,
            case when m.is_over_norm and not m.hidden then r.over_since end as over_since,
            case when m.is_over_norm and not m.hidden then r.months_over else 0 end as months_over,
            m.hidden as suppressed
        from marked as m
        left join runs as r using (team_code, role, run_id)
        where m.month = $month
        order by m.is_over_norm desc, m.caseload_per_fte / m.norm_high desc, m.team_code
    """,
        {"month": month_start(period), "theme": theme, **suppression_params(viewer)},
    )


def norm_history(con, theme: str | None = None) -> pl.DataFrame:
    """How did the norms change, and why? One row per role and valid-from date."""
    return read_frame(
        con,
        """
        select n.role, n.norm_low, n.norm_high, n.unit, n.counting, n.valid_from,
            (lead(n.valid_from) over (partition by n.role, n.counting order by n.valid_from)
                - interval 1 day)::date as valid_to,
            n.rationale
        from stg_caseload_norms as n
        where $theme is null or n.role in (select role from stg_teams where theme_code = $theme)
        order by n.role, n.valid_from
    """,
        {"theme": theme},
    )
