"""Reads one exported file (CSV in any Dutch export dialect, or XLSX) into typed columns.

Every source module declares its columns with `Column`; `read_table` turns bytes into a
typed polars frame plus the rejected values (per column the first ADC_MAX_REJECTIONS_PER_COLUMN
listed, the rest counted). Nothing is loaded from a file with a rejection, so this module only
reports; the build decides. Limits come before work: a workbook is inspected before it is
unpacked (etl/workbook.py), a CSV's lines, rows and cells are counted before it is parsed.

Row numbers are the ones a person sees when opening the file in a spreadsheet: the header
is row 1, the first data row is row 2, blank lines keep their number.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import numpy as np
import polars as pl

from etl import workbook
from kernel import adc_settings

ROW = "_row"  # the spreadsheet row number, kept until the frame is loaded

TEXT, CODE, INT, DECIMAL, DATE, BOOL = "text", "code", "int", "decimal", "date", "bool"

EXPECTED = {
    TEXT: "tekst",
    CODE: "een geldige code",
    INT: "een geheel getal",
    DECIMAL: "een getal (bijvoorbeeld 12,5 of 12.5)",
    DATE: "een bestaande datum (dd-mm-jjjj of jjjj-mm-dd)",
    BOOL: "ja of nee",
}

MAX_CELL_CHARS = 10_000  # longer cells are a broken export, not data
# The database stores whole numbers as INTEGER: a larger one would fail the load, not the check.
INT_RANGE = (-2_147_483_648, 2_147_483_647)
# No amount, fte or norm in the social domain comes near; 1e308 would overflow the first sum.
MAX_DECIMAL = 1e15
# A date outside these years is a typo or a sentinel (31-12-9999), not a peildatum or decision.
DATE_RANGE = (dt.date(1900, 1, 1), dt.date(2100, 12, 31))
_DAYS_RANGE = tuple((d - dt.date(1970, 1, 1)).days for d in DATE_RANGE)
XLSX_MAGIC = b"PK\x03\x04"
UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_NOT_BLANK = re.compile(rb"\S")


@dataclass(frozen=True)
class Column:
    name: str  # English column name in the database
    header: str  # Dutch header as exported
    kind: str = TEXT
    required: bool = True
    codes: dict[str, str] | None = None  # accepted spelling (lower case) -> stored code
    minimum: float | None = None
    minimum_exclusive: bool = False
    case: str | None = None  # "upper" or "lower": codes are matched case-insensitively

    def expected(self) -> str:
        if self.codes:
            return "een van: " + ", ".join(sorted(set(self.codes.values())))
        text = EXPECTED[self.kind]
        if self.minimum is not None:
            sign = ">" if self.minimum_exclusive else "≥"
            text += f" {sign} {_format_number(self.minimum)}"
        return text


@dataclass(frozen=True)
class Rejection:
    file: str
    row: int | None
    column: str
    value: str
    expected: str
    # A summary rather than one value: this many further rejections in the column, counted but
    # not listed (a file of 3 million bad rows must not cost 3 million objects in memory).
    more: int = 0

    def message(self) -> str:
        if self.more:
            return (
                f"{self.file}, kolom '{self.column}': en nog {_thousands(self.more)} andere "
                f"{'waarde' if self.more == 1 else 'waarden'} afgewezen; verwacht: "
                f"{self.expected}."
            )
        where = f"rij {self.row}" if self.row is not None else "bestand"
        value = self.value if len(self.value) <= 80 else self.value[:77] + "..."
        return f"{self.file}, {where}, kolom '{self.column}': waarde '{value}' afgewezen; verwacht: {self.expected}."


@dataclass
class ReadResult:
    frame: pl.DataFrame  # typed, English column names, plus ROW
    rows_read: int
    rejections: list[Rejection] = field(default_factory=list)


class RowCheck:
    """A rule over a typed row: rows where `violated` is true are rejected in `column`."""

    def __init__(self, column: str, violated: Callable[[], pl.Expr], expected: str):
        self.column, self.violated, self.expected = column, violated, expected


def rejection_count(rejections: list[Rejection]) -> int:
    """How many values were rejected, the summarised ones included."""
    return sum(r.more or 1 for r in rejections)


def rejection_limit() -> int:
    """How many rejections of one column of one file are listed one by one."""
    return int(adc_settings.MAX_REJECTIONS_PER_COLUMN.get())


def listed(
    name: str, column: str, found: pl.DataFrame, make: Callable[[int, object], Rejection], expected: str
) -> list[Rejection]:
    """Rejections for the first rows of `found` (ROW and the value), and one summary that counts
    the rest exactly."""
    limit = rejection_limit()
    rejections = [make(row, value) for row, value in found.head(limit).iter_rows()]
    if found.height > limit:
        rejections.append(Rejection(name, None, column, "", expected, more=found.height - limit))
    return rejections


def code_map(*codes: str, **spellings: str) -> dict[str, str]:
    """Accepted spellings: each code itself, plus extra spellings mapped to a code."""
    mapping = {code.lower(): code for code in codes}
    mapping.update({spelling.lower(): code for spelling, code in spellings.items()})
    return mapping


# What a reader takes: a file's path, its bytes, or an open binary stream (an upload).
Source = Path | str | IO[bytes] | bytes | bytearray


def read_table(
    source: Source,
    columns: list[Column],
    *,
    file_name: str | None = None,
    checks: tuple[RowCheck, ...] = (),
    unique: tuple[str, ...] = (),
) -> ReadResult:
    """Parse, rename, cast and validate one file; report every bad value at once (bounded)."""
    name, data = _bytes_of(source, file_name)
    try:
        raw = _raw_frame(data, name, {c.header.lower() for c in columns})
    except _FileProblem as problem:
        return ReadResult(_empty(columns), 0, problem.rejections)

    rejections = _header_rejections(raw, columns, name)
    if rejections:
        return ReadResult(_empty(columns), 0, rejections)

    cells = _select_columns(raw, columns)
    keep = _data_rows(cells, columns)
    typed, rejections = _cast(cells, keep, columns, name)
    rejections += _check_rows(typed, checks, columns, name, rejections)
    rejections += _check_unique(typed, unique, columns, name)
    headers = [c.header for c in columns]
    rejections.sort(key=lambda r: (r.more > 0, r.row or 0, headers.index(r.column) if r.column in headers else 99))
    return ReadResult(typed, typed.height, rejections)


# --- bytes to a frame of strings -------------------------------------------------------


class _FileProblem(Exception):
    """The file cannot be read as a table at all: nothing in it is checked further."""

    def __init__(self, *rejections: Rejection):
        self.rejections = list(rejections)


def _bytes_of(source: Source, file_name: str | None) -> tuple[str, bytes]:
    if isinstance(source, (bytes, bytearray)):
        return file_name or "bestand", bytes(source)
    if isinstance(source, Path | str):
        path = Path(source)
        return file_name or path.name, path.read_bytes()
    return file_name or str(getattr(source, "name", "bestand")), source.read()


def _raw_frame(data: bytes, name: str, headers: set[str]) -> pl.DataFrame:
    if data.startswith(UTF16_BOMS):  # Excel's "Unicode-tekst" export
        data = data.decode("utf-16", errors="replace").encode("utf-8")
    if _NOT_BLANK.search(data, len(UTF8_BOM) if data.startswith(UTF8_BOM) else 0) is None:
        raise _FileProblem(Rejection(name, None, "-", "(leeg bestand)", "een kopregel en gegevens"))
    if data.startswith(XLSX_MAGIC):
        return _raw_xlsx(data, name, headers)
    data = _normalised_bytes(data)
    try:
        return _raw_csv(data, name)
    except _NotUtf8:
        pass
    cut = _cut_utf8(data)
    if cut is not None:
        return _raw_csv(cut, name)
    # Older Dutch systems export Windows-1252; every byte decodes there except five.
    return _raw_csv(data.decode("cp1252", errors="replace").encode("utf-8"), name)


def _cut_utf8(data: bytes) -> bytes | None:
    """UTF-8 cut off inside its last character (an interrupted copy): without that fragment,
    rather than every accent in the file misread as Windows-1252."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data" and error.end == len(data):
            return data[: error.start]
    return None


