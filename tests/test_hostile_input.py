"""Hostile input for every reader: any bytes either load as valid rows or are refused with the
documented Dutch report; never a traceback, never a partial load, never a changed database.

The generated inputs start from the valid inline files of tests/sources.py (rendered in other
dialects, cut, spliced, re-encoded, with hostile cells and headers put in) so that they get past
the header check into casting and the rules; pure random bytes cover the rest. The explicit
examples below the properties pin down each kind of damage, and every bug the properties found.

Decisions the examples document:
- xlsx: a formula loads as its stored result (what Excel shows); a formula without a stored
  result, or an Excel error value, refuses the workbook, naming each cell; a text cell that
  starts with "=" is text and loads as written.
- A value outside what the figures can mean is refused with the range in the message: whole
  numbers beyond the database's INTEGER, amounts of 10^15 and more, dates outside 1900-2100
  (31-12-9999 is a sentinel, 0001 a typo). NaN and inf are refused as unreadable.
- Line ends: CR ends a line only in a file without any LF (old Mac); elsewhere a CR is data.
- Control characters load as part of a text (they are not personal data, nor ambiguous);
  NUL bytes and stray BOMs are removed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import tempfile
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import polars as pl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from etl import budget, build, caseload, decisions, definitions, norms, regelingen, stories_import, teams
from etl.tabular import (
    BOOL,
    CODE,
    DATE,
    DATE_RANGE,
    DECIMAL,
    INT,
    INT_RANGE,
    MAX_CELL_CHARS,
    MAX_DECIMAL,
    ROW,
    TEXT,
    Rejection,
)
from kernel import adc_settings
from tests import sources
from tests.records import sha256
from tests.sources import BUDGET_HEADER, BUDGET_ROWS, write_sources, xlsx_bytes

TRIED: Counter[str] = Counter()  # inputs tried, per property; reported when the module ends


class _InputsTriedReport:
    """Writes the count in pytest's summary at the end of the run (output is captured before)."""

    def pytest_terminal_summary(self, terminalreporter):
        terminalreporter.write_line(
            f"hostile input: {sum(TRIED.values())} inputs tried ("
            + ", ".join(f"{kind} {count}" for kind, count in sorted(TRIED.items()))
            + ")"
        )


@pytest.fixture(scope="module", autouse=True)
def report_inputs_tried(request):
    report = _InputsTriedReport()
    request.config.pluginmanager.register(report)
    yield


def fuzz(examples: int):
    """Reproducible (same inputs every run, no example database in the tree), without a
    deadline: a build takes a second, a 10 MB field a moment."""
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
            HealthCheck.filter_too_much,
            HealthCheck.function_scoped_fixture,
        ],
    )


# --- the sources and the contract -----------------------------------------------------


@dataclass(frozen=True)
class Source:
    file: str
    module: ModuleType
    unique: tuple[str, ...]
    separator: str = ","
    encoding: str = "utf-8"

    def read(self, data: bytes):
        return self.module.read(data, self.file)

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.module.COLUMNS]


SOURCES = [
    Source("teams.csv", teams, ("team_code",)),
    Source("normen.csv", norms, ("role", "valid_from")),
    Source("regelingen.csv", regelingen, ("regeling_code",)),
    Source("caseload.csv", caseload, ("peildatum", "team_code", "role"), ";", "cp1252"),
    Source("begroting.xlsx", budget, ("year", "quarter", "taakveld_code")),
    Source("beschikkingen.csv", decisions, ("decision_id",), ",", "utf-8-sig"),
    Source("definities.csv", definitions, ("metric_key", "valid_from")),
    Source("verhalen.csv", stories_import, ("external_ref",)),
]
BY_FILE = {s.file: s for s in SOURCES}
BUILD_FILES = [s.file for s in SOURCES if s.module in build.SOURCES]
VALID = sources.valid_files()
DTYPES = {TEXT: pl.String, CODE: pl.String, INT: pl.Int64, DECIMAL: pl.Float64, DATE: pl.Date, BOOL: pl.Boolean}
TAG_LISTS = {"dilemma_tags", "value_tags", "free_tags"}  # the story reader splits these
DUTCH = re.compile(
    r"\b(een|geen|elke|de|het|of|ja|nee|kolom|kolommen|waarde|datum|jaar|getal|"
    r"tekst|formule|van|tot|bij|die|op|met|door|uit|niet|vóór|gevonden|verplicht|"
    r"precies|bestand|één|kopregel|kolomnamen)\b"
)
ENGLISH = re.compile(r"\b(the|expected|error|exception|found|value|column|row|file|traceback)\b", re.IGNORECASE)


def statistic(text: str) -> None:
    if currently_in_test_context():  # the explicit examples run outside hypothesis
        event(text)


def read_checked(source: Source, data: bytes, kind: str):
    """Read through the contract: any exception fails the test; a refusal must be the
    documented report, a load must be valid rows."""
    TRIED[kind] += 1
    result = source.read(data)
    # Shown by --hypothesis-show-statistics: how deep the inputs got (header, values, rules).
    statistic(
        f"{source.file}: "
        + ("geladen" if not result.rejections else "afgewezen: " + result.rejections[0].expected[:25])
    )
    if result.rejections:
        for rejection in result.rejections:
            assert_documented(rejection, {source.file}, source.headers)
    else:
        assert_valid_rows(source, result.frame)
    return result


def assert_documented(rejection: Rejection, files: set[str], headers: list[str] | None = None):
    assert isinstance(rejection, Rejection)
    assert rejection.file and rejection.file in files
    assert rejection.row is None or (type(rejection.row) is int and rejection.row >= 1)
    assert isinstance(rejection.column, str) and rejection.column
    if headers is not None and rejection.row is not None and rejection.row >= 2:
        assert rejection.column in headers or rejection.column == "-"
    assert isinstance(rejection.value, str)
    assert isinstance(rejection.expected, str) and DUTCH.search(rejection.expected)
    assert not ENGLISH.search(rejection.expected.split("gevonden:")[0])  # then: what the file has
    message = rejection.message()
    assert message.startswith(rejection.file + ", ") and "afgewezen; verwacht: " in message
    assert len(message) < 2_000  # a 10 MB value is shortened, and so is a 10 MB header


