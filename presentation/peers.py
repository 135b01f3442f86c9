"""Our figures beside similar municipalities, from the CBS snapshot. Grain: one PeerFigure per CBS topic.

Pure: a frame of CBS observations (queries.cbs_observations) in, figures per 1,000 inhabitants
for us, the peer median and the spread (lowest and highest peer) out. CBS's own values are
used as published: its rounding stays, and a value CBS withheld stays withheld (shown as CBS
shows it, "."), never estimated from other numbers. The peer group is the beheerder's
(ADC_CBS_PEERS) or else every municipality in the snapshot in our CBS size class.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

import polars as pl

from etl.cbs.tables import INHABITANTS, TABLES
from kernel import adc_settings
from kernel.format import format_date, format_number

CBS_MISSING = "."  # how StatLine shows a value it does not publish (unknown, unreliable or secret)
# CBS's gemeentegrootteklassen: lower bounds of the bands by inhabitants on 1 January.
SIZE_CLASSES = (0, 5_000, 10_000, 20_000, 50_000, 100_000, 150_000, 250_000)
PER = 1000


@dataclass(frozen=True)
class PeerValue:
    code: str
    name: str
    count: float | None  # as CBS published it
    per_1000: float | None
    attribute: str | None  # CBS's ValueAttribute when it withheld the value


@dataclass(frozen=True)
class PeerFigure:
    key: str
    name: str
    theme_code: str | None
    table_id: str
    period_code: str
    period_title: str
    status: str  # CBS's: Voorlopig, Nader voorlopig, Definitief
    retrieved_on: dt.date
    basis: str  # "per 1.000 inwoners"
    own: PeerValue
    peers: tuple[PeerValue, ...]
    group: str  # how the peers were chosen, in Dutch
    synthetic: bool

    @property
    def peer_rates(self) -> list[float]:
        return [p.per_1000 for p in self.peers if p.per_1000 is not None]

    @property
    def median(self) -> float | None:
        rates = self.peer_rates
        return statistics.median(rates) if rates else None

    @property
    def low(self) -> float | None:
        return min(self.peer_rates, default=None)

    @property
    def high(self) -> float | None:
        return max(self.peer_rates, default=None)

    @property
    def withheld(self) -> tuple[PeerValue, ...]:
        return tuple(p for p in self.peers if p.per_1000 is None)

    @property
    def source_line(self) -> str:
        origin = (
            "Synthetisch: verzonnen gemeenten en cijfers in het formaat van CBS StatLine"
            if self.synthetic
            else "Bron: CBS StatLine"
        )  # either way the line names its origin
        return (
            f"{origin}, tabel {self.table_id} · {self.period_title} "
            f"({self.status.lower()}) · opgehaald {format_date(self.retrieved_on)}"
        )


def size_class(inhabitants: float) -> tuple[int, int | None]:
    """The CBS band (lower, upper; upper None for the largest) that holds `inhabitants`."""
    lower = max(b for b in SIZE_CLASSES if b <= inhabitants)
    index = SIZE_CLASSES.index(lower)
    return lower, SIZE_CLASSES[index + 1] if index + 1 < len(SIZE_CLASSES) else None


def size_class_text(band: tuple[int, int | None]) -> str:
    lower, upper = band
    if upper is None:
        return f"{lower:,} inwoners of meer".replace(",", ".")
    return f"{lower:,} tot {upper:,} inwoners".replace(",", ".")


def compare(observations: pl.DataFrame, chosen: list[str] | None = None, theme: str | None = None) -> list[PeerFigure]:
    """One PeerFigure per CBS topic (of `theme`, or all), for the newest period in which CBS
    published our own value. `chosen`: the peer group's GM codes (default: the setting, and when
    that is empty our size class)."""
    if observations.is_empty() or not observations["is_own"].any():
        return []
    obs = observations
    own_code = obs.filter(pl.col("is_own"))["region_code"][0]
    inhabitants = _inhabitants(obs)
    chosen = adc_settings.cbs_peers() if chosen is None else chosen
    if chosen:
        known = set(obs["region_code"].to_list())
        peer_codes = [c for c in dict.fromkeys(chosen) if c != own_code and c in known]
        absent = [c for c in chosen if c not in known]
        group = f"gemeenten gekozen door de beheerder ({len(peer_codes)})" + (
            f"; niet in de momentopname van CBS: {', '.join(absent)}" if absent else ""
        )
    else:
        own_size = _latest(inhabitants.get(own_code, {}))
        if own_size is None:
            return []
        band = size_class(own_size)
        peer_codes = sorted(
            code
            for code, years in inhabitants.items()
            if code != own_code and (latest := _latest(years)) is not None and size_class(latest) == band
        )
        group = f"gemeenten met {size_class_text(band)} (CBS-grootteklasse)"

    figures = []
    for table in TABLES:
        if table is INHABITANTS or (theme and table.theme_code != theme):
            continue
        rows = obs.filter(pl.col("figure") == table.key)
        own_rows = rows.filter((pl.col("region_code") == own_code) & pl.col("value").is_not_null())
        if own_rows.is_empty():
            continue
        period = own_rows.sort("period_code")[-1]
        at = rows.filter(pl.col("period_code") == period["period_code"][0])
        values = {r["region_code"]: r for r in at.iter_rows(named=True)}
        year = period["period_code"][0][:4]

        def value_of(code: str, values: dict = values, year: str = year) -> PeerValue:
            row = values.get(code)
            if row is None:  # in the snapshot, but not in this table: nothing CBS published
                return PeerValue(code, code, None, None, None)
            size = inhabitants.get(code, {}).get(year) or _latest(inhabitants.get(code, {}))
            rate = None if row["value"] is None or not size else row["value"] / size * PER
            return PeerValue(code, row["region_name"], row["value"], rate, row["value_attribute"])

        own = value_of(own_code)
        figures.append(
            PeerFigure(
                key=table.key,
                name=table.name,
                theme_code=table.theme_code,
                table_id=table.table_id,
                period_code=period["period_code"][0],
                period_title=period["period_title"][0],
                status=period["period_status"][0],
                retrieved_on=period["retrieved_on"][0],
                basis=table.basis,
                own=own,
                peers=tuple(value_of(c) for c in peer_codes),
                group=group,
                synthetic=bool(rows["synthetic"].any()),
            )
        )
    return figures


def _inhabitants(obs: pl.DataFrame) -> dict[str, dict[str, float]]:
    """Per gemeente: year -> inhabitants on 1 January (only what CBS published)."""
    rows = obs.filter((pl.col("figure") == INHABITANTS.key) & pl.col("value").is_not_null())
    result: dict[str, dict[str, float]] = {}
    for row in rows.iter_rows(named=True):
        result.setdefault(row["region_code"], {})[row["period_code"][:4]] = row["value"]
    return result


def _latest(years: dict[str, float]) -> float | None:
    return years[max(years)] if years else None


# Texts, the same on the dashboard and in the briefing.


def rate_text(value: PeerValue) -> str:
    """Per 1,000 with one decimal, or CBS's "." when CBS published no value."""
    return CBS_MISSING if value.per_1000 is None else format_number(value.per_1000, 1)


