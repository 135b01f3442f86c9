"""A benchmark result: one row per measure, as a Markdown table and as bench/results.json."""

from __future__ import annotations

import json
import math
import os
import platform
import statistics
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl
import streamlit


@dataclass
class Measure:
    """One measured figure. `ratio` is value / baseline where a baseline was measured in the
    same run; `met` says whether the target holds (None: no target)."""

    name: str
    value: float
    unit: str
    target: float | None = None
    target_kind: str = "max"  # the value (or, with "ratio", the ratio) must not exceed the target
    baseline: float | None = None
    ratio: float | None = None
    detail: str = ""
    met: bool | None = field(default=None)

    def __post_init__(self) -> None:
        if self.ratio is None and self.baseline:
            self.ratio = self.value / self.baseline
        if self.target is not None and self.met is None:
            checked = self.ratio if self.target_kind == "ratio" else self.value
            self.met = checked is not None and checked <= self.target


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by the nearest-rank method: a value that was measured."""
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def machine() -> dict:
    """What the figures were measured on, so a reader can compare like with like."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory_kb = int(
            next(
                line.split()[1]
                for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")
            )
        )
    except (OSError, StopIteration, ValueError):
        memory_kb = 0
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "polars": pl.__version__,
        "streamlit": streamlit.__version__,
        "system": f"{platform.system()} {platform.release()}",
    }


def write_json(path: Path, measures: list[Measure], *, size: str, quick: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "size": size,
        "quick": quick,
        "machine": machine(),
        "measures": [asdict(m) for m in measures],
    }
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def markdown_table(measures: list[Measure]) -> str:
    rows = ["| measure | value | target | baseline | ratio | met |", "|---|---|---|---|---|---|"]
    for m in measures:
        target = (
            ""
            if m.target is None
            else (f"≤ {m.target:g}×" if m.target_kind == "ratio" else f"≤ {_number(m.target)} {m.unit}")
        )
        baseline = "" if m.baseline is None else f"{_number(m.baseline)} {m.unit}"
        ratio = "" if m.ratio is None else f"{m.ratio:.2f}"
        met = {True: "yes", False: "**no**", None: ""}[m.met]
        rows.append(f"| {m.name} | {_number(m.value)} {m.unit} | {target} | {baseline} | {ratio} | {met} |")
    return "\n".join(rows)


def _number(value: float) -> str:
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.3g}" if abs(value) < 10 else f"{value:.1f}"
