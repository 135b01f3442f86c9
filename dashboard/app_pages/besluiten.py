"""Raad en college — Besluiten: requests, grant rate, processing time against the legal term
(its spread, not only the middle), share on time, objections and the share upheld, and per
team the share of decisions that depart from policy, so tailoring is visible and checkable."""

import polars as pl
import streamlit as st

import queries
from dashboard import components
from dashboard import story_components as sc
from dashboard.filters import bound_select
from dashboard.session import page_context
from kernel.format import format_number, format_period, format_value
from kernel.inert import literal
from presentation import charts, labels

WINDOW_MONTHS = 12

ctx = page_context()
con, viewer, f = ctx.con, ctx.viewer, ctx.filters
catalog = queries.catalog_by_key(con)
threshold = queries.threshold()
window_start = queries.months_back(f.period, WINDOW_MONTHS)
window_label = f"{format_period(window_start.strftime('%Y-%m'))} t/m {format_period(f.period)}"

st.title(labels.TITLE_DECISIONS, anchor=False)
team_text = f" · team {ctx.options.teams[f.team][0]}" if f.team else ""  # a name from teams.csv
st.caption(literal(f"{ctx.theme_name}{team_text} · de {WINDOW_MONTHS} maanden {window_label}"))

summary = queries.decision_summary_by_team(con, viewer, f.theme, window_start, f.end)
scope = summary.filter(pl.col("team_code") == f.team) if f.team else summary.filter(pl.col("team_code").is_null())
if summary.is_empty() or scope.is_empty():
    components.empty_state("Geen besluiten in deze periode.")
    st.stop()
row = scope.row(0, named=True)


def tile(column, label: str, value: str, help_text: str) -> None:
    with column:  # names and definitions may come from definities.csv; labels are markdown
        st.metric(literal(label), value, help=literal(help_text), border=True)


