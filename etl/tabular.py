"""Reads one exported file (CSV in any Dutch export dialect, or XLSX) into typed columns.

Every source module declares its columns with `Column`; `read_table` turns bytes into a
typed polars frame plus the full list of rejected values. Nothing is loaded from a file
with a rejection, so this module only reports; the build decides.

Row numbers are the ones a person sees when opening the file in a spreadsheet: the header
is row 1, the first data row is row 2, blank lines keep their number.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Callable

import polars as pl

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
XLSX_MAGIC = b"PK\x03\x04"


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

    def message(self) -> str:
        where = f"rij {self.row}" if self.row is not None else "bestand"
        value = self.value if len(self.value) <= 80 else self.value[:77] + "..."
        return (
            f"{self.file}, {where}, kolom '{self.column}': waarde '{value}' "
            f"afgewezen; verwacht: {self.expected}."
        )


@dataclass
class ReadResult:
    frame: pl.DataFrame  # typed, English column names, plus ROW
    rows_read: int
    rejections: list[Rejection] = field(default_factory=list)


class RowCheck:
    """A rule over a typed row: rows where `violated` is true are rejected in `column`."""

    def __init__(self, column: str, violated: Callable[[], pl.Expr], expected: str):
        self.column, self.violated, self.expected = column, violated, expected


def code_map(*codes: str, **spellings: str) -> dict[str, str]:
    """Accepted spellings: each code itself, plus extra spellings mapped to a code."""
    mapping = {code.lower(): code for code in codes}
    mapping.update({spelling.lower(): code for spelling, code in spellings.items()})
    return mapping


def read_table(
    source: Path | IO[bytes] | bytes,
    columns: list[Column],
    *,
    file_name: str | None = None,
    checks: tuple[RowCheck, ...] = (),
    unique: tuple[str, ...] = (),
) -> ReadResult:
    """Parse, rename, cast and validate one file; report every bad value at once."""
    name, data = _bytes_of(source, file_name)
    try:
        raw = _raw_frame(data, name)
    except _FileProblem as problem:
        return ReadResult(_empty(columns), 0, [problem.rejection])

    rejections = _header_rejections(raw, columns, name)
    if rejections:
        return ReadResult(_empty(columns), 0, rejections)

    raw = _select_columns(raw, columns)
    raw = _drop_blank_and_total_rows(raw, columns)
    typed, rejections = _cast(raw, columns, name)
    rejections += _check_rows(typed, checks, columns, name, rejections)
    rejections += _check_unique(typed, raw, unique, columns, name)
    rejections.sort(key=lambda r: (r.row or 0, [c.header for c in columns].index(r.column)
                                   if r.column in [c.header for c in columns] else 99))
    return ReadResult(typed, raw.height, rejections)


# --- bytes to a frame of strings -------------------------------------------------------


class _FileProblem(Exception):
    def __init__(self, rejection: Rejection):
        self.rejection = rejection


def _bytes_of(source, file_name: str | None) -> tuple[str, bytes]:
    if isinstance(source, (bytes, bytearray)):
        return file_name or "bestand", bytes(source)
    if isinstance(source, Path | str):
        path = Path(source)
        return file_name or path.name, path.read_bytes()
    return file_name or getattr(source, "name", "bestand"), source.read()


def _raw_frame(data: bytes, name: str) -> pl.DataFrame:
    if not data.strip():
        raise _FileProblem(Rejection(name, None, "-", "(leeg bestand)", "een kopregel en gegevens"))
    if data.startswith(XLSX_MAGIC):
        return _raw_xlsx(data, name)
    return _raw_csv(_decode(data), name)


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Older Dutch systems export Windows-1252; every byte decodes there except five.
        return data.decode("cp1252", errors="replace")


def _raw_csv(text: str, name: str) -> pl.DataFrame:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    header_line = text.split("\n", 1)[0]
    separator = max((";", ",", "\t"), key=header_line.count)
    headers = next(csv.reader([header_line], delimiter=separator))
    names = [f"c{i}" for i in range(len(headers))]
    body = text.partition("\n")[2]
    try:
        if body.strip():
            frame = pl.read_csv(io.StringIO(body), separator=separator, infer_schema=False,
                                has_header=False, new_columns=names)
        else:  # a header without data is a valid, empty export; polars refuses to parse it
            frame = pl.DataFrame(schema={n: pl.String for n in names})
    except pl.exceptions.PolarsError:
        raise _FileProblem(_find_broken_row(text, separator, len(headers), name)) from None
    frame.columns = [h.strip() for h in headers] if len(set(headers)) == len(headers) else [
        f"{h.strip()}\x00{i}" for i, h in enumerate(headers)
    ]
    return frame.with_row_index(ROW, offset=2).with_columns(pl.col(ROW).cast(pl.Int64))


def _find_broken_row(text: str, separator: str, width: int, name: str) -> Rejection:
    """Polars only says that parsing failed; the csv module finds the row a person can fix."""
    reader = csv.reader(io.StringIO(text), delimiter=separator)
    try:
        for number, fields in enumerate(reader, start=1):
            if fields and len(fields) != width:
                return Rejection(name, number, "-", separator.join(fields)[:80],
                                 f"{width} kolommen, gevonden {len(fields)}")
    except csv.Error as error:
        return Rejection(name, reader.line_num, "-", str(error), "een leesbare CSV-regel")
    return Rejection(name, None, "-", "(onleesbaar)", "een CSV- of XLSX-bestand")


def _raw_xlsx(data: bytes, name: str) -> pl.DataFrame:
    try:
        frame = pl.read_excel(data, sheet_id=1, infer_schema_length=0, raise_if_empty=False)
    except Exception as error:  # fastexcel raises its own types for corrupt workbooks
        raise _FileProblem(
            Rejection(name, None, "-", type(error).__name__, "een leesbaar Excel-werkboek (.xlsx)")
        ) from None
    frame = frame.with_columns(pl.all().cast(pl.String))
    if any("_duplicated_" in c for c in frame.columns):
        frame.columns = [re.sub(r"_duplicated_\d+$", "", c) + f"\x00{i}"
                         for i, c in enumerate(frame.columns)]
    # Spreadsheet dates and whole numbers arrive as "2024-03-31 00:00:00" and "12.0".
    frame = frame.with_columns(
        pl.all().str.replace(r"^(\d{4}-\d{2}-\d{2}) 00:00:00$", "$1")
        .str.replace(r"^(-?\d+)\.0$", "$1")
    )
    return frame.with_row_index(ROW, offset=2).with_columns(pl.col(ROW).cast(pl.Int64))


# --- headers ---------------------------------------------------------------------------


def _header_rejections(raw: pl.DataFrame, columns: list[Column], name: str) -> list[Rejection]:
    found = [c for c in raw.columns if c != ROW]
    plain = [c.split("\x00")[0].strip().lower() for c in found]
    rejections = [
        Rejection(name, 1, header, header, "elke kolomnaam één keer")
        for header in sorted({found[i].split("\x00")[0] for i, p in enumerate(plain)
                              if plain.count(p) > 1})
    ]
    for column in columns:
        if column.header.lower() not in plain and column.required:
            rejections.append(Rejection(
                name, 1, column.header, "(kolom ontbreekt)",
                "een kolom met deze naam; gevonden: " + ", ".join(p for p in found)))
    return rejections


def _select_columns(raw: pl.DataFrame, columns: list[Column]) -> pl.DataFrame:
    by_lower = {c.strip().lower(): c for c in raw.columns if c != ROW}
    return raw.select(
        pl.col(ROW),
        *[
            (pl.col(by_lower[c.header.lower()]) if c.header.lower() in by_lower
             else pl.lit(None, pl.String)).str.strip_chars().alias(c.name)
            for c in columns
        ],
    )


def _drop_blank_and_total_rows(raw: pl.DataFrame, columns: list[Column]) -> pl.DataFrame:
    names = [c.name for c in columns]
    empty = pl.all_horizontal([pl.col(n).is_null() | (pl.col(n) == "") for n in names])
    first_value = pl.coalesce([pl.when(pl.col(n) != "").then(pl.col(n)) for n in names])
    total = first_value.str.to_lowercase().str.starts_with("totaal").fill_null(False)
    return raw.filter(~empty & ~total)


# --- casting ---------------------------------------------------------------------------


def _cast(raw: pl.DataFrame, columns: list[Column], name: str):
    typed = raw.select(pl.col(ROW), *[_cast_expr(raw, c).alias(c.name) for c in columns])
    rejections: list[Rejection] = []
    for column in columns:
        cells = raw.select(ROW, column.name).with_columns(typed=typed[column.name])
        present = pl.col(column.name).is_not_null() & (pl.col(column.name) != "")
        unreadable = present & pl.col("typed").is_null()
        missing = ~present & column.required
        too_small = (_below_minimum(column, pl.col("typed")).fill_null(False)
                     if column.minimum is not None else pl.lit(False))
        for row, raw_value in cells.filter(unreadable | missing | too_small).select(
                ROW, column.name).iter_rows():
            expected = column.expected() if raw_value else "een waarde (verplicht veld is leeg)"
            rejections.append(Rejection(name, row, column.header, raw_value or "", expected))
    return typed, rejections


def _below_minimum(column: Column, value: pl.Expr) -> pl.Expr:
    return value <= column.minimum if column.minimum_exclusive else value < column.minimum


def _cast_expr(raw: pl.DataFrame, column: Column) -> pl.Expr:
    value = pl.when(pl.col(column.name) != "").then(pl.col(column.name))
    value = pl.when(value.str.len_chars() <= MAX_CELL_CHARS).then(value)
    if column.codes:
        return value.str.to_lowercase().replace_strict(column.codes, default=None,
                                                       return_dtype=pl.String)
    if column.case == "upper":
        return value.str.to_uppercase()
    if column.case == "lower":
        return value.str.to_lowercase()
    if column.kind in (TEXT, CODE):
        return value
    if column.kind == BOOL:
        return value.str.to_lowercase().replace_strict(
            {"ja": True, "j": True, "true": True, "1": True, "yes": True,
             "nee": False, "n": False, "false": False, "0": False, "no": False},
            default=None, return_dtype=pl.Boolean)
    if column.kind == DATE:
        return pl.coalesce(
            value.str.to_date("%Y-%m-%d", strict=False),
            value.str.to_date("%d-%m-%Y", strict=False),
            value.str.to_date("%d/%m/%Y", strict=False),
        )
    number = _normalised_number(raw, column, value)
    if column.kind == INT:
        as_float = number.cast(pl.Float64, strict=False)
        return pl.when(as_float == as_float.round(0)).then(as_float).cast(pl.Int64, strict=False)
    return number.cast(pl.Float64, strict=False)


def _normalised_number(raw: pl.DataFrame, column: Column, value: pl.Expr) -> pl.Expr:
    """Decimal comma or point, decided per column: a comma anywhere makes dots thousands."""
    value = value.str.replace_all(r"[\s\u00a0€]", "")
    if raw.get_column(column.name).str.contains(",").any():
        return value.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True)
    # Without commas, "1.234.567" (or "1.234" for a whole number) can only be thousands.
    groups = "+" if column.kind == INT else "{2,}"
    return pl.when(value.str.contains(r"^-?\d{1,3}(\.\d{3})" + groups + "$")).then(
        value.str.replace_all(".", "", literal=True)).otherwise(value)


# --- rules over rows -------------------------------------------------------------------


def _check_rows(typed, checks, columns, name, earlier: list[Rejection]) -> list[Rejection]:
    by_name = {c.name: c for c in columns}
    rejections = []
    for check in checks:
        bad = typed.filter(check.violated().fill_null(False))
        for row, value in bad.select(ROW, check.column).iter_rows():
            rejections.append(Rejection(name, row, by_name[check.column].header,
                                        "" if value is None else _display(value), check.expected))
    return rejections


def _check_unique(typed, raw, unique, columns, name) -> list[Rejection]:
    if not unique:
        return []
    dupes = typed.filter(~pl.struct(unique).is_first_distinct())
    header = {c.name: c.header for c in columns}[unique[0]]
    return [
        Rejection(name, row, header, _display(value),
                  "een unieke waarde" + (" voor " + " + ".join(unique) if len(unique) > 1 else "")
                  + " (komt eerder in het bestand voor)")
        for row, value in dupes.select(ROW, unique[0]).iter_rows()
    ]


def _display(value) -> str:
    if hasattr(value, "strftime"):
        return value.strftime("%d-%m-%Y")
    return _format_number(value) if isinstance(value, float) else str(value)


def _format_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


def _empty(columns: list[Column]) -> pl.DataFrame:
    dtypes = {TEXT: pl.String, CODE: pl.String, INT: pl.Int64, DECIMAL: pl.Float64,
              DATE: pl.Date, BOOL: pl.Boolean}
    return pl.DataFrame(schema={ROW: pl.Int64, **{c.name: dtypes[c.kind] for c in columns}})
