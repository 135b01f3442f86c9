"""Raad en college — Besluiten: requests, grant rate, processing time against the legal term
(its spread, not only the middle), share on time, objections and the share upheld, and per
team the share of decisions that depart from policy, so tailoring is visible and checkable."""

import polars as pl
import streamlit as st

import queries
from dashboard import components, tables
from dashboard import story_components as sc
from dashboard.filters import bound_select
from dashboard.session import page_context
from kernel.format import format_number, format_period, format_value, texts
from kernel.inert import literal
from presentation import charts, labels

WINDOW_MONTHS = 12

ctx = page_context()
con, viewer, f = ctx.con, ctx.viewer, ctx.filters
catalog = queries.catalog_by_key(con)
threshold = queries.threshold()
window_start = queries.months_back(f.period, WINDOW_MONTHS)
window_label = labels.DECISIONS_WINDOW.format(
    start=format_period(window_start.strftime("%Y-%m")), end=format_period(f.period)
)

st.title(labels.TITLE_DECISIONS, anchor=False)
team_text = labels.OVERVIEW_TEAM.format(team=ctx.options.teams[f.team][0]) if f.team else ""  # from teams.csv
st.caption(
    literal(
        labels.DECISIONS_CONTEXT.format(theme=ctx.theme_name, team=team_text, months=WINDOW_MONTHS, window=window_label)
    )
)

summary = queries.decision_summary_by_team(con, viewer, f.theme, window_start, f.end)
scope = summary.filter(pl.col("team_code") == f.team) if f.team else summary.filter(pl.col("team_code").is_null())
if summary.is_empty() or scope.is_empty():
    components.empty_state(labels.DECISIONS_EMPTY)
    st.stop()
row = scope.row(0, named=True)


def tile(column, label: str, value: str, help_text: str) -> None:
    with column:  # names and definitions may come from definities.csv; labels are markdown
        st.metric(literal(label), value, help=literal(help_text), border=True)


hidden = "—"
columns = st.columns(3) + st.columns(3)
tile(
    columns[0],
    labels.DECISIONS_REQUESTS,
    format_number(row["n_requests"]) if row["n_requests"] is not None else hidden,
    labels.DECISIONS_REQUESTS_HELP,
)
for column, key in zip(
    columns[1:], ("grant_rate", "on_time_share", "objection_rate", "objection_upheld_share", "maatwerk_share")
):
    value = row[key]
    tile(
        column,
        catalog[key]["name"],
        format_value(value, "procent") if value is not None else hidden,
        catalog[key]["definition"],
    )
if viewer.is_council and any(row[k] is None for k in ("n_requests", "grant_rate", "objection_upheld_share")):
    st.caption(labels.SUPPRESSED_SHORT.format(threshold=threshold) + labels.DECISIONS_HIDDEN_MARK)

# Processing time as a spread against the legal term.
st.subheader(labels.DECISIONS_PROCESSING, anchor=False)
distribution = queries.processing_time_distribution(con, viewer, f.theme, f.start, f.end, team=f.team)
dist_table = distribution.select(
    pl.col(column).alias(name) for column, name in labels.DECISIONS_DISTRIBUTION_COLUMNS.items()
)
components.chart_block(
    charts.processing_time_chart(distribution, title=labels.DECISIONS_PROCESSING_CHART),
    dist_table,
    key="besluiten_doorlooptijd",
    file_name=f"doorlooptijd_{f.theme}",
    viewer=viewer,
    units={labels.DECISIONS_DISTRIBUTION_COLUMNS["on_time_pct"]: "procent"},
    caption=labels.DECISIONS_PROCESSING_CAPTION,
)
histogram = queries.processing_time_histogram(con, viewer, f.theme, window_start, f.end, team=f.team)
if not histogram.is_empty():
    term = distribution["term_days"].max()
    components.chart_block(
        charts.histogram_chart(
            histogram, title=labels.DECISIONS_HISTOGRAM_CHART.format(window=window_label), term_days=term
        ),
        histogram.select(pl.col(column).alias(name) for column, name in labels.DECISIONS_HISTOGRAM_COLUMNS.items()),
        key="besluiten_verdeling",
        file_name=f"verdeling_doorlooptijd_{f.theme}",
        viewer=viewer,
        units={labels.DECISIONS_HISTOGRAM_COLUMNS["share_pct"]: "procent"},
        caption=labels.DECISIONS_HISTOGRAM_CAPTION,
    )

