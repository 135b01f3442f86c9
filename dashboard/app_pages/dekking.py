"""Management — Cijfers zonder verhaal: which figures of my teams have no recent story, so a
manager knows where the practice behind a number is still untold."""

import polars as pl
import streamlit as st

import queries
from dashboard import components
from dashboard.filters import bound_select
from dashboard.session import page_context
from kernel.format import format_period
from kernel.inert import literal
from presentation import labels

ctx = page_context()
con, viewer, f = ctx.con, ctx.viewer, ctx.filters

st.title(labels.TITLE_COVERAGE, anchor=False)
windows = {"3": "3 maanden", "6": "6 maanden", "12": "12 maanden"}
months = int(
    bound_select(
        st.columns([1, 3])[0], "Recent is: de laatste", windows, param="maanden", default="6", what="aantal maanden"
    )
)
start = queries.months_back(f.period, months)
mine = viewer.teams and viewer.role in ("manager", "professional")
st.caption(
    ("De cijfers van uw teams" if mine else f"De cijfers van de teams in {ctx.theme_name}")
    + f": verhalen over {format_period(start.strftime('%Y-%m'))} t/m {format_period(f.period)}. "
    "Een cijfer zonder verhaal kan in orde zijn; het kan ook betekenen dat niemand het heeft uitgelegd."
)

coverage = queries.story_coverage(con, viewer, f.period, months=months, theme=None if mine else f.theme)
if f.team:
    coverage = coverage.filter(pl.col("team_code").is_null() | (pl.col("team_code") == f.team))
if coverage.is_empty():
    components.empty_state("Geen cijfers om te tonen.")
    st.stop()

uncovered = coverage.filter(pl.col("uncovered"))
left, middle, right = st.columns(3)
left.metric("Cijfers", coverage.height, border=True)
middle.metric("Zonder recent verhaal", uncovered.height, border=True)
right.metric("Met een verhaal in behandeling", coverage.filter(pl.col("in_progress") > 0).height, border=True)

over = queries.teams_over_norm(con, viewer, f.period)
over_teams = over.filter(pl.col("is_over_norm"))["team_code"].to_list()
urgent = uncovered.filter((pl.col("metric_key") == "caseload_per_fte") & pl.col("team_code").is_in(over_teams))
if not urgent.is_empty():
    st.warning(
        "Boven de norm en geen recent verhaal over de caseload: "
        + literal(", ".join(urgent["team_code"].to_list()))
        + ".",
        icon=":material/warning:",
    )

table = coverage.select(
    pl.col("name").alias("Cijfer"),
    pl.col("theme_code").replace_strict(ctx.options.themes, default=None).alias("Thema"),
    pl.col("team_code").fill_null("heel thema").alias("Team"),
    pl.col("published").alias("Gepubliceerd"),
    pl.col("in_progress").alias("In behandeling"),
    pl.col("last_period")
    .map_elements(format_period, return_dtype=pl.String, skip_nulls=False)
    .alias("Laatste verhaal over"),
    pl.when(pl.col("uncovered")).then(pl.lit("Geen recent verhaal")).otherwise(pl.lit("")).alias("Signaal"),
)
st.dataframe(components.display_table(table), hide_index=True, width="stretch")
components.download_csv(table, file_name=f"verhaaldekking_{f.period}", key="dekking_csv", viewer=viewer)

if not viewer.is_council and not uncovered.is_empty():
    st.subheader("Een verhaal toevoegen", anchor=False)
    st.caption("Bij de eerste cijfers zonder recent verhaal:")
    for row in uncovered.head(6).iter_rows(named=True):
        period = f.period if row["metric_key"] not in queries.BUDGET_METRICS else queries.quarter_of(f.period)
        scope = f" · {row['team_code']}" if row["team_code"] else f" · {ctx.options.themes[row['theme_code']]}"
        components.add_story_link(row["metric_key"], period, team=row["team_code"], label=f"{row['name']}{scope}")
