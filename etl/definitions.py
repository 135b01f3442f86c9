"""Revised figure definitions, kept by the beheerder. Grain: one row per metric and valid-from date.

Optional: without this file every figure keeps its definition from etl/reference/metric_catalog.csv.
The newest revision of a figure is its definition; all revisions stay as its history.
"""

from pathlib import Path

import polars as pl

from etl.tabular import CODE, DATE, TEXT, Column, ReadResult, Source, code_map, read_table

STEM = "definities"
TABLE = "stg_metric_definitions"
OPTIONAL = True
METRIC_KEYS = tuple(pl.read_csv(Path(__file__).with_name("reference") / "metric_catalog.csv")["metric_key"].to_list())
COLUMNS = [
    Column("metric_key", "Cijfer", CODE, codes=code_map(*METRIC_KEYS)),
    Column("name", "Naam", TEXT),
    Column("definition", "Definitie", TEXT),
    Column("unit", "Eenheid", TEXT),
    Column("source_system", "Bron", TEXT),
    Column("owner", "Eigenaar", TEXT),
    Column("valid_from", "Geldig vanaf", DATE),
    Column("reason", "Toelichting", TEXT),
]


def read(source: Source, file_name: str | None = None) -> ReadResult:
    return read_table(source, COLUMNS, file_name=file_name, unique=("metric_key", "valid_from"))