def assert_valid_rows(source: Source, frame: pl.DataFrame):
    columns = source.module.COLUMNS
    assert frame.columns == [ROW, *[c.name for c in columns]]
    rows = frame.get_column(ROW).to_list()
    assert all(type(r) is int and r >= 2 for r in rows)
    assert rows == sorted(set(rows))  # increasing: no row twice, none out of order
    for column in columns:
        values = frame.get_column(column.name)
        if source.module is stories_import and column.name in TAG_LISTS:
            assert values.dtype == pl.List(pl.String)
            continue
        assert values.dtype == DTYPES[column.kind], column.name
        if column.required:
            assert values.null_count() == 0, column.name
        present = values.drop_nulls()
        if column.codes:
            assert set(present.to_list()) <= set(column.codes.values())
        if column.kind in (TEXT, CODE):
            assert (present.str.len_chars() <= MAX_CELL_CHARS).all()
            assert (present == present.str.strip_chars()).all() and (present != "").all()
            if column.case == "upper":
                assert (present == present.str.to_uppercase()).all()
            if column.case == "lower":
                assert (present == present.str.to_lowercase()).all()
        if column.kind == DECIMAL:
            assert all(math.isfinite(v) and abs(v) < MAX_DECIMAL for v in present)
        if column.kind == INT:
            assert all(INT_RANGE[0] <= v <= INT_RANGE[1] for v in present)
        if column.kind == DATE:
            assert all(DATE_RANGE[0] <= v <= DATE_RANGE[1] for v in present)
        if column.minimum is not None and present.len():
            assert ((present > column.minimum) if column.minimum_exclusive else (present >= column.minimum)).all(), (
                column.name
            )
    assert not frame.select(source.unique).is_duplicated().any()
    for check in getattr(source.module, "CHECKS", ()):
        if check.column not in TAG_LISTS:
            assert not frame.select(check.violated().fill_null(False).any()).item(), check.expected


def outcome(result) -> tuple:
    """What a person gets from a read: the typed rows, or the report."""
    return result.frame.rows(), [r.message() for r in result.rejections]


# --- rendering a grid of cells ---------------------------------------------------------


def grid_of(source: Source) -> list[list[str]]:
    """The valid file as rows of cells (header first)."""
    if source.file.endswith(".xlsx"):
        return [list(BUDGET_HEADER), *[[str(v) for v in row] for row in BUDGET_ROWS]]
    text = VALID[source.file].decode(source.encoding)
    return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=source.separator) if row]


def csv_bytes(grid, separator=",", line_end="\n", encoding="utf-8", quote_all=False) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(
        out, delimiter=separator, lineterminator=line_end, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    ).writerows(grid)
    return out.getvalue().encode(encoding, errors="replace")


def new_workbook(buffer: io.BytesIO) -> xlsxwriter.Workbook:
    """With a fixed creation time: the same cells give the same bytes (hypothesis replays)."""
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties({"created": dt.datetime(2024, 1, 1)})
    return book


def whole_number(value: str) -> bool:
    """A cell a spreadsheet would hold as a number and show back exactly as written."""
    return bool(re.fullmatch(r"-?\d{1,15}", value)) and str(int(value)) == value


def grid_xlsx(grid, sheets_before: int = 0, start: tuple[int, int] = (0, 0)) -> bytes:
    """Whole numbers as numbers (as a spreadsheet stores them), everything else as text."""
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    for i in range(sheets_before):
        book.add_worksheet(f"Leeg{i}")
    sheet = book.add_worksheet("Gegevens")
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            if r and whole_number(value):
                sheet.write_number(start[0] + r, start[1] + c, int(value))
            else:
                sheet.write_string(start[0] + r, start[1] + c, value)
    book.close()
    return buffer.getvalue()


@dataclass(frozen=True)
class Dialect:
    separator: str = ","
    line_end: str = "\n"
    encoding: str = "utf-8"
    quote_all: bool = False
    xlsx: bool = False

    def render(self, grid) -> bytes:
        if self.xlsx:
            return grid_xlsx(grid)
        return csv_bytes(grid, self.separator, self.line_end, self.encoding, self.quote_all)

    def keeps(self, text: str) -> bool:
        """Whether a value survives this dialect unchanged (else nothing is to be compared)."""
        if self.line_end == "\r" and ("\r" in text or "\n" in text):
            return False  # old Mac: every CR is a line end, also inside quotes
        if self.xlsx:
            return text.isprintable() and "\ufeff" not in text
        if self.encoding == "latin-1" and re.search("[\x80-\x9f]", text):
            return False  # C1 controls: no latin-1 file has them, and cp1252 reads them as € …
        if self.encoding in ("cp1252", "latin-1"):
            try:
                encoded = text.encode(self.encoding)
            except UnicodeEncodeError:
                return False
            try:  # bytes that are also UTF-8 are read as UTF-8: an ambiguity, not a bug
                return encoded.decode("utf-8") == text
            except UnicodeDecodeError:
                return True
        return True


CANONICAL = Dialect()
DIALECTS = st.one_of(
    st.builds(
        Dialect,
        separator=st.sampled_from([",", ";", "\t"]),
        line_end=st.sampled_from(["\n", "\r\n", "\r"]),
        encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16", "utf-16-le", "utf-16-be"]),
        quote_all=st.booleans(),
    ),
    st.just(Dialect(xlsx=True)),
)