def _normalised_bytes(data: bytes) -> bytes:
    """Without NUL bytes, stray BOMs or old Mac line ends. A large export is passed on without
    a copy: polars reads bytes far faster than a decoded string, and these files run to
    hundreds of megabytes. (The leading BOM stays: it sits in the header line, which is parsed
    apart.)"""
    if b"\x00" in data:
        data = _without_nul(data)
    start = len(UTF8_BOM) if data.startswith(UTF8_BOM) else 0
    # A BOM further on (two exports pasted together) would stick to a value. Its first byte is
    # rare in Dutch text and found by memchr, ten times faster than the three-byte search.
    first = data.find(UTF8_BOM[:1], start)
    if first >= 0 and data.find(UTF8_BOM, first) >= 0:
        data = data[:start] + data[start:].replace(UTF8_BOM, b"")
    # Only a file without any LF has CR line ends; elsewhere a CR is part of a quoted value
    # (polars reads CRLF itself).
    if b"\r" in data and b"\n" not in data:
        data = data.replace(b"\r", b"\n")
    return data


def _without_nul(data: bytes) -> bytes:
    """UTF-16 without BOM (every header starts with a letter, so a NUL beside the first one
    gives it away), or stray NUL bytes, which no text means."""
    if len(data) >= 2 and (data[0] == 0) != (data[1] == 0):
        data = data.decode("utf-16-be" if data[0] == 0 else "utf-16-le", errors="replace").encode("utf-8")
    return data.replace(b"\x00", b"")


