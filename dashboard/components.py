"""Building blocks the pages share: a figure tile, "Over dit cijfer", a story card, a chart
with its table view and CSV download, and the story picker beside a chart.

Components render what they are given; they never query. Pure helpers (`tile_texts`,
`display_table`, `csv_bytes`) are separate so they can be tested without Streamlit.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from functools import partial

import polars as pl
import streamlit as st

import queries
from accounts import sessions
from dashboard import tables
from dashboard.filters import bound_select
from dashboard.navigation import can_open
from dashboard.session import page_context
from dashboard.story_components import story_card  # one story card everywhere
from kernel.access import Viewer
from kernel.format import (
    MISSING,
    format_date,
    format_datetime,
    format_number,
    format_period,
    format_value,
    texts,
    visible_text,
)
from kernel.inert import literal, visible_text_columns
from kernel.vocabulary import EXPORT_CSV, PUBLISHED, STATUSES
from presentation import charts, labels
from presentation.tiles import story_count_text, tile_texts
from stories import audit, store

ADD_STORY_PAGE = "app_pages/verhaal_toevoegen.py"
STORY_PARAM = "verhaal"
FIGURE_PARAM = "cijfer"


# ---------------------------------------------------------------------------------------------
# Tiles


def figure_tile(
    row: dict,
    *,
    threshold: int,
    team: str | None,
    show_key: str | None = None,
    on_show=None,
    story_count: int | None = None,
    chosen_period: str | None = None,
) -> None:
    """One figure: value, change against last year, norm or budget, status and data date, and
    (with `story_count`) how many stories the viewer may read beside it."""
    texts = tile_texts(row, threshold, chosen_period)
    with st.container(border=True, key=f"tegel_{row['metric_key']}"):
        # The name and definition may come from definities.csv: labels and help are markdown.
        st.metric(
            literal(row["name"]),
            texts.value,
            delta=texts.delta,
            delta_color=texts.delta_color,
            delta_arrow=texts.delta_arrow,
            delta_description=texts.delta_description,
            help=literal(texts.help),
        )
        if texts.comparison:
            if texts.comparison_alarm:
                st.badge(texts.comparison_alarm, color="orange", icon=":material/warning:")
            st.caption(texts.comparison)
        st.caption(texts.status)
        if story_count is not None:
            story_count_badge(story_count)
        if show_key is not None:
            # The figure's name in the button's name: ten tiles, ten buttons a screen reader
            # tells apart (the icon is aria-hidden: it is never read as 'show_chart').
            st.button(
                f"{labels.SHOW_TREND}: {literal(row['name'])}",
                key=show_key,
                on_click=on_show,
                args=(row["metric_key"],),
                type="tertiary",
                icon=":material/show_chart:",
            )
        add_story_link(
            row["metric_key"], row.get("period"), team=team, label=f"{labels.ADD_STORY}: {row['name']}"
        )  # ten links, ten names


def story_count_badge(count: int) -> None:
    """How many stories a tile's figure has for this viewer; none is said, not left out."""
    st.badge(story_count_text(count), color="blue" if count else "gray", help=labels.TILE_STORIES_HELP)


def add_story_link(
    metric_key: str,
    period: str | None,
    *,
    team: str | None = None,
    regeling: str | None = None,
    taakveld: str | None = None,
    label: str = labels.ADD_STORY,
) -> None:
    """A link to the page where a story is written, with this figure already chosen.

    Only for viewers who may write stories: a link to a page outside one's navigation fails.
    """
    if not can_open(page_context().viewer, "verhaal_toevoegen.py"):
        return
    params = {"metric": metric_key}
    for name, value in (("period", period), ("team", team), ("regeling", regeling), ("taakveld", taakveld)):
        if value:
            params[name] = value
    st.page_link(
        ADD_STORY_PAGE, label=literal(label), icon=":material/edit_note:", query_params=params
    )  # a label may hold a figure's name (Cijfers zonder verhaal)


# ---------------------------------------------------------------------------------------------
# About a figure


