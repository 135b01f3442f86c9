"""Long lists in pages of a readable size: the reader sees which part of how many they read.

A city has tens of thousands of stories; drawing them all made a page take half a minute and
nobody reads past the first screens. `page_of` shows one page and a page number that, with
`param`, lives in the address like every other filter (so a shared link opens that page).
"""

from __future__ import annotations

import math

import polars as pl
import streamlit as st

from dashboard import filters
from kernel.format import format_number
from kernel.inert import literal
from presentation import labels

PER_PAGE = 20
PER_PAGE_DETAILED = 10  # items that carry their buttons and whole history (the review lists)
AUDIT_ROWS_SHOWN = 1_000  # the Auditlog's newest records on screen; its CSV has every record of the choice


def page_of(rows: pl.DataFrame, *, key: str, per_page: int | None = None, param: str | None = None) -> pl.DataFrame:
    """The rows of the current page; with more than one page, a page number to choose another."""
    per_page = per_page or PER_PAGE
    pages = max(1, math.ceil(rows.height / per_page))
    state_key = f"pagina_{key}"
    raw = filters._from_address(param) if param else None
    if raw is not None:
        number = filters.resolve_page_number(raw)
        if number is None:  # the address came from whoever made the link: shown as text only
            st.info(
                labels.INVALID_VALUE.format(
                    value=literal(raw[:40]), what=labels.WHAT_PAGE_NUMBER, fallback=labels.FALLBACK_FIRST_PAGE
                )
            )
        st.session_state[state_key] = number or 1
    if pages == 1:
        if param:  # nothing to page through: a number in the address means nothing
            filters._to_address(param, None)
        return rows
    # A filter that leaves fewer pages must not leave the reader past the end.
    st.session_state[state_key] = min(max(1, int(st.session_state.get(state_key, 1))), pages)
    left, right = st.columns([1, 3], vertical_alignment="bottom")
    number = left.number_input(
        labels.PAGE_OF.format(pages=format_number(pages)), min_value=1, max_value=pages, step=1, key=state_key
    )
    first = (number - 1) * per_page
    shown = rows.slice(first, per_page)
    right.caption(f"{format_number(first + 1)}–{format_number(first + shown.height)} van {format_number(rows.height)}")
    if param:
        filters._to_address(param, None if number == 1 else str(number))
    return shown
