"""Reference lists for the filters (themes, teams, regelingen, taakvelden) and the figure catalog."""

from __future__ import annotations

import polars as pl

from queries import db
from queries.common import read_frame

# Reference lists for the filters


def themes(con) -> pl.DataFrame:
    """Which themes are there? theme_code, name, law, in a fixed order."""
    return read_frame(
        con,
        """
        select theme_code, name, law from ref_themes
        order by list_position(['participatie', 'wmo', 'jeugd', 'schuldhulp', 'leerlingenvervoer'],
                               theme_code) nulls last, theme_code
    """,
    )


def teams(con, theme: str | None = None) -> pl.DataFrame:
    """Which teams are there (in a theme)? team_code, team_name, theme_code, role."""
    return read_frame(
        con,
        """
        select team_code, team_name, theme_code, role from stg_teams
        where $theme is null or theme_code = $theme
        order by theme_code, team_code
    """,
        {"theme": theme},
    )


def available_months(con) -> list[str]:
    """Every month with figures, newest first ('2026-10', …)."""

    def read() -> list[str]:
        rows = con.execute("""
            select distinct period from mart_metric_values where period_grain = 'month'
            order by period desc
        """).fetchall()
        return [r[0] for r in rows]

    return list(db.remembered(con, "available_months", read))  # every page asks, every run


def regelingen(con, theme: str | None = None) -> pl.DataFrame:
    return read_frame(
        con,
        """
        select regeling_code, regeling_name, theme_code, taakveld_code, term_days from stg_regelingen
        where $theme is null or theme_code = $theme order by regeling_code
    """,
        {"theme": theme},
    )


def taakvelden(con, theme: str | None = None) -> pl.DataFrame:
    """The Iv3 taakvelden of a theme, with the continuous series they belong to."""
    return read_frame(
        con,
        """
        select taakveld_code, name, parent_code, series_code, budget_group, theme_code,
            valid_from_year, valid_to_year
        from ref_iv3_taakvelden where $theme is null or theme_code = $theme
        order by taakveld_code
    """,
        {"theme": theme},
    )


# The catalog


def metric_catalog(con) -> pl.DataFrame:
    """What does every figure mean, where does it come from, and how fresh is it?"""
    return read_frame(
        con,
        """
        select metric_key, name, definition, unit, source_system, higher_is_better, grain, owner,
            data_through, latest_status
        from mart_metric_catalog order by metric_key
    """,
    )


def definition_history(con) -> pl.DataFrame:
    """Which definitions has each figure had? The standard one first, then each revision."""
    return read_frame(
        con,
        """
        select metric_key, name, definition, unit, source_system, owner, valid_from, reason
        from mart_definition_history order by metric_key, valid_from nulls first
    """,
    )


def catalog_by_key(con) -> dict[str, dict]:
    """The catalog as metric_key -> row (every page asks, every run: remembered per file)."""
    rows = db.remembered(con, "catalog_by_key", lambda: list(metric_catalog(con).iter_rows(named=True)))
    return {row["metric_key"]: dict(row) for row in rows}  # a copy: a page may add to its rows
