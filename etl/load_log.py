"""The load log: one JSON line per build run, kept outside the figures database.

It lives beside the database rather than in it, because a refused build must be recorded
while the database itself stays exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from etl.tabular import Rejection
from kernel import adc_settings, vocabulary
from kernel.adc_files import FILE_MODE, private_file

if TYPE_CHECKING:  # the build writes this log: a runtime import would go in a circle
    from etl.build import LoadedSource

MAX_MESSAGES = 1000  # a run that rejects a million cells needs the first ones, not all


def append_run(
    source_dir: Path,
    sources: list[LoadedSource],
    status: str,
    seconds: float,
    rejections: list[Rejection],
    detail: str | None = None,
) -> None:
    rejected_by_file: dict[str, set[int | None]] = {}
    summarised: dict[str, int] = {}  # rejections counted but not listed (etl/tabular.py)
    for rejection in rejections:
        if rejection.more:
            summarised[rejection.file] = summarised.get(rejection.file, 0) + rejection.more
        else:
            rejected_by_file.setdefault(rejection.file, set()).add(rejection.row)
    entry = {
        "finished_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "status": status,
        "source_dir": str(source_dir),
        "seconds": round(seconds, 3),
        "files": [
            {
                "file": s.path.name,
                "sha256": s.sha256,
                "rows_read": s.result.rows_read,
                "rows_loaded": s.result.frame.height if status == vocabulary.LOAD_OK else 0,
                # Beyond the listed ones, each counted value is taken as a row of its own.
                "rows_rejected": min(
                    len(rejected_by_file.get(s.path.name, ())) + summarised.get(s.path.name, 0), s.result.rows_read
                ),
            }
            for s in sources
        ],
        "rejections": sum(r.more or 1 for r in rejections),
        "messages": [r.message() for r in rejections[:MAX_MESSAGES]],
        "detail": detail,
    }
    path = adc_settings.load_log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(entry, ensure_ascii=False) + "\n"
    # One write call per line with O_APPEND keeps concurrent runs from interleaving lines.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)  # owner only
    try:
        os.write(fd, line.encode("utf-8"))
    finally:
        os.close(fd)
    private_file(path)  # a log written before files were made private, too


def read_runs(path: Path | None = None) -> list[dict[str, Any]]:
    """Every run, newest first; a torn last line (a killed writer) is skipped."""
    path = path or adc_settings.load_log_path()
    if not path.exists():
        return []
    runs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            runs.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return runs[::-1]


def files_frame(runs: list[dict[str, Any]]) -> pl.DataFrame:
    """One row per file per run, for tables on the data pages."""
    rows = [
        {"finished_at": run["finished_at"], "status": run["status"], **file} for run in runs for file in run["files"]
    ]
    schema = {
        "finished_at": pl.String,
        "status": pl.String,
        "file": pl.String,
        "sha256": pl.String,
        "rows_read": pl.Int64,
        "rows_loaded": pl.Int64,
        "rows_rejected": pl.Int64,
    }
    return pl.DataFrame(rows, schema=schema)
