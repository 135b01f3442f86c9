"""Caseload export. Grain: one row per peildatum, team and role (active dossiers, occupied fte)."""

from etl.tabular import CODE, DATE, DECIMAL, INT, Column, ReadResult, Source, read_table

STEM = "caseload"
TABLE = "stg_caseload"
COLUMNS = [
    Column("peildatum", "Peildatum", DATE),
    Column("team_code", "Teamcode", CODE, case="upper"),
    Column("role", "Rol", CODE, case="lower"),
    Column("active_dossiers", "Actieve dossiers", INT, minimum=0),
    # A team with no occupied fte has no caseload per fte; the export must not say 0.
    Column("occupied_fte", "Bezette fte", DECIMAL, minimum=0, minimum_exclusive=True),
]


def read(source: Source, file_name: str | None = None) -> ReadResult:
    return read_table(source, COLUMNS, file_name=file_name, unique=("peildatum", "team_code", "role"))
