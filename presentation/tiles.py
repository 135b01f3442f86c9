"""What a figure tile says, in Dutch: value, change, comparison, status, story count (pure, no
Streamlit; the dashboard draws it, the briefing prints it)."""

from __future__ import annotations

from dataclasses import dataclass

from kernel.format import MISSING, format_change, format_date, format_number, format_pct, format_period, format_value
from presentation import labels


@dataclass(frozen=True)
class TileTexts:
    value: str
    delta: str | None
    delta_color: str
    delta_arrow: str
    delta_description: str | None
    comparison: str | None
    comparison_alarm: str | None  # a short warning such as "boven de norm"
    status: str
    help: str


def tile_texts(row: dict, threshold: int, chosen_period: str | None = None) -> TileTexts:
    """Everything a tile says about one figure, in Dutch (pure; `row` from key_figures). With the
    chosen peilmaand, a figure whose newest month is older says why it shows that month."""
    unit = row["unit"]
    help_text = row.get("definition") or ""
    if row.get("suppressed"):
        value = MISSING
        help_text = labels.SUPPRESSED_HELP.format(threshold=threshold)
    else:
        value = format_value(row.get("value"), unit)
    delta = delta_description = None
    colour, arrow = "gray", "off"
    previous, current = row.get("previous_value"), row.get("value")
    if current is not None and previous is not None and not row.get("previous_suppressed"):
        change = current - previous
        delta = format_change(change, unit)
        delta_description = labels.CHANGE_LAST_YEAR.format(period=format_period(row["previous_period"]))
        arrow = "up" if change > 0 else "down" if change < 0 else "off"
        better = row.get("higher_is_better")
        colour = "gray" if better is None or change == 0 else "blue" if (change > 0) == bool(better) else "orange"
    comparison, alarm = _comparison(row)
    if row.get("suppressed"):
        comparison, alarm = labels.SUPPRESSED_SHORT.format(threshold=threshold), None
    period_text = format_period(row.get("period"))
    if row.get("shown_instead_of"):  # the council's month was too small: a coarser period
        period_text = labels.COARSER_PERIOD.format(period=period_text, month=format_period(row["shown_instead_of"]))
    elif _is_month(row.get("period")) and chosen_period and row["period"] < chosen_period:
        period_text = labels.LATEST_MONTH.format(period=period_text)
    status = " · ".join(
        [
            period_text,
            labels.STATUS.get(row.get("status") or "", row.get("status") or MISSING),
            labels.DATA_THROUGH.format(date=format_date(row.get("data_through"))),
        ]
    )
    return TileTexts(value, delta, colour, arrow, delta_description, comparison, alarm, status, help_text)


def _comparison(row: dict) -> tuple[str | None, str | None]:
    """What the figure is held against, and a short warning when it falls on the wrong side."""
    key, value = row["metric_key"], row.get("value")
    if key == "caseload_per_fte" and row.get("norm_high") is not None:
        low, high = row["norm_low"], row["norm_high"]
        norm = (
            labels.NORM_SINGLE.format(value=format_number(low))
            if low == high
            else labels.NORM_BAND.format(low=format_number(low), high=format_number(high))
        )
        if value is None:
            return norm, None
        if value > high:
            return norm, "boven de norm"
        if value < low:
            return f"{norm} · onder de norm", None
        return f"{norm} · binnen de norm", None
    if key == "budget_forecast_deviation" and row.get("amended_budget_eur"):
        budget = row["amended_budget_eur"]
        text = labels.BUDGET_LINE.format(amount=format_value(budget, "euro"))
        if value is None:
            return text, None
        share = format_pct(100 * value / budget, signed=True)
        if value > 0:
            return f"{text} · {share} {labels.OVERSPEND}", "nadelig"
        return f"{text} · {share} {labels.UNDERSPEND}", None
    if key == "budget_exhaustion" and row.get("period"):
        quarter = int(row["period"][-1])
        return f"Bij gelijkmatige besteding: {format_pct(25.0 * quarter, 0)}", None
    if key == "processing_time" and row.get("term_days"):
        term = row["term_days"]
        text = f"Wettelijke termijn {term} dagen"
        if value is not None and value > term:
            return text, "over de termijn"
        return text, None
    return None, None


def _is_month(period: str | None) -> bool:
    return period is not None and len(period) == 7 and period[4] == "-" and period[5:].isdigit()


def story_count_text(count: int) -> str:
    """'Nog geen verhalen', '1 verhaal', '3 verhalen'."""
    return labels.TILE_STORIES.get(count) or labels.TILE_STORIES_MANY.format(n=format_number(count))
