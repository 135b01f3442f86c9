"""The comparison chart: our figure against the peer median and spread, one row per CBS topic."""

from __future__ import annotations

import altair as alt
import polars as pl

from presentation.charts import BAND, BLUE, DARK, GREY, style
from presentation.peers import PeerFigure, text_alternative

OWN_LABEL = "Eigen gemeente"
MEDIAN_LABEL = "Mediaan vergelijkbare gemeenten"
SPREAD_LABEL = "Spreiding (laagste tot hoogste)"
PEER_LABEL = "Vergelijkbare gemeente"


def peer_chart(figures: list[PeerFigure], title: str | None = None) -> alt.TopLevelMixin:
    """A dot plot per topic: the band from the lowest to the highest peer, each peer as a small
    grey dot, the median as a dark tick and our own value as a large blue diamond. Shapes and
    the legend carry the meaning as well as the colours; the description is the text alternative."""
    rows, peers = [], []
    for f in figures:
        topic = f"{f.name} ({f.period_title})"
        rows.append(
            {"topic": topic, "own": f.own.per_1000, "median": f.median, "low": f.low, "high": f.high, "basis": f.basis}
        )
        peers += [{"topic": topic, "name": p.name, "rate": p.per_1000} for p in f.peers if p.per_1000 is not None]
    frame = pl.DataFrame(
        rows,
        schema={
            "topic": pl.String,
            "own": pl.Float64,
            "median": pl.Float64,
            "low": pl.Float64,
            "high": pl.Float64,
            "basis": pl.String,
        },
    )
    peer_frame = pl.DataFrame(peers, schema={"topic": pl.String, "name": pl.String, "rate": pl.Float64})
    y = alt.Y("topic:N", title=None, sort=None, axis=alt.Axis(labelLimit=360))
    x_title = figures[0].basis if figures and len({f.basis for f in figures}) == 1 else "per 1.000"
    legend = alt.Legend(columns=2, title=None)  # four entries do not fit one row beside each other
    colours = alt.Scale(domain=[OWN_LABEL, MEDIAN_LABEL, SPREAD_LABEL, PEER_LABEL], range=[BLUE, DARK, BAND, GREY])
    base = alt.Chart(alt.Data(values=frame.to_dicts()))
    spread = (
        base.mark_bar(height=14, cornerRadius=3)
        .encode(
            y=y,
            # From 0, as every chart here: a spread of 56-72 must not look like 0 to everything.
            x=alt.X("low:Q", title=x_title, scale=alt.Scale(zero=True, nice=True)),
            x2=alt.X2("high:Q"),
            color=alt.Color("legend:N", scale=colours, legend=legend),
            tooltip=[
                alt.Tooltip("topic:N", title="Onderwerp"),
                alt.Tooltip("low:Q", title="Laagste", format=",.1f"),
                alt.Tooltip("high:Q", title="Hoogste", format=",.1f"),
            ],
        )
        .transform_calculate(legend=f"'{SPREAD_LABEL}'")
    )
    dots = (
        alt.Chart(alt.Data(values=peer_frame.to_dicts()))
        .mark_circle(size=45, opacity=0.9)
        .encode(
            y=y,
            x=alt.X("rate:Q"),
            color=alt.Color("legend:N", scale=colours, legend=legend),
            tooltip=[alt.Tooltip("name:N", title="Gemeente"), alt.Tooltip("rate:Q", title="Per 1.000", format=",.1f")],
        )
        .transform_calculate(legend=f"'{PEER_LABEL}'")
    )
    median = (
        base.mark_tick(thickness=3, size=26)
        .encode(
            y=y,
            x=alt.X("median:Q"),
            color=alt.Color("legend:N", scale=colours, legend=legend),
            tooltip=[alt.Tooltip("median:Q", title="Mediaan", format=",.1f")],
        )
        .transform_calculate(legend=f"'{MEDIAN_LABEL}'")
    )
    own = (
        base.mark_point(shape="diamond", size=220, filled=True, opacity=1)
        .encode(
            y=y,
            x=alt.X("own:Q"),
            color=alt.Color("legend:N", scale=colours, legend=legend),
            tooltip=[alt.Tooltip("own:Q", title=OWN_LABEL, format=",.1f")],
        )
        .transform_calculate(legend=f"'{OWN_LABEL}'")
    )
    chart = alt.layer(spread, dots, median, own).properties(
        width="container",
        height=60 + 48 * max(len(figures), 1),
        description=" ".join(text_alternative(f) for f in figures),
    )
    return style(chart, title)