class _NotUtf8(Exception):
    """The bytes are not UTF-8 (polars only reads UTF-8)."""


def _raw_csv(data: bytes, name: str) -> pl.DataFrame:
    # Polars parses, not DuckDB's read_csv straight into the table (issue 18): on the city's
    # 2 million decisions, DuckDB reading and casting them, without a single check, cost as much
    # CPU (3.8-4.7 s) as polars reading, checking every value and handing them over (4.0-5.0 s).
    header_end = data.find(b"\n")
    try:
        header_line = (
            (data if header_end < 0 else data[:header_end]).removeprefix(UTF8_BOM).decode("utf-8").rstrip("\r")
        )
    except UnicodeDecodeError:
        raise _NotUtf8 from None
    separator = max((";", ",", "\t"), key=header_line.count)
    try:
        headers = next(csv.reader([header_line], delimiter=separator), [])
    except csv.Error:  # e.g. a CR inside the header line
        headers = []
    if not any(h.strip() for h in headers):
        raise _FileProblem(
            Rejection(name, 1, "-", header_line.strip()[:80] or "(lege regel)", "de kolomnamen op rij 1")
        )
    _check_csv_limits(data, name, len(headers))
    try:
        if header_end >= 0 and _NOT_BLANK.search(data, header_end):
            # Polars takes the width from the header line (without a header, from the first
            # data line: a blank line there made the whole file unreadable).
            frame = pl.read_csv(data, separator=separator, infer_schema=False, has_header=True)
        else:  # a header without data is a valid, empty export; polars refuses to parse it
            frame = pl.DataFrame(schema={f"c{i}": pl.String for i in range(len(headers))})
    except pl.exceptions.PolarsError:
        try:
            text = data.removeprefix(UTF8_BOM).decode("utf-8")
        except UnicodeDecodeError:
            raise _NotUtf8 from None
        raise _FileProblem(_find_broken_row(text.replace("\r\n", "\n"), separator, len(headers), name)) from None
    if frame.width != len(headers):  # a quoted line break inside the header line
        raise _FileProblem(Rejection(name, 1, "-", header_line.strip()[:80], "de kolomnamen op rij 1, op één regel"))
    stripped = [h.strip() for h in headers]  # "Rol" and "Rol " are one name twice
    frame.columns = stripped if len(set(stripped)) == len(stripped) else [f"{h}\x00{i}" for i, h in enumerate(stripped)]
    return frame.with_row_index(ROW, offset=2).with_columns(pl.col(ROW).cast(pl.Int64))