# Cells that broke, or could break, a reader: every kind of value the brief lists.
HOSTILE_VALUES = [
    "",
    " ",
    "nan",
    "NaN",
    "-nan",
    "inf",
    "-inf",
    "Infinity",
    "1e308",
    "-1e308",
    "1e309",
    "1E+16",
    "0",
    "-0",
    "0,0",
    "0.0",
    "-1",
    "-5",
    "3000000000",
    "2147483647",
    "-2147483649",
    "99999999999999999999",
    "1.234,5",
    "1,234.5",
    "12.5",
    "1.234.567",
    "1 234,5",
    "€ 1.000,00",
    "1,5e3",
    "+7",
    ".5",
    ",5",
    "5.",
    "0x10",
    "1_000",
    "31-02-2025",
    "2025-13-01",
    "00-00-0000",
    "0001-01-01",
    "01-01-0001",
    "9999-12-31",
    "31-12-9999",
    "31-12-1899",
    "01-01-2101",
    "2024-02-29",
    "29-02-2023",
    "2024-1-5",
    "+12345-01-01",
    "20240101",
    "31/01/2024",
    "2024-01-31 00:00:00",
    "Totaal",
    "totaal:",
    "TOTAAL 2024",
    "Totaal anders",
    "=1+1",
    '=HYPERLINK("http://x","klik")',
    "\x00",
    "a\x00b",
    "\x01\x1f\x7f",
    "\ufeff",
    "\ufeffT-A",
    "\u00a0",
    "\u200b",
    "ja",
    "nee",
    "misschien",
    "J",
    '"',
    'a"b',
    '"a',
    "a\r\nb",
    "a\rb",
    "a\nb",
    ";",
    ",",
    "\t",
    "gegrond",
    "toekenning",
    "participatie",
    "klantmanager",
    "caseload_per_fte",
    "2024-01",
    "2024-K5",
    "T-A",
    "6.3",
    "x" * 100_001,
]
HOSTILE_BYTES = [
    b'"',
    b'""',
    b"\r",
    b"\n",
    b"\r\n",
    b"\x00",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b";",
    b",",
    b"\t",
    b"Totaal",
    b"nan",
    b"inf",
    b"1e308",
    b"-1",
    b"0",
    b"31-02-2025",
    b"9999-12-31",
    b"1,234.5",
    b"=1+1",
    b"\x01\x1b",
    b"\xc3",
    b"\xe9",
    b"\x80\x81",
    b"PK\x03\x04",
    b"x" * 100_001,
]


@st.composite
def mutated_bytes(draw, data: bytes) -> bytes:
    """The bytes, damaged one to four times: cut, deleted, inserted, flipped, spliced."""
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        operation = draw(st.sampled_from(["cut", "delete", "insert", "token", "flip", "duplicate", "splice"]))
        if operation == "cut":
            data = data[:at]
        elif operation == "delete":
            data = data[:at] + data[at + draw(st.integers(1, 40)) :]
        elif operation == "insert":
            data = data[:at] + draw(st.binary(min_size=1, max_size=20)) + data[at:]
        elif operation == "token":
            data = data[:at] + draw(st.sampled_from(HOSTILE_BYTES)) + data[at:]
        elif operation == "flip" and at < len(data):
            data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
        elif operation == "duplicate":
            data = data[:at] + data[at : at + draw(st.integers(1, 80))] + data[at:]
        elif operation == "splice":
            other = draw(st.sampled_from(sorted(VALID.values())))
            start = draw(st.integers(0, len(other)))
            data = data[:at] + other[start : start + draw(st.integers(1, 200))]
    return data


@st.composite
def hostile_grid(draw, source: Source) -> list[list[str]]:
    """The valid file's cells with hostile values and headers put in, one to three times."""
    grid = [list(row) for row in grid_of(source)]
    width = len(grid[0])
    for _ in range(draw(st.integers(1, 3))):
        operation = draw(
            st.sampled_from(
                [
                    "cell",
                    "cell",
                    "cell",
                    "text",
                    "duplicate header",
                    "drop column",
                    "extra column",
                    "header case",
                    "blank row",
                    "total row",
                    "duplicate row",
                    "short row",
                    "long row",
                ]
            )
        )
        row = draw(st.integers(1, len(grid) - 1)) if len(grid) > 1 else 0
        column = draw(st.integers(0, width - 1))
        if operation == "cell" and row and grid[row]:
            grid[row][column % len(grid[row])] = draw(st.sampled_from(HOSTILE_VALUES))
        elif operation == "text" and row and grid[row]:
            grid[row][column % len(grid[row])] = draw(st.text(max_size=30))
        elif operation == "duplicate header":
            grid[0][column] = grid[0][draw(st.integers(0, width - 1))]
        elif operation == "drop column":
            grid = [r[:column] + r[column + 1 :] for r in grid]
            width = len(grid[0])
            if width == 0:
                return [["(leeg)"]]
        elif operation == "extra column":
            grid = [
                r + [draw(st.sampled_from(["Extra", "", "x", "Teamcode"])) if i == 0 else "y"]
                for i, r in enumerate(grid)
            ]
            width += 1
        elif operation == "header case":
            grid[0][column] = draw(
                st.sampled_from([grid[0][column].upper(), " " + grid[0][column] + " ", grid[0][column][:-1]])
            )
        elif operation == "blank row":
            grid.insert(row or 1, [""] * width)
        elif operation == "total row":
            grid.insert(row or 1, ["Totaal"] + [""] * (width - 1))
        elif operation == "duplicate row" and row:
            grid.insert(row, list(grid[row]))
        elif operation == "short row" and row:
            grid[row] = grid[row][:column]
        elif operation == "long row" and row:
            grid[row] = grid[row] + ["extra"]
    return grid


def rendered(source: Source) -> st.SearchStrategy[bytes]:
    """The valid file as shipped, or its cells in another dialect."""
    return st.one_of(st.just(VALID[source.file]), DIALECTS.map(lambda dialect: dialect.render(grid_of(source))))


# --- properties: every reader ------------------------------------------------------------


@pytest.mark.slow
@fuzz(examples=500)
@given(
    source=st.sampled_from(SOURCES),
    data=st.one_of(
        st.binary(max_size=2_000),
        st.binary(max_size=2_000).map(lambda b: b"PK\x03\x04" + b),
        st.tuples(st.sampled_from(SOURCES), st.binary(max_size=500)).map(
            lambda p: ",".join(p[0].headers).encode() + b"\n" + p[1]
        ),
    ),
)
@example(source=BY_FILE["teams.csv"], data=b"")
@example(source=BY_FILE["teams.csv"], data=b"\n\r\n \t")
@example(source=BY_FILE["caseload.csv"], data=b"\xff\xfe\x00\x00")
def test_any_bytes_load_as_valid_rows_or_are_refused_with_the_dutch_report(source, data):
    read_checked(source, data, "random bytes")