hidden = "—"
columns = st.columns(3) + st.columns(3)
tile(
    columns[0],
    "Besluiten op een aanvraag",
    format_number(row["n_requests"]) if row["n_requests"] is not None else hidden,
    "Toekenningen, afwijzingen en buiten behandeling gestelde aanvragen.",
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
    st.caption(labels.SUPPRESSED_SHORT.format(threshold=threshold) + " (—).")

# Processing time as a spread against the legal term.
st.subheader("Doorlooptijd tegen de wettelijke termijn", anchor=False)
distribution = queries.processing_time_distribution(con, viewer, f.theme, f.start, f.end, team=f.team)
dist_table = distribution.select(
    pl.col("month").alias("Maand"),
    pl.col("n_requests").alias("Aanvragen"),
    pl.col("p10").alias("10% binnen (dagen)"),
    pl.col("p25").alias("25% binnen (dagen)"),
    pl.col("median").alias("Mediaan (dagen)"),
    pl.col("p75").alias("75% binnen (dagen)"),
    pl.col("p90").alias("90% binnen (dagen)"),
    pl.col("term_days").alias("Termijn (dagen)"),
    pl.col("on_time_pct").alias("Tijdig (%)"),
)
components.chart_block(
    charts.processing_time_chart(distribution, title="Dagen tussen aanvraag en besluit, per maand"),
    dist_table,
    key="besluiten_doorlooptijd",
    file_name=f"doorlooptijd_{f.theme}",
    viewer=viewer,
    units={"Tijdig (%)": "procent"},
    caption="Donker vlak: de middelste helft van de aanvragen (25–75%); licht vlak: 10–90%; lijn: mediaan. "
    "De stippellijn is de wettelijke termijn.",
)
histogram = queries.processing_time_histogram(con, viewer, f.theme, window_start, f.end, team=f.team)
if not histogram.is_empty():
    term = distribution["term_days"].max()
    components.chart_block(
        charts.histogram_chart(histogram, title=f"Verdeling van de doorlooptijd, {window_label}", term_days=term),
        histogram.select(
            pl.col("days_from").alias("Beslist na (dagen, vanaf)"),
            pl.col("n_requests").alias("Aanvragen"),
            pl.col("share_pct").alias("Aandeel"),
        ),
        key="besluiten_verdeling",
        file_name=f"verdeling_doorlooptijd_{f.theme}",
        viewer=viewer,
        units={"Aandeel": "procent"},
        caption="Elke staaf is een week. Niet in de weergave voor de raad: kleine aantallen per week.",
    )

# One decision figure over time, with the stories that explain it.
st.subheader("Verloop en verhalen", anchor=False)
choices = {m: catalog[m]["name"] for m in queries.DECISION_METRICS}
metric = bound_select(
    st, labels.CHOOSE_FIGURE, choices, param=components.FIGURE_PARAM, default="on_time_share", what="cijfer"
)
info = catalog[metric]
trend = queries.metric_trend(con, viewer, metric, f.theme, team=f.team, start=f.start, end=f.end)
stories = queries.visible_stories(
    viewer, figures_con=con, theme=f.theme, metrics=[metric], team=f.team, start=f.start, end=f.end
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
    reference_label="Wettelijke termijn" if reference else None,
)
table = trend.select(
    pl.col("period").map_elements(format_period, return_dtype=pl.String).alias("Maand"),
    pl.col("value").alias(info["name"]),
    pl.col("status").alias("Status"),
    *([] if viewer.is_council else [pl.col("n_basis").alias("Aantal waarover berekend")]),
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
    caption=(f"{hidden_periods} maand(en) niet getoond: minder dan {threshold} besluiten." if hidden_periods else None),
    about=info,
)

# Tailoring per team: visible and checkable.
st.subheader("Maatwerk per team", anchor=False)
st.caption(
    "Het aandeel besluiten dat met een motivering afwijkt van het beleid. Verschillen tussen teams "
    "zijn niet vanzelf goed of fout; ze maken zichtbaar waar maatwerk wordt toegepast, zodat het "
    "besproken en gecontroleerd kan worden."
)
theme_share = summary.filter(pl.col("team_code").is_null())["maatwerk_share"].item()
components.chart_block(
    charts.team_bar_chart(
        summary,
        value_col="maatwerk_share",
        unit="procent",
        title=f"Aandeel maatwerk per team, {window_label}",
        reference=theme_share,
        reference_label=f"{ctx.theme_name}: {format_value(theme_share, 'procent')}",
    ),
    summary.select(
        pl.col("team_code").fill_null("Alle teams").alias("Team"),
        pl.col("n_decisions").alias("Besluiten"),
        pl.col("n_requests").alias("Op een aanvraag"),
        pl.col("grant_rate").alias("Toegekend"),
        pl.col("on_time_share").alias("Tijdig"),
        pl.col("objection_rate").alias("Bezwaar"),
        pl.col("objection_upheld_share").alias("Gegrond"),
        pl.col("maatwerk_share").alias("Maatwerk"),
    ),
    key="besluiten_maatwerk",
    file_name=f"besluiten_per_team_{f.theme}",
    viewer=viewer,
    units={c: "procent" for c in ("Toegekend", "Tijdig", "Bezwaar", "Gegrond", "Maatwerk")},
    caption="De stippellijn is het aandeel voor het hele thema.",
)
reasons = queries.maatwerk_reasons(con, viewer, f.theme, window_start, f.end)
if not reasons.is_empty():
    with st.expander("Redenen van afwijken per team"):
        table = reasons.select(
            pl.col("team_code").alias("Team"),
            pl.col("departure_reason").str.replace_all("_", " ").alias("Reden"),
            pl.col("n_decisions").alias("Besluiten"),
        )
        st.dataframe(components.display_table(table), hide_index=True, width="stretch")
        if viewer.is_council:
            st.caption(labels.SUPPRESSED_SHORT.format(threshold=threshold) + " (—).")