def _check_csv_limits(data: bytes, name: str, width: int) -> None:
    """Refuse a file with a line, or rows or cells, over the limits before polars parses it."""
    max_line = float(adc_settings.MAX_LINE_KB.get()) * 1024
    # Usually no line is too long, which a hop from line end to line end proves at memchr speed;
    # only a file that has one is measured line by line, to name the longest.
    lines = data.count(b"\n") + (not data.endswith(b"\n") and len(data) > 0)
    longest, line = (_longest_line(data)[:2]) if _has_long_line(data, int(max_line)) else (0, 1)
    if longest > max_line:
        raise _FileProblem(
            Rejection(
                name,
                line,
                "-",
                f"(regel van {_thousands(longest)} bytes)",
                f"regels van hoogstens {_thousands(max_line)} bytes (instelling ADC_MAX_LINE_KB)",
            )
        )
    max_rows, max_cells = int(adc_settings.MAX_ROWS.get()), int(adc_settings.MAX_CELLS.get())
    if lines - 1 > max_rows:
        raise _FileProblem(
            Rejection(
                name,
                None,
                "-",
                f"({_thousands(lines - 1)} rijen)",
                f"hoogstens {_thousands(max_rows)} rijen per bestand (instelling ADC_MAX_ROWS)",
            )
        )
    if (lines - 1) * width > max_cells:
        raise _FileProblem(
            Rejection(
                name,
                None,
                "-",
                f"({_thousands((lines - 1) * width)} cellen)",
                f"hoogstens {_thousands(max_cells)} cellen per bestand (instelling ADC_MAX_CELLS)",
            )
        )


_LINE_CHUNK = 64 * 1024 * 1024


def _has_long_line(data: bytes, limit: int) -> bool:
    """Whether a line is longer than `limit` bytes: from each line start, the last line end
    within the next limit + 1 bytes is the next start; a window without one holds a longer line."""
    start = 0
    while len(data) - start > limit:
        end = data.rfind(b"\n", start, start + limit + 1)
        if end < 0:
            return True
        start = end + 1
    return False


def _longest_line(data: bytes) -> tuple[int, int, int]:
    """The length in bytes of the longest line, its line number, and the number of lines; in
    chunks, so that a 300 MB file costs a few arrays of 64 MB (numpy: a million lines a ms)."""
    view = np.frombuffer(data, np.uint8)
    longest, longest_line, lines, last_end = 0, 1, 0, -1
    for start in range(0, len(view), _LINE_CHUNK):
        ends = np.flatnonzero(view[start : start + _LINE_CHUNK] == 10) + start
        if not ends.size:
            continue
        gaps = np.diff(ends, prepend=last_end) - 1
        i = int(gaps.argmax())
        if gaps[i] > longest:
            longest, longest_line = int(gaps[i]), lines + i + 1
        lines, last_end = lines + ends.size, int(ends[-1])
    if len(view) - last_end - 1 > longest:
        longest, longest_line = len(view) - last_end - 1, lines + 1
    return longest, longest_line, lines + (last_end < len(view) - 1)


def _find_broken_row(text: str, separator: str, width: int, name: str) -> Rejection:
    """Polars only says that parsing failed; the csv module finds the row a person can fix."""
    reader = csv.reader(io.StringIO(text), delimiter=separator)
    try:
        for number, fields in enumerate(reader, start=1):
            if fields and len(fields) != width:
                return Rejection(
                    name, number, "-", separator.join(fields)[:80], f"{width} kolommen, gevonden {len(fields)}"
                )
    except csv.Error:  # its message is English and about Python; the line says more
        lines = text.split("\n", reader.line_num)
        line = lines[reader.line_num - 1] if 0 < reader.line_num <= len(lines) else ""
        return Rejection(
            name,
            reader.line_num or None,
            "-",
            line[:80],
            "een leesbare CSV-regel (aanhalingstekens en regeleinden op hun plaats)",
        )
    return Rejection(name, None, "-", "(onleesbaar)", "een CSV- of XLSX-bestand")


def _raw_xlsx(data: bytes, name: str, headers: set[str]) -> pl.DataFrame:
    """The first worksheet, as the values Excel shows (a formula's stored result).

    Blank rows are kept, so that rows keep the numbers a person sees, as in a CSV file. The
    workbook is inspected first (etl/workbook.py): a zip bomb, a DTD or a sheet over the row or
    cell limit is refused before fastexcel unpacks it."""
    try:
        facts = workbook.inspect(data)
    except workbook.Refusal as refusal:
        raise _FileProblem(Rejection(name, None, "-", refusal.value, refusal.expected)) from None
    try:
        frame = pl.read_excel(data, sheet_id=1, infer_schema_length=0, raise_if_empty=False, drop_empty_rows=False)
    except Exception:  # noqa: BLE001 - fastexcel raises its own types for corrupt workbooks
        raise _FileProblem(Rejection(name, None, "-", "(onleesbaar)", "een leesbaar Excel-werkboek (.xlsx)")) from None
    if frame.width == 0:
        raise _FileProblem(
            Rejection(
                name, None, "-", "(leeg werkblad)", "de gegevens op het eerste werkblad, met de kolomnamen op rij 1"
            )
        )
    problems = [
        r
        for r in _cell_problems(data, facts, name, frame.columns)
        if r.column == "-" or r.column.strip().lower() in headers
    ]
    if problems:
        raise _FileProblem(*problems)
    frame = frame.with_columns(pl.all().cast(pl.String))
    if any("_duplicated_" in c for c in frame.columns):
        frame.columns = [re.sub(r"_duplicated_\d+$", "", c) + f"\x00{i}" for i, c in enumerate(frame.columns)]
    # Spreadsheet dates and whole numbers arrive as "2024-03-31 00:00:00" and "12.0".
    frame = frame.with_columns(
        pl.all().str.replace(r"^(\d{4}-\d{2}-\d{2}) 00:00:00$", "$1").str.replace(r"^(-?\d+)\.0$", "$1")
    )
    return frame.with_row_index(ROW, offset=2).with_columns(pl.col(ROW).cast(pl.Int64))


