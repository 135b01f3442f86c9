"""Management — Cijfers zonder verhaal: which figures of my teams have no recent story, so a
manager knows where the practice behind a number is still untold."""

import polars as pl
import streamlit as st

import queries
from dashboard import components, tables
from dashboard.filters import bound_select
from dashboard.session import page_context
from kernel.format import format_period, texts
from kernel.inert import literal
from presentation import labels

ctx = page_context()
con, viewer, f = ctx.con, ctx.viewer, ctx.filters

st.title(labels.TITLE_COVERAGE, anchor=False)
months = int(
    bound_select(
        st.columns([1, 3])[0],
        labels.COVERAGE_WINDOW,
        labels.COVERAGE_WINDOWS,
        param="maanden",
        default="6",
        what=labels.WHAT_MONTHS,
    )
)
start = queries.months_back(f.period, months)
mine = viewer.teams and viewer.role in ("manager", "professional")
st.caption(
    labels.COVERAGE_INTRO.format(
        whose=labels.COVERAGE_INTRO_MINE if mine else labels.COVERAGE_INTRO_THEME.format(theme=ctx.theme_name),
        start=format_period(start.strftime("%Y-%m")),
        end=format_period(f.period),
    )
)

coverage = queries.story_coverage(con, viewer, f.period, months=months, theme=None if mine else f.theme)
if f.team:
    coverage = coverage.filter(pl.col("team_code").is_null() | (pl.col("team_code") == f.team))
if coverage.is_empty():
    components.empty_state(labels.COVERAGE_EMPTY)
    st.stop()

uncovered = coverage.filter(pl.col("uncovered"))
left, middle, right = st.columns(3)
left.metric(labels.COVERAGE_FIGURES, coverage.height, border=True)
middle.metric(labels.COVERAGE_UNCOVERED, uncovered.height, border=True)
right.metric(labels.COVERAGE_IN_PROGRESS, coverage.filter(pl.col("in_progress") > 0).height, border=True)

over = queries.teams_over_norm(con, viewer, f.period)
over_teams = over.filter(pl.col("is_over_norm"))["team_code"].to_list()
urgent = uncovered.filter((pl.col("metric_key") == "caseload_per_fte") & pl.col("team_code").is_in(over_teams))
if not urgent.is_empty():
    st.warning(
        labels.COVERAGE_URGENT.format(teams=literal(", ".join(urgent["team_code"].to_list()))),
        icon=":material/warning:",
    )

table = coverage.select(
    pl.col("name").alias(labels.COVERAGE_COLUMNS["name"]),
    pl.col("theme_code").replace_strict(ctx.options.themes, default=None).alias(labels.COVERAGE_COLUMNS["theme_code"]),
    pl.col("team_code").fill_null(labels.COVERAGE_WHOLE_THEME).alias(labels.COVERAGE_COLUMNS["team_code"]),
    pl.col("published").alias(labels.COVERAGE_COLUMNS["published"]),
    pl.col("in_progress").alias(labels.COVERAGE_COLUMNS["in_progress"]),
    texts(coverage["last_period"], format_period, skip_nulls=False).alias(labels.COVERAGE_COLUMNS["last_period"]),
    pl.when(pl.col("uncovered"))
    .then(pl.lit(labels.COVERAGE_NO_RECENT))
    .otherwise(pl.lit(""))
    .alias(labels.COVERAGE_COLUMNS["uncovered"]),
)
tables.show(components.display_table(table))
components.download_csv(table, file_name=f"verhaaldekking_{f.period}", key="dekking_csv", viewer=viewer)

if not viewer.is_council and not uncovered.is_empty():
    st.subheader(labels.COVERAGE_ADD, anchor=False)
    st.caption(labels.COVERAGE_ADD_FIRST)
    for row in uncovered.head(6).iter_rows(named=True):
        period = f.period if row["metric_key"] not in queries.BUDGET_METRICS else queries.quarter_of(f.period)
        scope = f" · {row['team_code']}" if row["team_code"] else f" · {ctx.options.themes[row['theme_code']]}"
        components.add_story_link(row["metric_key"], period, team=row["team_code"], label=f"{row['name']}{scope}")
