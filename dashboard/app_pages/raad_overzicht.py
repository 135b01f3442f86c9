"""Raad en college — Overzicht per thema: every key figure of a theme as a tile, and for the
chosen figure its course over time with the published stories that explain it beside it."""

import polars as pl
import streamlit as st

import queries
from dashboard import components
from dashboard import story_components as sc
from dashboard.filters import bound_select
from dashboard.navigation import can_open
from dashboard.peer_components import peer_section, peer_tile
from dashboard.session import page_context
from kernel.format import format_number, format_period, texts
from kernel.inert import literal
from presentation import charts, labels

ctx = page_context()
con, viewer, f = ctx.con, ctx.viewer, ctx.filters
catalog = queries.catalog_by_key(con)
threshold = queries.threshold()

st.title(labels.TITLE_OVERVIEW, anchor=False)
team_text = labels.OVERVIEW_TEAM.format(team=ctx.options.teams[f.team][0]) if f.team else ""  # from teams.csv
st.caption(
    literal(labels.OVERVIEW_CONTEXT.format(theme=ctx.theme_name, period=format_period(f.period), team=team_text))
)
if can_open(viewer, "briefing.py"):
    st.page_link("app_pages/briefing.py", label=labels.BRIEFING_LINK, icon=":material/picture_as_pdf:")

figures = queries.key_figures(con, viewer, f.theme, f.period, team=f.team)
over_norm = queries.teams_over_norm(con, viewer, f.period, f.theme)
tile_metrics = [m for m in queries.OVERVIEW_METRICS if m in figures["metric_key"].to_list() or m == "caseload_per_fte"]

# Stories first: every tile counts the stories this viewer may read beside its chart, and the
# theme opens on the newest of them. Read once, with the chart's columns: the chosen figure's
# chart below shows its part of these (the same door, theme, period and team rule), and a
# second read opened the story store again (30-50 ms at city scale).
tile_stories = queries.visible_stories(
    viewer, figures_con=con, theme=f.theme, metrics=tile_metrics, start=f.start, end=f.end, chart=True
)
if f.team:  # as the chart: a team's figures, and the theme's budget (a team has none of its own)
    tile_stories = tile_stories.filter(
        pl.col("metric_key").is_in(list(queries.BUDGET_METRICS))
        | pl.col("team_code").is_null()
        | (pl.col("team_code") == f.team)
    )
story_counts = dict(tile_stories.group_by("metric_key").len().iter_rows())
if st.session_state.get("_overzicht_thema") != f.theme:
    # Another theme opens on its own newest story, not on the figure chosen in the last one
    # (a link from outside still wins: bound_select reads the address first).
    st.session_state.pop(f"url_{components.FIGURE_PARAM}", None)
    st.session_state.pop(f"url_{components.STORY_PARAM}", None)
    st.session_state["_overzicht_thema"] = f.theme


def show_figure(metric_key: str) -> None:
    st.session_state[f"url_{components.FIGURE_PARAM}"] = metric_key


def caseload_summary_tile() -> None:
    """Without a team there is no one caseload: say which teams are over their norm."""
    with st.container(border=True, key="tegel_caseload_per_fte"):
        shown = over_norm.filter(~pl.col("suppressed"))
        over = shown.filter(pl.col("is_over_norm"))
        st.metric(
            labels.TEAMS_OVER_NORM,
            labels.OVERVIEW_TEAMS_OF.format(over=over.height, shown=shown.height),
            help=literal(catalog["caseload_per_fte"]["definition"]),
        )
        if over.height:
            st.badge(labels.OVERVIEW_OVER_NORM_BADGE, color="orange", icon=":material/warning:")
        for row in over.iter_rows(named=True):
            low, high = format_number(row["norm_low"]), format_number(row["norm_high"])
            norm = low if low == high else f"{low}–{high}"
            st.caption(
                labels.OVERVIEW_TEAM_OVER.format(
                    team=literal(row["team_name"]),
                    value=format_number(row["caseload_per_fte"], 1),
                    norm=norm,
                    since=format_period(row["over_since"].strftime("%Y-%m")),
                )
            )
        st.caption(labels.OVERVIEW_PER_TEAM.format(period=format_period(f.period)))
        components.story_count_badge(story_counts.get("caseload_per_fte", 0))
        st.button(
            f"{labels.SHOW_TREND}: {labels.TEAMS_OVER_NORM}",
            key="toon_caseload_per_fte",
            on_click=show_figure,
            args=("caseload_per_fte",),
            type="tertiary",
            icon=":material/show_chart:",
        )
        if can_open(viewer, "caseload.py"):
            st.page_link("app_pages/caseload.py", label=labels.OVERVIEW_TO_CASELOAD, icon=":material/groups:")


# The tiles, three to a row so a row reads left to right.
rows = {r["metric_key"]: r for r in figures.iter_rows(named=True)}
for index, metric in enumerate(tile_metrics):
    if index % 3 == 0:
        columns = st.columns(3)
    with columns[index % 3]:
        if metric == "caseload_per_fte" and (not f.team or metric not in rows):
            if over_norm.height:
                caseload_summary_tile()
        elif metric in rows:
            components.figure_tile(
                rows[metric],
                threshold=threshold,
                team=None if metric in queries.BUDGET_METRICS else f.team,
                show_key=f"toon_{metric}",
                on_show=show_figure,
                story_count=story_counts.get(metric, 0),
                chosen_period=f.period,
            )

peer_tile(con, f.theme)  # CBS figures of similar municipalities, when a snapshot was loaded

