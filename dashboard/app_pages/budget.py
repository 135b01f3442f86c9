"""Raad en college — Budget: begroting against realisatie per budget group and Iv3 taakveld,
year to date, with a straight-line forecast for the year and the expected over- or
underspend; the stories that explain a deviation beside its course."""

import polars as pl
import streamlit as st

import queries
from dashboard import components, tables
from dashboard import story_components as sc
from dashboard.filters import bound_select
from dashboard.session import page_context
from kernel.format import format_period, format_value, texts
from kernel.inert import literal
from presentation import charts, labels

ctx = page_context()
con, viewer, f = ctx.con, ctx.viewer, ctx.filters
catalog = queries.catalog_by_key(con)

st.title(labels.TITLE_BUDGET, anchor=False)
found = queries.budget_quarter_for(con, f.period)
if found is None:
    components.empty_state(labels.BUDGET_EMPTY)
    st.stop()
year, quarter = found
period_label = format_period(f"{year}-K{quarter}")
st.caption(labels.BUDGET_INTRO.format(quarter=period_label, period=format_period(f.period)))

# 1. The whole social domain, per budget group.
st.subheader(labels.BUDGET_PER_GROUP.format(year=year), anchor=False)
groups = queries.budget_by_group(con, year, quarter)
chart = charts.budget_groups_chart(groups, title=labels.BUDGET_GROUPS_CHART.format(year=year, quarter=period_label))
group_table = groups.select(
    pl.col("budget_group").alias(labels.BUDGET_GROUP),
    pl.col("primitive_budget_eur").alias(labels.BUDGET_PRIMITIVE),
    pl.col("amended_budget_eur").alias(labels.BUDGET_AMENDED),
    pl.col("realisation_ytd_eur").alias(labels.BUDGET_REALISATION.format(quarter=quarter)),
    pl.col("forecast_year_eur").alias(labels.BUDGET_FORECAST),
    pl.col("forecast_deviation_eur").alias(labels.BUDGET_DEVIATION),
    pl.col("forecast_deviation_pct").alias(labels.BUDGET_DEVIATION_PCT),
)
euro_columns = [
    labels.BUDGET_PRIMITIVE,
    labels.BUDGET_AMENDED,
    labels.BUDGET_REALISATION.format(quarter=quarter),
    labels.BUDGET_FORECAST,
    labels.BUDGET_DEVIATION,
]
components.chart_block(
    chart,
    group_table,
    key="budget_groepen",
    file_name=f"budget_groepen_{year}K{quarter}",
    viewer=viewer,
    units={c: "euro" for c in euro_columns} | {labels.BUDGET_DEVIATION_PCT: "procent"},
    caption=labels.BUDGET_GROUPS_CAPTION,
)

# 2. The theme's taakvelden.
st.subheader(labels.BUDGET_TAAKVELDEN.format(theme=ctx.theme_name), anchor=False)
lines = queries.budget_by_taakveld(con, year, quarter, f.theme)
if lines.is_empty():
    components.empty_state(literal(labels.BUDGET_NO_TAAKVELDEN.format(theme=ctx.theme_name)))
    st.stop()
line_view = lines.select(
    pl.col("taakveld_code").alias(labels.BUDGET_TAAKVELD),
    pl.col("taakveld_name").alias(labels.BUDGET_NAME),
    pl.col("amended_budget_eur").alias(labels.BUDGET_AMENDED),
    pl.col("realisation_ytd_eur").alias(labels.BUDGET_REALISATION.format(quarter=quarter)),
    pl.col("exhaustion_pct").alias(labels.BUDGET_EXHAUSTION),
    pl.col("forecast_year_eur").alias(labels.BUDGET_FORECAST),
    texts(
        lines.select(pl.struct("forecast_deviation_eur", "forecast_deviation_pct")).to_series(),
        lambda r: (
            f"{format_value(r['forecast_deviation_eur'], 'euro', signed=True)} "
            f"({format_value(r['forecast_deviation_pct'], 'procent', signed=True)}) "
            f"{labels.BUDGET_ADVERSE if r['forecast_deviation_eur'] > 0 else labels.BUDGET_FAVOURABLE}"
        ),
    ).alias(labels.BUDGET_DEVIATION),
)
line_table = lines.select(
    pl.col("taakveld_code").alias(labels.BUDGET_TAAKVELD),
    pl.col("taakveld_name").alias(labels.BUDGET_NAME),
    pl.col("budget_group").alias(labels.BUDGET_GROUP),
    pl.col("amended_budget_eur").alias(labels.BUDGET_AMENDED),
    pl.col("realisation_ytd_eur").alias(labels.BUDGET_REALISATION.format(quarter=quarter)),
    pl.col("exhaustion_pct").alias(labels.BUDGET_EXHAUSTION),
    pl.col("forecast_year_eur").alias(labels.BUDGET_FORECAST),
    pl.col("forecast_deviation_eur").alias(labels.BUDGET_DEVIATION),
    pl.col("forecast_deviation_pct").alias(labels.BUDGET_DEVIATION_PCT),
    pl.when(pl.col("forecast_deviation_eur") > 0)
    .then(pl.lit(labels.BUDGET_ADVERSE))
    .otherwise(pl.lit(labels.BUDGET_FAVOURABLE))
    .alias(labels.BUDGET_DIRECTION),
)
tables.show(
    components.display_table(
        line_view,
        {
            labels.BUDGET_AMENDED: "euro",
            labels.BUDGET_REALISATION.format(quarter=quarter): "euro",
            labels.BUDGET_EXHAUSTION: "procent",
            labels.BUDGET_FORECAST: "euro",
        },
    ),
)
st.caption(labels.BUDGET_DIRECTION_NOTE)
components.download_csv(
    line_table, file_name=f"budget_{f.theme}_{year}K{quarter}", key="budget_taakvelden_csv", viewer=viewer
)