def _cell_problems(data: bytes, facts: workbook.SheetFacts, name: str, headers: list[str]) -> list[Rejection]:
    """The cells fastexcel reads as empty although they are not, as rejections in the column
    they are in (a cell beside the table is not read, so not in the way)."""
    if not facts.may_have_formulas:  # usually: no formulas at all
        return []
    try:
        cells = workbook.cell_problems(data, facts.part)
    except Exception:  # noqa: BLE001 - fastexcel read the sheet: XML it cannot parse is refused as unreadable
        return [Rejection(name, None, "-", "(onleesbaar)", "een leesbaar Excel-werkboek (.xlsx)")]
    return [
        Rejection(name, cell.row, headers[cell.column], cell.value, cell.expected)
        for cell in cells
        if 0 <= cell.column < len(headers)
    ]


# --- headers ---------------------------------------------------------------------------


def _header_rejections(raw: pl.DataFrame, columns: list[Column], name: str) -> list[Rejection]:
    found = [c for c in raw.columns if c != ROW]
    plain = [c.split("\x00")[0].strip().lower() for c in found]
    # Counted once (a line of 100,000 commas is a header too); unnamed columns are not read,
    # so trailing separators ("a,b,,") are no duplicate.
    counts = Counter(plain)
    rejections = [
        Rejection(name, 1, header, header, "elke kolomnaam één keer")
        for header in sorted({found[i].split("\x00")[0] for i, p in enumerate(plain) if p and counts[p] > 1})
    ]
    # A file that is one long line (or a binary one) has one giant "header": name it briefly.
    shown = [h.split("\x00")[0][:40] for h in found[:30]] + (["…"] if len(found) > 30 else [])
    for column in columns:
        if column.header.lower() not in plain and column.required:
            rejections.append(
                Rejection(
                    name,
                    1,
                    column.header,
                    "(kolom ontbreekt)",
                    "een kolom met deze naam; gevonden: " + ", ".join(shown),
                )
            )
    return rejections


def _select_columns(raw: pl.DataFrame, columns: list[Column]) -> pl.DataFrame:
    """ROW and one column of raw text per declared column (null where an optional one is absent)."""
    # A header that occurs twice carries "\x00<position>"; only an unnamed one can get here.
    by_lower = {c.split("\x00")[0].strip().lower(): c for c in raw.columns if c != ROW}
    return raw.select(
        pl.col(ROW),
        *[
            (pl.col(by_lower[c.header.lower()]) if c.header.lower() in by_lower else pl.lit(None, pl.String)).alias(
                c.name
            )
            for c in columns
        ],
    )


_BLANK_OR_TOTAL = r"(?i)^\s*(?:totaal|$)"
# "Totaal", "TOTAAL:", "Totaal 2024"; not a value that merely starts with the word, such as a
# story titled "Totaal anders" whose id was left empty (that row must be refused, not skipped).
_TOTAL_LABEL = r"^totaal[\s:.\-\d]*$"


