"""Every question the dashboard asks of the figures and the stories, one function per question.

Each function takes a connection (a cursor from `dashboard.db.figures()`), the Viewer and the
filters, and returns a polars DataFrame. Values are always bound as parameters; the only SQL
that is assembled from pieces uses constants from this module.

Council viewers get disclosure control here, where the data is read, so no page can forget
it: they read the council's tables, whose counts are rounded at their finest grain
(etl/disclosure.py), and a count below `adc_settings.suppression_threshold()` is returned as
null, and so is a figure computed over such a count (via `n_basis`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import polars as pl

from dashboard import db
from etl import disclosure, load_log
from kernel import adc_settings
from kernel.access import MANAGER, PROFESSIONAL, Viewer
from kernel.adc_duckdb import registered
from stories import search, service, store
from stories.figures import theme_of

# The figures a council overview shows per theme, in reading order.
OVERVIEW_METRICS = (
    "active_dossiers",
    "caseload_per_fte",
    "budget_forecast_deviation",
    "budget_exhaustion",
    "on_time_share",
    "processing_time",
    "grant_rate",
    "objection_rate",
    "objection_upheld_share",
    "maatwerk_share",
)
DECISION_METRICS = (
    "decisions_count",
    "grant_rate",
    "processing_time",
    "on_time_share",
    "objection_rate",
    "objection_upheld_share",
    "maatwerk_share",
)
BUDGET_METRICS = ("budget_forecast_deviation", "budget_exhaustion")
CASELOAD_METRICS = ("caseload_per_fte", "active_dossiers")
# Counts that add up over teams and regelingen: their totals can give a hidden part away.
ADDITIVE_METRICS = ("active_dossiers", "decisions_count")


ROUNDING_BASE = disclosure.ROUNDING_BASE


def threshold() -> int:
    return adc_settings.suppression_threshold()


def metric_grain(metric_key: str) -> str:
    """The period grain a figure is shown at: budgets per quarter, everything else per month."""
    return "quarter" if metric_key in BUDGET_METRICS else "month"


# ---------------------------------------------------------------------------------------------
# Periods


def month_start(period: str) -> dt.date:
    """'2025-10' -> date(2025, 10, 1)."""
    return dt.date(int(period[:4]), int(period[5:7]), 1)


def month_end(period: str) -> dt.date:
    start = month_start(period)
    next_month = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return next_month - dt.timedelta(days=1)


def period_start(period: str | None) -> dt.date | None:
    """The first day of a period key: jjjj-mm, jjjj-Kn or jjjj."""
    if not period:
        return None
    if len(period) == 7 and period[5] == "K":
        return dt.date(int(period[:4]), int(period[6]) * 3 - 2, 1)
    if len(period) == 7:
        return month_start(period)
    if len(period) == 4 and period.isdigit():
        return dt.date(int(period), 1, 1)
    return None


def months_back(period: str, months: int) -> dt.date:
    """The first day of a window of `months` months that ends with the month `period`."""
    start = month_start(period)
    index = start.year * 12 + start.month - 1 - (months - 1)
    return dt.date(index // 12, index % 12 + 1, 1)


def quarter_of(period: str) -> str:
    """'2025-10' -> '2025-K4'."""
    return f"{period[:4]}-K{(int(period[5:7]) - 1) // 3 + 1}"


def _frame(con: duckdb.DuckDBPyConnection, sql: str, params: dict | list | None = None) -> pl.DataFrame:
    return con.execute(sql, params or {}).pl()


# ---------------------------------------------------------------------------------------------
# Reference lists for the filters


def themes(con) -> pl.DataFrame:
    """Which themes are there? theme_code, name, law, in a fixed order."""
    return _frame(con, """
        select theme_code, name, law from ref_themes
        order by list_position(['participatie', 'wmo', 'jeugd', 'schuldhulp', 'leerlingenvervoer'],
                               theme_code) nulls last, theme_code
    """)


def teams(con, theme: str | None = None) -> pl.DataFrame:
    """Which teams are there (in a theme)? team_code, team_name, theme_code, role."""
    return _frame(con, """
        select team_code, team_name, theme_code, role from stg_teams
        where $theme is null or theme_code = $theme
        order by theme_code, team_code
    """, {"theme": theme})


def available_months(con) -> list[str]:
    """Every month with figures, newest first ('2026-10', …)."""
    rows = con.execute("""
        select distinct period from mart_metric_values where period_grain = 'month'
        order by period desc
    """).fetchall()
    return [r[0] for r in rows]


def regelingen(con, theme: str | None = None) -> pl.DataFrame:
    return _frame(con, """
        select regeling_code, regeling_name, theme_code, taakveld_code, term_days from stg_regelingen
        where $theme is null or theme_code = $theme order by regeling_code
    """, {"theme": theme})


def taakvelden(con, theme: str | None = None) -> pl.DataFrame:
    """The Iv3 taakvelden of a theme, with the continuous series they belong to."""
    return _frame(con, """
        select taakveld_code, name, parent_code, series_code, budget_group, theme_code,
            valid_from_year, valid_to_year
        from ref_iv3_taakvelden where $theme is null or theme_code = $theme
        order by taakveld_code
    """, {"theme": theme})


# ---------------------------------------------------------------------------------------------
# The catalog


def metric_catalog(con) -> pl.DataFrame:
    """What does every figure mean, where does it come from, and how fresh is it?"""
    return _frame(con, """
        select metric_key, name, definition, unit, source_system, higher_is_better, grain, owner,
            data_through, latest_status
        from mart_metric_catalog order by metric_key
    """)


def definition_history(con) -> pl.DataFrame:
    """Which definitions has each figure had? The standard one first, then each revision."""
    return _frame(con, """
        select metric_key, name, definition, unit, source_system, owner, valid_from, reason
        from mart_definition_history order by metric_key, valid_from nulls first
    """)


def catalog_by_key(con) -> dict[str, dict]:
    """The catalog as metric_key -> row."""
    return {row["metric_key"]: row for row in metric_catalog(con).iter_rows(named=True)}


# ---------------------------------------------------------------------------------------------
# Figures from mart_metric_values, with suppression for the council

# Every council read starts from the council's own tables (etl/disclosure.py): counts rounded
# at their finest grain, so no sum, difference or share of them gives a true count back. Here
# only the primary rule remains: a cell whose rounded count (or the rounded count a share or
# median is taken over) is below the threshold is not shown. Everyone else reads the true marts.
# `{table}` is one of the two constants below; `{where}`, `{shares}` and `{share_min}` come from
# this module and etl/disclosure.py only.
_CELLS = """
with cells as (
    select * exclude (value, n_basis),
        $council and n_basis is not null
            and n_basis < case when metric_key in {shares} then greatest($threshold, {share_min})
                               else $threshold end
            as suppressed,
        case when suppressed then null else value end as value,
        case when suppressed then null else n_basis end as n_basis
    from {table}
    where {where}
)
"""
_TRUE_FIGURES, _COUNCIL_FIGURES = "mart_metric_values", "council_metric_values"


def _cells(viewer: Viewer, where: str) -> str:
    return _CELLS.format(table=_COUNCIL_FIGURES if viewer.is_council else _TRUE_FIGURES, where=where,
                         shares=_SHARES, share_min=disclosure.SHARE_MIN_BASE)


_SHARES = "(" + ", ".join(f"'{m}'" for m in disclosure.SHARE_METRICS) + ")"  # constants only


def _council_table(viewer: Viewer, name: str) -> str:
    """The council's rounded twin of a true mart (etl/disclosure.py) for a council viewer."""
    return disclosure.COUNCIL_TABLES[name] if viewer.is_council else name


