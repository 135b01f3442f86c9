"""What goes into a briefing: the figures and stories to choose from, in the council's view."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

import queries
from briefing.texts import CASELOAD, SUPPRESSED_VALUE
from kernel.access import RAAD, Viewer
from kernel.format import format_period, format_value, texts
from kernel.vocabulary import PUBLISHED
from presentation.charts import TREND_YEARS


def council_view(viewer: Viewer) -> Viewer:
    """The reader a briefing is written for: the council, under the composer's name."""
    return Viewer(viewer.username, RAAD, (), viewer.display_name)


def default_start(period: str) -> dt.date:
    """Charts and stories start where the dashboard's charts start by default."""
    return dt.date(int(period[:4]) - TREND_YEARS, 1, 1)


def figure_choices(con, viewer: Viewer, theme: str, period: str) -> pl.DataFrame:
    """The figures a briefing on this theme can hold, in the overview's order (the default
    selection): metric_key, name, latest (the value the council sees, as text)."""
    audience = council_view(viewer)
    threshold = queries.threshold()
    figures = {r["metric_key"]: r for r in queries.key_figures(con, audience, theme, period).iter_rows(named=True)}
    over = queries.teams_over_norm(con, audience, period, theme)
    catalog = queries.catalog_by_key(con)
    rows = []
    for key in queries.OVERVIEW_METRICS:
        if key == CASELOAD and not over.is_empty():
            rows.append({"metric_key": key, "name": catalog[key]["name"], "latest": caseload_value(over, threshold)})
        elif key in figures:
            row = figures[key]
            value = (
                SUPPRESSED_VALUE.format(threshold=threshold)
                if row["suppressed"]
                else format_value(row["value"], row["unit"])
            )
            rows.append({"metric_key": key, "name": row["name"], "latest": f"{value} ({format_period(row['period'])})"})
    return pl.DataFrame(rows, schema={"metric_key": pl.String, "name": pl.String, "latest": pl.String})


def chosen_in_order(choices: pl.DataFrame) -> list[str]:
    """The ticked figures (`include`) by their `order` number; ties and blanks keep list order."""
    return (
        choices.with_row_index("position")
        .filter(pl.col("include").fill_null(False))
        .sort(pl.col("order").fill_null(10_000), "position")["metric_key"]
        .to_list()
    )


# A committee reads a few stories per figure. A city publishes thousands in three years: the
# briefing offers the newest ones to choose from and prints the newest few unless told otherwise.
STORIES_PER_FIGURE = 5


STORY_CHOICES_PER_FIGURE = 20


def story_choices(
    con,
    viewer: Viewer,
    theme: str,
    period: str,
    metric_keys: list[str],
    start: dt.date | None = None,
    store_path: Path | None = None,
) -> pl.DataFrame:
    """The published stories the briefing can print beside these figures, newest first, at
    most STORY_CHOICES_PER_FIGURE per figure: story_id, metric_key, title, period, team (name or
    null), preselected (one of the newest STORIES_PER_FIGURE) and total (published stories on
    that figure in the window)."""
    stories = figure_stories(
        con,
        council_view(viewer),
        theme,
        metric_keys,
        start or default_start(period),
        queries.month_end(period),
        store_path,
        brief=True,
    )
    names = queries.scope_names(con)
    ranked = stories.with_columns(
        pl.int_range(pl.len()).over("metric_key").alias("rank"), pl.len().over("metric_key").alias("total")
    )
    chosen = ranked.filter(pl.col("rank") < STORY_CHOICES_PER_FIGURE)
    return chosen.select(
        "story_id",
        "metric_key",
        "title",
        texts(chosen["period"], format_period).alias("period"),
        pl.col("team_code").replace_strict(names, default=pl.col("team_code"), return_dtype=pl.String).alias("team"),
        (pl.col("rank") < STORIES_PER_FIGURE).alias("preselected"),
        pl.col("total").cast(pl.Int64),
    )


def newest_per_figure(stories: pl.DataFrame, n: int | None = None) -> pl.DataFrame:
    """The newest `n` (default STORIES_PER_FIGURE) stories of each figure; stories come newest
    first."""
    return stories.filter(pl.int_range(pl.len()).over("metric_key") < (n or STORIES_PER_FIGURE))


def figure_stories(
    con,
    audience: Viewer,
    theme: str,
    metric_keys: list[str],
    start: dt.date,
    end: dt.date,
    store_path: Path | None,
    brief: bool = False,
) -> pl.DataFrame:
    if not metric_keys:  # no figures, no stories (an empty list would mean "every figure")
        return queries.visible_stories(audience, figures_con=con, store_path=store_path, story_ids=[], brief=brief)
    stories = queries.visible_stories(
        audience,
        figures_con=con,
        store_path=store_path,
        theme=theme,
        metrics=metric_keys,
        start=start,
        end=end,
        brief=brief,
    )
    return stories.filter(pl.col("status") == PUBLISHED)


def caseload_value(over: pl.DataFrame, threshold: int) -> str:
    shown = over.filter(~pl.col("suppressed"))
    if shown.is_empty():
        return SUPPRESSED_VALUE.format(threshold=threshold)
    return f"{shown.filter(pl.col('is_over_norm')).height} van {shown.height} teams boven de norm"