@pytest.mark.slow
@fuzz(examples=1_200)
@given(data=st.data(), source=st.sampled_from(SOURCES))
def test_a_damaged_valid_file_loads_as_valid_rows_or_is_refused(data, source):
    start = data.draw(rendered(source))
    read_checked(source, data.draw(mutated_bytes(start)), "damaged bytes")


@pytest.mark.slow
@fuzz(examples=1_000)
@given(data=st.data(), source=st.sampled_from(SOURCES), dialect=DIALECTS)
def test_hostile_cells_and_headers_load_as_valid_rows_or_are_refused(data, source, dialect):
    read_checked(source, dialect.render(data.draw(hostile_grid(source))), "hostile cells")


@pytest.mark.slow
@fuzz(examples=300)
@given(data=st.data(), source=st.sampled_from(SOURCES), dialect=DIALECTS, text=st.text(max_size=40))
@example(
    data=None,
    source=BY_FILE["verhalen.csv"],
    dialect=Dialect(line_end="\r\n"),
    text="eerste regel\r\ntweede\rderde\nvierde",
)
def test_a_file_loads_the_same_rows_in_every_dialect(data, source, dialect, text):
    """Separator, line ends, quoting, encoding or a workbook: the same cells, the same outcome."""
    grid = grid_of(source)
    free = [
        i
        for i, c in enumerate(source.module.COLUMNS)
        if c.kind == TEXT and not c.codes and c.case is None and c.header in grid[0]
    ]
    if data is not None and free:  # one free text cell takes the drawn text
        row = data.draw(st.integers(1, len(grid) - 1))
        column = grid[0].index(source.module.COLUMNS[data.draw(st.sampled_from(free))].header)
        grid[row][column] = text
    elif free:
        grid[1][grid[0].index(source.module.COLUMNS[free[-1]].header)] = text
    if not all(dialect.keeps(cell) for row in grid for cell in row):
        return
    expected = read_checked(source, CANONICAL.render(grid), "dialects")
    assert outcome(read_checked(source, dialect.render(grid), "dialects")) == outcome(expected)


@pytest.mark.slow
@pytest.mark.parametrize("file", [s.file for s in SOURCES])
def test_every_cut_of_a_valid_file_loads_a_prefix_of_its_rows_or_is_refused(file):
    """Cut at every byte: mid-header, mid-row, mid-quoted-field, mid-character, mid-zip."""
    source = BY_FILE[file]
    data = VALID[file]
    full = source.read(data).frame.rows()
    for at in range(len(data)):
        result = read_checked(source, data[:at], "cuts")
        if not result.rejections:
            loaded = result.frame.rows()
            assert len(loaded) <= len(full)
            assert loaded[:-1] == full[: max(len(loaded) - 1, 0)]  # only the cut row may differ


XLSX_CELLS = st.one_of(
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.sampled_from(HOSTILE_VALUES[:-1]),
    st.booleans(),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(9999, 12, 31)),
    st.tuples(
        st.just("formula"),
        st.sampled_from(["=1+1", "=A1*2", '=HYPERLINK("http://x","klik")', "=1/0", "=NA()", '="tekst"']),
        st.one_of(st.none(), st.just(""), st.integers(0, 99), st.just("klik"), st.just("#DIV/0!")),
    ),
    st.none(),
)


def write_cell(sheet, row: int, column: int, value) -> None:
    if isinstance(value, tuple):
        _, formula, stored = value
        if stored is None:
            sheet.write_formula(row, column, formula)
        else:
            sheet.write_formula(row, column, formula, None, stored)
    elif isinstance(value, dt.datetime):
        sheet.write_datetime(row, column, value, DATE_FORMATS[id(sheet)])
    elif isinstance(value, str):
        sheet.write_string(row, column, value[:32_767])
    elif value is not None:
        sheet.write(row, column, value)


DATE_FORMATS: dict[int, object] = {}


@st.composite
def hostile_workbook(draw, source: Source) -> bytes:
    """A workbook around the valid cells: typed, formula and error cells put in; empty sheets
    before it; the table moved down and right; sometimes no header at all."""
    grid: list[list[object]] = [list(row) for row in grid_of(source)]
    for _ in range(draw(st.integers(0, 6))):
        row = draw(st.integers(0 if draw(st.booleans()) and draw(st.booleans()) else 1, len(grid)))
        column = draw(st.integers(0, len(grid[0])))
        while len(grid) <= row:
            grid.append([""] * len(grid[0]))
        while len(grid[row]) <= column:
            grid[row].append("")
        grid[row][column] = draw(XLSX_CELLS)
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    for i in range(draw(st.integers(0, 2)) if draw(st.booleans()) else 0):
        book.add_worksheet(f"Leeg{i}")
    sheet = book.add_worksheet("Gegevens")
    DATE_FORMATS[id(sheet)] = book.add_format({"num_format": "dd-mm-yyyy"})
    top, left = (draw(st.integers(0, 3)), draw(st.integers(0, 2))) if draw(st.booleans()) else (0, 0)
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            if isinstance(value, str) and r and whole_number(value):
                value = int(value)
            write_cell(sheet, top + r, left + c, value)
    if draw(st.booleans()):
        book.add_worksheet("Daarna").write_string(0, 0, "Teamcode")
    book.close()
    data = buffer.getvalue()
    return draw(mutated_bytes(data)) if draw(st.integers(0, 4)) == 0 else data


@pytest.mark.slow
@fuzz(examples=300)
@given(data=st.data(), source=st.sampled_from(SOURCES))
def test_a_hostile_workbook_loads_as_valid_rows_or_is_refused(data, source):
    read_checked(source, data.draw(hostile_workbook(source)), "workbooks")