def _data_rows(cells: pl.DataFrame, columns: list[Column]) -> pl.Series:
    """False for blank lines and for a "Totaal" row (its first filled cell starts with Totaal).

    Only a row whose first cell is empty or starts with "totaal" can be either, so the other
    cells are looked at for those rows alone (at 2 million rows, a pass over every cell counts).
    """
    first = cells.get_column(columns[0].name)
    candidate = (first.is_null() | first.str.contains(_BLANK_OR_TOTAL)).fill_null(True)
    if not candidate.any():
        return pl.repeat(True, cells.height, dtype=pl.Boolean, eager=True).alias("keep")
    names = [c.name for c in columns]
    stripped = [pl.col(n).str.strip_chars() for n in names]
    empty = pl.all_horizontal([v.is_null() | (v == "") for v in stripped])
    first_value = pl.coalesce([pl.when(v != "").then(v) for v in stripped])
    total = first_value.str.to_lowercase().str.contains(_TOTAL_LABEL).fill_null(False)
    return cells.select((~candidate | (~empty & ~total)).alias("keep")).to_series()


# --- casting ---------------------------------------------------------------------------


def _cast(
    cells: pl.DataFrame, keep: pl.Series, columns: list[Column], name: str
) -> tuple[pl.DataFrame, list[Rejection]]:
    """The typed frame of the data rows, and a rejection for every bad value in them."""
    typed_columns: list[pl.Series] = []
    rejections: list[Rejection] = []
    # Columns are independent and polars releases the GIL: read them side by side.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        results = list(pool.map(lambda c: _typed_column(cells.get_column(c.name), c), columns))
    for column, (typed, bad, decimal_comma) in zip(columns, results):
        typed_columns.append(typed.alias(column.name))
        if bad is None:  # usually: then no row is looked at one by one
            continue
        found = cells.filter(bad & keep).select(ROW, column.name)
        first = found.head(rejection_limit()).get_column(column.name).to_list()
        beyond = _beyond_range(column, {v for v in first if v}, decimal_comma)

        def make(row: int, raw_value: object, column: Column = column, beyond: set[str] = beyond) -> Rejection:
            value = str(raw_value or "").strip()
            expected = (
                _range_expected(column)
                if raw_value in beyond
                else column.expected()
                if value
                else "een waarde (verplicht veld is leeg)"
            )
            return Rejection(name, row, column.header, value, expected)

        rejections += listed(name, column.header, found, make, column.expected())
    frame = pl.DataFrame([cells.get_column(ROW), *typed_columns]).filter(keep)
    return frame, rejections


def _typed_column(values: pl.Series, column: Column) -> tuple[pl.Series, pl.Series | None, bool]:
    """The column cast to its kind, which of its cells are bad (None: none is), and whether
    its numbers were read with a decimal comma.

    A value's reading depends on the value alone (and, for numbers, on whether the column has
    a comma anywhere), so codes, dates and numbers are read once per distinct value: an
    export of 2 million rows has a few thousand distinct dates and a handful of codes.
    """
    if column.kind == TEXT and not column.codes and column.case is None:
        frame = values.to_frame(column.name)
        typed = frame.select(_cast_expr(column)).to_series()
        present = frame.select(_present(pl.col(column.name).str.strip_chars())).to_series()
        return typed, _bad(present, typed, column), False
    fast = _fast_parse(values, column)
    if fast is not None:
        return fast, _bad(values.is_not_null(), fast, column), False
    distinct = values.drop_nulls().unique().to_frame(column.name)
    stripped = distinct.with_columns(pl.col(column.name).str.strip_chars())
    decimal_comma = column.kind in (INT, DECIMAL) and bool(
        stripped.get_column(column.name).str.contains(",", literal=True).any()
    )
    typed_distinct = stripped.select(_cast_expr(column, decimal_comma)).to_series()
    typed = values.replace_strict(
        distinct.get_column(column.name), typed_distinct, default=None, return_dtype=typed_distinct.dtype
    )
    present = stripped.select(_present(pl.col(column.name))).to_series()
    bad_distinct = _bad(present, typed_distinct, column)
    missing = column.required and values.null_count() > 0
    if bad_distinct is None and not missing:
        return typed, None, decimal_comma
    bad_values = distinct.get_column(column.name).filter(
        bad_distinct if bad_distinct is not None else pl.repeat(False, distinct.height, eager=True)
    )
    return (typed, values.is_in(bad_values.implode()) | (values.is_null() & column.required), decimal_comma)


def _present(value: pl.Expr) -> pl.Expr:
    return value.is_not_null() & (value != "")