def count_text(value: PeerValue) -> str:
    return CBS_MISSING if value.count is None else format_number(value.count, 0)


def spread_text(figure: PeerFigure) -> str:
    if figure.median is None:
        return "geen vergelijkbare gemeenten met een gepubliceerde waarde"
    return (
        f"mediaan {format_number(figure.median, 1)}, spreiding {format_number(figure.low, 1)}"
        f"–{format_number(figure.high, 1)} ({len(figure.peer_rates)} gemeenten)"
    )


def tile_line(figure: PeerFigure) -> str:
    """The short line on the council overview."""
    return f"Vergelijkbare gemeenten: {figure.own.name} {rate_text(figure.own)} {figure.basis}; {spread_text(figure)}."


def withheld_note(figure: PeerFigure) -> str | None:
    if not figure.withheld:
        return None
    names = ", ".join(p.name for p in figure.withheld)
    return (
        f"CBS publiceert geen waarde voor {names} (in de tabel '{CBS_MISSING}': onbekend, "
        "onvoldoende betrouwbaar of geheim); die gemeente telt niet mee in mediaan en spreiding."
    )


def table_rows(figure: PeerFigure) -> list[tuple[str, str, str]]:
    """Gemeente, count as CBS published it, per 1,000: us first, then the peers by name."""
    rows = [(f"{figure.own.name} (eigen gemeente)", count_text(figure.own), rate_text(figure.own))]
    rows += [(p.name, count_text(p), rate_text(p)) for p in sorted(figure.peers, key=lambda p: p.name)]
    return rows


def text_alternative(figure: PeerFigure) -> str:
    """What the comparison chart shows, for a screen reader and for anyone who cannot see it."""
    return (
        f"{figure.name}, {figure.basis}, {figure.period_title}: {figure.own.name} "
        f"{rate_text(figure.own)}; {spread_text(figure)}. {figure.group[:1].upper()}{figure.group[1:]}."
    )
