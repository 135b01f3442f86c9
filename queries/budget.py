"""Budget per quarter, per taakveld and over the year."""

from __future__ import annotations

import polars as pl

from queries.common import read_frame
from queries.periods import month_start

# Budget


def series_taakvelden(con, code: str | None) -> list[str] | None:
    """The taakvelden a code stands for: itself, and for a continuous series its refined codes."""
    if code is None:
        return None
    rows = con.execute(
        """
        select taakveld_code from ref_iv3_taakvelden where taakveld_code = $code or series_code = $code
    """,
        {"code": code},
    ).fetchall()
    return [r[0] for r in rows] or [code]


def budget_quarter_for(con, period: str) -> tuple[int, int] | None:
    """The latest budget quarter up to a month: the quarter itself when it has figures."""
    row = con.execute(
        """
        select year, quarter from mart_budget_quarterly
        where make_date(year, quarter * 3 - 2, 1) <= $upto
        order by year desc, quarter desc limit 1
    """,
        {"upto": month_start(period)},
    ).fetchone()
    return (row[0], row[1]) if row else None


def budget_by_group(con, year: int, quarter: int) -> pl.DataFrame:
    """Begroting against realisatie per budget group (Participatie, Maatwerk Wmo, …)."""
    return read_frame(
        con,
        """
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
    """,
        {"year": year, "quarter": quarter},
    )


def budget_by_taakveld(con, year: int, quarter: int, theme: str | None = None) -> pl.DataFrame:
    """Begroting, realisatie tot en met het kwartaal and forecast per Iv3 taakveld."""
    return read_frame(
        con,
        """
        select taakveld_code, taakveld_name, series_code, budget_group, theme_code,
            primitive_budget_eur, amended_budget_eur, realisation_ytd_eur, exhaustion_pct,
            forecast_year_eur, forecast_deviation_eur,
            100 * forecast_deviation_eur / nullif(amended_budget_eur, 0) as forecast_deviation_pct
        from mart_budget_quarterly
        where year = $year and quarter = $quarter and ($theme is null or theme_code = $theme)
        order by taakveld_code
    """,
        {"year": year, "quarter": quarter, "theme": theme},
    )


def budget_year_progress(con, year: int, theme: str, taakveld: str | None = None) -> pl.DataFrame:
    """How does spending build up over a year against the budget? One row per quarter.

    `taakveld` is a taakveld code or the code of a continuous series (6.72 sums 6.72a … 6.74c).
    """
    return read_frame(
        con,
        """
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
    """,
        {"year": year, "theme": theme, "taakveld": taakveld},
    )