def _bad(present: pl.Series, typed: pl.Series, column: Column) -> pl.Series | None:
    """Unreadable, missing while required, or below the minimum (None: no cell is)."""
    bad = (present & typed.is_null()) | (~present & column.required)
    if column.minimum is not None:
        bad = bad | _below_minimum(column, typed).fill_null(False)
    return bad if bad.any() else None


def _fast_parse(values: pl.Series, column: Column) -> pl.Series | None:
    """Plain integers and ISO dates, as large exports write them, read in one pass; None when
    some value needs the Dutch spellings (or spaces trimmed), or lies outside the range, which
    the full reading then explains."""
    if column.codes or column.case is not None or column.kind not in (INT, DATE):
        return None
    if column.kind == INT:
        parsed = values.cast(pl.Int32, strict=False)  # INT_RANGE: a larger number gives null
        return parsed.cast(pl.Int64) if parsed.null_count() == values.null_count() else None
    parsed = values.str.to_date("%Y-%m-%d", strict=False)
    if parsed.null_count() != values.null_count():
        return None
    # As days since 1970: polars holds dates (year 12345) that Python's date cannot.
    days = parsed.to_physical()
    if parsed.null_count() < parsed.len():
        low, high = days.min(), days.max()
        if not isinstance(low, int) or not isinstance(high, int) or low < _DAYS_RANGE[0] or high > _DAYS_RANGE[1]:
            return None
    return parsed


def _present_value(column: Column) -> pl.Expr:
    value = pl.when(pl.col(column.name).str.strip_chars() != "").then(pl.col(column.name).str.strip_chars())
    return pl.when(value.str.len_chars() <= MAX_CELL_CHARS).then(value)


def _below_minimum(column: Column, value: pl.Series) -> pl.Series:
    return value <= column.minimum if column.minimum_exclusive else value < column.minimum


def _cast_expr(column: Column, decimal_comma: bool = False, bounded: bool = True) -> pl.Expr:
    """The reading of the column's text as its kind; null where unreadable. `bounded`: also
    null outside the range the database can hold and the figures can mean."""
    value = _present_value(column)
    if column.codes:
        return value.str.to_lowercase().replace_strict(column.codes, default=None, return_dtype=pl.String)
    if column.case == "upper":
        return value.str.to_uppercase()
    if column.case == "lower":
        return value.str.to_lowercase()
    if column.kind in (TEXT, CODE):
        return value
    if column.kind == BOOL:
        return value.str.to_lowercase().replace_strict(
            {
                "ja": True,
                "j": True,
                "true": True,
                "1": True,
                "yes": True,
                "nee": False,
                "n": False,
                "false": False,
                "0": False,
                "no": False,
            },
            default=None,
            return_dtype=pl.Boolean,
        )
    if column.kind == DATE:
        date = pl.coalesce(
            value.str.to_date("%Y-%m-%d", strict=False),
            value.str.to_date("%d-%m-%Y", strict=False),
            value.str.to_date("%d/%m/%Y", strict=False),
        )
        return pl.when(date.is_between(*DATE_RANGE)).then(date) if bounded else date
    number = _normalised_number(column, value, decimal_comma).cast(pl.Float64, strict=False)
    number = pl.when(number.is_finite()).then(number)  # polars reads "nan" and "inf" as floats
    if column.kind == INT:
        whole = number == number.round(0)
        if bounded:
            whole = whole & number.is_between(*INT_RANGE)
        return pl.when(whole).then(number).cast(pl.Int64, strict=False)
    return pl.when(number.abs() < MAX_DECIMAL).then(number) if bounded else number


