"""Raad en college — Budget: begroting against realisatie per budget group and Iv3 taakveld,
year to date, with a straight-line forecast for the year and the expected over- or
underspend; the stories that explain a deviation beside its course."""

import polars as pl
import streamlit as st

import queries
from dashboard import components
from dashboard import story_components as sc
from dashboard.filters import bound_select
from dashboard.session import page_context
from kernel.format import format_period, format_value
from kernel.inert import literal
from presentation import charts, labels

ctx = page_context()
con, viewer, f = ctx.con, ctx.viewer, ctx.filters
catalog = queries.catalog_by_key(con)

st.title(labels.TITLE_BUDGET, anchor=False)
found = queries.budget_quarter_for(con, f.period)
if found is None:
    components.empty_state("Er zijn nog geen begrotingscijfers tot en met deze maand.")
    st.stop()
year, quarter = found
period_label = format_period(f"{year}-K{quarter}")
st.caption(
    f"Lasten, stand {period_label} (het laatste kwartaal tot en met {format_period(f.period)}). "
    "Prognose: de realisatie tot en met het kwartaal, lineair doorgetrokken naar het hele jaar."
)

# 1. The whole social domain, per budget group.
st.subheader(f"Per groep, {year}", anchor=False)
groups = queries.budget_by_group(con, year, quarter)
chart = charts.budget_groups_chart(groups, title=f"Verwachte over- of onderbesteding {year} (stand {period_label})")
group_table = groups.select(
    pl.col("budget_group").alias("Groep"),
    pl.col("primitive_budget_eur").alias("Primitieve begroting"),
    pl.col("amended_budget_eur").alias("Gewijzigde begroting"),
    pl.col("realisation_ytd_eur").alias(f"Realisatie t/m K{quarter}"),
    pl.col("forecast_year_eur").alias("Prognose jaar"),
    pl.col("forecast_deviation_eur").alias("Verwachte afwijking"),
    pl.col("forecast_deviation_pct").alias("Afwijking (%)"),
)
euro_columns = [
    "Primitieve begroting",
    "Gewijzigde begroting",
    f"Realisatie t/m K{quarter}",
    "Prognose jaar",
    "Verwachte afwijking",
]
components.chart_block(
    chart,
    group_table,
    key="budget_groepen",
    file_name=f"budget_groepen_{year}K{quarter}",
    viewer=viewer,
    units={c: "euro" for c in euro_columns} | {"Afwijking (%)": "procent"},
    caption="Oranje: verwachte overschrijding (nadelig). Blauw: verwachte onderbesteding (voordelig).",
)

# 2. The theme's taakvelden.
st.subheader(f"Taakvelden van {ctx.theme_name}", anchor=False)
lines = queries.budget_by_taakveld(con, year, quarter, f.theme)
if lines.is_empty():
    components.empty_state(literal(f"Voor {ctx.theme_name} zijn geen taakvelden in de begroting gevonden."))
    st.stop()
line_view = lines.select(
    pl.col("taakveld_code").alias("Taakveld"),
    pl.col("taakveld_name").alias("Naam"),
    pl.col("amended_budget_eur").alias("Gewijzigde begroting"),
    pl.col("realisation_ytd_eur").alias(f"Realisatie t/m K{quarter}"),
    pl.col("exhaustion_pct").alias("Uitputting"),
    pl.col("forecast_year_eur").alias("Prognose jaar"),
    pl.struct("forecast_deviation_eur", "forecast_deviation_pct")
    .map_elements(
        lambda r: (
            f"{format_value(r['forecast_deviation_eur'], 'euro', signed=True)} "
            f"({format_value(r['forecast_deviation_pct'], 'procent', signed=True)}) "
            f"{'N' if r['forecast_deviation_eur'] > 0 else 'V'}"
        ),
        return_dtype=pl.String,
    )
    .alias("Verwachte afwijking"),
)
line_table = lines.select(
    pl.col("taakveld_code").alias("Taakveld"),
    pl.col("taakveld_name").alias("Naam"),
    pl.col("budget_group").alias("Groep"),
    pl.col("amended_budget_eur").alias("Gewijzigde begroting"),
    pl.col("realisation_ytd_eur").alias(f"Realisatie t/m K{quarter}"),
    pl.col("exhaustion_pct").alias("Uitputting"),
    pl.col("forecast_year_eur").alias("Prognose jaar"),
    pl.col("forecast_deviation_eur").alias("Verwachte afwijking"),
    pl.col("forecast_deviation_pct").alias("Afwijking (%)"),
    pl.when(pl.col("forecast_deviation_eur") > 0).then(pl.lit("N")).otherwise(pl.lit("V")).alias("V/N"),
)
st.dataframe(
    components.display_table(
        line_view,
        {
            "Gewijzigde begroting": "euro",
            f"Realisatie t/m K{quarter}": "euro",
            "Uitputting": "procent",
            "Prognose jaar": "euro",
        },
    ),
    hide_index=True,
    width="stretch",
)
st.caption("V = voordelig (minder uitgegeven dan begroot), N = nadelig (overschrijding).")
components.download_csv(
    line_table, file_name=f"budget_{f.theme}_{year}K{quarter}", key="budget_taakvelden_csv", viewer=viewer
)

# 3. One taakveld (or the whole theme) through the year and over the years, with its stories.
taakvelden = queries.taakvelden(con, f.theme)
series = taakvelden.filter(
    pl.col("valid_to_year").is_not_null() & pl.col("taakveld_code").is_in(taakvelden["series_code"].to_list())
)
choices = {"": f"Heel {ctx.theme_name}"}
choices |= {
    r["taakveld_code"]: f"{r['taakveld_code']} {r['name']} (doorlopende reeks)" for r in series.iter_rows(named=True)
}
choices |= {
    r["taakveld_code"]: f"{r['taakveld_code']} {r['name']}"
    for r in lines.select("taakveld_code", pl.col("taakveld_name").alias("name")).iter_rows(named=True)
}
chosen = bound_select(st, "Taakveld", choices, param="taakveld", default="", what="taakveld") or None
scope_name = choices[chosen or ""]

progress = queries.budget_year_progress(con, year, f.theme, chosen)
summary = None
if not progress.is_empty():
    last = progress.tail(1).row(0, named=True)
    summary = (
        f"Gewijzigde begroting {format_value(last['amended_budget_eur'], 'euro')} · realisatie t/m "
        f"K{last['quarter']} {format_value(last['realisation_ytd_eur'], 'euro')} · prognose "
        f"{format_value(last['forecast_year_eur'], 'euro')} · verwachte afwijking "
        f"{format_value(last['forecast_deviation_eur'], 'euro', signed=True)}"
    )
progress_table = progress.select(
    pl.format("K{}", pl.col("quarter")).alias("Kwartaal"),
    pl.col("amended_budget_eur").alias("Gewijzigde begroting"),
    pl.col("realisation_ytd_eur").alias("Realisatie t/m kwartaal"),
    pl.col("forecast_year_eur").alias("Prognose jaar"),
    pl.col("forecast_deviation_eur").alias("Verwachte afwijking"),
)
components.chart_block(
    charts.budget_progress_chart(progress, title=f"{scope_name}: besteding {year}"),
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
    reference_label="Precies volgens de gewijzigde begroting",
)
table = trend.select(
    pl.col("period").map_elements(format_period, return_dtype=pl.String).alias("Kwartaal"),
    pl.col("value").alias(info["name"]),
    pl.col("status").alias("Status"),
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
    caption="Boven de nullijn: verwachte overschrijding; eronder: verwachte onderbesteding.",
)