def _suppression_params(viewer: Viewer) -> dict:
    return {"council": viewer.is_council, "threshold": threshold()}


def share_min_base() -> int:
    """The smallest (rounded) base a council percentage is shown over: the threshold or more."""
    return max(threshold(), disclosure.SHARE_MIN_BASE)


def metric_trend(con, viewer: Viewer, metric_key: str, theme: str, *, team: str | None = None,
                 regeling: str | None = None, taakveld: str | None = None,
                 start: dt.date | None = None, end: dt.date | None = None,
                 grain: str | None = None) -> pl.DataFrame:
    """How did one figure develop over time in one scope?

    One row per period: period, period_start, period_end, value, n_basis, status, suppressed.
    """
    sql = _cells(viewer, "metric_key = $metric_key and theme_code = $theme and period_grain = $grain "
                 "and ($start is null or period_start >= $start) "
                 "and ($end is null or period_start <= $end)") + """
        select metric_key, period, period_grain, period_start, period_end, theme_code, team_code,
            regeling_code, taakveld_code, value, n_basis, status, suppressed
        from cells
        where team_code is not distinct from $team
            and regeling_code is not distinct from $regeling
            and taakveld_code is not distinct from $taakveld
        order by period_start
    """
    return _frame(con, sql, {
        "metric_key": metric_key, "theme": theme, "grain": grain or metric_grain(metric_key),
        "start": start, "end": end, "team": team, "regeling": regeling, "taakveld": taakveld,
        **_suppression_params(viewer),
    })


def metric_by_team(con, viewer: Viewer, metric_key: str, theme: str, period: str) -> pl.DataFrame:
    """One figure for every team of a theme in one period (plus the theme total, team null)."""
    sql = _cells(viewer, "metric_key = $metric_key and theme_code = $theme and period = $period") + """
        select metric_key, period, team_code, value, n_basis, status, suppressed
        from cells
        where regeling_code is null and taakveld_code is null
        order by team_code nulls last
    """
    return _frame(con, sql, {"metric_key": metric_key, "theme": theme, "period": period,
                             **_suppression_params(viewer)})


def key_figures(con, viewer: Viewer, theme: str, period: str, team: str | None = None,
                metrics: tuple[str, ...] = OVERVIEW_METRICS) -> pl.DataFrame:
    """The tiles of a theme: each figure's latest value up to the month, and a year earlier.

    Budget figures are per quarter and for the whole theme (a team has no budget of its own);
    the caseload per fte exists per team only, so without a team it is left out here (see
    `teams_over_norm`). One row per metric in the order asked, with catalog fields, value,
    status, suppressed, previous_period/previous_value/previous_suppressed, data_through and,
    where they apply, norm_low/norm_high (caseload) or amended_budget_eur (budget).
    """
    upto = month_start(period)
    sql = _cells(viewer, "theme_code = $theme and list_contains($metrics, metric_key) "
                 "and period_grain = case when metric_key like 'budget%' then 'quarter' else 'month' end "
                 "and period_start <= $upto") + """
        , scoped as (
            select * from cells
            where regeling_code is null and taakveld_code is null
                and team_code is not distinct from
                    case when metric_key like 'budget%' then null else $team end
        ),
        latest as (
            select metric_key, max(period_start) as period_start from scoped group by metric_key
        )
        select c.metric_key, c.period, c.period_start, c.period_end, c.value, c.n_basis, c.status,
            c.suppressed, p.period as previous_period, p.value as previous_value,
            p.suppressed as previous_suppressed,
            cat.name, cat.unit, cat.higher_is_better, cat.definition, cat.source_system, cat.owner,
            cat.data_through
        from scoped as c
        inner join latest using (metric_key, period_start)
        left join scoped as p
            on p.metric_key = c.metric_key and p.period_start = c.period_start - interval 1 year
        inner join mart_metric_catalog as cat on cat.metric_key = c.metric_key
    """
    frame = _frame(con, sql, {"theme": theme, "metrics": list(metrics), "upto": upto,
                              "team": team, **_suppression_params(viewer)})
    frame = frame.join(_tile_comparisons(con, theme, team, frame), on="metric_key", how="left")
    if viewer.is_council:
        frame = _coarser_where_hidden(con, viewer, theme, team, frame)
    order = {m: i for i, m in enumerate(metrics)}
    return frame.sort(pl.col("metric_key").replace_strict(order, default=len(order)))


_ONE_CELL = """
    select period, period_start, period_end, value, n_basis, status, suppressed from cells
    where team_code is not distinct from $team and regeling_code is null and taakveld_code is null
"""


def _coarser_where_hidden(con, viewer: Viewer, theme: str, team: str | None,
                          frame: pl.DataFrame) -> pl.DataFrame:
    """A council tile whose month is too small shows its quarter, or else its year, instead of a
    blank (`shown_instead_of` names the month), compared with the same period a year earlier."""
    rows = []
    for row in frame.iter_rows(named=True):
        row["shown_instead_of"] = None
        if row["suppressed"] and metric_grain(row["metric_key"]) == "month":
            month = row["period"]
            for period, previous in ((quarter_of(month), f"{int(month[:4]) - 1}-{quarter_of(month)[5:]}"),
                                     (month[:4], str(int(month[:4]) - 1))):
                cells = con.execute(
                    _cells(viewer, "metric_key = $metric_key and theme_code = $theme "
                                   "and list_contains($periods, period)") + _ONE_CELL,
                    {"metric_key": row["metric_key"], "theme": theme, "team": team,
                     "periods": [period, previous], **_suppression_params(viewer)}).pl()
                found = cells.filter(pl.col("period") == period)
                if found.height and not found["suppressed"][0]:
                    before = cells.filter(pl.col("period") == previous)
                    row |= found.row(0, named=True) | {
                        "shown_instead_of": month,
                        "previous_period": previous if before.height else None,
                        "previous_value": before["value"][0] if before.height else None,
                        "previous_suppressed": bool(before["suppressed"][0]) if before.height else None,
                    }
                    break
        rows.append(row)
    return pl.DataFrame(rows, schema=frame.schema | {"shown_instead_of": pl.String})