# --- property: the build ---------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A data folder with a figures database built from the valid set (the one to protect)."""
    folder = tmp_path_factory.mktemp("hostile_build")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(adc_settings.DATA_DIR.env, str(folder / "data"))
        db_path = adc_settings.figures_db_path()
        build.build_file(db_path, write_sources(folder / "valid"))
        yield folder, db_path


def build_checked(built, **overrides: bytes) -> build.BuildReport | build.BuildError:
    """Build with one file replaced; the build succeeds or refuses, and a refusal leaves the
    database exactly as it was and no temporary file anywhere."""
    TRIED["builds"] += 1
    folder, db_path = built
    before = sha256(db_path)
    source_dir = write_sources(Path(tempfile.mkdtemp(dir=folder)), **overrides)
    try:
        outcome = build.build_file(db_path, source_dir)  # any other exception fails the test
        statistic("build geslaagd")
    except build.BuildError as error:
        outcome = error
        statistic("build afgewezen: " + error.rejections[0].expected[:25])
        assert error.rejections
        names = {p.name for p in source_dir.iterdir()} | {f"{m.STEM}.csv" for m in build.SOURCES}
        for rejection in error.rejections:
            assert_documented(rejection, names)
        assert sha256(db_path) == before
    leftovers = [
        p.name
        for d in (db_path.parent, source_dir)
        for p in d.iterdir()
        if p.name.endswith((".tmp", ".wal")) or ".tmp" in p.name
    ]
    assert leftovers == []
    return outcome


def hostile_file(data: st.DataObject, file: str) -> bytes:
    source = BY_FILE[file]
    return data.draw(
        st.one_of(
            rendered(source).flatmap(mutated_bytes),
            st.builds(lambda grid, dialect: dialect.render(grid), hostile_grid(source), DIALECTS),
            hostile_workbook(source),
            st.binary(max_size=500),
        )
    )


@pytest.mark.slow
@fuzz(examples=70)
@given(data=st.data(), file=st.sampled_from(BUILD_FILES))
def test_a_build_with_one_hostile_file_succeeds_or_refuses_and_keeps_the_old_database(built, data, file):
    build_checked(built, **{file: hostile_file(data, file)})


# --- explicit examples: encodings ------------------------------------------------------

TEAMS_HEADER = "Teamcode,Teamnaam,Thema,Rol"
CASELOAD_HEADER = "Peildatum;Teamcode;Rol;Actieve dossiers;Bezette fte"
STORIES_HEADER = sources.STORIES.split("\n", 1)[0]


def read(file: str, data: bytes):
    return read_checked(BY_FILE[file], data, "examples")


def messages(result) -> list[str]:
    return [r.message() for r in result.rejections]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_or_without_bom_loads_like_utf8(encoding):
    """Excel's "Unicode-tekst" export is UTF-16 with a BOM and tabs; without BOM it used to
    come in with its non-Latin-1 characters mangled, with BOM it was refused."""
    text = "Teamcode\tTeamnaam\tThema\tRol\r\nWMO\tWmo-loket € — Één\twmo\twmo-consulent\r\n"
    assert read("teams.csv", text.encode(encoding)).frame["team_name"].to_list() == ["Wmo-loket € — Één"]


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_cp1252_and_latin1_files_load_their_accents(encoding):
    text = f"{TEAMS_HEADER}\nWMO,Wmo-loket Één café,wmo,wmo-consulent\n"
    assert read("teams.csv", text.encode(encoding)).frame["team_name"].to_list() == ["Wmo-loket Één café"]


def test_invalid_utf8_is_read_as_cp1252_instead_of_failing():
    data = f"{TEAMS_HEADER}\nWMO,Caf".encode() + b"\xe9 \x81\xff,wmo,wmo-consulent\n"
    assert read("teams.csv", data).frame["team_name"].to_list() == ["Café \ufffdÿ"]


def test_utf8_cut_inside_its_last_character_keeps_every_other_accent():
    """Regression: the broken last character made the whole file Windows-1252 ('cliÃ«nten')."""
    data = sources.NORMS.encode()
    cut = data[: data.rindex("ë".encode()) + 1]
    result = read("normen.csv", cut)
    assert result.frame["unit"].to_list()[0] == "cliënten"
    assert result.rejections  # the cut row lacks its last values


def test_a_bom_in_the_middle_of_a_file_is_removed():
    """Regression: two exports pasted together left a BOM stuck to the next team code."""
    data = f"\ufeff{TEAMS_HEADER}\nA,Team A,wmo,r\n\ufeffB,Team B,wmo,r\n".encode()
    assert read("teams.csv", data).frame["team_code"].to_list() == ["A", "B"]


def test_nul_bytes_are_removed_and_control_characters_are_loaded_as_written():
    data = f"{TEAMS_HEADER}\nA\x00,Team\x01 A\x1b,wmo,r\n".encode()
    assert read("teams.csv", data).frame.row(0)[1:3] == ("A", "Team\x01 A\x1b")


# --- explicit examples: line ends, quotes, blank lines, headers ---------------------------


def test_a_cr_inside_a_quoted_value_survives_in_an_lf_file():
    """Regression (known problem 1): one lone CR turned every CR, also CRLF inside quotes, into LF."""
    data = (
        f'{STORIES_HEADER}\nV-1,Titel,"regel een\r\nregel twee\rdrie",caseload_per_fte,'
        "2024-01,,,,werkdruk,,,,,team,a,,concept,2024-02-01\n"
    ).encode()
    assert read("verhalen.csv", data).frame["body"].to_list() == ["regel een\r\nregel twee\rdrie"]


def test_a_crlf_inside_a_quoted_value_survives_in_a_crlf_file():
    data = (
        f'{STORIES_HEADER}\r\nV-1,Titel,"regel een\r\nregel twee",caseload_per_fte,'
        "2024-01,,,,werkdruk,,,,,team,a,,concept,2024-02-01\r\n"
    ).encode()
    assert read("verhalen.csv", data).frame["body"].to_list() == ["regel een\r\nregel twee"]


