"""Over de data: where the figures come from, what every figure means, how fresh the data is,
how small numbers are protected, and (not for the council) what every load run read, loaded and
rejected and which tables hold what."""

import datetime as dt

import polars as pl
import streamlit as st

import queries
from dashboard import components, tables
from dashboard.session import page_context
from kernel.format import format_date, format_number
from kernel.inert import literal
from kernel.vocabulary import LOAD_OK
from presentation import labels

ctx = page_context()
con, viewer = ctx.con, ctx.viewer

st.title(labels.TITLE_DATA, anchor=False)
st.caption(labels.SYNTHETIC_NOTE + labels.DATA_INTRO)

st.subheader(labels.DATA_FRESHNESS, anchor=False)
freshness = queries.data_freshness(con)
runs = queries.load_runs()
# (label, value, help) per tile: each source's newest date, then the last good load.
tiles: list[tuple[str, str, str | None]] = [
    (
        labels.DATA_SOURCE_METRIC.format(source=literal(row["source"])),
        format_date(row["data_through"]),
        labels.DATA_THROUGH_HELP,
    )
    for row in freshness.iter_rows(named=True)
]
latest_ok = runs.filter(pl.col("status") == LOAD_OK).head(1)
if latest_ok.height:
    loaded = dt.datetime.fromisoformat(latest_ok["finished_at"].item())
    tiles.append((labels.DATA_LAST_LOADED, format_date(loaded), labels.DATA_LOADED_AT.format(time=f"{loaded:%H:%M}")))
else:
    tiles.append((labels.DATA_LAST_LOADED, labels.DATA_UNKNOWN, None))
# Two tiles a row: four in one row broke "beschikkingen" in the middle on a tablet (1024x768).
for first in range(0, len(tiles), 2):
    for column, (label, value, help_text) in zip(st.columns(2), tiles[first : first + 2]):
        column.metric(label, value, help=help_text, border=True)

if not viewer.is_council:  # row counts and hashes are for those who load and check the data
    st.subheader(labels.DATA_SOURCE_FILES, anchor=False)
    sources = queries.source_files(con).select(
        pl.col(column).alias(name) for column, name in labels.DATA_SOURCE_FILE_COLUMNS.items()
    )
    tables.show(components.display_table(sources))
    st.caption(labels.DATA_SAME_HASH)

st.subheader(labels.DATA_MEANINGS, anchor=False)
catalog = queries.metric_catalog(con)
columns = st.columns(2)
for index, row in enumerate(catalog.iter_rows(named=True)):
    details = [
        labels.DATA_UNIT.format(unit=literal(row["unit"])),
        labels.DATA_SOURCE.format(source=literal(row["source_system"])),
        labels.DATA_OWNER.format(owner=literal(row["owner"])),
        labels.DATA_GRAIN.format(
            grain=labels.DATA_GRAINS.get(row["grain"], row["grain"].replace("_", labels.DATA_GRAIN_JOIN))
        ),
        labels.DATA_THROUGH_STATUS.format(
            date=format_date(row["data_through"]),
            status=labels.STATUS.get(row["latest_status"], row["latest_status"]).lower(),
        ),
        labels.HIGHER_IS_BETTER[row["higher_is_better"]].lower(),
        # The key is the code's name for the figure: for those who load and check the data.
        *([] if viewer.is_council else [labels.DATA_KEY.format(key=literal(row["metric_key"]))]),
    ]
    # Name, definition, unit, source and owner can come from definities.csv. One element per
    # card, the details in small print: eleven cards of three elements each were 33 of the
    # page's 73 elements, each one a message to the browser.
    columns[index % 2].container(border=True).markdown(
        f"**{literal(row['name'])}**  \n{literal(row['definition'])}  \n:small[{' · '.join(details)}]"
    )


def catalog_table() -> pl.DataFrame:
    """The catalogue as a table, made when it is downloaded."""
    return catalog.select(
        *([] if viewer.is_council else [pl.col("metric_key").alias(labels.DATA_CATALOG_COLUMNS["metric_key"])]),
        *(
            pl.col(column).alias(labels.DATA_CATALOG_COLUMNS[column])
            for column in ("name", "definition", "unit", "source_system", "owner")
        ),
        pl.col("data_through").alias(labels.DATA_CATALOG_COLUMNS["data_through"]),
        pl.col("latest_status")
        .replace_strict(labels.STATUS, default=pl.col("latest_status"))
        .alias(labels.DATA_CATALOG_COLUMNS["latest_status"]),
    )


components.download_csv(
    catalog_table,
    file_name="catalogus",
    key="catalogus_csv",
    viewer=viewer,
    label=labels.DATA_CATALOG_DOWNLOAD,
)
st.subheader(labels.DATA_SMALL_NUMBERS, anchor=False)
st.markdown(
    labels.DISCLOSURE_METHOD.format(
        threshold=queries.threshold(), base=queries.ROUNDING_BASE, share_min=queries.share_min_base()
    )
)

if not viewer.is_council:
    st.subheader(labels.DATA_LOAD_LOG, anchor=False)
    components.load_log(runs)

if viewer.is_council:  # internal table names are for the beheerder and the developers
    st.stop()
st.subheader(labels.DATA_TABLES, anchor=False)
docs = queries.table_documentation(con)
# Two tables (what each table holds; every column of every table), searchable and sortable in
# the table itself: one expander with a table per database table drew some forty elements.
summary = docs.group_by("table_name", maintain_order=True).agg(
    pl.col("table_comment").first().fill_null(""), pl.len().alias("columns")
)
tables.show(
    summary.select(pl.col(column).alias(name) for column, name in labels.DATA_TABLE_SUMMARY_COLUMNS.items()),
)
tables.show(
    docs.with_columns(pl.col("column_comment").fill_null("")).select(
        pl.col(column).alias(name) for column, name in labels.DATA_TABLE_COLUMNS.items()
    ),
)
st.caption(labels.DATA_TABLES_NOTE.format(tables=format_number(summary.height)))
