"""Figures from mart_metric_values, with disclosure control for the council: trends, tiles, cells."""

from __future__ import annotations

import datetime as dt

import polars as pl

from kernel.access import Viewer
from kernel.adc_duckdb import registered
from queries import db
from queries.common import BUDGET_METRICS, OVERVIEW_METRICS, ColumnTypes, metric_grain, read_frame
from queries.council import cells_sql, suppression_params
from queries.periods import month_start, quarter_of


def metric_trend(
    con,
    viewer: Viewer,
    metric_key: str,
    theme: str,
    *,
    team: str | None = None,
    regeling: str | None = None,
    taakveld: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    grain: str | None = None,
) -> pl.DataFrame:
    """How did one figure develop over time in one scope?

    One row per period: period, period_start, period_end, value, n_basis, status, suppressed.
    """
    sql = (
        cells_sql(
            viewer,
            "metric_key = $metric_key and theme_code = $theme and period_grain = $grain "
            "and ($start is null or period_start >= $start) "
            "and ($end is null or period_start <= $end)",
        )
        + """
        select metric_key, period, period_grain, period_start, period_end, theme_code, team_code,
            regeling_code, taakveld_code, value, n_basis, status, suppressed
        from cells
        where team_code is not distinct from $team
            and regeling_code is not distinct from $regeling
            and taakveld_code is not distinct from $taakveld
        order by period_start
    """
    )
    return read_frame(
        con,
        sql,
        {
            "metric_key": metric_key,
            "theme": theme,
            "grain": grain or metric_grain(metric_key),
            "start": start,
            "end": end,
            "team": team,
            "regeling": regeling,
            "taakveld": taakveld,
            **suppression_params(viewer),
        },
    )


def metric_by_team(con, viewer: Viewer, metric_key: str, theme: str, period: str) -> pl.DataFrame:
    """One figure for every team of a theme in one period (plus the theme total, team null)."""
    sql = (
        cells_sql(viewer, "metric_key = $metric_key and theme_code = $theme and period = $period")
        + """
        select metric_key, period, team_code, value, n_basis, status, suppressed
        from cells
        where regeling_code is null and taakveld_code is null
        order by team_code nulls last
    """
    )
    return read_frame(
        con, sql, {"metric_key": metric_key, "theme": theme, "period": period, **suppression_params(viewer)}
    )


