"""Begroting and realisatie per Iv3 taakveld. Grain: one row per year, quarter and taakveld."""

import polars as pl

from etl.tabular import CODE, DATE_RANGE, DECIMAL, INT, TEXT, Column, ReadResult, RowCheck, Source, read_table

STEM = "begroting"
TABLE = "stg_budget"
COLUMNS = [
    Column("year", "Jaar", INT, minimum=1990),
    Column("quarter", "Kwartaal", INT, minimum=1),
    Column("taakveld_code", "Taakveld", CODE, case="lower"),
    Column("ledger_name", "Omschrijving", TEXT, required=False),
    Column("primitive_budget_eur", "Primitieve begroting", DECIMAL),
    Column("amended_budget_eur", "Gewijzigde begroting", DECIMAL),
    # Corrections can make a quarter negative, so no minimum here.
    Column("realisation_eur", "Realisatie", DECIMAL),
]

CHECKS = (
    RowCheck("quarter", lambda: pl.col("quarter") > 4, "een kwartaal van 1 tot en met 4"),
    # The marts turn year and quarter into dates, which end with the readable dates.
    RowCheck("year", lambda: pl.col("year") > DATE_RANGE[1].year, f"een jaar tot en met {DATE_RANGE[1].year}"),
)


def read(source: Source, file_name: str | None = None) -> ReadResult:
    return read_table(source, COLUMNS, file_name=file_name, checks=CHECKS, unique=("year", "quarter", "taakveld_code"))