def _tile_comparisons(con, theme: str, team: str | None, frame: pl.DataFrame) -> pl.DataFrame:
    """What each tile is held against: the norm band, the budget, or the legal term."""
    rows = []
    for row in frame.iter_rows(named=True):
        key, start = row["metric_key"], row["period_start"]
        norm_low = norm_high = budget = term = None
        if key == "caseload_per_fte" and team:
            found = con.execute("""
                select norm_low, norm_high from mart_caseload_monthly
                where team_code = $team and month = $month
            """, {"team": team, "month": start}).fetchone()
            if found:
                norm_low, norm_high = found
        elif key in BUDGET_METRICS:
            found = con.execute("""
                select sum(amended_budget_eur) from mart_budget_quarterly
                where theme_code = $theme and year = $year and quarter = $quarter
            """, {"theme": theme, "year": start.year, "quarter": (start.month - 1) // 3 + 1}).fetchone()
            budget = found[0] if found else None
        elif key == "processing_time":
            found = con.execute("""
                select max(term_days) from stg_regelingen where theme_code = $theme
            """, {"theme": theme}).fetchone()
            term = found[0] if found else None
        rows.append({"metric_key": key, "norm_low": norm_low, "norm_high": norm_high,
                     "amended_budget_eur": budget, "term_days": term})
    schema = {"metric_key": pl.String, "norm_low": pl.Float64, "norm_high": pl.Float64,
              "amended_budget_eur": pl.Float64, "term_days": pl.Int64}
    return pl.DataFrame(rows, schema=schema)


CELL_KEYS = ["metric_key", "period", "theme_code", "team_code", "regeling_code", "taakveld_code"]


def cell_values(con, viewer: Viewer, cells: pl.DataFrame) -> pl.DataFrame:
    """What are these figure cells now (as this viewer may see them)?

    `cells` has the CELL_KEYS (a story row will do; theme_code may be null); the answer has one
    row per asked cell that exists, with value (null when suppressed) and suppressed.
    """
    schema = {k: pl.String for k in CELL_KEYS} | {"value": pl.Float64, "suppressed": pl.Boolean}
    if cells.is_empty():
        return pl.DataFrame(schema=schema)
    keys = cells.select(CELL_KEYS).unique()
    with registered(con, "asked_cells", keys):
        sql = _cells(viewer, "list_contains($metrics, metric_key) and list_contains($periods, period)") + """
            select a.*, c.value, c.suppressed from asked_cells as a
            inner join cells as c
                on c.metric_key = a.metric_key and c.period = a.period
                and coalesce(c.team_code, '') = coalesce(a.team_code, '')
                and coalesce(c.regeling_code, '') = coalesce(a.regeling_code, '')
                and coalesce(c.taakveld_code, '') = coalesce(a.taakveld_code, '')
            -- Not in the join: an "or" there made DuckDB compare every pair (23 s for the
            -- council's 27,000 stories); equal keys first, then the theme.
            where a.theme_code is null or c.theme_code = a.theme_code
        """
        frame = _frame(con, sql, {
            "metrics": keys["metric_key"].unique().to_list(),
            "periods": keys["period"].drop_nulls().unique().to_list(),
            **_suppression_params(viewer),
        })
    return frame.cast(schema) if frame.height else pl.DataFrame(schema=schema)


def suppressed_cells(con, cells: pl.DataFrame) -> pl.DataFrame:
    """Which of these figure cells does the council not see? (rows of CELL_KEYS)"""
    council = Viewer("raad-controle", "raad")
    return cell_values(con, council, cells).filter(pl.col("suppressed")).select(CELL_KEYS)


def current_values(con, viewer: Viewer, stories: pl.DataFrame) -> dict[str, float | None]:
    """The value now of the figure each story explains: story_id -> value (None if unknown)."""
    if stories.is_empty():
        return {}
    now = cell_values(con, viewer, stories)
    joined = stories.select("story_id", *CELL_KEYS).join(now, on=CELL_KEYS, how="left", nulls_equal=True)
    return dict(zip(joined["story_id"], joined["value"]))


def scope_names(con) -> dict[str, str]:
    """Readable names for every team, regeling and taakveld code."""
    rows = con.execute("""
        select team_code, team_name from stg_teams
        union all select regeling_code, regeling_name from stg_regelingen
        union all select taakveld_code, taakveld_code || ' ' || name from ref_iv3_taakvelden
    """).fetchall()
    return dict(rows)


# ---------------------------------------------------------------------------------------------
# Caseload


def caseload_by_team(con, viewer: Viewer, theme: str | None = None, team: str | None = None,
                     start: dt.date | None = None, end: dt.date | None = None) -> pl.DataFrame:
    """Caseload per fte per team and role per month, against the norm band of that month."""
    table = _council_table(viewer, "mart_caseload_monthly")
    return _frame(con, f"""
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
    """, {"theme": theme, "team": team, "start": start, "end": end, **_suppression_params(viewer)})


def teams_over_norm(con, viewer: Viewer, period: str, theme: str | None = None) -> pl.DataFrame:
    """Which teams are over their norm in this month, and since when without a break?

    One row per team and role in the month: caseload_per_fte, norm band, is_over_norm,
    over_since (first month of the current run over the norm) and months_over.
    """
    table = _council_table(viewer, "mart_caseload_monthly")
    return _frame(con, f"""
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
    """, {"month": month_start(period), "theme": theme, **_suppression_params(viewer)})


def norm_history(con, theme: str | None = None) -> pl.DataFrame:
    """How did the norms change, and why? One row per role and valid-from date."""
    return _frame(con, """
        select n.role, n.norm_low, n.norm_high, n.unit, n.counting, n.valid_from,
            (lead(n.valid_from) over (partition by n.role, n.counting order by n.valid_from)
                - interval 1 day)::date as valid_to,
            n.rationale
        from stg_caseload_norms as n
        where $theme is null or n.role in (select role from stg_teams where theme_code = $theme)
        order by n.role, n.valid_from
    """, {"theme": theme})


# ---------------------------------------------------------------------------------------------
# Budget


def series_taakvelden(con, code: str | None) -> list[str] | None:
    """The taakvelden a code stands for: itself, and for a continuous series its refined codes."""
    if code is None:
        return None
    rows = con.execute("""
        select taakveld_code from ref_iv3_taakvelden where taakveld_code = $code or series_code = $code
    """, {"code": code}).fetchall()
    return [r[0] for r in rows] or [code]


def budget_quarter_for(con, period: str) -> tuple[int, int] | None:
    """The latest budget quarter up to a month: the quarter itself when it has figures."""
    row = con.execute("""
        select year, quarter from mart_budget_quarterly
        where make_date(year, quarter * 3 - 2, 1) <= $upto
        order by year desc, quarter desc limit 1
    """, {"upto": month_start(period)}).fetchone()
    return (row[0], row[1]) if row else None


def budget_by_group(con, year: int, quarter: int) -> pl.DataFrame:
    """Begroting against realisatie per budget group (Participatie, Maatwerk Wmo, …)."""
    return _frame(con, """
        select budget_group, any_value(theme_code) as theme_code,
            sum(primitive_budget_eur) as primitive_budget_eur,
            sum(amended_budget_eur) as amended_budget_eur,
            sum(realisation_ytd_eur) as realisation_ytd_eur,
            sum(forecast_year_eur) as forecast_year_eur,
            sum(forecast_deviation_eur) as forecast_deviation_eur,
            100 * sum(forecast_deviation_eur) / nullif(sum(amended_budget_eur), 0) as forecast_deviation_pct
        from mart_budget_quarterly
        where year = $year and quarter = $quarter
        group by budget_group
        order by forecast_deviation_pct desc
    """, {"year": year, "quarter": quarter})


def budget_by_taakveld(con, year: int, quarter: int, theme: str | None = None) -> pl.DataFrame:
    """Begroting, realisatie tot en met het kwartaal and forecast per Iv3 taakveld."""
    return _frame(con, """
        select taakveld_code, taakveld_name, series_code, budget_group, theme_code,
            primitive_budget_eur, amended_budget_eur, realisation_ytd_eur, exhaustion_pct,
            forecast_year_eur, forecast_deviation_eur,
            100 * forecast_deviation_eur / nullif(amended_budget_eur, 0) as forecast_deviation_pct
        from mart_budget_quarterly
        where year = $year and quarter = $quarter and ($theme is null or theme_code = $theme)
        order by taakveld_code
    """, {"year": year, "quarter": quarter, "theme": theme})


def budget_year_progress(con, year: int, theme: str, taakveld: str | None = None) -> pl.DataFrame:
    """How does spending build up over a year against the budget? One row per quarter.

    `taakveld` is a taakveld code or the code of a continuous series (6.72 sums 6.72a … 6.74c).
    """
    return _frame(con, """
        select year, quarter, any_value(quarter_end) as quarter_end,
            sum(amended_budget_eur) as amended_budget_eur,
            sum(realisation_ytd_eur) as realisation_ytd_eur,
            sum(forecast_year_eur) as forecast_year_eur,
            sum(forecast_deviation_eur) as forecast_deviation_eur
        from mart_budget_quarterly
        where year = $year and theme_code = $theme
            and ($taakveld is null or taakveld_code = $taakveld or series_code = $taakveld)
        group by year, quarter
        order by quarter
    """, {"year": year, "theme": theme, "taakveld": taakveld})


# ---------------------------------------------------------------------------------------------
# Decisions


def decision_summary_by_team(con, viewer: Viewer, theme: str, start: dt.date,
                             end: dt.date) -> pl.DataFrame:
    """Per team (and the theme, team null) over a window: requests, rates and maatwerk.

    Counts come from mart_decisions_monthly (the council: its rounded twin, so any window is a
    sum of rounded cells); for the council a count below the threshold is null, and so is a
    rate computed over such a count.
    """
    table = _council_table(viewer, "mart_decisions_monthly")
    frame = _frame(con, f"""
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
    """, {"theme": theme, "start": start, "end": end})
    if not viewer.is_council:
        return frame.with_columns(pl.lit(False).alias("suppressed"))
    small = {base: pl.col(base) < threshold() for base in ("n_decisions", "n_requests", "n_objections_decided")}
    rates_over = {"grant_rate": "n_requests", "on_time_share": "n_requests",
                  "objection_rate": "n_decisions", "maatwerk_share": "n_decisions",
                  "objection_upheld_share": "n_objections_decided"}
    return frame.with_columns(
        *(pl.when(pl.col(base).fill_null(0) < share_min_base()).then(None).otherwise(pl.col(rate)).alias(rate)
          for rate, base in rates_over.items()),
        *(pl.when(hidden).then(None).otherwise(pl.col(base)).alias(base) for base, hidden in small.items()),
        small["n_decisions"].alias("suppressed"),
    )


def processing_time_distribution(con, viewer: Viewer, theme: str, start: dt.date, end: dt.date,
                                 team: str | None = None) -> pl.DataFrame:
    """How long do requests take, month by month: the spread, not only the middle.

    One row per month: n_requests, p10, p25, median, p75, p90 (days), term_days and on_time_pct.
    The council's count and share come from the rounded cells (etl/disclosure.py); a month
    whose rounded count is below the threshold is null for the council.
    """
    frame = _frame(con, """
        select month, count(*) as n_requests,
            quantile_cont(processing_days, 0.1) as p10,
            quantile_cont(processing_days, 0.25) as p25,
            median(processing_days) as median,
            quantile_cont(processing_days, 0.75) as p75,
            quantile_cont(processing_days, 0.9) as p90,
            max(term_days) as term_days,
            100.0 * count(*) filter (where is_on_time) / count(*) as on_time_pct
        from mart_request_decisions
        where theme_code = $theme and month between $start and $end
            and ($team is null or team_code = $team)
        group by month order by month
    """, {"theme": theme, "start": start, "end": end, "team": team})
    if viewer.is_council:
        rounded = _frame(con, """
            select month, sum(n_requests)::bigint as n_requests,
                100.0 * sum(n_on_time) / nullif(sum(n_requests), 0) as on_time_pct
            from council_decisions_monthly
            where theme_code = $theme and month between $start and $end
                and ($team is null or team_code = $team)
            group by month
        """, {"theme": theme, "start": start, "end": end, "team": team})
        frame = frame.drop("n_requests", "on_time_pct").join(rounded, on="month", how="left")
        frame = frame.with_columns(pl.when(pl.col("n_requests") < share_min_base()).then(None)
                                   .otherwise(pl.col("on_time_pct")).alias("on_time_pct"))
    hidden = pl.lit(viewer.is_council) & (pl.col("n_requests").fill_null(0) < threshold())
    values = ("n_requests", "p10", "p25", "median", "p75", "p90", "on_time_pct")
    return frame.select(
        "month", *(pl.when(hidden).then(None).otherwise(pl.col(c)).alias(c) for c in values),
        "term_days", hidden.alias("suppressed"),
    )


def processing_time_histogram(con, viewer: Viewer, theme: str, start: dt.date, end: dt.date,
                              team: str | None = None) -> pl.DataFrame:
    """How many requests were decided within each week after the request? (not for the council)

    One row per week bucket: week (0 = within 7 days), n_requests, share_pct. The council gets
    an empty frame: bucket counts are small by nature, and shares over a known total give them
    away.
    """
    if viewer.is_council:
        return pl.DataFrame(schema={"week": pl.Int64, "days_from": pl.Int64, "n_requests": pl.Int64,
                                    "share_pct": pl.Float64})
    return _frame(con, """
        select least(processing_days // 7, 26)::bigint as week,
            (least(processing_days // 7, 26) * 7)::bigint as days_from,
            count(*) as n_requests,
            100.0 * count(*) / sum(count(*)) over () as share_pct
        from mart_request_decisions
        where theme_code = $theme and month between $start and $end
            and ($team is null or team_code = $team)
        group by all order by week
    """, {"theme": theme, "start": start, "end": end, "team": team})


def maatwerk_reasons(con, viewer: Viewer, theme: str, start: dt.date, end: dt.date) -> pl.DataFrame:
    """Why did decisions depart from policy, per team? Counts; for the council the sums of
    rounded cells (etl/disclosure.py), null below the threshold."""
    if viewer.is_council:
        frame = _frame(con, """
            select team_code, nullif(departure_reason, '') as departure_reason,
                sum(n_decisions)::bigint as n_decisions
            from council_maatwerk_monthly
            where theme_code = $theme and month between date_trunc('month', $start::date) and $end
            group by all having sum(n_decisions) > 0
            order by team_code, n_decisions desc, departure_reason
        """, {"theme": theme, "start": start, "end": end})
        return frame.with_columns(
            pl.when(pl.col("n_decisions") < threshold()).then(None)
            .otherwise(pl.col("n_decisions")).alias("n_decisions"))
    return _frame(con, """
        select d.team_code, d.departure_reason, count(*) as n_decisions
        from stg_decisions as d
        inner join stg_regelingen as r using (regeling_code)
        where r.theme_code = $theme and d.departs_from_policy
            and d.decided_on between $start and $end
        group by all order by d.team_code, n_decisions desc
    """, {"theme": theme, "start": start, "end": end})


# ---------------------------------------------------------------------------------------------
# About the data


def load_runs() -> pl.DataFrame:
    """Every build run from the load log (kept beside the database), newest first."""
    runs = load_log.read_runs()
    schema = {"finished_at": pl.String, "status": pl.String, "seconds": pl.Float64,
              "files": pl.Int64, "rejections": pl.Int64, "detail": pl.String}
    rows = [{"finished_at": r.get("finished_at"), "status": r.get("status"),
             "seconds": r.get("seconds"), "files": len(r.get("files", [])),
             "rejections": r.get("rejections"), "detail": r.get("detail")} for r in runs]
    return pl.DataFrame(rows, schema=schema)


def load_run_files() -> pl.DataFrame:
    """One row per file per build run: what was read, loaded and rejected."""
    return load_log.files_frame(load_log.read_runs())


def load_run_messages(limit: int = 50) -> list[str]:
    """The rejection messages of the newest run that had any."""
    for run in load_log.read_runs():
        if run.get("messages"):
            return run["messages"][:limit]
    return []


def source_files(con) -> pl.DataFrame:
    """From which files was this database built?"""
    return _frame(con, "select source, file_name, sha256, rows_read, rows_loaded "
                       "from meta_source_files order by source")


def data_freshness(con) -> pl.DataFrame:
    """Up to which date does each source reach?"""
    return _frame(con, """
        select 'caseload' as source, max(peildatum) as data_through from stg_caseload
        union all select 'beschikkingen', max(decided_on) from stg_decisions
        union all select 'begroting',
            max(make_date(year, quarter * 3, 1) + interval 1 month - interval 1 day)::date from stg_budget
    """)


def table_documentation(con) -> pl.DataFrame:
    """What does every table (and view) and column mean? From the comments in schema.sql and
    the marts."""
    return _frame(con, """
        with relations as (
            select database_name, schema_name, table_name, comment from duckdb_tables()
            union all
            select database_name, schema_name, view_name, comment from duckdb_views() where not internal
        )
        select t.table_name, t.comment as table_comment, c.column_name, c.data_type,
            c.comment as column_comment, c.column_index
        from relations as t
        inner join duckdb_columns() as c using (database_name, schema_name, table_name)
        where t.database_name = current_database()
        order by t.table_name, c.column_index
    """)


# ---------------------------------------------------------------------------------------------
# Stories

# `{columns}` and `{only_ids}` are filled from this module's constants only.
_STORIES = """
select {columns} from story_current
where {only_ids}
    -- who may read what (DOMAIN.md): fail closed for any role not named here
    -- (and a story with unresolved privacy findings never leaves its team)
    case $role::varchar
        when 'raad' then status = 'gepubliceerd' and visibility = 'raad' and unresolved_findings = 0
        when 'beheerder' then true
        when 'manager' then (status = 'gepubliceerd' and visibility in ('organisatie', 'raad')
                             and unresolved_findings = 0)
            or list_contains($teams::varchar[], author_team)
        when 'professional' then (status = 'gepubliceerd' and visibility in ('organisatie', 'raad')
                                  and unresolved_findings = 0)
            or list_contains($teams::varchar[], author_team)
        else false
    end
    and ($theme::varchar is null or theme_code = $theme::varchar or theme_code is null)
    and ($metrics::varchar[] is null or list_contains($metrics::varchar[], metric_key))
    and ($team::varchar is null or team_code = $team::varchar or team_code is null)
    and ($only_team::varchar is null or team_code = $only_team::varchar)
    and ($teams_any::varchar[] is null or list_contains($teams_any::varchar[], team_code))
    and ($taakvelden::varchar[] is null or list_contains($taakvelden::varchar[], taakveld_code))
    and ($start::date is null or period_start >= $start::date)
    and ($end::date is null or period_start <= $end::date)
    and ($tag::varchar is null or note_kind = $tag::varchar or strategy = $tag::varchar
         or list_contains(dilemma_tags, $tag::varchar) or list_contains(value_tags, $tag::varchar)
         or list_contains(free_tags, $tag::varchar))
    and ($note_kinds::varchar[] is null or list_contains($note_kinds::varchar[], note_kind))
    and ($status::varchar is null or status = $status::varchar)
"""
# Newest period first. Sorted in Polars: DuckDB's sort of 60,000 stories took 47 ms, Polars 15.
_STORY_ORDER = {"by": ["period_start", "written_on", "story_id"], "descending": [True, True, False],
                "nulls_last": True}

STORY_COLUMNS = {
    "story_id": pl.String, "external_ref": pl.String, "author": pl.String,
    "author_team": pl.String, "written_on": pl.Date, "version": pl.Int32, "title": pl.String,
    "body": pl.String, "metric_key": pl.String, "period": pl.String, "theme_code": pl.String,
    "team_code": pl.String, "regeling_code": pl.String, "taakveld_code": pl.String,
    "note_kind": pl.String, "dilemma_tags": pl.List(pl.String), "strategy": pl.String,
    "value_tags": pl.List(pl.String), "free_tags": pl.List(pl.String), "visibility": pl.String,
    "figure_value": pl.Float64, "figure_status": pl.String, "unresolved_findings": pl.Int32,
    "status": pl.String,
    "status_at": pl.Datetime(time_zone="UTC"), "period_start": pl.Date,
    "doc_id": pl.Int32, "term_count": pl.Int32,  # for search ranking; never shown
}


# What a list needs to filter, count, sort and name its stories: no text, no tags.
BRIEF_COLUMNS = ("story_id", "author", "author_team", "written_on", "version", "title", "metric_key",
                 "period", "theme_code", "team_code", "regeling_code", "taakveld_code", "note_kind",
                 "visibility", "unresolved_findings", "status", "status_at", "period_start",
                 "doc_id", "term_count")


def visible_stories(viewer: Viewer, *, figures_con=None, store_path: Path | None = None,
                    story_id: str | None = None, story_ids: list[str] | None = None,
                    theme: str | None = None,
                    metrics: tuple[str, ...] | list[str] | None = None, team: str | None = None,
                    only_team: str | None = None, teams_any: list[str] | None = None,
                    taakvelden: list[str] | None = None, start: dt.date | None = None,
                    end: dt.date | None = None, tag: str | None = None,
                    note_kinds: list[str] | None = None, status: str | None = None,
                    brief: bool = False) -> pl.DataFrame:
    """Which stories may this viewer read (with these filters)? The one door to the stories.

    Raad: published with visibility raad, and never beside a figure the council sees
    suppressed. Professional and manager: published to the organisation or the council, plus
    every story of their own team(s) in any state. Beheerder: everything. Any other role:
    nothing. One row per story: its latest version and latest status.

    `team` keeps stories of that team and stories about no team; `only_team` keeps that team
    only; `teams_any` keeps stories of any of these teams; `taakvelden` keeps stories on any of
    these taakvelden (see `series_taakvelden`); `story_id` or `story_ids` keep only those.
    `brief=True` returns BRIEF_COLUMNS only (enough to filter, count, sort and list titles);
    `full_rows` then reads the page that is shown: texts and tags are most of what is read, and
    a city has tens of thousands of stories.
    """
    filters = {
        "theme": theme, "metrics": list(metrics) if metrics else None, "team": team,
        "only_team": only_team, "teams_any": list(teams_any) if teams_any is not None else None,
        "taakvelden": list(taakvelden) if taakvelden is not None else None, "start": start,
        "end": end, "tag": tag, "note_kinds": list(note_kinds) if note_kinds else None,
        "status": status,
    }
    with store.connect(store_path) as con:
        frame = _readable(con, viewer, [story_id] if story_id else story_ids, brief=brief, **filters)
    if viewer.is_council and frame.height:
        con = figures_con if figures_con is not None else db.figures()
        hidden = suppressed_cells(con, frame)
        if hidden.height:
            frame = frame.join(hidden, on=CELL_KEYS, how="anti", nulls_equal=True)
        if "figure_value" in frame.columns:
            frame = _council_story_values(con, viewer, frame)
    return frame


def _council_story_values(con, viewer: Viewer, stories: pl.DataFrame) -> pl.DataFrame:
    """A story remembers the true value of its figure; the council reads the rounded value
    instead (a remembered true count or share would undo the rounding), and only whether the
    figure was revised since, not what it was. Budget amounts are not counts: kept as written.
    Adds `figure_revised`."""
    true_now = current_values(con, Viewer("openbaarheidscontrole", "beheerder"), stories)
    council_now = current_values(con, viewer, stories)
    controlled = ~pl.col("metric_key").is_in(list(BUDGET_METRICS))
    now = stories.select(
        pl.col("story_id").replace_strict(true_now, default=None, return_dtype=pl.Float64).alias("true_now"),
        pl.col("story_id").replace_strict(council_now, default=None, return_dtype=pl.Float64).alias("council_now"))
    revised = (pl.col("figure_value").is_not_null() & now["true_now"].is_not_null()
               & ((pl.col("figure_value") - now["true_now"]).abs() > 1e-9))
    return stories.with_columns(
        pl.when(controlled).then(now["council_now"]).otherwise(pl.col("figure_value")).alias("figure_value"),
        (controlled & revised).fill_null(False).alias("figure_revised"),
    )


_NO_FILTERS = dict.fromkeys(("theme", "metrics", "team", "only_team", "teams_any", "taakvelden",
                             "start", "end", "tag", "note_kinds", "status"))


def _readable(con, viewer: Viewer, ids: list[str] | None, *, brief: bool = False,
              **filters) -> pl.DataFrame:
    """The rules of `visible_stories` on an open story-store connection, before the council's
    suppression (which needs the figures): for functions that read more in the same unit of
    work, where opening the store again cost more than the query."""
    params = _NO_FILTERS | filters | {"role": viewer.role, "teams": list(viewer.teams)}
    columns = {k: STORY_COLUMNS[k] for k in BRIEF_COLUMNS} if brief else STORY_COLUMNS
    # With ids, the story table's index finds them (a list parameter would scan every story).
    only_ids = "story_id in (select unnest($ids::varchar[])) and" if ids is not None else ""
    if ids is not None:
        params["ids"] = list(ids)
    frame = con.execute(_STORIES.format(columns=", ".join(columns), only_ids=only_ids), params).pl()
    if not frame.height:
        return pl.DataFrame(schema=columns)
    return frame.cast(columns).sort(**_STORY_ORDER)


def full_rows(viewer: Viewer, stories: pl.DataFrame, *, figures_con=None,
              store_path: Path | None = None) -> pl.DataFrame:
    """These stories (rows of `visible_stories(..., brief=True)`, e.g. one page of them) in
    full, in the same order; read through the same door, by id, so a page costs milliseconds."""
    if stories.is_empty():
        return pl.DataFrame(schema=STORY_COLUMNS)
    full = visible_stories(viewer, figures_con=figures_con, store_path=store_path,
                           story_ids=stories["story_id"].to_list())
    return stories.select("story_id").join(full, on="story_id", how="inner", maintain_order="left")


def search_stories(stories: pl.DataFrame, query: str, *, store_path: Path | None = None) -> pl.DataFrame:
    """Which of these stories (rows of `visible_stories`) match the query, best first? Adds
    `score`. Only the given stories are searched, so the viewer's rules and filters hold."""
    with store.connect(store_path) as con:
        return search.search(con, stories, query)


def workload_stories(viewer: Viewer, *, teams: list[str], start: dt.date | None = None,
                     end: dt.date | None = None, figures_con=None,
                     store_path: Path | None = None) -> pl.DataFrame:
    """The stories about workload of these teams: on the caseload figure, or tagged werkdruk."""
    stories = visible_stories(viewer, figures_con=figures_con, store_path=store_path,
                              teams_any=teams, start=start, end=end)
    return stories.filter((pl.col("metric_key") == "caseload_per_fte") | (pl.col("note_kind") == "werkdruk"))


def story_coverage(con, viewer: Viewer, period: str, months: int = 6,
                   theme: str | None = None, store_path: Path | None = None) -> pl.DataFrame:
    """Which figures have no recent story? One row per figure and scope the viewer looks after.

    Scopes: every team figure per team (the manager's or professional's own teams, or every
    team of the theme for others) and every budget figure per theme. Columns: metric_key, name,
    theme_code, team_code, published (stories published in the last `months` months of
    periods), in_progress (not yet published), last_period (the most recent story period).
    """
    end = month_end(period)
    start = months_back(period, months)
    team_frame = teams(con, theme)
    if viewer.role in (MANAGER, PROFESSIONAL) and viewer.teams:
        team_frame = team_frame.filter(pl.col("team_code").is_in(list(viewer.teams)))
    catalog = metric_catalog(con).select("metric_key", "name")
    team_metrics = [m for m in OVERVIEW_METRICS if m not in BUDGET_METRICS]
    scopes = [
        {"metric_key": m, "theme_code": t["theme_code"], "team_code": t["team_code"]}
        for t in team_frame.iter_rows(named=True) for m in team_metrics
    ] + [
        {"metric_key": m, "theme_code": th, "team_code": None}
        for th in team_frame["theme_code"].unique(maintain_order=True) for m in BUDGET_METRICS
    ]
    scope_frame = pl.DataFrame(scopes, schema={"metric_key": pl.String, "theme_code": pl.String,
                                               "team_code": pl.String})
    stories = visible_stories(viewer, figures_con=con, store_path=store_path, theme=theme, brief=True)
    stories = stories.filter(pl.col("period_start") <= end)  # nothing after the month looked at
    recent = stories.filter(pl.col("period_start") >= start)
    per_team = recent.group_by("metric_key", "theme_code", "team_code").agg(
        (pl.col("status") == "gepubliceerd").sum().alias("published"),
        (~pl.col("status").is_in(["gepubliceerd", "ingetrokken"])).sum().alias("in_progress"),
    )
    last = stories.group_by("metric_key", "theme_code", "team_code").agg(
        pl.col("period").sort_by("period_start").last().alias("last_period"),
        pl.col("period_start").max().alias("last_period_start"),
    )
    # A budget story may name a taakveld or team; for the theme scope any story on the figure counts.
    budget_recent = recent.filter(pl.col("metric_key").is_in(list(BUDGET_METRICS))).group_by(
        "metric_key", "theme_code").agg(
        (pl.col("status") == "gepubliceerd").sum().alias("published_b"),
        (~pl.col("status").is_in(["gepubliceerd", "ingetrokken"])).sum().alias("in_progress_b"))
    budget_last = stories.filter(pl.col("metric_key").is_in(list(BUDGET_METRICS))).group_by(
        "metric_key", "theme_code").agg(
        pl.col("period").sort_by("period_start").last().alias("last_period_b"),
        pl.col("period_start").max().alias("last_period_start_b"))
    keys = ["metric_key", "theme_code", "team_code"]
    frame = (scope_frame
             .join(per_team, on=keys, how="left", nulls_equal=True)
             .join(last, on=keys, how="left", nulls_equal=True)
             .join(budget_recent, on=["metric_key", "theme_code"], how="left")
             .join(budget_last, on=["metric_key", "theme_code"], how="left"))
    is_budget = pl.col("metric_key").is_in(list(BUDGET_METRICS))
    frame = frame.with_columns(
        pl.when(is_budget).then(pl.col("published_b")).otherwise(pl.col("published"))
        .fill_null(0).alias("published"),
        pl.when(is_budget).then(pl.col("in_progress_b")).otherwise(pl.col("in_progress"))
        .fill_null(0).alias("in_progress"),
        pl.when(is_budget).then(pl.col("last_period_b")).otherwise(pl.col("last_period"))
        .alias("last_period"),
        pl.when(is_budget).then(pl.col("last_period_start_b")).otherwise(pl.col("last_period_start"))
        .alias("last_period_start"),
    ).drop("published_b", "in_progress_b", "last_period_b", "last_period_start_b")
    return (frame.join(catalog, on="metric_key", how="left")
            .with_columns(((pl.col("published") + pl.col("in_progress")) == 0).alias("uncovered"))
            .sort("uncovered", "theme_code", "team_code", "metric_key",
                  descending=[True, False, False, False], nulls_last=True))


# --- briefing
# What the committee briefing needs beyond the questions above: where the figures came from
# and when they were loaded. The briefing itself composes the other functions in this module.

# Which source file feeds which freshness row of `data_freshness` (the others are reference lists).
_FRESHNESS_SOURCE = {"caseload": "caseload", "beschikkingen": "beschikkingen", "begroting": "begroting"}


def briefing_sources(con) -> pl.DataFrame:
    """From which files are the figures built, and up to which date does each reach?

    One row per source file: source, file_name, rows_loaded, data_through (null for the
    reference lists such as teams and norms).
    """
    files = source_files(con).select("source", "file_name", "rows_loaded")
    fresh = data_freshness(con).rename({"source": "freshness_source"})
    return (files.with_columns(pl.col("source").replace_strict(_FRESHNESS_SOURCE, default=None)
                               .alias("freshness_source"))
            .join(fresh, on="freshness_source", how="left")
            .drop("freshness_source")
            .sort(pl.col("data_through").is_null(), "source"))


def figures_loaded_at(con) -> str | None:
    """When was this figures database built? The newest successful run in the load log that
    lies beside the database file (ISO timestamp), or None when there is no log."""
    row = con.execute("select path from duckdb_databases() where database_name = current_database()").fetchone()
    if not row or not row[0]:
        return None
    log = Path(row[0]).with_name(adc_settings.load_log_path().name)
    for run in load_log.read_runs(log):
        if run.get("status") == "geslaagd":
            return run.get("finished_at")
    return None


# ---------------------------------------------------------------------------------------------
# --- story pages
#
# Writing, reviewing and the history of stories. Every story read here starts from
# `visible_stories`, so these functions can never show a story the viewer may not read.

# Which scope columns a figure has at all, so the story form only asks for what exists.
SCOPE_COLUMNS = {"team": "team_code", "regeling": "regeling_code", "taakveld": "taakveld_code"}


def figure_periods(con, metric_key: str) -> list[str]:
    """Which periods does a figure have at the grain it is shown at? Newest first."""
    rows = con.execute("""
        select distinct period from mart_metric_values
        where metric_key = $metric_key and period_grain = $grain
        order by period desc
    """, {"metric_key": metric_key, "grain": metric_grain(metric_key)}).fetchall()
    return [r[0] for r in rows]


def figure_scopes(con, metric_key: str) -> tuple[str, ...]:
    """Which of team, regeling and taakveld does a figure exist for? ('team', 'regeling')"""
    row = con.execute("""
        select count(team_code) > 0, count(regeling_code) > 0, count(taakveld_code) > 0
        from mart_metric_values where metric_key = $metric_key
    """, {"metric_key": metric_key}).fetchone()
    return tuple(name for name, present in zip(SCOPE_COLUMNS, row or ()) if present)


def figure_now(con, viewer: Viewer, metric_key: str, period: str | None, *, team: str | None = None,
               regeling: str | None = None, taakveld: str | None = None,
               theme: str | None = None) -> dict | None:
    """One figure cell as it is now: value (null when suppressed for this viewer), status,
    suppressed and theme_code; None when the figures hold no such cell.

    The theme follows from the team, regeling or taakveld (as the story service records it);
    `theme` is only used for a cell without any of those.
    """
    if not metric_key or not period:
        return None
    theme = theme_of(con, team, regeling, taakveld) or theme
    sql = _cells(viewer, "metric_key = $metric_key and period = $period "
                 "and ($theme is null or theme_code = $theme)") + """
        select value, status, suppressed, theme_code from cells
        where team_code is not distinct from $team
            and regeling_code is not distinct from $regeling
            and taakveld_code is not distinct from $taakveld
        order by theme_code
        limit 1
    """
    row = con.execute(sql, {"metric_key": metric_key, "period": period, "theme": theme,
                            "team": team, "regeling": regeling, "taakveld": taakveld,
                            **_suppression_params(viewer)}).fetchone()
    if row is None:
        return None
    return dict(zip(("value", "status", "suppressed", "theme_code"), row))


def team_roles(con, teams) -> tuple[str, ...]:
    """The professional roles (disciplines) of these teams, e.g. ('handhaver', 'klantmanager')."""
    rows = con.execute("""
        select distinct role from stg_teams where list_contains($teams::varchar[], team_code)
        order by role
    """, {"teams": [t for t in teams if t]}).fetchall()
    return tuple(r[0] for r in rows)


# Who may edit, withdraw or read the history of a story: the story service's own rules.
may_edit_story, may_withdraw_story, may_see_history = (
    service.may_edit, service.may_withdraw, service.may_see_history)


HISTORY_VERSION_COLUMNS = {
    "story_id": pl.String, "version": pl.Int32, "title": pl.String, "body": pl.String,
    "metric_key": pl.String, "period": pl.String, "team_code": pl.String, "visibility": pl.String,
    "figure_value": pl.Float64, "figure_status": pl.String, "edited_by": pl.String,
    "edited_at": pl.Datetime(time_zone="UTC"), "unresolved_findings": pl.Int32,
}
HISTORY_EVENT_COLUMNS = {
    "event_id": pl.Int64, "story_id": pl.String, "version": pl.Int32, "status": pl.String,
    "actor": pl.String, "occurred_at": pl.Datetime(time_zone="UTC"), "reason": pl.String,
    "other_discipline": pl.Boolean,
}


def story_history(viewer: Viewer, story_ids: list[str], *, figures_con=None,
                  store_path: Path | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Who did what when: every version and every status event of these stories, oldest first.

    Only for stories the viewer may read (`visible_stories`) and whose history they may see
    (`may_see_history`); others are left out silently. Returns (versions, events).
    """
    empty = (pl.DataFrame(schema=HISTORY_VERSION_COLUMNS), pl.DataFrame(schema=HISTORY_EVENT_COLUMNS))
    if not story_ids or viewer.is_council:
        return empty
    with store.connect(store_path) as con:
        readable = _readable(con, viewer, list(story_ids), brief=True)  # enough for the rule
        allowed = [row["story_id"] for row in readable.iter_rows(named=True)
                   if may_see_history(viewer, row)]
        if not allowed:
            return empty
        versions = con.execute(f"""
            select {', '.join(HISTORY_VERSION_COLUMNS)} from story_versions
            where story_id in (select unnest($ids::varchar[])) order by story_id, version
        """, {"ids": allowed}).pl()
        events = con.execute(f"""
            select {', '.join(HISTORY_EVENT_COLUMNS)} from story_events
            where story_id in (select unnest($ids::varchar[])) order by story_id, event_id
        """, {"ids": allowed}).pl()
    return (versions.cast(HISTORY_VERSION_COLUMNS) if versions.height else empty[0],
            events.cast(HISTORY_EVENT_COLUMNS) if events.height else empty[1])


def return_reasons(viewer: Viewer, story_ids: list[str], *, figures_con=None,
                   store_path: Path | None = None) -> dict[str, dict]:
    """Why was each of these stories sent back? story_id -> {reason, actor, occurred_at} of its
    latest return, for returned stories whose history the viewer may see (the author)."""
    _, events = story_history(viewer, story_ids, figures_con=figures_con, store_path=store_path)
    return latest_returns(events)


def latest_returns(events: pl.DataFrame) -> dict[str, dict]:
    """From `story_history` events: story_id -> {reason, actor, occurred_at} of each story whose
    latest event is a return (for a page that has the history already)."""
    latest = events.group_by("story_id").agg(pl.all().sort_by("event_id").last())
    returned = latest.filter(pl.col("status") == "teruggestuurd")
    return {row["story_id"]: {k: row[k] for k in ("reason", "actor", "occurred_at")}
            for row in returned.iter_rows(named=True)}


def privacy_marks(viewer: Viewer, story_id: str, *, figures_con=None,
                  store_path: Path | None = None) -> dict[str, str]:
    """What the author marked harmless in the story's latest version: marked text -> reason.

    For whoever may read the story (the marked text is in the story itself): a reviewer sees
    what was let through, and an author editing again finds the marks already made.
    """
    return privacy_marks_of(viewer, [story_id], figures_con=figures_con,
                            store_path=store_path).get(story_id, {})


def privacy_marks_of(viewer: Viewer, story_ids: list[str], *, figures_con=None,
                     store_path: Path | None = None) -> dict[str, dict[str, str]]:
    """`privacy_marks` for a page of stories at once: story_id -> {marked text -> reason}."""
    if viewer.is_council or not story_ids:
        return {}
    with store.connect(store_path) as con:
        readable = _readable(con, viewer, list(story_ids), brief=True)
        if readable.is_empty():
            return {}
        with registered(con, "readable_versions", readable.select("story_id", "version")):
            rows = con.execute("""
                select m.story_id, m.marked_text, m.reason from story_privacy_marks as m
                semi join readable_versions as r using (story_id, version)
                order by m.occurred_at
            """).fetchall()
    marks: dict[str, dict[str, str]] = {}
    for story_id, text, reason in rows:
        marks.setdefault(story_id, {})[text] = reason
    return marks