# 3. One taakveld (or the whole theme) through the year and over the years, with its stories.
taakvelden = queries.taakvelden(con, f.theme)
series = taakvelden.filter(
    pl.col("valid_to_year").is_not_null() & pl.col("taakveld_code").is_in(taakvelden["series_code"].to_list())
)
choices = {"": labels.BUDGET_WHOLE_THEME.format(theme=ctx.theme_name)}
choices |= {
    r["taakveld_code"]: labels.BUDGET_SERIES.format(code=r["taakveld_code"], name=r["name"])
    for r in series.iter_rows(named=True)
}
choices |= {
    r["taakveld_code"]: labels.BUDGET_TAAKVELD_CHOICE.format(code=r["taakveld_code"], name=r["name"])
    for r in lines.select("taakveld_code", pl.col("taakveld_name").alias("name")).iter_rows(named=True)
}
chosen = (
    bound_select(st, labels.BUDGET_TAAKVELD, choices, param="taakveld", default="", what=labels.WHAT_TAAKVELD) or None
)
scope_name = choices[chosen or ""]

progress = queries.budget_year_progress(con, year, f.theme, chosen)
summary = None
if not progress.is_empty():
    last = progress.tail(1).row(0, named=True)
    summary = labels.BUDGET_SUMMARY.format(
        amended=format_value(last["amended_budget_eur"], "euro"),
        quarter=last["quarter"],
        realisation=format_value(last["realisation_ytd_eur"], "euro"),
        forecast=format_value(last["forecast_year_eur"], "euro"),
        deviation=format_value(last["forecast_deviation_eur"], "euro", signed=True),
    )
progress_table = progress.select(
    pl.format(labels.BUDGET_QUARTER_SHORT, pl.col("quarter")).alias(labels.BUDGET_QUARTER),
    pl.col("amended_budget_eur").alias(labels.BUDGET_AMENDED),
    pl.col("realisation_ytd_eur").alias(labels.BUDGET_REALISATION_QUARTER),
    pl.col("forecast_year_eur").alias(labels.BUDGET_FORECAST),
    pl.col("forecast_deviation_eur").alias(labels.BUDGET_DEVIATION),
)
components.chart_block(
    charts.budget_progress_chart(progress, title=labels.BUDGET_PROGRESS_CHART.format(scope=scope_name, year=year)),
    progress_table,
    key="budget_besteding",
    file_name=f"besteding_{f.theme}_{chosen or 'thema'}_{year}",
    viewer=viewer,
    units={c: "euro" for c in progress_table.columns[1:]},
    caption=summary,
)

metric = "budget_forecast_deviation"
info = catalog[metric]
trend = queries.metric_trend(con, viewer, metric, f.theme, taakveld=chosen, start=f.start, end=f.end)
stories = queries.visible_stories(
    viewer,
    figures_con=con,
    theme=f.theme,
    metrics=list(queries.BUDGET_METRICS),
    taakvelden=queries.series_taakvelden(con, chosen),
    start=f.start,
    end=f.end,
    chart=True,
)
names = queries.scope_names(con)
chart_scope = (
    sc.scope_text(taakveld=chosen, names=names, theme_name=ctx.theme_name),
    queries.chart_values_for_stories(con, viewer, stories, metric_key=metric, theme=f.theme, taakveld=chosen),
)
chart = charts.trend_chart(
    charts.prepare_values(trend, info["unit"], grain="quarter"),
    unit=info["unit"],
    title=f"{info['name']}, {chosen or ctx.theme_name.lower()}",
    grain="quarter",
    stories=charts.prepare_stories(sc.with_value_texts(stories, catalog=catalog, names=names, chart_scope=chart_scope)),
    reference=0.0,
    reference_label=labels.OVERVIEW_BUDGET_REFERENCE,
)
table = trend.select(
    texts(trend["period"], format_period).alias(labels.BUDGET_QUARTER),
    pl.col("value").alias(info["name"]),
    pl.col("status").alias(labels.BUDGET_STATUS),
)
components.figure_with_stories(
    chart=chart,
    table=table,
    stories=stories,
    catalog=catalog,
    viewer=viewer,
    key="budget_verloop",
    file_name=f"{metric}_{f.theme}_{chosen or 'thema'}",
    units={info["name"]: info["unit"]},
    current=queries.current_values(con, viewer, stories),
    names=names,
    chart_scope=chart_scope,
    add_story={"metric_key": metric, "period": f"{year}-K{quarter}", "taakveld": chosen},
    about=info,
    caption=labels.BUDGET_TREND_CAPTION,
)