def test_crlf_and_lf_line_ends_mixed_load_every_row():
    data = f"{TEAMS_HEADER}\r\nA,Team A,wmo,r\nB,Team B,wmo,r\r\n".encode()
    assert read("teams.csv", data).frame["team_code"].to_list() == ["A", "B"]


def test_old_mac_cr_line_ends_load_with_their_row_numbers():
    data = f"{TEAMS_HEADER}\rA,Team A,wmo,r\r\rB,Team B,wmo,r\r".encode()
    result = read("teams.csv", data)
    assert result.frame["team_code"].to_list() == ["A", "B"]
    assert result.frame[ROW].to_list() == [2, 4]


def test_a_lone_cr_between_rows_of_an_lf_file_is_refused_rather_than_guessed():
    data = f"{TEAMS_HEADER}\nA,Team A,wmo,r\rB,Team B,wmo,r\n".encode()
    assert messages(read("teams.csv", data)) == [
        "teams.csv, rij 2, kolom '-': waarde 'A,Team A,wmo,r\rB,Team B,wmo,r' afgewezen; "
        "verwacht: een leesbare CSV-regel (aanhalingstekens en regeleinden op hun plaats)."
    ]


def test_a_cr_inside_the_header_is_refused_as_a_whole():
    data = b"Teamcode,Team\rnaam,Thema,Rol\nA,Team A,wmo,r\n"
    assert messages(read("teams.csv", data)) == [
        "teams.csv, rij 1, kolom '-': waarde 'Teamcode,Team\rnaam,Thema,Rol' afgewezen; "
        "verwacht: de kolomnamen op rij 1."
    ]


def test_a_blank_first_line_is_refused_as_a_missing_header():
    assert messages(read("teams.csv", f"\n{TEAMS_HEADER}\nA,Team A,wmo,r\n".encode())) == [
        "teams.csv, rij 1, kolom '-': waarde '(lege regel)' afgewezen; verwacht: de kolomnamen op rij 1."
    ]


@pytest.mark.parametrize("row", ['A,"Team A,wmo,r\nB,Team B,wmo,r\n', 'A,Team A,wmo,r\nB,Team B,wmo,"r\n'])
def test_a_quote_that_never_closes_is_refused(row):
    result = read("teams.csv", f"{TEAMS_HEADER}\n{row}".encode())
    assert result.rejections and result.rejections[0].column == "-"


def test_blank_lines_are_skipped_and_keep_their_row_numbers():
    data = f"{TEAMS_HEADER}\n\nA,Team A,wmo,r\n,,,\n , ,,\t\nB,Team B,wmo,r\n\n".encode()
    assert read("teams.csv", data).frame[ROW].to_list() == [3, 6]


def test_duplicated_headers_are_refused():
    data = b"Teamcode,Teamnaam,Thema,Rol,teamcode \nA,Team A,wmo,r,A\n"
    assert messages(read("teams.csv", data)) == [
        "teams.csv, rij 1, kolom 'Teamcode': waarde 'Teamcode' afgewezen; verwacht: elke kolomnaam één keer.",
        "teams.csv, rij 1, kolom 'teamcode': waarde 'teamcode' afgewezen; verwacht: elke kolomnaam één keer.",
    ]


def test_trailing_separators_in_the_header_are_no_duplicate_headers():
    """Regression: two empty header cells were refused as a duplicate named ''."""
    data = f"{TEAMS_HEADER},,\nA,Team A,wmo,r,,\n".encode()
    assert read("teams.csv", data).frame["team_code"].to_list() == ["A"]


def test_missing_headers_are_each_refused_and_extra_columns_are_ignored():
    assert [r.column for r in read("teams.csv", b"Teamcode,Extra\nA,x\n").rejections] == ["Teamnaam", "Thema", "Rol"]
    assert read("teams.csv", f"Extra,{TEAMS_HEADER}\nx,A,Team A,wmo,r\n".encode()).frame["team_code"].to_list() == ["A"]


@pytest.mark.slow
def test_a_header_of_100000_columns_is_refused_quickly_with_a_short_message():
    """Regression: counting duplicates took a time quadratic in the number of columns."""
    data = b",".join(b"k%d" % i for i in range(100_000)) + b"\n"
    result = read("teams.csv", data)
    assert [r.column for r in result.rejections] == ["Teamcode", "Teamnaam", "Thema", "Rol"]


# --- explicit examples: sizes, empty files ---------------------------------------------


def test_a_field_of_100001_characters_is_refused():
    data = f"{TEAMS_HEADER}\nA,{'x' * 100_001},wmo,r\n".encode()
    assert [(r.row, r.column) for r in read("teams.csv", data).rejections] == [(2, "Teamnaam")]


@pytest.mark.parametrize(
    "data",
    [
        b"Teamcode," + b"x" * 10_000_000,
        f"{TEAMS_HEADER}\nA,".encode() + b"x" * 10_000_000 + b",wmo,r\n",
        f"{TEAMS_HEADER}\n".encode() + b"x" * 10_000_000,
    ],
)
def test_a_10_mb_single_line_is_refused_with_a_short_message(data):
    assert read("teams.csv", data).rejections


@pytest.mark.parametrize("data", [b"", b"   \r\n\n\t", b"\xef\xbb\xbf"])
def test_an_empty_file_is_refused_as_a_whole(data):
    assert messages(read("teams.csv", data)) == [
        "teams.csv, bestand, kolom '-': waarde '(leeg bestand)' afgewezen; verwacht: een kopregel en gegevens."
    ]


@pytest.mark.parametrize("file", [s.file for s in SOURCES])
def test_a_header_only_file_loads_no_rows_without_complaint(file):
    source = BY_FILE[file]
    for data in (",".join(source.headers).encode() + b"\n", xlsx_bytes(source.headers, [])):
        result = read(file, data)
        assert result.rejections == [] and result.frame.height == 0


# --- explicit examples: totals ---------------------------------------------------------


def test_a_totaal_row_in_the_middle_is_skipped_like_the_last_one():
    text = f"{CASELOAD_HEADER}\n31-01-2024;T-A;k;10;1\nTotaal;;;10;1\n29-02-2024;T-A;k;12;1\nTOTAAL:;;;22;2\n"
    assert read("caseload.csv", text.encode()).frame[ROW].to_list() == [2, 4]


