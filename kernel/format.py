"""Dutch formatting of numbers, money, dates and periods for everything a user reads.

Pure functions: a value in, a string out. Missing values (None, NaN) become an em dash so a
table never shows "None" or "nan".
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

import polars as pl

MISSING = "—"
MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
MONTHS_FULL = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_number(value: float | int | None, decimals: int | None = None, signed: bool = False) -> str:
    """1234.5 -> "1.234,5": a dot between thousands, a comma before decimals.

    Without `decimals`, whole numbers get none and other numbers one.
    """
    if value is None or _missing(value):
        return MISSING
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    text = f"{abs(value):,.{decimals}f}".replace(",", "_").replace(".", ",").replace("_", ".")
    rounded_to_zero = float(text.replace(".", "").replace(",", ".")) == 0
    if value < 0 and not rounded_to_zero:
        return "-" + text
    if signed and not rounded_to_zero:
        return "+" + text
    return text


def format_pct(value: float | None, decimals: int = 1, signed: bool = False) -> str:
    """12.34 -> "12,3%" (a percentage, already multiplied by 100)."""
    if value is None or _missing(value):
        return MISSING
    return format_number(value, decimals, signed=signed) + "%"


def format_eur(value: float | None, signed: bool = False) -> str:
    """1_234_567 -> "€ 1,2 mln"; 1_500_000_000 -> "€ 1,5 mld"; 23_456 -> "€ 23.456";
    -23_456 -> "-€ 23.456" (the sign leads, as in a change "+€ 0,4 mln").

    Amounts of a million and more are rounded to a tenth of a million, as a council
    document prints them; smaller amounts are shown in whole euros.
    """
    if value is None or _missing(value):
        return MISSING
    size = abs(value)
    if size >= 999_950_000:
        body = f"{format_number(size / 1e9, 1)} mld"
    elif size >= 999_950:
        body = f"{format_number(size / 1e6, 1)} mln"
    else:
        body = format_number(round(size), 0)
    zero = body.startswith("0 ") or body == "0"
    sign = "-" if value < 0 and not zero else "+" if signed and value > 0 and not zero else ""
    return f"{sign}€ {body}"


def format_date(value: dt.date | dt.datetime | None) -> str:
    """date(2026, 3, 3) -> "3 mrt 2026"."""
    if value is None:
        return MISSING
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def format_datetime(value: dt.datetime | None, seconds: bool = False) -> str:
    """datetime(2026, 12, 3, 14, 5) -> "3 dec 2026 14:05": the one way a moment is written
    (with `seconds`, "3 dec 2026 14:05:09", where the order of events within a minute counts)."""
    if value is None:
        return MISSING
    return f"{format_date(value)} {value:%H:%M:%S}" if seconds else f"{format_date(value)} {value:%H:%M}"


def format_datetime_column(moments: pl.Expr, seconds: bool = False) -> pl.Expr:
    """`format_datetime` for a whole column at once (a log of 100,000 moments in a blink)."""
    month = moments.dt.month().replace_strict(range(1, 13), MONTHS, return_dtype=pl.String)
    clock = moments.dt.strftime("%H:%M:%S" if seconds else "%H:%M")
    text = pl.format("{} {} {} {}", moments.dt.day(), month, moments.dt.year(), clock)
    return pl.when(moments.is_null()).then(pl.lit(MISSING)).otherwise(text)


def texts(values: pl.Series, fn: Callable[[Any], str], *, skip_nulls: bool = True) -> pl.Series:
    """`fn` applied to every value of `values`, in plain Python: a String Series of the same name.

    Never `map_elements` or another Python function inside a Polars query: Polars runs those on
    its own threads, which wait for the GIL while another Streamlit session's `to_pandas` holds
    the GIL waiting for those threads (pola-rs/polars#26821), and the whole process hangs.
    As with `map_elements`, a null stays null unless `skip_nulls` is False.
    """
    written = [None if value is None and skip_nulls else fn(value) for value in values.to_list()]
    return pl.Series(values.name, written, dtype=pl.String)


def format_month(value: dt.date | None) -> str:
    """date(2025, 10, 1) -> "okt 2025"."""
    if value is None:
        return MISSING
    return f"{MONTHS[value.month - 1]} {value.year}"


def format_period(period: str | None) -> str:
    """A period key as a reader says it: "2025-10" -> "okt 2025", "2024-K4" -> "K4 2024"."""
    if not period:
        return MISSING
    if len(period) == 7 and period[4] == "-" and period[5:].isdigit():
        return f"{MONTHS[int(period[5:]) - 1]} {period[:4]}"
    if len(period) == 7 and period[5] == "K":
        return f"{period[5:]} {period[:4]}"
    return period


def format_value(value: float | None, unit: str, signed: bool = False) -> str:
    """A figure in the unit the catalog gives it (procent, euro, dagen, dossiers, …)."""
    if value is None or _missing(value):
        return MISSING
    if unit == "procent":
        return format_pct(value, signed=signed)
    if unit == "euro":
        return format_eur(value, signed=signed)
    if unit == "dagen":
        number = format_number(value, 0, signed)
        return number + (" dag" if number.lstrip("+-") == "1" else " dagen")
    if unit == "dossiers per fte":
        return format_number(value, 1, signed)
    return format_number(value, 0, signed)


def _invisible_characters() -> dict[int, str]:
    """Code point -> '[U+XXXX]' for every character that acts on the text without being seen."""
    codes = [c for c in range(0x20) if chr(c) not in "\t\n"] + list(range(0x7F, 0xA0))
    codes += [
        0x061C,
        0x180E,
        *range(0x200B, 0x2010),
        *range(0x202A, 0x202F),
        0x2028,
        0x2029,
        *range(0x2060, 0x2065),
        *range(0x2066, 0x206A),
        0xFEFF,
    ]
    return {c: f"[U+{c:04X}]" for c in codes}


_INVISIBLE = _invisible_characters()
INVISIBLE_MARKERS = {chr(code): marker for code, marker in _INVISIBLE.items()}  # for polars


def visible_text(text: str) -> str:
    """User or source text with every control and invisible character written out as [U+XXXX].

    A bell or a terminal escape (\\x1b[31m) does nothing useful on a screen or paper, a
    right-to-left override reverses what follows it and a zero-width space hides between
    letters: the reader must see that they are there. The store keeps the text exactly as it
    was written; this is only how it is shown. Line ends (CRLF, or a lone CR as in old Mac
    exports) become one newline, and tabs stay.
    """
    text = str(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(_INVISIBLE)


def format_change(value: float | None, unit: str) -> str:
    """A change of a figure: percentages change in procentpunten, not percent."""
    if value is None or _missing(value):
        return MISSING
    if unit == "procent":
        return format_number(value, 1, signed=True) + " procentpunt"
    return format_value(value, unit, signed=True)