def key_figures(
    con, viewer: Viewer, theme: str, period: str, team: str | None = None, metrics: tuple[str, ...] = OVERVIEW_METRICS
) -> pl.DataFrame:
    """The tiles of a theme: each figure's latest value up to the month, and a year earlier.

    Budget figures are per quarter and for the whole theme (a team has no budget of its own);
    the caseload per fte exists per team only, so without a team it is left out here (see
    `teams_over_norm`). One row per metric in the order asked, with catalog fields, value,
    status, suppressed, previous_period/previous_value/previous_suppressed, data_through and,
    where they apply, norm_low/norm_high (caseload) or amended_budget_eur (budget).
    """
    upto = month_start(period)
    sql = (
        cells_sql(
            viewer,
            "theme_code = $theme and list_contains($metrics, metric_key) "
            "and period_grain = case when metric_key like 'budget%' then 'quarter' else 'month' end "
            "and period_start <= $upto",
        )
        + """
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
    )
    frame = read_frame(
        con, sql, {"theme": theme, "metrics": list(metrics), "upto": upto, "team": team, **suppression_params(viewer)}
    )
    frame = frame.join(_tile_comparisons(con, theme, team, frame), on="metric_key", how="left")
    if viewer.is_council:
        frame = _coarser_where_hidden(con, viewer, theme, team, frame)
    order = {m: i for i, m in enumerate(metrics)}
    return frame.sort(pl.col("metric_key").replace_strict(order, default=len(order)))


_ONE_CELL = """
    select period, period_start, period_end, value, n_basis, status, suppressed from cells
    where team_code is not distinct from $team and regeling_code is null and taakveld_code is null
"""


def _coarser_where_hidden(con, viewer: Viewer, theme: str, team: str | None, frame: pl.DataFrame) -> pl.DataFrame:
    """A council tile whose month is too small shows its quarter, or else its year, instead of a
    blank (`shown_instead_of` names the month), compared with the same period a year earlier."""
    rows = []
    for row in frame.iter_rows(named=True):
        row["shown_instead_of"] = None
        if row["suppressed"] and metric_grain(row["metric_key"]) == "month":
            month = row["period"]
            for period, previous in (
                (quarter_of(month), f"{int(month[:4]) - 1}-{quarter_of(month)[5:]}"),
                (month[:4], str(int(month[:4]) - 1)),
            ):
                cells = con.execute(
                    cells_sql(
                        viewer, "metric_key = $metric_key and theme_code = $theme and list_contains($periods, period)"
                    )
                    + _ONE_CELL,
                    {
                        "metric_key": row["metric_key"],
                        "theme": theme,
                        "team": team,
                        "periods": [period, previous],
                        **suppression_params(viewer),
                    },
                ).pl()
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
            found = con.execute(
                """
                select norm_low, norm_high from mart_caseload_monthly
                where team_code = $team and month = $month
            """,
                {"team": team, "month": start},
            ).fetchone()
            if found:
                norm_low, norm_high = found
        elif key in BUDGET_METRICS:
            found = con.execute(
                """
                select sum(amended_budget_eur) from mart_budget_quarterly
                where theme_code = $theme and year = $year and quarter = $quarter
            """,
                {"theme": theme, "year": start.year, "quarter": (start.month - 1) // 3 + 1},
            ).fetchone()
            budget = found[0] if found else None
        elif key == "processing_time":
            found = con.execute(
                """
                select max(term_days) from stg_regelingen where theme_code = $theme
            """,
                {"theme": theme},
            ).fetchone()
            term = found[0] if found else None
        rows.append(
            {
                "metric_key": key,
                "norm_low": norm_low,
                "norm_high": norm_high,
                "amended_budget_eur": budget,
                "term_days": term,
            }
        )
    schema: ColumnTypes = {
        "metric_key": pl.String,
        "norm_low": pl.Float64,
        "norm_high": pl.Float64,
        "amended_budget_eur": pl.Float64,
        "term_days": pl.Int64,
    }
    return pl.DataFrame(rows, schema=schema)


CELL_KEYS = ["metric_key", "period", "theme_code", "team_code", "regeling_code", "taakveld_code"]


def cell_values(con, viewer: Viewer, cells: pl.DataFrame) -> pl.DataFrame:
    """What are these figure cells now (as this viewer may see them)?

    `cells` has the CELL_KEYS (a story row will do; theme_code may be null); the answer has one
    row per asked cell that exists, with value (null when suppressed) and suppressed.
    """
    schema: ColumnTypes = {**{k: pl.String for k in CELL_KEYS}, "value": pl.Float64, "suppressed": pl.Boolean}
    if cells.is_empty():
        return pl.DataFrame(schema=schema)
    keys = cells.select(CELL_KEYS).unique()
    with registered(con, "asked_cells", keys):
        # A hash join on the keys themselves ("is not distinct from" matches nulls): half the
        # time of joining on coalesced keys after filtering on lists of metrics and periods.
        sql = (
            cells_sql(viewer, "true")
            + """
            select a.*, c.value, c.suppressed from asked_cells as a
            inner join cells as c
                on c.metric_key = a.metric_key and c.period = a.period
                and c.team_code is not distinct from a.team_code
                and c.regeling_code is not distinct from a.regeling_code
                and c.taakveld_code is not distinct from a.taakveld_code
            -- Not in the join: an "or" there made DuckDB compare every pair (23 s for the
            -- council's 27,000 stories); equal keys first, then the theme.
            where a.theme_code is null or c.theme_code = a.theme_code
        """
        )
        frame = read_frame(con, sql, suppression_params(viewer))
    return frame.cast(schema) if frame.height else pl.DataFrame(schema=schema)


def suppressed_cells(con, cells: pl.DataFrame) -> pl.DataFrame:
    """Which of these figure cells does the council not see? (rows of CELL_KEYS)"""
    council = Viewer("raad-controle", "raad")
    return cell_values(con, council, cells).filter(pl.col("suppressed")).select(CELL_KEYS)


def current_values(con, viewer: Viewer, stories: pl.DataFrame) -> dict[str, float | None]:
    """The value now of the figure each story explains: story_id -> value (None if unknown)."""
    if stories.is_empty():
        return {}
    return values_by_story(stories, cell_values(con, viewer, stories))


def values_by_story(stories: pl.DataFrame, now: pl.DataFrame) -> dict[str, float | None]:
    """story_id -> the value of its cell in `now` (rows of `cell_values` asked for these stories)."""
    joined = stories.select("story_id", *CELL_KEYS).join(now, on=CELL_KEYS, how="left", nulls_equal=True)
    return dict(zip(joined["story_id"], joined["value"]))


def chart_values_for_stories(
    con,
    viewer: Viewer,
    stories: pl.DataFrame,
    *,
    metric_key: str,
    theme: str,
    team: str | None = None,
    regeling: str | None = None,
    taakveld: str | None = None,
) -> dict[str, float | None]:
    """What does a chart of this figure and scope read at the period of each story on the same
    figure but pinned to another (narrower) scope? story_id -> the chart's value (None: not
    shown to this viewer, or no such cell). Stories on the chart's own scope are left out
    (their value is the line's), and so are stories on another figure.

    Read through `cell_values`, so the council gets the value its own chart draws (rounded,
    suppressed below the threshold) and never a true count."""
    if stories.is_empty():
        return {}
    own = (
        (pl.col("team_code").fill_null("") == (team or ""))
        & (pl.col("regeling_code").fill_null("") == (regeling or ""))
        & (pl.col("taakveld_code").fill_null("") == (taakveld or ""))
    )
    other = stories.filter(~own & pl.col("period").is_not_null() & (pl.col("metric_key") == metric_key))
    if other.is_empty():
        return {}
    cells = other.select("story_id", "metric_key", "period").with_columns(
        pl.lit(theme, dtype=pl.String).alias("theme_code"),
        pl.lit(team, dtype=pl.String).alias("team_code"),
        pl.lit(regeling, dtype=pl.String).alias("regeling_code"),
        pl.lit(taakveld, dtype=pl.String).alias("taakveld_code"),
    )
    found = cell_values(con, viewer, cells.drop("story_id"))
    joined = cells.join(found, on=CELL_KEYS, how="left", nulls_equal=True)
    return dict(zip(joined["story_id"], joined["value"]))


def scope_names(con) -> dict[str, str]:
    """Readable names for every team, regeling and taakveld code."""

    def read() -> list[tuple[str, str]]:
        return con.execute("""
            select team_code, team_name from stg_teams
            union all select regeling_code, regeling_name from stg_regelingen
            union all select taakveld_code, taakveld_code || ' ' || name from ref_iv3_taakvelden
        """).fetchall()

    return dict(db.remembered(con, "scope_names", read))  # a fresh dict: the rows are shared