# One decision figure over time, with the stories that explain it.
st.subheader(labels.DECISIONS_TREND, anchor=False)
choices = {m: catalog[m]["name"] for m in queries.DECISION_METRICS}
metric = bound_select(
    st, labels.CHOOSE_FIGURE, choices, param=components.FIGURE_PARAM, default="on_time_share", what=labels.WHAT_FIGURE
)
info = catalog[metric]
trend = queries.metric_trend(con, viewer, metric, f.theme, team=f.team, start=f.start, end=f.end)
stories = queries.visible_stories(
    viewer, figures_con=con, theme=f.theme, metrics=[metric], team=f.team, start=f.start, end=f.end, chart=True
)
reference = float(distribution["term_days"].max()) if metric == "processing_time" and distribution.height else None
names = queries.scope_names(con)
chart_scope = (
    sc.scope_text(team=f.team, names=names, theme_name=ctx.theme_name),
    queries.chart_values_for_stories(con, viewer, stories, metric_key=metric, theme=f.theme, team=f.team),
)
chart = charts.trend_chart(
    charts.prepare_values(trend, info["unit"]),
    unit=info["unit"],
    title=info["name"],
    stories=charts.prepare_stories(sc.with_value_texts(stories, catalog=catalog, names=names, chart_scope=chart_scope)),
    reference=reference,
    reference_label=labels.DECISIONS_TERM if reference else None,
)
table = trend.select(
    texts(trend["period"], format_period).alias(labels.DECISIONS_TREND_COLUMNS["period"]),
    pl.col("value").alias(info["name"]),
    pl.col("status").alias(labels.DECISIONS_TREND_COLUMNS["status"]),
    *([] if viewer.is_council else [pl.col("n_basis").alias(labels.DECISIONS_TREND_COLUMNS["n_basis"])]),
)
hidden_periods = trend.filter(pl.col("suppressed")).height
components.figure_with_stories(
    chart=chart,
    table=table,
    stories=stories,
    catalog=catalog,
    viewer=viewer,
    key="besluiten_verloop",
    file_name=f"{metric}_{f.theme}",
    units={info["name"]: info["unit"]},
    current=queries.current_values(con, viewer, stories),
    names=names,
    chart_scope=chart_scope,
    add_story={"metric_key": metric, "period": f.period, "team": f.team},
    caption=(labels.DECISIONS_HIDDEN.format(hidden=hidden_periods, threshold=threshold) if hidden_periods else None),
    about=info,
)

# Tailoring per team: visible and checkable.
st.subheader(labels.DECISIONS_TAILORING, anchor=False)
st.caption(labels.DECISIONS_TAILORING_INTRO)
theme_share = summary.filter(pl.col("team_code").is_null())["maatwerk_share"].item()
components.chart_block(
    charts.team_bar_chart(
        summary,
        value_col="maatwerk_share",
        unit="procent",
        title=labels.DECISIONS_TAILORING_CHART.format(window=window_label),
        reference=theme_share,
        reference_label=labels.DECISIONS_THEME_SHARE.format(
            theme=ctx.theme_name, share=format_value(theme_share, "procent")
        ),
    ),
    summary.with_columns(pl.col("team_code").fill_null(labels.DECISIONS_ALL_TEAMS))
    .select(list(labels.DECISIONS_TEAM_COLUMNS))
    .rename(labels.DECISIONS_TEAM_COLUMNS),
    key="besluiten_maatwerk",
    file_name=f"besluiten_per_team_{f.theme}",
    viewer=viewer,
    units={
        labels.DECISIONS_TEAM_COLUMNS[c]: "procent"
        for c in ("grant_rate", "on_time_share", "objection_rate", "objection_upheld_share", "maatwerk_share")
    },
    caption=labels.DECISIONS_TAILORING_CAPTION,
)
reasons = queries.maatwerk_reasons(con, viewer, f.theme, window_start, f.end)
if not reasons.is_empty():
    with st.expander(labels.DECISIONS_REASONS):
        table = (
            reasons.with_columns(pl.col("departure_reason").str.replace_all("_", " "))
            .select(list(labels.DECISIONS_REASON_COLUMNS))
            .rename(labels.DECISIONS_REASON_COLUMNS)
        )
        tables.show(components.display_table(table))
        if viewer.is_council:
            st.caption(labels.SUPPRESSED_SHORT.format(threshold=threshold) + labels.DECISIONS_HIDDEN_MARK)