def test_a_row_whose_first_value_only_starts_with_totaal_is_refused_not_skipped():
    """Regression: a story titled 'Totaal anders' without its id vanished without a word."""
    data = (
        f"{STORIES_HEADER}\n,Totaal anders,Tekst,caseload_per_fte,2024-01,,,,werkdruk,,,,,team,a,,concept,2024-02-01\n"
    ).encode()
    assert messages(read("verhalen.csv", data)) == [
        "verhalen.csv, rij 2, kolom 'Verhaal-id': waarde '' afgewezen; verwacht: een waarde (verplicht veld is leeg)."
    ]


# --- explicit examples: numbers --------------------------------------------------------


def caseload_row(dossiers: str = "10", fte: str = "1,5", peildatum: str = "31-01-2024") -> bytes:
    return f"{CASELOAD_HEADER}\n{peildatum};T-A;k;{dossiers};{fte}\n".encode("cp1252")


@pytest.mark.parametrize("fte", ["0", "0,0", "-0", "-1,5"])
def test_zero_or_negative_fte_is_refused(fte):
    assert [r.expected for r in read("caseload.csv", caseload_row(fte=fte)).rejections] == [
        "een getal (bijvoorbeeld 12,5 of 12.5) > 0"
    ]


def test_a_negative_count_is_refused():
    assert [r.expected for r in read("caseload.csv", caseload_row(dossiers="-3")).rejections] == [
        "een geheel getal ≥ 0"
    ]


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "Infinity", "1e309"])
def test_nan_and_inf_are_refused_in_decimal_columns(value):
    """Regression (known problem 2): polars read them as float NaN and inf, and they loaded."""
    data = sources.NORMS.replace("75,80", f"{value},80").encode()
    assert [(r.row, r.column, r.value) for r in read("normen.csv", data).rejections] == [(2, "Norm ondergrens", value)]


@pytest.mark.parametrize("value", ["nan", "inf", "1e308"])
def test_nan_inf_and_1e308_are_refused_in_whole_number_columns(value):
    assert [(r.column, r.value) for r in read("caseload.csv", caseload_row(value)).rejections] == [
        ("Actieve dossiers", value)
    ]


def test_an_amount_of_1e308_is_refused_with_the_range():
    data = sources.NORMS.replace("75,80", "1e308,1e308").encode()
    assert messages(read("normen.csv", data))[0] == (
        "normen.csv, rij 2, kolom 'Norm ondergrens': waarde '1e308' afgewezen; verwacht: een "
        "getal (bijvoorbeeld 12,5 of 12.5) > 0, tussen -1.000.000.000.000.000 en "
        "1.000.000.000.000.000."
    )


def test_a_whole_number_beyond_the_database_integer_is_refused_and_the_build_does_not_crash(built):
    """Regression: 3000000000 dossiers passed the reader and crashed the load (INT32)."""
    assert messages(read("caseload.csv", caseload_row("3000000000"))) == [
        "caseload.csv, rij 2, kolom 'Actieve dossiers': waarde '3000000000' afgewezen; verwacht: "
        "een geheel getal ≥ 0, van -2.147.483.648 tot en met 2.147.483.647."
    ]
    refused = build_checked(built, **{"regelingen.csv": sources.REGELINGEN.replace(",56\n", ",3000000000\n").encode()})
    assert isinstance(refused, build.BuildError)


def test_a_budget_year_beyond_2100_is_refused_and_the_build_does_not_crash(built):
    """Regression: year 2147483647 passed the reader and crashed the marts (make_date)."""
    rows = [[2147483647, *row[1:]] for row in BUDGET_ROWS]
    refused = build_checked(built, **{"begroting.xlsx": xlsx_bytes(BUDGET_HEADER, rows)})
    assert [r.expected for r in refused.rejections] == ["een jaar tot en met 2100"] * 2


@pytest.mark.parametrize(
    "value, expected",
    [
        ("1.234,5", 1234.5),
        ("1.234.567,25", 1234567.25),
        ("1 234,5", 1234.5),
        ("1,5", 1.5),
    ],
)
def test_thousands_separators_with_a_decimal_comma_are_read(value, expected):
    assert read("caseload.csv", caseload_row(fte=value)).frame["occupied_fte"].to_list() == [expected]


@pytest.mark.parametrize("value", ["1,234.5", "12.5", "1.23,4", "1,2,3", "1,5e3"])
def test_a_number_that_mixes_separators_beside_decimal_commas_is_refused_not_misread(value):
    """Regression: next to '1,5' in the same column, '12.5' was read as 125 and '1,234.5' as
    1.2345."""
    text = f"{CASELOAD_HEADER}\n31-01-2024;T-A;k;10;1,5\n29-02-2024;T-A;k;10;{value}\n"
    assert [(r.row, r.value) for r in read("caseload.csv", text.encode()).rejections] == [(3, value)]


# --- explicit examples: dates ----------------------------------------------------------


@pytest.mark.parametrize("value", ["31-02-2025", "2025-13-01", "00-00-0000", "29-02-2023"])
def test_a_date_that_does_not_exist_is_refused(value):
    assert [r.expected for r in read("caseload.csv", caseload_row(peildatum=value)).rejections] == [
        "een bestaande datum (dd-mm-jjjj of jjjj-mm-dd)"
    ]


@pytest.mark.parametrize(
    "value", ["01-01-0001", "0001-01-01", "31-12-9999", "9999-12-31", "+12345-01-01", "31-12-1899"]
)
def test_a_date_in_a_far_year_is_refused_with_the_range(value):
    """Regression: 31-12-9999 loaded as a peildatum; '+12345-01-01' made the reader raise."""
    assert [r.expected for r in read("caseload.csv", caseload_row(peildatum=value)).rejections] == [
        "een datum van 01-01-1900 tot en met 31-12-2100"
    ]


