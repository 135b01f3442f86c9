"""Hostile uploads: generates each hostile source file and measures how long reading it takes
to a refusal, and the peak memory of the fresh process that reads it.

`python -m bench.hostile_uploads [--timeout S] [--scale F]` prints one JSON line per file. The
same generators build the files of tests/test_hostile_uploads.py (nothing large is committed).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

from kernel import adc_settings

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
BUDGET_HEADER = [
    "Jaar",
    "Kwartaal",
    "Taakveld",
    "Omschrijving",
    "Primitieve begroting",
    "Gewijzigde begroting",
    "Realisatie",
]


def _parts(sheet: bytes, shared_strings: bytes | None = None) -> dict[str, bytes]:
    parts = {
        "[Content_Types].xml": (
            b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            b'package/2006/content-types"><Default Extension="rels" ContentType="application/'
            b'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
            b'"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
            b'"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            b'officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            b'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            b'Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
            '<sheets><sheet name="Begroting" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ).encode(),
        "xl/_rels/workbook.xml.rels": (
            b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            b'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            b'Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": sheet,
    }
    if shared_strings is not None:
        parts["xl/sharedStrings.xml"] = shared_strings
    return parts


def workbook(sheet: bytes, shared_strings: bytes | None = None) -> bytes:
    """A minimal .xlsx around this sheet XML (as a program other than Excel writes one)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        for name, data in _parts(sheet, shared_strings).items():
            book.writestr(name, data)
    return buffer.getvalue()


def _text_cell(ref: str, text: str, p: str = "") -> str:
    return f'<{p}c r="{ref}" t="inlineStr"><{p}is><{p}t>{text}</{p}t></{p}is></{p}c>'


def _budget_rows(p: str = "", *, formula_in: str | None = None) -> str:
    """Header and two valid rows of begroting, in XML; `formula_in`: that cell of row 3 holds a
    formula without a stored value."""
    header = "".join(_text_cell(f"{chr(65 + i)}1", h, p) for i, h in enumerate(BUDGET_HEADER))
    rows = [f'<{p}row r="1">{header}</{p}row>']
    for r, (code, name) in enumerate((("6.3", "Inkomensregelingen"), ("6.71a", "Hulp")), start=2):
        cells = [
            f'<{p}c r="A{r}"><{p}v>2024</{p}v></{p}c>',
            f'<{p}c r="B{r}"><{p}v>1</{p}v></{p}c>',
            _text_cell(f"C{r}", code, p),
            _text_cell(f"D{r}", name, p),
        ]
        cells += [f'<{p}c r="{column}{r}"><{p}v>1000</{p}v></{p}c>' for column in "EFG"]
        if formula_in and formula_in[1:] == str(r):
            cells[ord(formula_in[0]) - 65] = f'<{p}c r="{formula_in}" t="str"><{p}f>"Hulp "&amp;"thuis"</{p}f></{p}c>'
        rows.append(f'<{p}row r="{r}">{"".join(cells)}</{p}row>')
    return "".join(rows)


def _sheet(rows: str, p: str = "", before_data: str = "") -> bytes:
    xmlns = f'xmlns:{p[:-1]}="{MAIN_NS}"' if p else f'xmlns="{MAIN_NS}"'
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><{p}worksheet {xmlns}>{before_data}'
        f"<{p}sheetData>{rows}</{p}sheetData></{p}worksheet>"
    ).encode()


# --- the hostile files ---------------------------------------------------------------------------


def regex_bait(folder: Path, scale: float = 1.0) -> Path:
    """A small workbook whose XML comment holds many `<c ` fragments (and a formula marker): a
    regular expression over the sheet for cells backtracks quadratically over it (the sheet's
    own cells carry a namespace prefix, so no `</c>` ends an attempt early)."""
    bait = "<!-- <f " + "<c " * int(40_000 * scale) + " -->"
    path = folder / "begroting.xlsx"
    path.write_bytes(workbook(_sheet(_budget_rows("x:", formula_in="E3"), "x:", before_data=bait)))
    return path


