"""The 'Vergelijkbare gemeenten' tile on the council overview: a short line, the comparison chart
with its text alternative, the table behind it, and CBS as the source with period and date."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import peer_chart, peers, queries
from dashboard.inert import literal

TITLE = "Vergelijkbare gemeenten"
TABLE_LABEL = "Tabel: alle gemeenten in de vergelijking"


def peer_tile(con, theme: str) -> None:
    """Nothing when the snapshot has no figure for this theme (no cbs_vergelijking.csv loaded)."""
    figures = peers.compare(queries.cbs_observations(con), theme=theme)
    if not figures:
        return
    with st.container(border=True, key=f"tegel_vergelijking_{theme}"):
        st.markdown(f"**{TITLE}**")
        for figure in figures:
            # Names come from CBS (or the snapshot file): shown literally, never as markdown.
            st.markdown(literal(peers.tile_line(figure)))
        st.altair_chart(peer_chart.peer_chart(figures), width="stretch")
        st.caption(literal(" ".join(peers.text_alternative(f) for f in figures)))
        for figure in figures:
            note = peers.withheld_note(figure)
            st.caption(literal(" · ".join(filter(None, [figure.source_line, note]))))
        with st.expander(TABLE_LABEL):
            for figure in figures:
                st.dataframe(pl.DataFrame(peers.table_rows(figure), orient="row", schema=[
                    "Gemeente", f"Aantal ({figure.period_title}, zoals CBS publiceert)",
                    figure.basis.capitalize()]), hide_index=True, width="stretch")
