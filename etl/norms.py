"""Caseload norms. Grain: one row per role and valid-from date, so a norm keeps its history."""

import polars as pl

from etl.tabular import CODE, DATE, DECIMAL, TEXT, Column, ReadResult, RowCheck, Source, code_map, read_table

STEM = "normen"
TABLE = "stg_caseload_norms"
COLUMNS = [
    Column("role", "Rol", CODE, case="lower"),
    Column("norm_low", "Norm ondergrens", DECIMAL, minimum=0, minimum_exclusive=True),
    Column("norm_high", "Norm bovengrens", DECIMAL, minimum=0, minimum_exclusive=True),
    Column("unit", "Eenheid", TEXT),
    Column("counting", "Telwijze", CODE, codes=code_map("actief_op_peildatum", "per_jaar")),
    Column("valid_from", "Geldig vanaf", DATE),
    Column("rationale", "Onderbouwing", TEXT),
]
CHECKS = (
    RowCheck(
        "norm_high",
        lambda: pl.col("norm_high") < pl.col("norm_low"),
        "een bovengrens die niet lager is dan de ondergrens",
    ),
)


def read(source: Source, file_name: str | None = None) -> ReadResult:
    return read_table(source, COLUMNS, file_name=file_name, checks=CHECKS, unique=("role", "valid_from"))
