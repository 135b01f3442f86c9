"""Checks an .xlsx before and after fastexcel reads it: limits, DTDs, and formula cells.

`inspect` runs before the read, on the zip's index and one streaming pass over the first sheet:
what it unpacks to (a zip bomb), the compression ratio, a DTD in any part (entity expansion,
"billion laughs"), and the rows and cells of the sheet. `cell_problems` then parses the sheet
with a real, namespace-aware XML parser (defusedxml's iterparse, no regular expressions) for the
cells fastexcel reads as empty although they are not: a formula without a stored result and an
Excel error value. Both raise nothing: they return Dutch rejections naming file, limit or cell.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from kernel import adc_settings

_CHUNK = 4 * 1024 * 1024
_RATIO_FLOOR = 10 * 1024 * 1024  # a small part may compress any amount: it cannot hurt
_ROOT_PREFIX = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?worksheet[\s>]")


class Refusal(Exception):
    """The workbook is refused as a whole: `expected` says what was expected, `value` what
    it is (both Dutch)."""

    def __init__(self, value: str, expected: str):
        super().__init__(value)
        self.value, self.expected = value, expected


@dataclass(frozen=True)
class SheetFacts:
    part: str  # the first sheet's part in the zip
    may_have_formulas: bool  # a formula or error value may be in it: parse it cell by cell


def inspect(data: bytes) -> SheetFacts:
    """Refuse a workbook over a limit or with a DTD before anything unpacks it; else say where
    its first sheet is and whether it needs the cell-by-cell check."""
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
        infos = book.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Refusal("(onleesbaar)", "een leesbaar Excel-werkboek (.xlsx)") from None
    unpacked = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    limit_mb = float(adc_settings.MAX_XLSX_UNPACKED_MB.get())
    if unpacked > limit_mb * 1024 * 1024:
        raise Refusal(
            f"(pakt uit tot {_mb(unpacked)} MB)",
            f"een werkboek dat uitpakt tot hoogstens {_mb(limit_mb * 1024 * 1024)} MB "
            "(instelling ADC_MAX_XLSX_UNPACKED_MB)",
        )
    ratio = float(adc_settings.MAX_XLSX_RATIO.get())
    if unpacked > _RATIO_FLOOR and unpacked / packed > ratio:
        raise Refusal(
            f"(gecomprimeerd {round(unpacked / packed)} op 1)",
            f"een werkboek dat hoogstens {ratio:g} keer zo groot uitpakt (instelling ADC_MAX_XLSX_RATIO)",
        )
    for info in infos:
        if info.filename.endswith((".xml", ".rels")):
            _refuse_dtd(book, info.filename)
    try:
        part = _first_sheet_path(book)
    except Exception:  # noqa: BLE001 - no workbook part, or an odd layout: fastexcel says what it makes of it
        return SheetFacts("", False)
    try:
        return SheetFacts(part, _scan_sheet(book, part, limit_mb))
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError):  # e.g. a wrong CRC
        raise Refusal("(onleesbaar)", "een leesbaar Excel-werkboek (.xlsx)") from None


def _refuse_dtd(book: zipfile.ZipFile, part: str) -> None:
    """A DTD comes before the first element, so parsing stops at the first one: cheap."""
    try:
        with book.open(part) as stream:
            for _ in iterparse(stream, events=("start",), forbid_dtd=True):
                return
    except DefusedXmlException:
        raise Refusal(
            f"(DTD in {part})", "een werkboek zonder DTD-verklaringen (<!DOCTYPE>), zoals Excel het opslaat"
        ) from None
    except Exception:  # noqa: BLE001 - not XML at all: fastexcel's read says so, if it matters
        return


def _scan_sheet(book: zipfile.ZipFile, part: str, limit_mb: float) -> bool:
    """Count the sheet's rows and cells in one streaming pass over its bytes (never more than
    the unpacked limit in all, a chunk at a time); True when a formula or error value may be
    in it."""
    max_rows, max_cells = int(adc_settings.MAX_ROWS.get()), int(adc_settings.MAX_CELLS.get())
    rows = cells = seen = 0
    marked, carry, tags = False, b"", None
    with book.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            seen += len(chunk)
            if seen > limit_mb * 1024 * 1024:  # the index lied about the size
                raise Refusal(
                    "(pakt uit tot meer dan opgegeven)",
                    f"een werkboek dat uitpakt tot hoogstens {_mb(limit_mb * 1024 * 1024)} "
                    "MB (instelling ADC_MAX_XLSX_UNPACKED_MB)",
                )
            chunk = carry + chunk
            cut = chunk.rfind(b"<")  # a tag cut in two is counted in the next chunk
            carry, chunk = (chunk[cut:], chunk[:cut]) if cut >= len(chunk) - 256 else (b"", chunk)
            if tags is None:
                root = _ROOT_PREFIX.search(chunk)
                prefix = root.group(1) + b":" if root and root.group(1) else b""
                tags = [b"<" + prefix + name for name in (b"row ", b"row>", b"c ", b"c>", b"c/>", b"f ", b"f>", b"f/>")]
            rows += chunk.count(tags[0]) + chunk.count(tags[1])
            cells += chunk.count(tags[2]) + chunk.count(tags[3]) + chunk.count(tags[4])
            marked = marked or any(t in chunk for t in tags[5:]) or b't="e"' in chunk or b"t='e'" in chunk
            if rows > max_rows:
                raise Refusal(
                    f"(meer dan {_thousands(max_rows)} rijen)",
                    f"hoogstens {_thousands(max_rows)} rijen per werkblad (instelling ADC_MAX_ROWS)",
                )
            if cells > max_cells:
                raise Refusal(
                    f"(meer dan {_thousands(max_cells)} cellen)",
                    f"hoogstens {_thousands(max_cells)} cellen per werkblad (instelling ADC_MAX_CELLS)",
                )
    return marked


def _first_sheet_path(book: zipfile.ZipFile) -> str:
    """The part of the first sheet in workbook order (the one fastexcel reads as sheet 1)."""
    relation = None
    with book.open("xl/workbook.xml") as stream:
        for _, element in iterparse(stream, events=("start",), forbid_dtd=True):
            if _local(element.tag) == "sheet":
                relation = next(v for k, v in element.attrib.items() if _local(k) == "id")
                break
    with book.open("xl/_rels/workbook.xml.rels") as stream:
        for _, element in iterparse(stream, events=("start",), forbid_dtd=True):
            if _local(element.tag) == "Relationship" and element.get("Id") == relation:
                target = element.get("Target")
                return str(target).lstrip("/") if str(target).startswith("/") else "xl/" + str(target)
    raise KeyError(relation)


@dataclass(frozen=True)
class CellProblem:
    row: int
    column: int  # 0-based, counted from the sheet's first column
    value: str
    expected: str


FORMULA_EXPECTED = "een formule met opgeslagen uitkomst (open het werkboek in Excel en sla het op)"
ERROR_EXPECTED = "een waarde in plaats van een foutwaarde van Excel"


def cell_problems(data: bytes, part: str) -> list[CellProblem]:
    """Formulas without a stored result and Excel error values in the sheet, whatever prefix
    its elements carry; loading them as empty would be a silent guess."""
    problems: list[CellProblem] = []
    first_column, row, column, sheet_data = 0, 0, -1, None
    with zipfile.ZipFile(io.BytesIO(data)) as book, book.open(part) as stream:
        for event, element in iterparse(stream, events=("start", "end"), forbid_dtd=True):
            name = _local(element.tag)
            if event == "start":
                if name == "dimension":
                    letters = re.sub(r"[^A-Z].*", "", element.get("ref", ""))
                    first_column = _column_index(letters) if letters else 0
                elif name == "sheetData":
                    sheet_data = element
                elif name == "row":
                    row = int(element.get("r") or row + 1)
                    column = -1
                elif name == "c":
                    reference = re.fullmatch(r"([A-Z]+)(\d+)", element.get("r") or "")
                    column = _column_index(reference.group(1)) if reference else column + 1
                continue
            if name == "c":
                problem = _cell_problem(element)
                if problem:
                    problems.append(CellProblem(row, column - first_column, *problem))
                element.clear()
            elif name == "row" and sheet_data is not None:
                sheet_data.clear()  # the finished rows: memory stays that of one row
    return problems


def _cell_problem(cell: Element) -> tuple[str, str] | None:
    kind = cell.get("t", "n")
    children = {_local(child.tag): child for child in cell}
    stored, formula = children.get("v"), children.get("f")
    if kind == "e":
        return (stored.text if stored is not None and stored.text else "#FOUT"), ERROR_EXPECTED
    if formula is not None and (stored is None or (not stored.text and kind != "str")):
        return "=" + (formula.text or ""), FORMULA_EXPECTED
    return None


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def _mb(size: float) -> str:
    return _thousands(round(size / 1024 / 1024))


def _thousands(number: float) -> str:
    return f"{int(number):,}".replace(",", ".")