def test_a_far_year_in_a_large_iso_export_is_refused_too():
    """The fast path for ISO dates checks the range as well."""
    text = sources.DECISIONS.replace("2024-02-10", "9999-12-31")
    assert [(r.row, r.column) for r in read("beschikkingen.csv", text.encode()).rejections] == [(5, "Datum besluit")]


def test_an_unreadable_request_date_is_reported_once():
    """Regression: also as 'een datum aanvraag bij een besluit op een aanvraag'."""
    text = sources.DECISIONS.replace("2024-01-02", "31-02-2024")
    assert messages(read("beschikkingen.csv", text.encode())) == [
        "beschikkingen.csv, rij 2, kolom 'Datum aanvraag': waarde '31-02-2024' afgewezen; "
        "verwacht: een bestaande datum (dd-mm-jjjj of jjjj-mm-dd)."
    ]


# --- explicit examples: workbooks ------------------------------------------------------


def budget_workbook(edit) -> bytes:
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    sheet = book.add_worksheet("Begroting")
    sheet.write_row(0, 0, BUDGET_HEADER)
    for r, row in enumerate(BUDGET_ROWS, start=1):
        sheet.write_row(r, 0, row)
    edit(book, sheet)
    book.close()
    return buffer.getvalue()


def test_a_formula_loads_as_its_stored_result():
    data = budget_workbook(
        lambda book, sheet: (
            sheet.write_formula(1, 4, "=1+1", None, 2),
            sheet.write_formula(1, 3, '=HYPERLINK("http://x","Inkomen")', None, "Inkomen"),
        )
    )
    assert read("begroting.xlsx", data).frame.row(0)[4:6] == ("Inkomen", 2.0)


def test_a_formula_without_a_stored_result_is_refused_naming_the_cell():
    data = budget_workbook(lambda book, sheet: sheet.write_formula(2, 6, "=E3*0,25", None, ""))
    assert messages(read("begroting.xlsx", data)) == [
        "begroting.xlsx, rij 3, kolom 'Realisatie': waarde '=E3*0,25' afgewezen; verwacht: een "
        "formule met opgeslagen uitkomst (open het werkboek in Excel en sla het op)."
    ]


def test_a_formula_without_a_stored_result_beside_the_table_is_ignored():
    data = budget_workbook(lambda book, sheet: sheet.write_formula(1, 9, "=1+1", None, ""))
    assert read("begroting.xlsx", data).rejections == []


def test_an_excel_error_value_is_refused_naming_the_cell():
    data = budget_workbook(lambda book, sheet: sheet.write_formula(1, 5, "=1/0", None, "#DIV/0!"))
    assert messages(read("begroting.xlsx", data)) == [
        "begroting.xlsx, rij 2, kolom 'Gewijzigde begroting': waarde '#DIV/0!' afgewezen; "
        "verwacht: een waarde in plaats van een foutwaarde van Excel."
    ]


def test_a_text_cell_starting_with_an_equals_sign_loads_as_written():
    data = budget_workbook(lambda book, sheet: sheet.write_string(1, 3, "=1+1"))
    assert read("begroting.xlsx", data).frame["ledger_name"].to_list()[0] == "=1+1"


def test_a_workbook_with_an_empty_first_sheet_is_refused_even_if_the_second_has_the_data():
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    book.add_worksheet("Leeg")
    sheet = book.add_worksheet("Begroting")
    sheet.write_row(0, 0, BUDGET_HEADER)
    sheet.write_row(1, 0, BUDGET_ROWS[0])
    book.close()
    assert messages(read("begroting.xlsx", buffer.getvalue())) == [
        "begroting.xlsx, bestand, kolom '-': waarde '(leeg werkblad)' afgewezen; verwacht: de "
        "gegevens op het eerste werkblad, met de kolomnamen op rij 1."
    ]


def test_a_workbook_without_any_sheet_is_refused():
    data = xlsx_bytes(BUDGET_HEADER, BUDGET_ROWS)
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        parts = {name: book.read(name) for name in book.namelist()}
    parts["xl/workbook.xml"] = re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", parts["xl/workbook.xml"])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as book:
        for name, content in parts.items():
            book.writestr(name, content)
    assert read("begroting.xlsx", buffer.getvalue()).rejections[0].row is None


def test_a_truncated_workbook_is_refused_as_a_whole():
    data = xlsx_bytes(BUDGET_HEADER, BUDGET_ROWS)
    assert messages(read("begroting.xlsx", data[: len(data) // 2])) == [
        "begroting.xlsx, bestand, kolom '-': waarde '(onleesbaar)' afgewezen; "
        "verwacht: een leesbaar Excel-werkboek (.xlsx)."
    ]


def test_a_blank_row_in_a_workbook_keeps_the_row_numbers_a_person_sees():
    """Regression: fastexcel dropped blank rows, so every later row was reported one too high."""
    rows = [BUDGET_ROWS[0], ["", "", "", "", "", "", ""], [2024, 7, *BUDGET_ROWS[1][2:]]]
    assert [(r.row, r.column) for r in read("begroting.xlsx", xlsx_bytes(BUDGET_HEADER, rows)).rejections] == [
        (4, "Kwartaal")
    ]


@pytest.mark.parametrize("value", [float("1e308"), 1e16, -1e15])
def test_a_huge_amount_in_a_workbook_is_refused(value):
    rows = [[2024, 1, "6.3", "", value, 1, 1]]
    assert [r.column for r in read("begroting.xlsx", xlsx_bytes(BUDGET_HEADER, rows)).rejections] == [
        "Primitieve begroting"
    ]


# --- explicit examples: the build --------------------------------------------------------


def test_a_build_with_two_files_for_one_source_is_refused(built):
    refused = build_checked(built, **{"teams.xlsx": xlsx_bytes(["Teamcode"], [["X"]])})
    assert [r.value for r in refused.rejections] == ["teams.csv, teams.xlsx"]


def test_a_build_with_a_damaged_decisions_file_keeps_the_old_database(built):
    data = VALID["beschikkingen.csv"]
    assert isinstance(build_checked(built, **{"beschikkingen.csv": data[: len(data) - 30]}), build.BuildError)
