"""The value of the figure a story explains, looked up by the story's stable keys."""

from __future__ import annotations

import duckdb


def figure_value(
    con: duckdb.DuckDBPyConnection,
    metric_key: str,
    period: str | None,
    team_code: str | None = None,
    regeling_code: str | None = None,
    taakveld_code: str | None = None,
    theme_code: str | None = None,
) -> tuple[float | None, str | None]:
    """(value, status) of one figure, or (None, None) when the figures hold no such cell."""
    row = con.execute(
        """
        select value, status
        from mart_metric_values
        where metric_key = $metric_key
            and period = $period
            and team_code is not distinct from $team_code
            and regeling_code is not distinct from $regeling_code
            and taakveld_code is not distinct from $taakveld_code
            and ($theme_code is null or theme_code = $theme_code)
        """,
        {
            "metric_key": metric_key,
            "period": period,
            "team_code": team_code,
            "regeling_code": regeling_code,
            "taakveld_code": taakveld_code,
            "theme_code": theme_code,
        },
    ).fetchone()
    return (row[0], row[1]) if row else (None, None)


def theme_of(
    con: duckdb.DuckDBPyConnection,
    team_code: str | None = None,
    regeling_code: str | None = None,
    taakveld_code: str | None = None,
) -> str | None:
    """The theme a story belongs to follows from its team, regeling or taakveld."""
    row = con.execute(
        """
        select theme_code from stg_teams where team_code = $team
        union all select theme_code from stg_regelingen where regeling_code = $regeling
        union all select theme_code from ref_iv3_taakvelden where taakveld_code = $taakveld
        limit 1
        """,
        {"team": team_code, "regeling": regeling_code, "taakveld": taakveld_code},
    ).fetchone()
    return row[0] if row else None