st.divider()

# The chosen figure: its course, the stories on its time axis, and what it means.
choices = {m: catalog[m]["name"] for m in tile_metrics if m in catalog}
with_story = tile_stories.filter(pl.col("metric_key").is_in(list(choices)))  # newest first
metric = bound_select(
    st,
    labels.CHOOSE_FIGURE,
    choices,
    param=components.FIGURE_PARAM,
    default=with_story["metric_key"][0] if with_story.height else tile_metrics[0],
    what="cijfer",
)
info = catalog[metric]
unit, grain = info["unit"], queries.metric_grain(metric)
is_budget = metric in queries.BUDGET_METRICS
scope_team = None if is_budget else f.team

norm = None
series = None
caption = None
if metric == "caseload_per_fte" and not f.team:
    caseload = queries.caseload_by_team(con, viewer, theme=f.theme, start=f.start, end=f.end)
    trend = caseload.select(
        pl.col("month").alias("period_start"),
        pl.col("caseload_per_fte").alias("value"),
        "team_name",
        "team_code",
        "role",
        "norm_low",
        "norm_high",
        "suppressed",
    )
    values = charts.prepare_values(trend, unit)
    series = "team_name"
    if caseload["role"].n_unique() == 1:
        norm = (
            caseload.group_by("month")
            .agg(pl.col("norm_low").first(), pl.col("norm_high").first())
            .rename({"month": "x"})
            .sort("x")
        )
    else:
        caption = labels.OVERVIEW_ROLES_DIFFER
    table = trend.select(pl.col(column).alias(name) for column, name in labels.OVERVIEW_CASELOAD_COLUMNS.items())
    units = {labels.OVERVIEW_CASELOAD_COLUMNS["value"]: unit}
else:
    trend = queries.metric_trend(con, viewer, metric, f.theme, team=scope_team, start=f.start, end=f.end)
    coarser_caption = None
    if viewer.is_council and grain == "month" and trend["suppressed"].any():
        # Quarters instead of a line full of gaps: the council still sees the course.
        for coarser in ("quarter", "year"):
            wider = queries.metric_trend(
                con,
                viewer,
                metric,
                f.theme,
                team=scope_team,
                start=queries.period_start(str(f.start.year)),
                end=f.end,
                grain=coarser,
            )
            if wider["suppressed"].sum() < trend["suppressed"].sum():
                trend, grain = wider, coarser
                coarser_caption = labels.COARSER_TREND[coarser].format(threshold=threshold)
            if not trend["suppressed"].any():
                break
    values = charts.prepare_values(trend, unit, grain=grain)
    if metric == "caseload_per_fte":
        caseload = queries.caseload_by_team(con, viewer, team=f.team, start=f.start, end=f.end)
        norm = caseload.select(pl.col("month").alias("x"), "norm_low", "norm_high")
    table = trend.select(
        texts(trend["period"], format_period).alias(labels.OVERVIEW_TREND_COLUMNS["period"]),
        pl.col("value").alias(info["name"]),
        pl.col("status").alias(labels.OVERVIEW_TREND_COLUMNS["status"]),
        *([] if viewer.is_council else [pl.col("n_basis").alias(labels.OVERVIEW_TREND_COLUMNS["n_basis"])]),
    )
    units = {info["name"]: unit}
    hidden = trend.filter(pl.col("suppressed")).height
    if hidden:
        caption = labels.OVERVIEW_HIDDEN.format(hidden=hidden, threshold=threshold)
    if coarser_caption:
        caption = " ".join(filter(None, [coarser_caption, caption]))

reference, reference_label = None, None
if metric == "budget_forecast_deviation":
    reference, reference_label = 0.0, labels.OVERVIEW_BUDGET_REFERENCE
elif metric == "processing_time" and rows.get(metric, {}).get("term_days"):
    reference = float(rows[metric]["term_days"])
    reference_label = labels.OVERVIEW_TERM_REFERENCE.format(days=rows[metric]["term_days"])

# The tiles' stories of this figure: with a team, its own and those about no team (a budget
# figure has no team, so all of its stories), exactly as visible_stories(team=scope_team) keeps.
stories = tile_stories.filter(pl.col("metric_key") == metric)
names = queries.scope_names(con)
chart_scope = None
if series is None:  # one line for one scope: a story on a part of it says both values
    chart_scope = (
        sc.scope_text(team=scope_team, names=names, theme_name=ctx.theme_name),
        queries.chart_values_for_stories(con, viewer, stories, metric_key=metric, theme=f.theme, team=scope_team),
    )
markers = charts.prepare_stories(sc.with_value_texts(stories, catalog=catalog, names=names, chart_scope=chart_scope))
chart = charts.trend_chart(
    values,
    unit=unit,
    title=info["name"],
    grain=grain,
    stories=markers,
    norm=norm,
    reference=reference,
    reference_label=reference_label,
    series=series,
)
latest = rows.get(metric, {})
components.figure_with_stories(
    chart=chart,
    table=table,
    stories=stories,
    catalog=catalog,
    viewer=viewer,
    key="overzicht_verloop",
    file_name=f"{metric}_{f.theme}",
    units=units,
    current=queries.current_values(con, viewer, stories),
    names=names,
    add_story={"metric_key": metric, "period": latest.get("period"), "team": scope_team},
    caption=caption,
    about=info,
    chart_scope=chart_scope,
    default_story=stories["story_id"][0] if stories.height else None,
)

peer_section(con, f.theme, viewer)  # the comparison with similar municipalities, with its table
