"""Regelingen (schemes). Grain: one row per regeling, with its theme, taakveld and legal term."""

from etl.tabular import CODE, INT, TEXT, Column, ReadResult, Source, read_table
from etl.teams import THEMES

STEM = "regelingen"
TABLE = "stg_regelingen"
COLUMNS = [
    Column("regeling_code", "Code", CODE, case="lower"),
    Column("regeling_name", "Naam", TEXT),
    Column("theme_code", "Thema", CODE, codes=THEMES),
    Column("taakveld_code", "Taakveld", CODE, case="lower"),
    Column("term_days", "Termijn (dagen)", INT, minimum=0, minimum_exclusive=True),
]


def read(source: Source, file_name: str | None = None) -> ReadResult:
    return read_table(source, COLUMNS, file_name=file_name, unique=("regeling_code",))
