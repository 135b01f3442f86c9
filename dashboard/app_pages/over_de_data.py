"""Over de data: where the figures come from, what every figure means, how fresh the data is,
how small numbers are protected, and (not for the council) what every load run read, loaded and
rejected and which tables hold what."""

import datetime as dt

import polars as pl
import streamlit as st

import queries
from dashboard import components
from dashboard.session import page_context
from kernel.format import format_date, format_number
from kernel.inert import literal
from kernel.vocabulary import LOAD_OK
from presentation import labels

# The grain of a figure as a reader says it (the catalog's grain is the code's name for it).
GRAINS = {
    "team_month": "per team per maand",
    "taakveld_quarter": "per taakveld per kwartaal",
    "theme_month": "per thema per maand",
    "regeling_month": "per regeling per maand",
}

ctx = page_context()
con, viewer = ctx.con, ctx.viewer

st.title(labels.TITLE_DATA, anchor=False)
st.caption(
    labels.SYNTHETIC_NOTE + " Elk cijfer komt uit de bronbestanden hieronder; verhalen staan "
    "apart en worden door het laden van cijfers nooit geraakt."
)

st.subheader("Hoe vers zijn de gegevens?", anchor=False)
freshness = queries.data_freshness(con)
runs = queries.load_runs()
columns = st.columns(len(freshness) + 1)
for column, row in zip(columns, freshness.iter_rows(named=True)):
    column.metric(
        f"Bron: {literal(row['source'])}", format_date(row["data_through"]), help="Gegevens tot en met", border=True
    )
latest_ok = runs.filter(pl.col("status") == LOAD_OK).head(1)
if latest_ok.height:
    loaded = dt.datetime.fromisoformat(latest_ok["finished_at"].item())
    columns[-1].metric("Laatst geladen", format_date(loaded), help=f"om {loaded:%H:%M}", border=True)
else:
    columns[-1].metric("Laatst geladen", "onbekend", border=True)

if not viewer.is_council:  # row counts and hashes are for those who load and check the data
    st.subheader("Bronbestanden", anchor=False)
    sources = queries.source_files(con).select(
        pl.col("source").alias("Bron"),
        pl.col("file_name").alias("Bestand"),
        pl.col("rows_read").alias("Gelezen regels"),
        pl.col("rows_loaded").alias("Geladen regels"),
        pl.col("sha256").alias("SHA-256"),
    )
    st.dataframe(components.display_table(sources), hide_index=True, width="stretch")
    st.caption("Dezelfde SHA-256 betekent precies hetzelfde bestand.")

st.subheader("Wat betekent elk cijfer?", anchor=False)
catalog = queries.metric_catalog(con)
columns = st.columns(2)
for index, row in enumerate(catalog.iter_rows(named=True)):
    with columns[index % 2].container(border=True):
        # Name, definition, unit, source and owner can come from definities.csv.
        st.markdown(f"**{literal(row['name'])}**")
        st.markdown(literal(row["definition"]))
        st.caption(
            " · ".join(
                [
                    f"Eenheid: {literal(row['unit'])}",
                    f"bron: {literal(row['source_system'])}",
                    f"eigenaar: {literal(row['owner'])}",
                    f"niveau: {GRAINS.get(row['grain'], row['grain'].replace('_', ' en '))}",
                    f"gegevens t/m {format_date(row['data_through'])} "
                    f"({labels.STATUS.get(row['latest_status'], row['latest_status']).lower()})",
                    labels.HIGHER_IS_BETTER[row["higher_is_better"]].lower(),
                    # The key is the code's name for the figure: for those who load and check the data.
                    *([] if viewer.is_council else [f"sleutel {literal(row['metric_key'])}"]),
                ]
            )
        )
catalog_table = catalog.select(
    *([] if viewer.is_council else [pl.col("metric_key").alias("Sleutel")]),
    pl.col("name").alias("Naam"),
    pl.col("definition").alias("Definitie"),
    pl.col("unit").alias("Eenheid"),
    pl.col("source_system").alias("Bron"),
    pl.col("owner").alias("Eigenaar"),
    pl.col("data_through").alias("Gegevens t/m"),
    pl.col("latest_status").replace_strict(labels.STATUS, default=pl.col("latest_status")).alias("Status"),
)
components.download_csv(
    catalog_table, file_name="catalogus", key="catalogus_csv", viewer=viewer, label="Download de catalogus als CSV"
)
st.subheader("Kleine aantallen en afronding", anchor=False)
st.markdown(
    labels.DISCLOSURE_METHOD.format(
        threshold=queries.threshold(), base=queries.ROUNDING_BASE, share_min=queries.share_min_base()
    )
)

if not viewer.is_council:
    st.subheader("Laadlogboek", anchor=False)
    components.load_log(runs)

if viewer.is_council:  # internal table names are for the beheerder and the developers
    st.stop()
st.subheader("Tabellen en kolommen", anchor=False)
docs = queries.table_documentation(con)
marts = docs.filter(
    pl.col("table_name").str.starts_with("mart_")
    | pl.col("table_name").str.starts_with("stg_")
    | pl.col("table_name").str.starts_with("ref_")
)
for name in marts["table_name"].unique(maintain_order=True).to_list():
    part = marts.filter(pl.col("table_name") == name)
    with st.expander(f"{name} — {part['table_comment'][0] or ''}"):
        st.dataframe(
            part.select(
                pl.col("column_name").alias("Kolom"),
                pl.col("data_type").alias("Type"),
                pl.col("column_comment").fill_null("").alias("Betekenis"),
            ),
            hide_index=True,
            width="stretch",
        )
st.caption(
    f"{format_number(docs['table_name'].n_unique())} tabellen; de toelichtingen komen uit de "
    "database zelf (schema.sql en de marts)."
)
