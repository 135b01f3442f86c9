"""Teams export. Grain: one row per team, with the role whose caseload it reports."""

from etl.tabular import CODE, TEXT, Column, ReadResult, Source, code_map, read_table

STEM = "teams"
TABLE = "stg_teams"
THEMES = code_map("participatie", "wmo", "jeugd", "schuldhulp", "leerlingenvervoer")
COLUMNS = [
    Column("team_code", "Teamcode", CODE, case="upper"),
    Column("team_name", "Teamnaam", TEXT),
    Column("theme_code", "Thema", CODE, codes=THEMES),
    Column("role", "Rol", CODE, case="lower"),
]


def read(source: Source, file_name: str | None = None) -> ReadResult:
    return read_table(source, COLUMNS, file_name=file_name, unique=("team_code",))
