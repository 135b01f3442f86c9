"""Tables on screen: every st.dataframe of the dashboard goes through `show`."""

from __future__ import annotations

from typing import Any

import polars as pl
import streamlit as st


def show(table: pl.DataFrame, **options: Any) -> None:
    """`table` as a grid, without an index column, as wide as the column it stands in.

    Handed over as Arrow, the form Streamlit sends to the browser: given a polars frame,
    st.dataframe converts it to pandas and back to Arrow first (streamlit/elements/arrow.py),
    which cost about 1.5 ms per table, a sixth of the Over de data page's own drawing time.
    The grid shows the same cells either way.
    """
    if pl.Null in table.schema.dtypes():  # a column of nothing but None: an empty text column
        table = table.with_columns(pl.col(pl.Null).cast(pl.String))
    st.dataframe(table.to_arrow(), **{"hide_index": True, "width": "stretch", **options})
