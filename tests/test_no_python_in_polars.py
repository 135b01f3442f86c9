"""No Python function runs inside a Polars query in code the dashboard or briefing runs (pola-rs/polars#26821)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# the packages a Streamlit process (many sessions, one process) or the briefing runs
PACKAGES = ("dashboard", "presentation", "briefing", "queries", "kernel", "stories", "accounts")
# a Python callable handed to Polars: run on Polars' own threads, which wait for the GIL while a
# `to_pandas`/`to_numpy` in another session holds it waiting for them, and the process hangs
PYTHON_IN_POLARS = re.compile(r"\.(map_elements|map_batches|map_rows|map_groups)\s*\(")


def python_in_polars(source: str) -> list[int]:
    """The numbers of the lines of `source` that hand Polars a Python function."""
    return [n for n, line in enumerate(source.splitlines(), start=1) if PYTHON_IN_POLARS.search(line)]


def test_the_search_finds_each_kind_of_python_function_in_polars():
    source = (
        "x = 1\n"
        'a = pl.col("p").map_elements(format_period, return_dtype=pl.String)\n'
        "b = frame.map_rows(lambda r: r)\n"
        "c = pl.col('v').map_batches(f)\n"
        "d = frame.group_by('k').map_groups(f)\n"
        "e = texts(frame['p'], format_period)  # the way it should be: plain Python\n"
    )
    assert python_in_polars(source) == [2, 3, 4, 5]


def test_no_python_function_runs_inside_a_polars_query():
    files = [path for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py"))]
    assert len(files) > 40  # the packages are really there
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in files
        for line in python_in_polars(path.read_text(encoding="utf-8"))
    ]
    assert not found, (
        "Python-functie in een Polars-query (kan de hele Streamlit-processen laten vastlopen, "
        "pola-rs/polars#26821); gebruik kernel.format.texts of een Polars-expressie: " + ", ".join(found)
    )
