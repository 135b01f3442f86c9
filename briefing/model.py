"""What a briefing is made of, whatever renders it (PDF, Word, Markdown): plain frozen records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kernel.format import format_period


@dataclass(frozen=True)
class Table:
    """A small table of texts; `align` per column: L, R or C."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    align: tuple[str, ...]
    caption: str | None = None
    weights: tuple[float, ...] | None = None  # relative column widths (None: even, first narrower)


@dataclass(frozen=True)
class Comparison:
    """One thing a figure is held against: a year earlier, the norm, the budget, the term."""

    label: str
    text: str
    alarm: str | None = None  # a short warning such as "boven de norm" or "nadelig"


@dataclass(frozen=True)
class StoryItem:
    """A published story as the briefing prints it: no author name, the team instead."""

    story_id: str
    title: str
    body: str
    about: str  # "Over Doorlooptijd, okt 2025 · team Jeugdteam Oost"
    written: str  # "Geschreven op 9 dec 2024 door Jeugdteam Oost"
    tags: tuple[tuple[str, str], ...]  # (group, labels): ("Dilemma's", "Autonomie of veiligheid")
    figure_then_now: str | None  # "Waarde toen …: 43,1 (voorlopig) · nu: 42,6"


@dataclass(frozen=True)
class FigureSection:
    metric_key: str
    name: str
    unit: str
    meta: str  # "okt 2026 · Voorlopig · gegevens t/m 30 okt 2026"
    status: str | None  # voorlopig / definitief
    value_text: str
    suppressed: bool
    comparisons: tuple[Comparison, ...]
    judgement: str  # "Lager is beter", …
    definition: str
    source: str
    owner: str
    chart: object | None  # an Altair chart with its data embedded (None: nothing to draw)
    notes: tuple[str, ...]  # what the chart and the table leave out, and the story markers
    tables: tuple[Table, ...]
    stories: tuple[StoryItem, ...]


@dataclass(frozen=True)
class Definition:
    name: str
    definition: str
    meta: str


@dataclass(frozen=True)
class Briefing:
    theme: str
    theme_name: str
    law: str
    period: str
    period_text: str  # "oktober 2026"
    window_text: str  # "jan 2023 tot en met okt 2026"
    created_on: dt.date
    made_by: str
    status_text: str
    freshness: tuple[tuple[str, str], ...]
    loaded_at_text: str
    figures: tuple[FigureSection, ...]
    questions: tuple[str, ...]
    definitions: tuple[Definition, ...]
    sources: Table
    threshold: int
    note: str
    peers: object | None = None  # briefing.peers.PeerSection: similar municipalities (CBS)

    @property
    def story_count(self) -> int:
        return sum(len(f.stories) for f in self.figures)

    @property
    def file_stem(self) -> str:
        return f"commissiebriefing_{self.theme}_{self.period}"

    @property
    def title_line(self) -> str:
        return f"Commissiebriefing · {self.theme_name} · peilmaand {format_period(self.period)}"
