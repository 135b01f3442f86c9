"""The briefing's 'Vergelijkbare gemeenten' section: our CBS figures beside the peer median and
spread, with CBS as the source (table, period, status, retrieval date). Pure assembly, as content.py."""

from __future__ import annotations

from dataclasses import dataclass

import queries
from briefing.model import Table
from kernel.format import format_number
from presentation import peer_chart, peers

TITLE = "Vergelijkbare gemeenten"
JEUGD_BASIS_NOTE = (
    "Jeugdhulp staat per 1.000 inwoners, niet per 1.000 jongeren: de leeftijdsgroep "
    "van de CBS-jeugdhulpcijfers (tot 23 jaar) is geen groep uit de bevolkingstabel."
)
HOW = (
    "Cijfers van het CBS (StatLine, open data) per 1.000 inwoners op 1 januari. De aantallen "
    "staan zoals het CBS ze publiceert, al afgerond; waar het CBS geen waarde publiceert staat "
    "'.', zoals in StatLine."
)


@dataclass(frozen=True)
class PeerSection:
    title: str
    intro: str
    lines: tuple[str, ...]  # one per CBS topic, as the council overview's tile says it
    tables: tuple[Table, ...]  # the summary, then each topic's municipalities
    notes: tuple[str, ...]  # withheld values and the jeugd basis
    sources: tuple[str, ...]  # per topic: CBS table, period, status, retrieval date
    chart: object | None
    text_alternative: str


def peer_section(con, theme: str) -> PeerSection | None:
    """None when the figures database has no CBS snapshot or the theme has no CBS figure."""
    figures = peers.compare(queries.cbs_observations(con), theme=theme)
    if not figures:
        return None
    summary = Table(
        header=("Onderwerp", "Eigen gemeente", "Mediaan", "Spreiding", "Periode"),
        rows=tuple(
            (
                f"{f.name} ({f.basis})",
                peers.rate_text(f.own),
                peers.CBS_MISSING if f.median is None else format_number(f.median, 1),
                peers.CBS_MISSING if f.low is None else f"{format_number(f.low, 1)}–{format_number(f.high, 1)}",
                f"{f.period_title} ({f.status.lower()})",
            )
            for f in figures
        ),
        align=("L", "R", "R", "R", "L"),
        weights=(3.4, 1.4, 1.2, 1.6, 1.9),
    )
    detail = tuple(
        Table(
            header=("Gemeente", "Aantal (CBS)", f.basis.capitalize()),
            rows=tuple(peers.table_rows(f)),
            align=("L", "R", "R"),
            caption=f"{f.name}, {f.period_title}",
            weights=(3.4, 1.6, 1.6),
        )
        for f in figures
    )
    notes = [n for n in (peers.withheld_note(f) for f in figures) if n]
    if any(f.key == "jeugdhulp" for f in figures):
        notes.append(JEUGD_BASIS_NOTE)
    group = figures[0].group
    return PeerSection(
        title=TITLE,
        intro=f"{HOW} Vergeleken met {group}.",
        lines=tuple(peers.tile_line(f) for f in figures),
        tables=(summary, *detail),
        notes=tuple(notes),
        sources=tuple(f.source_line for f in figures),
        chart=peer_chart.peer_chart(figures),
        text_alternative=" ".join(peers.text_alternative(f) for f in figures),
    )