def zip_bomb(folder: Path, scale: float = 1.0) -> Path:
    """A workbook of about a megabyte whose sheet unpacks to `scale` gigabytes of cells."""
    target = int(1024**3 * scale)
    row = "<row>" + "<c><v>1</v></c>" * 100 + "</row>"
    chunk = (row * 1000).encode()
    path = folder / "begroting.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        for name, data in _parts(b"").items():
            if name != "xl/worksheets/sheet1.xml":
                book.writestr(name, data)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(_sheet(_budget_rows()).split(b"</sheetData>")[0])
            for _ in range(target // len(chunk)):
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")
    return path


def bad_rows_csv(folder: Path, scale: float = 1.0) -> Path:
    """caseload.csv of `scale` million rows in which every row has two bad values."""
    header = "Peildatum;Teamcode;Rol;Actieve dossiers;Bezette fte\n"
    row = "31-03-2024;T-A;klantmanager;veel;nul\n"
    path = folder / "caseload.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write(header)
        block = row * 10_000
        for _ in range(max(1, int(100 * scale))):
            out.write(block)
    return path


def namespaced_formula(folder: Path, scale: float = 1.0) -> Path:
    """A workbook written with a namespace prefix (`<x:c>`, `<x:f>`), with a formula in D3 (the optional
    Omschrijving) that has no stored value (written by a program, never calculated)."""
    path = folder / "begroting.xlsx"
    path.write_bytes(workbook(_sheet(_budget_rows("x:", formula_in="D3"), "x:")))
    return path


def billion_laughs(folder: Path, scale: float = 1.0) -> Path:
    """A workbook whose shared strings declare nested entities (10^9 'lol' from a few bytes)."""
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    strings = (
        f'<?xml version="1.0"?><!DOCTYPE sst [{entities}]><sst xmlns="{MAIN_NS}" count="1" '
        'uniqueCount="1"><si><t>&lol9;</t></si></sst>'
    ).encode()
    rows = _budget_rows().replace(_text_cell("D2", "Inkomensregelingen"), '<c r="D2" t="s"><v>0</v></c>')
    path = folder / "begroting.xlsx"
    path.write_bytes(workbook(_sheet(rows), strings))
    return path


HOSTILE = {
    "regex_bait": regex_bait,
    "zip_bomb": zip_bomb,
    "bad_rows_csv": bad_rows_csv,
    "namespaced_formula": namespaced_formula,
    "billion_laughs": billion_laughs,
}

# --- measuring ------------------------------------------------------------------------------------

READER = """
import json, sys, time
from pathlib import Path
from etl import budget, caseload
path = Path(sys.argv[1])
module = caseload if path.stem == "caseload" else budget
started = time.perf_counter()
result = module.read(path.read_bytes(), path.name)
# Its own high-water mark: ru_maxrss of a child counts the parent's memory at the fork too.
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(json.dumps({"seconds": time.perf_counter() - started, "rows": result.frame.height, "hwm_kb": hwm,
                  "rejections": len(result.rejections),
                  "first": result.rejections[0].message() if result.rejections else None}))
"""


def measure(path: Path, timeout: float) -> dict:
    """Read `path` in a fresh process: wall time, peak resident memory, what it said."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", READER, str(path)], cwd=adc_settings.ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    timer = threading.Timer(timeout, process.kill)
    timer.start()
    output = process.stdout.read()
    process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    timer.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    result = {
        "file_mb": round(path.stat().st_size / 1024**2, 2),
        "seconds": round(seconds, 1),
        "peak_mb": round(usage.ru_maxrss / 1024),
        "exit": process.returncode,
    }
    if seconds >= timeout:
        result["seconds"] = f"> {timeout:g}"
    if output.strip():
        said = json.loads(output.decode().strip().splitlines()[-1])
        result |= {
            "peak_mb": round(said["hwm_kb"] / 1024),
            "rows": said["rows"],
            "rejections": said["rejections"],
            "first": (said["first"] or "")[:160],
        }
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.hostile_uploads")
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument(
        "--scale", type=float, default=1.0, help="size of the files (1: the sizes reported in the README)"
    )
    parser.add_argument("--only", nargs="*", default=list(HOSTILE))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        for name in args.only:
            path = HOSTILE[name](Path(folder), args.scale)
            print(json.dumps({"file": name, **measure(path, args.timeout)}, ensure_ascii=False), flush=True)
            path.unlink()


if __name__ == "__main__":
    main()