def _normalised_number(column: Column, value: pl.Expr, decimal_comma: bool) -> pl.Expr:
    """Decimal comma or point, decided per column: a comma anywhere makes dots thousands.

    A value that fits neither spelling is unreadable rather than read as another number:
    beside decimal commas, "12.5" would be 125 and "1,234.5" 1,2345."""
    value = value.str.replace_all(r"[\s\u00a0€]", "")
    if decimal_comma:
        return pl.when(value.str.contains(r"^[+-]?(\d{1,3}(\.\d{3})+|\d*)(,\d+)?$")).then(
            value.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True)
        )
    # Without commas, "1.234.567" (or "1.234" for a whole number) can only be thousands.
    groups = "+" if column.kind == INT else "{2,}"
    return (
        pl.when(value.str.contains(r"^[+-]?\d{1,3}(\.\d{3})" + groups + "$"))
        .then(value.str.replace_all(".", "", literal=True))
        .when(value.str.contains(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"))
        .then(value)
    )


def _beyond_range(column: Column, values: set[str], decimal_comma: bool) -> set[str]:
    """Of these rejected values, the ones that are readable but outside the range (their
    message names the range instead of the spelling)."""
    if column.kind not in (INT, DECIMAL, DATE) or not values:
        return set()
    frame = pl.DataFrame({column.name: sorted(values)}, schema={column.name: pl.String})
    readings = frame.select(
        pl.col(column.name),
        _cast_expr(column, decimal_comma).alias("in"),
        _cast_expr(column, decimal_comma, bounded=False).alias("any"),
    )
    return set(readings.filter(pl.col("in").is_null() & pl.col("any").is_not_null()).get_column(column.name).to_list())


def _range_expected(column: Column) -> str:
    if column.kind == DATE:
        return f"een datum van {_display(DATE_RANGE[0])} tot en met {_display(DATE_RANGE[1])}"
    low, high = INT_RANGE if column.kind == INT else (-MAX_DECIMAL, MAX_DECIMAL)
    between = "tussen" if column.kind == DECIMAL else "van"
    closing = "en" if column.kind == DECIMAL else "tot en met"
    return f"{column.expected()}, {between} {_thousands(low)} {closing} {_thousands(high)}"


def _thousands(number: float) -> str:
    return f"{int(number):,}".replace(",", ".")


# --- rules over rows -------------------------------------------------------------------


def _check_rows(
    typed: pl.DataFrame, checks: tuple[RowCheck, ...], columns: list[Column], name: str, earlier: list[Rejection]
) -> list[Rejection]:
    by_name = {c.name: c for c in columns}
    rejections: list[Rejection] = []
    if not checks:
        return rejections
    # A cell already refused is null in `typed`: a rule about it being empty would say it twice.
    refused = {(r.row, r.column) for r in earlier}
    # One pass for every rule; the rows are only looked up for a rule that is broken.
    masks = typed.select(*[c.violated().fill_null(False).alias(str(i)) for i, c in enumerate(checks)])
    broken = masks.select(pl.all().any()).row(0)
    for check, mask, any_broken in zip(checks, masks.iter_columns(), broken):
        if not any_broken:
            continue
        header = by_name[check.column].header
        bad = typed.filter(mask).filter(~pl.col(ROW).is_in([row for row, h in refused if h == header]))
        rejections += listed(
            name, header, bad.select(ROW, check.column), _rule_rejection(name, header, check.expected), check.expected
        )
    return rejections


def _check_unique(typed: pl.DataFrame, unique: tuple[str, ...], columns: list[Column], name: str) -> list[Rejection]:
    if not unique:
        return []
    # Equal keys have equal hashes, so all-distinct hashes prove all keys distinct; counting
    # 64-bit hashes is five times faster than comparing the keys (only a clash looks further).
    key = pl.col(unique[0]) if len(unique) == 1 else pl.struct(unique)
    if typed.select(key.hash().n_unique()).item() == typed.height:
        return []
    dupes = typed.filter(~pl.struct(unique).is_first_distinct())
    header = {c.name: c.header for c in columns}[unique[0]]
    expected = (
        "een unieke waarde"
        + (" voor " + " + ".join(unique) if len(unique) > 1 else "")
        + " (komt eerder in het bestand voor)"
    )
    return listed(
        name,
        header,
        dupes.select(ROW, unique[0]),
        lambda row, value: Rejection(name, row, header, _display(value), expected),
        expected,
    )


def _rule_rejection(name: str, header: str, expected: str) -> Callable[[int, object], Rejection]:
    """How a broken rule names one row: the value as the file has it, and what was expected."""

    def make(row: int, value: object) -> Rejection:
        return Rejection(name, row, header, "" if value is None else _display(value), expected)

    return make


def _display(value: object) -> str:
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.strftime("%d-%m-%Y")
    return _format_number(value) if isinstance(value, float) else str(value)


def _format_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


def _empty(columns: list[Column]) -> pl.DataFrame:
    dtypes = {TEXT: pl.String, CODE: pl.String, INT: pl.Int64, DECIMAL: pl.Float64, DATE: pl.Date, BOOL: pl.Boolean}
    return pl.DataFrame(schema={ROW: pl.Int64, **{c.name: dtypes[c.kind] for c in columns}})
