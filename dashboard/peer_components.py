"""'Vergelijkbare gemeenten' on the council overview: a tile with the short line beside the
theme's figures, and further down the comparison chart (with its text alternative, a table tab
and a CSV download), each with CBS as the source, the period and the retrieval date."""

from __future__ import annotations

import polars as pl
import streamlit as st

import queries
from dashboard import components
from kernel.inert import literal
from presentation import labels, peer_chart, peers

TITLE = labels.PEERS_TITLE


def _figures(con, theme: str) -> list[peers.PeerFigure]:
    return peers.compare(queries.cbs_observations(con), theme=theme)


def peer_tile(con, theme: str) -> None:
    """The short line; nothing when the snapshot has no figure for this theme."""
    figures = _figures(con, theme)
    if not figures:
        return
    with st.container(border=True, key=f"vergelijking_{theme}"):
        for figure in figures:
            # Names come from CBS (or the snapshot file): shown literally, never as markdown.
            st.markdown(literal(peers.tile_line(figure)))
            st.caption(literal(figure.source_line))
        st.caption(literal(figures[0].group[:1].upper() + figures[0].group[1:] + "."))


def peer_section(con, theme: str, viewer) -> None:
    """The comparison chart with its table, the values CBS withheld, and the sources."""
    figures = _figures(con, theme)
    if not figures:
        return
    st.subheader(TITLE, anchor=False)
    components.chart_block(
        peer_chart.peer_chart(figures),
        comparison_table(figures),
        key=f"vergelijking_{theme}",
        file_name=f"vergelijkbare_gemeenten_{theme}",
        viewer=viewer,
        caption=literal(" ".join(peers.text_alternative(f) for f in figures)),
    )
    for figure in figures:
        note = peers.withheld_note(figure)
        st.caption(literal(" · ".join(filter(None, [figure.source_line, note]))))


def comparison_table(figures: list[peers.PeerFigure]) -> pl.DataFrame:
    """Every gemeente of the comparison, values as CBS published them ('.' where it did not)."""
    rows = [
        (f.name, gemeente, count, rate, f"{f.period_title} ({f.status.lower()})", f.table_id)
        for f in figures
        for gemeente, count, rate in peers.table_rows(f)
    ]
    return pl.DataFrame(
        rows,
        orient="row",
        schema=labels.PEERS_TABLE_COLUMNS,
    )


def briefing_note(con, theme: str) -> None:
    """On the briefing page: that the comparison comes along, and from which CBS table."""
    figures = _figures(con, theme)
    if figures:
        st.caption(
            literal(
                labels.PEERS_IN_BRIEFING.format(title=TITLE)
                + " ".join(f"{peers.tile_line(f)} {f.source_line}." for f in figures)
            )
        )