def about_figure(info: dict | None) -> None:
    """Definition, unit, source, owner and the date of the data, from the catalog."""
    with st.container(border=True):
        st.markdown(f"**{labels.ABOUT_FIGURE}**")
        if not info:
            st.caption(labels.NO_VALUE)
            return
        # Every text here can come from definities.csv, written by the beheerder.
        st.markdown(f"**{literal(info['name'])}** — {literal(info['definition'])}")
        rows = [
            (labels.UNIT, literal(info["unit"])),
            (labels.SOURCE, literal(info["source_system"])),
            (labels.OWNER, literal(info["owner"])),
            (
                labels.PEILDATUM,
                f"{format_date(info['data_through'])} "
                f"({labels.STATUS.get(info['latest_status'], info['latest_status']).lower()})",
            ),
            (labels.ABOUT_JUDGEMENT, labels.HIGHER_IS_BETTER[info["higher_is_better"]]),
        ]
        st.markdown("\n".join(f"- {name}: {value}" for name, value in rows))


# ---------------------------------------------------------------------------------------------
# Stories


def story_option_label(story: dict) -> str:
    """How a story is listed: period, team, title, and its status while it is not published.

    Markdown (the picker is a radio, whose options Streamlit renders as markdown)."""
    team = f" · {literal(story['team_code'])}" if story.get("team_code") else ""
    status = (
        ""
        if story.get("status") in (None, PUBLISHED)
        else f" ({STATUSES.get(story['status'], story['status']).lower()})"
    )
    return f"{format_period(story['period'])}{team} — {literal(story['title'])}{status}"


PICKER_STORIES = 25  # a radio list longer than this is not read, and at city scale runs to thousands


def story_picker(stories: pl.DataFrame, *, label: str = labels.CHOOSE_STORY, default: str | None = None) -> str | None:
    """The stories beside a chart as a list to choose from (bound to `verhaal` in the address):
    the newest `PICKER_STORIES`, plus the chosen one (from a marker or a link) wherever it is.
    `default`: the story chosen until the reader or the address chooses another."""
    if stories.is_empty():
        st.info(labels.NO_STORIES)
        return None
    listed = stories.head(PICKER_STORIES)
    chosen = st.session_state.get(f"url_{STORY_PARAM}") or st.query_params.get(STORY_PARAM)
    if chosen and chosen not in listed["story_id"]:
        listed = pl.concat([listed, stories.filter(pl.col("story_id") == chosen)])
    if stories.height > listed.height:
        st.caption(
            labels.PICKER_NEWEST.format(shown=format_number(PICKER_STORIES), total=format_number(stories.height))
        )
    options = {row["story_id"]: story_option_label(row) for row in listed.iter_rows(named=True)}
    return bound_select(
        st,
        label,
        options,
        param=STORY_PARAM,
        default=default if default in options else None,
        what=labels.WHAT_STORY,
        widget="radio",
        help=labels.CHOOSE_STORY_HELP,
        default_in_address=False,
    )


def choose_story_from_chart(chart_key: str) -> None:
    """Callback for a chart with story markers: a clicked marker becomes the chosen story."""
    story_id = charts.story_id_from_selection(st.session_state.get(chart_key))
    if story_id:
        st.session_state[f"url_{STORY_PARAM}"] = story_id


# ---------------------------------------------------------------------------------------------
# Charts with their table and CSV


def display_table(table: pl.DataFrame, units: dict[str, str] | None = None) -> pl.DataFrame:
    """The table view of a chart: the same rows, numbers and dates written the Dutch way."""
    units = units or {}
    columns: list[pl.Expr | pl.Series] = []
    for name, dtype in table.schema.items():
        col = pl.col(name)
        if name in units:
            unit = units[name]
            columns.append(texts(table[name], lambda v, u=unit: format_value(v, u), skip_nulls=False))
        elif isinstance(dtype, pl.Datetime):
            columns.append(texts(table[name], format_datetime, skip_nulls=False))
        elif dtype == pl.Date:
            columns.append(texts(table[name], format_date, skip_nulls=False))
        elif dtype.is_numeric():
            columns.append(texts(table[name], lambda v: format_number(v), skip_nulls=False))
        elif dtype == pl.Boolean:
            columns.append(
                col.replace_strict({True: "ja", False: "nee"}, default=MISSING, return_dtype=pl.String).alias(name)
            )
        else:
            # Text from the data: its control characters written out (kernel.inert.visible_columns).
            columns.append(visible_text_columns(col.cast(pl.String).fill_null(MISSING)).alias(name))
    return table.select(columns)


# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(…), +cmd|…,
# @SUM(…)); a leading apostrophe makes it text again (OWASP, CSV injection). Only text cells:
# a negative number stays a number.
_FORMULA_START = r"^[=+\-@\t\r]"


def formula_safe(table: pl.DataFrame) -> pl.DataFrame:
    """The table with every text cell that a spreadsheet would run as a formula made text."""
    text = [name for name, dtype in table.schema.items() if dtype == pl.String]
    return table.with_columns(
        pl.when(pl.col(name).str.contains(_FORMULA_START))
        .then(pl.lit("'") + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name in text
    )


def csv_bytes(table: pl.DataFrame) -> bytes:
    """CSV as Dutch spreadsheets open it: ';' between fields, decimal comma, UTF-8 with BOM, and
    no cell that runs as a formula."""
    buffer = io.BytesIO()
    formula_safe(table).write_csv(
        buffer, separator=";", decimal_comma=True, include_bom=True, date_format="%Y-%m-%d", null_value=""
    )
    return buffer.getvalue()


def _record_export(viewer: Viewer, file_name: str) -> None:
    """Every export lands in the audit log (DOMAIN.md)."""
    sessions.require_current(viewer)
    try:
        audit.record_now(viewer.username, EXPORT_CSV, "cijfers", file_name, f"rol {viewer.role}")
    except store.StoreBusy:  # the file is already on its way; say that its trace is missing
        st.toast(labels.EXPORT_NOT_AUDITED, icon=":material/warning:")


def chart_block(
    chart,
    table: pl.DataFrame,
    *,
    key: str,
    file_name: str,
    viewer: Viewer,
    units: dict[str, str] | None = None,
    selectable: bool = False,
    caption: str | None = None,
) -> None:
    """A chart with a "Tabel" tab (the chart's data, Dutch formatted) and a CSV download.

    With `selectable`, clicking a story marker chooses that story (see story_picker).
    """
    tab_chart, tab_table = st.tabs([labels.TAB_CHART, labels.TAB_TABLE])
    with tab_chart:
        spec_has_markers = selectable and charts.has_story_markers(chart)
        if spec_has_markers:
            st.altair_chart(
                chart,
                key=key,
                on_select=partial(choose_story_from_chart, key),
                selection_mode=[charts.STORY_SELECTION],
                theme=None,
            )
        else:
            st.altair_chart(chart, key=key, theme=None)
        if caption:
            st.caption(caption)
    with tab_table:
        tables.show(display_table(table, units))
        download_csv(table, file_name=file_name, key=f"{key}_csv", viewer=viewer)


def _made_for(viewer: Viewer, table: Callable[[], pl.DataFrame]) -> bytes:
    """A deferred export, made when its button is pressed: only while the viewer's session still
    holds (a logout or time-out since the page was drawn leaves nothing to download)."""
    sessions.require_current(viewer)
    return csv_bytes(table())


def download_csv(
    table: pl.DataFrame | Callable[[], pl.DataFrame],
    *,
    file_name: str,
    key: str,
    viewer: Viewer,
    label: str = labels.DOWNLOAD_CSV,
) -> None:
    """A CSV download of a table; the export is recorded in the audit log.

    Pass a function that makes the table for a large export: it runs only when the reader
    clicks, instead of on every run of the page (20,000 stories are megabytes of CSV)."""
    data = (lambda: _made_for(viewer, table)) if callable(table) else csv_bytes(table)
    st.download_button(
        label,
        data,
        file_name=f"{file_name}.csv",
        mime="text/csv",
        key=key,
        icon=":material/download:",
        on_click=_record_export,
        args=(viewer, f"{file_name}.csv"),
    )


def empty_state(text: str) -> None:
    st.info(text, icon=":material/info:")


def figure_with_stories(
    *,
    chart,
    table: pl.DataFrame,
    stories: pl.DataFrame,
    catalog: dict[str, dict],
    viewer: Viewer,
    key: str,
    file_name: str,
    units: dict[str, str] | None = None,
    current: dict[str, float | None] | None = None,
    names: dict[str, str] | None = None,
    add_story: dict | None = None,
    caption: str | None = None,
    about: dict | None = None,
    chart_scope: tuple[str, dict[str, float | None]] | None = None,
    default_story: str | None = None,
) -> str | None:
    """A chart with story markers on the left and, beside it, the stories to choose and read.

    Returns the chosen story id. `add_story` (metric, period, team, regeling) adds the link
    to write a story for this figure (never for the council). `chart_scope` = (the chart's
    scope, `queries.chart_values_for_stories`): a story pinned to a narrower scope says both
    values. `default_story` is shown until another is chosen.
    """
    left, right = st.columns([3, 2], gap="large")
    with left:
        chart_block(
            chart,
            table,
            key=key,
            file_name=file_name,
            viewer=viewer,
            units=units,
            selectable=not stories.is_empty(),
            caption=caption,
        )
        if about is not None:
            about_figure(about)
    with right:
        st.subheader(labels.STORIES_BESIDE, anchor=False)
        if not stories.is_empty():
            st.caption(labels.STORY_MARKERS_NOTE)
        chosen = story_picker(stories, default=default_story)
        opened = stories.filter(pl.col("story_id") == chosen) if chosen else stories.clear()
        if "body" not in opened.columns:  # listed with the chart's columns: the one opened, in full
            opened = queries.full_rows(viewer, opened)
        if not opened.is_empty():
            story = opened.row(0, named=True)
            label, values = chart_scope or (None, {})
            story_card(
                story,
                catalog=catalog,
                viewer=viewer,
                current_value=(current or {}).get(chosen),
                names=names,
                chart=(label, values[chosen]) if chosen in values else None,
            )
        if add_story:
            add_story_link(**add_story)
    return chosen


# ---------------------------------------------------------------------------------------------
# Tables: shown on more than one page, or kept here to be tested without running their page


def rejection_table(rejections) -> pl.DataFrame:
    """A refused load's rejections (etl's `Rejection`s) as the Beheer page shows and downloads
    them, with Dutch column names. A rejection of a whole file has no row: "-", as its column,
    where the grid would show an empty cell as the English "None"."""
    return pl.DataFrame(
        [
            {
                "file": r.file,
                "row": "-" if r.row is None else str(r.row),
                "column": r.column,
                "expected": r.expected,
                # A summary row counts the values of its column that are not listed one by one.
                "value": labels.BEHEER_REJECTION_MORE.format(n=format_number(r.more)) if r.more else r.value,
            }
            for r in rejections
        ],
        schema={"file": pl.String, "row": pl.String, "column": pl.String, "value": pl.String, "expected": pl.String},
    ).rename(labels.BEHEER_REJECTION_COLUMNS)


def norm_table(norms: pl.DataFrame) -> pl.DataFrame:
    """`queries.norm_history` with Dutch column names."""
    return norms.select(pl.col(column).alias(name) for column, name in labels.NORM_COLUMNS.items())


def load_log(runs: pl.DataFrame, show_rejections: bool = True) -> None:
    """The load log: one row per run, per file in an expander, and the latest rejections (left
    out where the page already lists them, so that each rejected value is shown once)."""
    if runs.is_empty():
        empty_state(labels.LOAD_LOG_EMPTY)
        return
    log = _named(runs, labels.LOAD_LOG_COLUMNS)
    tables.show(display_table(log))
    per_file = st.expander(labels.LOAD_LOG_PER_FILE, key="laadlog_per_bestand", on_change="rerun")
    if per_file.open:  # read and drawn only when opened: most readers never do
        with per_file:
            files = _named(queries.load_run_files(), labels.LOAD_LOG_FILE_COLUMNS)
            tables.show(display_table(files))
    messages = queries.load_run_messages() if show_rejections else []
    if messages:
        with st.expander(labels.LOAD_LOG_REJECTIONS):
            st.text(visible_text("\n".join(messages)))  # rejected values are the source's own text


def _named(frame: pl.DataFrame, columns: dict[str, str]) -> pl.DataFrame:
    """The load log's `columns` under their Dutch names, its moments written out."""
    return frame.select(
        (_moment(frame[column]) if column == "finished_at" else pl.col(column)).alias(name)
        for column, name in columns.items()
    )


def _moment(iso_text: pl.Series) -> pl.Series:
    """A moment the load log wrote as ISO text ('2026-12-03T14:05:09+01:00') as "3 dec 2026 14:05",
    in the wall-clock time it was written in."""
    return texts(
        iso_text,
        lambda text: format_datetime(dt.datetime.fromisoformat(text)) if text else MISSING,
        skip_nulls=False,
    )
