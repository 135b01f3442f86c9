"""The CBS snapshot as a source file of the build. Grain: one row per CBS table, gemeente and period.

`cbs_vergelijking.csv` sits beside the other source files: `python -m etl cbs fetch` writes it
(replacing it only when a fetch succeeded completely), the sample-data generator writes a
synthetic one, and the build loads it with everything else. Optional: without it the dashboard
simply shows no comparison.
"""

from __future__ import annotations

import csv
import io
import os
import uuid
from pathlib import Path
from typing import Any

from etl.cbs.odata import SNAPSHOT_FIELDS
from etl.cbs.tables import BY_KEY, TABLES
from etl.tabular import BOOL, CODE, DATE, DECIMAL, TEXT, Column, ReadResult, Source, code_map, read_table

STEM = "cbs_vergelijking"
FILE_NAME = f"{STEM}.csv"
TABLE = "stg_cbs_observations"
OPTIONAL = True
COLUMNS = [
    Column("table_id", "Tabel", CODE, codes=code_map(*(t.table_id for t in TABLES))),
    Column("figure", "Onderwerp", CODE, codes=code_map(*BY_KEY)),
    Column("measure_code", "Maatstaf", TEXT),
    Column("measure_title", "Maatstafnaam", TEXT),
    Column("region_code", "Gemeentecode", CODE, case="upper"),
    Column("region_name", "Gemeente", TEXT),
    Column("period_code", "Periode", CODE, case="upper"),
    Column("period_title", "Periodenaam", TEXT),
    Column("period_status", "Status", TEXT),
    Column("value", "Waarde", DECIMAL, required=False, minimum=0),
    Column("value_attribute", "Waardekenmerk", TEXT, required=False),
    Column("retrieved_on", "Opgehaald", DATE),
    Column("is_own", "Eigen gemeente", BOOL),
    Column("synthetic", "Synthetisch", BOOL),
]
HEADERS = {c.name: c.header for c in COLUMNS}
assert tuple(HEADERS) == SNAPSHOT_FIELDS


def read(source: Source, file_name: str | None = None) -> ReadResult:
    return read_table(source, COLUMNS, file_name=file_name, unique=("table_id", "region_code", "period_code"))


def to_csv(rows: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADERS.values())
    for row in rows:
        writer.writerow([_cell(row[name]) for name in HEADERS])
    return out.getvalue().encode("utf-8")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    return str(value)


def write(folder: Path, rows: list[dict[str, Any]]) -> Path:
    """Replace the snapshot in `folder` in one step: a reader sees the old file or the new one."""
    path = folder / FILE_NAME
    tmp = folder / f".{FILE_NAME}.{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp"
    try:
        tmp.write_bytes(to_csv(rows))
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path
