"""A small, valid set of source files written inline, for build tests that need their own data."""

from __future__ import annotations

import io
from pathlib import Path

import xlsxwriter

TEAMS = """Teamcode,Teamnaam,Thema,Rol
T-A,Team A,participatie,klantmanager
T-B,Team B,wmo,wmo-consulent
"""

NORMS = """Rol,Norm ondergrens,Norm bovengrens,Eenheid,Telwijze,Geldig vanaf,Onderbouwing
klantmanager,75,80,cliënten,actief_op_peildatum,2021-01-01,Geschat; wordt geëvalueerd.
wmo-consulent,230,230,cliënten,actief_op_peildatum,2021-01-01,Geschat.
"""

REGELINGEN = """Code,Naam,Thema,Taakveld,Termijn (dagen)
levensonderhoud,Bijstand levensonderhoud,participatie,6.3,56
wmo_hbh,Hulp bij het huishouden,wmo,6.71a,56
"""

CASELOAD = (
    "Peildatum;Teamcode;Rol;Actieve dossiers;Bezette fte\r\n"
    "31-01-2024;T-A;klantmanager;470;5,5\r\n"
    "29-02-2024;T-A;klantmanager;480;5,5\r\n"
    "31-01-2024;T-B;wmo-consulent;2300;10,0\r\n"
    "29-02-2024;T-B;wmo-consulent;2250;10,0\r\n"
    "Totaal;;;5500;31,0\r\n"
)

DECISIONS = """Besluitnummer,Regeling,Soort besluit,Teamcode,Datum aanvraag,Datum besluit,Termijn (dagen),Afwijking beleid,Reden afwijking,Datum bezwaar,Uitkomst bezwaar
B-1,levensonderhoud,Toekenning,T-A,2024-01-02,2024-01-20,56,nee,,,
B-2,levensonderhoud,Afwijzing,T-A,2024-01-05,2024-03-20,56,nee,,2024-04-01,ongegrond
B-3,wmo_hbh,Toekenning,T-B,2024-02-01,2024-02-25,56,ja,medische_noodzaak,,
B-4,levensonderhoud,Maatregel,T-A,,2024-02-10,56,nee,,,
"""

BUDGET_HEADER = [
    "Jaar",
    "Kwartaal",
    "Taakveld",
    "Omschrijving",
    "Primitieve begroting",
    "Gewijzigde begroting",
    "Realisatie",
]
BUDGET_ROWS = [
    [2024, 1, "6.3", "Inkomensregelingen", 22_000_000, 22_000_000, 5_400_000],
    [2024, 1, "6.71a", "Huishoudelijke hulp (WMO)", 4_200_000, 4_200_000, 1_100_000],
]


def xlsx_bytes(header: list, rows: list[list], sheet: str = "Begroting") -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    worksheet = workbook.add_worksheet(sheet)
    for r, row in enumerate([header, *rows]):
        for c, value in enumerate(row):
            worksheet.write(r, c, value)
    workbook.close()
    return buffer.getvalue()


def write_sources(folder: Path, **overrides: str | bytes) -> Path:
    """Write the valid set into `folder`; `overrides` maps a file name to other content."""
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, str | bytes] = {
        "teams.csv": TEAMS,
        "normen.csv": NORMS,
        "regelingen.csv": REGELINGEN,
        "caseload.csv": CASELOAD.encode("cp1252"),
        "begroting.xlsx": xlsx_bytes(BUDGET_HEADER, BUDGET_ROWS),
        "beschikkingen.csv": "\ufeff" + DECISIONS,
    }
    files.update(overrides)
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / name).write_bytes(data)
    return folder


# --- for tests that read one file at a time (tests/test_hostile_input.py) ------------------

DEFINITIONS = """Cijfer,Naam,Definitie,Eenheid,Bron,Eigenaar,Geldig vanaf,Toelichting
caseload_per_fte,Caseload per fte,"Actieve dossiers gedeeld door bezette fte, op de peildatum.",dossiers per fte,Cliëntvolgsysteem,Teamleider,2024-01-01,Herzien na evaluatie.
active_dossiers,Actieve dossiers,Open dossiers op de peildatum.,dossiers,Cliëntvolgsysteem,Teamleider,2024-01-01,Zonder administratief open dossiers.
"""

STORIES = """Verhaal-id,Titel,Tekst,Cijfer,Periode,Teamcode,Regeling,Taakveld,Soort notitie,Dilemma's,Strategie,Waarden,Vrije tags,Zichtbaarheid,Auteur,Beoordeeld door,Status,Geschreven op
V-1,Drukte in januari,"Veel nieuwe aanvragen na de feestdagen,
ook in de avond.",caseload_per_fte,2024-01,T-A,,,werkdruk,zorgen_activeren,aanpassing,menselijkheid,drukte,raad,t-a-1,t-b-1,gepubliceerd,2024-02-05
V-2,Concept over februari,"Nog niet af.",caseload_per_fte,2024-02,T-A,,,werkdruk,,,,,team,t-a-1,,concept,2024-03-01
"""


def valid_files() -> dict[str, bytes]:
    """Every source file of the valid set as the bytes `write_sources` writes, plus the
    optional definitions file and a story import file."""
    return {
        "teams.csv": TEAMS.encode("utf-8"),
        "normen.csv": NORMS.encode("utf-8"),
        "regelingen.csv": REGELINGEN.encode("utf-8"),
        "caseload.csv": CASELOAD.encode("cp1252"),
        "begroting.xlsx": xlsx_bytes(BUDGET_HEADER, BUDGET_ROWS),
        "beschikkingen.csv": ("\ufeff" + DECISIONS).encode("utf-8"),
        "definities.csv": DEFINITIONS.encode("utf-8"),
        "verhalen.csv": STORIES.encode("utf-8"),
    }
