"""Generates the synthetic source files of a fictional municipality.

    python sample_data/generate.py [--size sample|large] [--end YYYY-MM] [--out DIR] [--seed N]

`--size sample` (default): Koggenwaard, about 55,000 inhabitants, monthly data from January
2021; its files are committed in this folder (the hand-written `verhalen.csv` beside them).
`--size large`: Havenstad, a fictional G4 city of about 900,000 inhabitants, for the
benchmarks: ten years from January 2017, 37 teams, about 2 million decisions and 100,000
generated stories (`verhalen.csv`). Both run up to and including the end month (default: the
last full calendar month before today). The files are shaped like real exports (see
README.md) and carry five deliberate patterns, each marked "Pattern n" below.

Deterministic: the same size, seed and end month give byte-identical files. Each file draws
from its own generator seeded with "<seed>:<file>", and draws month by month (budget: year by
year), so a later end month only appends data; the months before stay the same, except
that objections in the last two months are still pending.
"""

import argparse
import calendar
import csv
import io
import math
import random
from bisect import bisect
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import accumulate
from pathlib import Path

import cbs_sample
import story_fragments
import xlsxwriter

HERE = Path(__file__).resolve().parent
IV3_REFERENCE = HERE.parent / "etl" / "reference" / "iv3_taakvelden.csv"
DEFAULT_SEED = 20210101

TEAMS = [  # code, name, theme, role
    ("WI-NOORD", "Werk en Inkomen Noord", "participatie", "klantmanager"),
    ("WI-ZUID", "Werk en Inkomen Zuid", "participatie", "klantmanager"),
    ("HANDH", "Interventieteam handhaving", "participatie", "handhaver"),
    ("WMO", "Wmo-loket", "wmo", "wmo-consulent"),
    ("JGD-OOST", "Jeugdteam Oost", "jeugd", "jeugdconsulent"),
    ("JGD-WEST", "Jeugdteam West", "jeugd", "jeugdconsulent"),
    ("SHV", "Schuldhulpverlening", "schuldhulp", "schuldhulpverlener"),
    ("LLV", "Leerlingenvervoer", "leerlingenvervoer", "consulent-leerlingenvervoer"),
]

_ESTIMATE = (
    "Er is geen landelijke norm; de gemeente heeft deze norm op basis van een inschatting vastgesteld en evalueert hem."
)
NORMS = [  # role, low, high, unit, valid from ("start": the first month of the data), rationale
    (
        "klantmanager",
        70,
        75,
        "cliënten",
        "start",
        "Band gekozen bij de start van de teams Werk en Inkomen, naar ervaringen van "
        "vergelijkbare gemeenten. " + _ESTIMATE,
    ),
    (
        "klantmanager",
        75,
        80,
        "cliënten",
        "2023-01-01",
        "Verhoogd na de invoering van de nieuwe werkwijze met meer digitaal contact; na een "
        "jaar opnieuw bekeken. " + _ESTIMATE,
    ),
    (
        "handhaver",
        25,
        30,
        "onderzoeken",
        "start",
        "Lopende onderzoeken per fte; een onderzoek vraagt veel uren per zaak. " + _ESTIMATE,
    ),
    (
        "wmo-consulent",
        230,
        230,
        "cliënten",
        "start",
        "Actieve cliënten met een maatwerkvoorziening per fte, niet het aantal meldingen per jaar. " + _ESTIMATE,
    ),
    (
        "jeugdconsulent",
        45,
        45,
        "gezinnen",
        "start",
        "Gezinnen in begeleiding per fte, geschat bij de vorming van de jeugdteams. " + _ESTIMATE,
    ),
    (
        "jeugdconsulent",
        40,
        40,
        "gezinnen",
        "2024-01-01",
        "Verlaagd na een evaluatie: de gezinnen zijn complexer geworden en vragen meer tijd. " + _ESTIMATE,
    ),
    (
        "schuldhulpverlener",
        115,
        115,
        "huishoudens",
        "start",
        "Huishoudens met een lopend traject per fte. " + _ESTIMATE,
    ),
    (
        "consulent-leerlingenvervoer",
        150,
        150,
        "kinderen",
        "start",
        "Kinderen met een vervoersvoorziening per fte. " + _ESTIMATE,
    ),
]

REGELINGEN = [  # code, name, theme, taakveld, term in days
    ("levensonderhoud", "Bijstand levensonderhoud", "participatie", "6.3", 56),
    ("bijzondere_bijstand", "Bijzondere bijstand", "participatie", "6.3", 56),
    ("inkomenstoeslag", "Individuele inkomenstoeslag", "participatie", "6.3", 56),
    ("wmo_hbh", "Hulp bij het huishouden", "wmo", "6.71a", 56),
    ("wmo_begeleiding", "Begeleiding en dagbesteding", "wmo", "6.71b", 56),
    ("wmo_hulpmiddelen", "Hulpmiddelen en woonvoorzieningen", "wmo", "6.6", 56),
    ("jeugdhulp_ambulant", "Ambulante jeugdhulp", "jeugd", "6.72a", 56),
    ("jeugd_ggz", "Jeugd-GGZ", "jeugd", "6.74a", 56),
    ("schuldhulp", "Schuldhulpverlening", "schuldhulp", "6.3", 56),
    ("leerlingenvervoer", "Leerlingenvervoer", "leerlingenvervoer", "4.3", 56),
]
TERM = {code: term for code, *_, term in REGELINGEN}
THEME = {code: theme for code, _, theme, _, _ in REGELINGEN}

CASELOAD = {  # team: (active dossiers, occupied fte) in an ordinary month
    "WI-NOORD": (460, 6.0),
    "WI-ZUID": (470, 6.1),
    "HANDH": (75, 2.8),
    "WMO": (3250, 14.5),
    "JGD-OOST": (230, 5.4),
    "JGD-WEST": (220, 5.2),
    "SHV": (345, 3.1),
    "LLV": (290, 2.0),
}  # just under each norm, so that "over the norm" mostly means a pattern or a sick team
# Pattern 1: from July 2023 WI-ZUID takes over part of WI-NOORD's district, fte unchanged.
REORG = (2023, 7)
AFTER_REORG = {"WI-NOORD": 420, "WI-ZUID": 575}  # about 70 and 94 per fte
# Pattern 3: the Wmo case system was migrated in March 2024; half the dossiers were missing.
MIGRATION = (2024, 3)


@dataclass(frozen=True)
class Municipality:
    """Everything that differs between the sample municipality and the large one."""

    name: str
    start: tuple[int, int]
    teams: list[tuple[str, str, str, str]]  # code, name, theme, role
    caseload: dict[str, tuple[int, float]]  # team: (active dossiers, occupied fte)
    after_reorg: dict[str, int]  # pattern 1: active dossiers from REORG on
    request_weights: dict[str, dict[str, int]]  # theme: team -> weight, for requests
    reorg_weights: dict[str, int]  # participatie team weights from REORG on
    enforcement_weights: dict[str, int]  # team -> weight, for decisions without a request
    volume: float  # decisions per regeling, relative to Koggenwaard
    budget: float  # euros, relative to Koggenwaard
    stories: int  # stories to generate; 0 keeps the hand-written verhalen.csv


SAMPLE = Municipality(
    name="Koggenwaard",
    start=(2021, 1),
    teams=TEAMS,
    caseload=CASELOAD,
    after_reorg=AFTER_REORG,
    request_weights={
        "participatie": {"WI-NOORD": 50, "WI-ZUID": 50},
        "jeugd": {"JGD-OOST": 51, "JGD-WEST": 49},
        "wmo": {"WMO": 1},
        "schuldhulp": {"SHV": 1},
        "leerlingenvervoer": {"LLV": 1},
    },
    reorg_weights={"WI-NOORD": 42, "WI-ZUID": 58},
    enforcement_weights={"HANDH": 70, "WI-NOORD": 15, "WI-ZUID": 15},
    volume=1.0,
    budget=1.0,
    stories=0,
)


def large_municipality() -> Municipality:
    """Havenstad: about 16 times Koggenwaard's inhabitants and, as big cities have, more than
    proportionally more clients: 27 times the decisions and caseload. Team codes of the
    sample stay (so the demo accounts fit); the other districts add teams of the same kinds."""
    districts = {
        "participatie": [
            "NOORD",
            "ZUID",
            "OOST",
            "WEST",
            "CENTRUM",
            "HAVEN",
            "DUINEN",
            "POLDER",
            "NIEUWLAND",
            "ZUIDOOST",
        ],
        "jeugd": ["OOST", "WEST", "NOORD", "ZUID", "CENTRUM", "HAVEN", "DUINEN", "POLDER", "NIEUWLAND", "ZUIDOOST"],
        "wmo": ["", "NOORD", "OOST", "ZUID", "WEST", "CENTRUM", "HAVEN", "DUINEN"],
        "schuldhulp": ["", "NOORD", "ZUID", "WEST", "OOST"],
        "handhaving": ["", "ZUID", "NOORD"],
        "leerlingenvervoer": [""],
    }
    kinds = [  # prefix, districts, sample team it is a copy of, team name
        ("WI", "participatie", "WI-NOORD", "Werk en Inkomen"),
        ("HANDH", "handhaving", "HANDH", "Interventieteam handhaving"),
        ("WMO", "wmo", "WMO", "Wmo-loket"),
        ("JGD", "jeugd", "JGD-OOST", "Jeugdteam"),
        ("SHV", "schuldhulp", "SHV", "Schuldhulpverlening"),
        ("LLV", "leerlingenvervoer", "LLV", "Leerlingenvervoer"),
    ]
    volume = 27.0
    sample_teams = {code: (name, theme, role) for code, name, theme, role in TEAMS}
    teams, caseload = [], {}
    for prefix, district_kind, model, name in kinds:
        places = districts[district_kind]
        copies_in_sample = sum(1 for code in TEAMS if code[0].startswith(prefix))
        dossiers, fte = CASELOAD[model]
        for place in places:
            code = f"{prefix}-{place}" if place else prefix
            _, theme, role = sample_teams[model]
            teams.append((code, f"{name} {place.capitalize()}".strip(), theme, role))
            share = volume * copies_in_sample / len(places)
            caseload[code] = (round(dossiers * share), round(fte * share, 1))
    by_theme: dict[str, dict[str, int]] = {}
    for code, _, theme, role in teams:
        if role != "handhaver":
            by_theme.setdefault(theme, {})[code] = 50
    reorg = dict(by_theme["participatie"])
    scale = caseload["WI-NOORD"][0] / CASELOAD["WI-NOORD"][0]
    after = {team: round(n * scale) for team, n in AFTER_REORG.items()}
    reorg.update({"WI-NOORD": 42, "WI-ZUID": 58})
    enforcement = {code: 70 for code, *_ in teams if code.startswith("HANDH")}
    enforcement |= {code: 10 for code, *_ in teams if code.startswith("WI-")}
    return Municipality(
        name="Havenstad",
        start=(2017, 1),
        teams=teams,
        caseload=caseload,
        after_reorg=after,
        request_weights=by_theme,
        reorg_weights=reorg,
        enforcement_weights=enforcement,
        volume=volume,
        budget=20.0,
        stories=100_000,
    )


SIZES = {"sample": lambda: SAMPLE, "large": large_municipality}


# --- helpers ---------------------------------------------------------------------------


def months(start: tuple[int, int], end: tuple[int, int]) -> list[tuple[int, int]]:
    return [(y, m) for y in range(start[0], end[0] + 1) for m in range(1, 13) if start <= (y, m) <= end]


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def csv_text(rows: list[list], delimiter: str = ",", newline: str = "\n") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=newline).writerows(rows)
    return buffer.getvalue()


def poisson_like(rng: random.Random, mean: float) -> int:
    """Monthly counts: normal approximation of a Poisson count, good enough above ~5."""
    return max(0, round(rng.gauss(mean, math.sqrt(mean))))


# --- reference files -------------------------------------------------------------------


def write_reference_files(out: Path, town: Municipality) -> dict[str, int]:
    teams = [["Teamcode", "Teamnaam", "Thema", "Rol"], *map(list, town.teams)]
    norms = [["Rol", "Norm ondergrens", "Norm bovengrens", "Eenheid", "Telwijze", "Geldig vanaf", "Onderbouwing"]]
    first_day = date(*town.start, 1).isoformat()
    norms += [
        [role, low, high, unit, "actief_op_peildatum", first_day if since == "start" else since, why]
        for role, low, high, unit, since, why in NORMS
    ]
    regelingen = [["Code", "Naam", "Thema", "Taakveld", "Termijn (dagen)"], *map(list, REGELINGEN)]
    for name, rows in (("teams", teams), ("normen", norms), ("regelingen", regelingen)):
        (out / f"{name}.csv").write_bytes(csv_text(rows).encode("utf-8"))
    return {"teams.csv": len(town.teams), "normen.csv": len(NORMS), "regelingen.csv": len(REGELINGEN)}


# --- caseload.csv ----------------------------------------------------------------------


def write_caseload(out: Path, town: Municipality, end, seed: int) -> int:
    rng = random.Random(f"{seed}:caseload")
    role_of = {code: role for code, _, _, role in town.teams}
    wander = {team: 0.0 for team in town.caseload}  # slow month-to-month drift per team
    absence = {team: (0, 0.0) for team in town.caseload}  # (months left, fte missing)
    rows = [["Peildatum", "Teamcode", "Rol", "Actieve dossiers", "Bezette fte"]]
    total_dossiers, total_fte = 0, 0.0
    for year, month in months(town.start, end):
        for team, (dossiers, fte) in town.caseload.items():
            # Clamped so the patterns stay inside the bands the README promises.
            wander[team] = max(-0.035, min(0.035, 0.6 * wander[team] + rng.gauss(0, 0.012)))
            if (year, month) >= REORG and team in town.after_reorg:
                dossiers = town.after_reorg[team]
            active = round(dossiers * (1 + wander[team]))
            if team == "WMO" and (year, month) == MIGRATION:
                active = round(active * rng.uniform(0.48, 0.53))
            occupied = fte - sick_leave(rng, absence, team, town)
            rows.append(
                [
                    month_end(year, month).strftime("%d-%m-%Y"),
                    team,
                    role_of[team],
                    active,
                    f"{occupied:.1f}".replace(".", ","),
                ]
            )
            total_dossiers += active
            total_fte += round(occupied, 1)
    rows.append(["Totaal", "", "", total_dossiers, f"{total_fte:.1f}".replace(".", ",")])
    # An old Windows export: cp1252, semicolons, decimal commas, CRLF.
    text = csv_text(rows, delimiter=";", newline="\r\n")
    (out / "caseload.csv").write_bytes(text.encode("cp1252"))
    return len(rows) - 2


def sick_leave(rng: random.Random, absence: dict, team: str, town: Municipality) -> float:
    """Occasional dips in occupied fte (sick leave, a vacancy) lasting one to three months."""
    # Always drawn, so that every month uses the same number of draws.
    starts, size, length = rng.random() < 0.06, rng.uniform(0.06, 0.18), rng.randint(1, 3)
    left, missing = absence[team]
    # Not in the reorganised WI teams: pattern 1 stays a pure effect of the moved district.
    if left == 0 and starts and team not in town.after_reorg:
        left, missing = length, max(0.1, round(town.caseload[team][1] * size, 1))
    absence[team] = (max(0, left - 1), missing)
    return missing if left else 0.0


# --- begroting.xlsx --------------------------------------------------------------------

BUDGET_2024 = {  # lasten in € mln (domain_data.md §2.3); older years at 3% less a year
    "4.3": 1.1,
    "6.1": 5.5,
    "6.2": 5.0,
    "6.3": 22.0,
    "6.4": 7.5,
    "6.5": 2.8,
    "6.6": 2.0,
    "6.71a": 4.2,
    "6.71b": 4.8,
    "6.71c": 2.4,
    "6.71d": 0.9,
    "6.72a": 3.6,
    "6.72b": 2.4,
    "6.72c": 0.9,
    "6.72d": 1.6,
    "6.73a": 1.5,
    "6.73b": 0.8,
    "6.73c": 2.2,
    "6.74a": 3.0,
    "6.74b": 1.2,
    "6.74c": 0.6,
    "6.81a": 0.6,
    "6.81b": 0.3,
    "6.82a": 1.4,
    "6.82b": 0.3,
}
# Pattern 2: jeugdhulp begeleiding and GGZ overrun their amended budget from 2024 on.
OVERSPEND, OVERSPEND_FROM = ("6.72a", "6.74a"), 2024
LEDGER_ALIAS = {"6.71a": "Huishoudelijke hulp (WMO)"}  # names are not used for matching
# Jeugd and Wmo providers declare late, so the fourth quarter carries more.
QUARTER_SHARES = {"jeugd": (0.235, 0.24, 0.245, 0.28), "wmo": (0.235, 0.24, 0.245, 0.28)}
EVEN = (0.25, 0.25, 0.25, 0.25)


def base_amount(code: str, taakvelden: list[dict]) -> float:
    """Euros in 2024 for Koggenwaard; an old (pre-2023) code is the sum of the refined codes."""
    if code in BUDGET_2024:
        return BUDGET_2024[code] * 1e6
    return sum(BUDGET_2024[t["code"]] * 1e6 for t in taakvelden if t["parent_code"] == code)


def write_budget(out: Path, town: Municipality, end, seed: int) -> int:
    rng = random.Random(f"{seed}:begroting")
    taakvelden = list(csv.DictReader(IV3_REFERENCE.read_text(encoding="utf-8").splitlines()))
    rows = []
    for year in range(town.start[0], end[0] + 1):
        valid = [
            t
            for t in taakvelden
            if int(t["valid_from_year"]) <= year and (not t["valid_to_year"] or year <= int(t["valid_to_year"]))
        ]
        for t in valid:
            name = LEDGER_ALIAS.get(t["code"], t["name"])
            for quarter, amounts in enumerate(budget_year(rng, t, year, taakvelden, town.budget), start=1):
                if (year, quarter * 3) <= end:  # only complete quarters are exported
                    rows.append([year, quarter, t["code"], name, *amounts])
    rows.sort(key=lambda r: r[:2])  # stable: taakvelden stay in reference order
    write_xlsx(out / "begroting.xlsx", rows, town)
    return len(rows)


def budget_year(rng: random.Random, t: dict, year: int, taakvelden, scale: float) -> list[tuple]:
    """(primitive, amended, realisation) for each of the four quarters of one year."""
    primitive = round(base_amount(t["code"], taakvelden) * scale * 1.03 ** (year - 2024) * rng.uniform(0.98, 1.02), -3)
    overspend = t["code"] in OVERSPEND and year >= OVERSPEND_FROM
    spring = 0.02 if overspend else rng.uniform(-0.005, 0.015)  # voorjaarsnota, in Q2
    autumn = 0.03 if overspend else rng.uniform(0.0, 0.03)  # najaarsnota, in Q4
    # Overspend lines end 8.5-11.5% above the final amended budget; others -4% to +2%.
    deviation = rng.uniform(0.085, 0.115) if overspend else rng.uniform(-0.04, 0.02)
    amended = [
        primitive,
        *[round(primitive * (1 + spring), -3)] * 2,
        round(primitive * (1 + spring) * (1 + autumn), -3),
    ]
    shares = list(QUARTER_SHARES.get(t["theme_code"], EVEN))
    if overspend:
        shares[3] += 0.03  # the overrun lands mostly in Q4
    shares = [s * (1 + rng.gauss(0, 0.03)) for s in shares]
    total = round(amended[3] * (1 + deviation))
    spent = [round(total * s / sum(shares)) for s in shares[:3]]
    spent.append(total - sum(spent))
    return [(primitive, amended[q], spent[q]) for q in range(4)]


def write_xlsx(path: Path, rows: list[list], town: Municipality) -> None:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    # A fixed creation date: otherwise the workbook carries the current time.
    workbook.set_properties(
        {"created": datetime(2021, 1, 1), "author": f"Financiële administratie {town.name} (fictief)"}
    )
    sheet = workbook.add_worksheet("Begroting")
    bold, euro = workbook.add_format({"bold": True}), workbook.add_format({"num_format": "#,##0"})
    headers = [
        "Jaar",
        "Kwartaal",
        "Taakveld",
        "Omschrijving",
        "Primitieve begroting",
        "Gewijzigde begroting",
        "Realisatie",
    ]
    sheet.write_row(0, 0, headers, bold)
    for r, (year, quarter, code, name, *amounts) in enumerate(rows, start=1):
        sheet.write_row(r, 0, [year, quarter])
        sheet.write_string(r, 2, code)  # as text: 6.3 is a code, not a number
        sheet.write_string(r, 3, name)
        sheet.write_row(r, 4, amounts, euro)
    sheet.set_column(3, 3, 42)
    sheet.set_column(4, 6, 20)
    sheet.freeze_panes(1, 0)
    workbook.close()
    path.write_bytes(buffer.getvalue())


# --- beschikkingen.csv -----------------------------------------------------------------

REQUESTS = {  # regeling: (per year, shares of toekenning/afwijzing/buiten behandeling)
    "levensonderhoud": (330, (0.67, 0.20, 0.13)),
    "bijzondere_bijstand": (1500, (0.76, 0.19, 0.05)),
    "inkomenstoeslag": (300, (0.80, 0.15, 0.05)),
    "wmo_hbh": (900, (0.86, 0.09, 0.05)),
    "wmo_begeleiding": (700, (0.84, 0.10, 0.06)),
    "wmo_hulpmiddelen": (1000, (0.87, 0.09, 0.04)),
    "jeugdhulp_ambulant": (1300, (0.90, 0.06, 0.04)),
    "jeugd_ggz": (700, (0.89, 0.07, 0.04)),
    "schuldhulp": (230, (0.74, 0.15, 0.11)),
    "leerlingenvervoer": (300, (0.85, 0.12, 0.03)),
}
REQUEST_KINDS = ("Toekenning", "Afwijzing", "Buiten behandeling")
# Decisions without a request, all on levensonderhoud, mostly by the interventieteam.
ENFORCEMENT = {"Maatregel": 40, "Bestuurlijke boete": 45, "Waarschuwing": 30, "Terugvordering": 180}
MEDIAN_DAYS = {  # median processing time; with spread 0.42 about 88-93% within 56 days
    "levensonderhoud": 34,
    "bijzondere_bijstand": 31,
    "inkomenstoeslag": 33,
    "wmo_hbh": 33,
    "wmo_begeleiding": 34,
    "wmo_hulpmiddelen": 32,
    "jeugdhulp_ambulant": 32,
    "jeugd_ggz": 34,
    "schuldhulp": 31,
    "leerlingenvervoer": 32,
}
# Pattern 4: staff shortage; levensonderhoud decisions Nov 2023 - Feb 2024 half on time.
LATE = ((2023, 11), (2024, 2))
# Leerlingenvervoer is applied for before the school year: mostly decided May-August.
LLV_SEASON = (1, 1, 2, 4, 12, 20, 16, 14, 6, 2, 1, 1)
REASONS = {  # why a decision departs from policy, by theme
    "participatie": {"schrijnende_situatie": 5, "voorkomen_schulden": 4, "overig": 1},
    "wmo": {"medische_noodzaak": 6, "schrijnende_situatie": 2, "overig": 2},
    "jeugd": {"voorkomen_uithuisplaatsing": 6, "schrijnende_situatie": 3, "overig": 1},
    "schuldhulp": {"voorkomen_schulden": 6, "schrijnende_situatie": 3, "overig": 1},
    "leerlingenvervoer": {"medische_noodzaak": 6, "schrijnende_situatie": 2, "overig": 2},
}
OUTCOMES = {"gegrond": 20, "ongegrond": 55, "niet-ontvankelijk": 10, "ingetrokken": 15}
OBJECTION_RATE = {"Toekenning": 0.025, "Afwijzing": 0.12, "Buiten behandeling": 0.06}
HOLIDAYS = {(1, 1), (4, 27), (12, 25), (12, 26)}  # no decisions on these (fixed) days
PENDING_DAYS = 61  # objections made in the last two months have no outcome yet
DECISION_HEADER = [
    "Besluitnummer",
    "Regeling",
    "Soort besluit",
    "Teamcode",
    "Datum aanvraag",
    "Datum besluit",
    "Termijn (dagen)",
    "Afwijking beleid",
    "Reden afwijking",
    "Datum bezwaar",
    "Uitkomst bezwaar",
]


# Cumulative weights per weights dict (kept with the dict, so its id is not reused).
_CUMULATIVE: dict[int, tuple[dict, list, list]] = {}


def pick(rng: random.Random, weights: dict):
    """`rng.choices(list(weights), weights=list(weights.values()))[0]`, the same draw and the
    same value, with the cumulative weights summed once per dict instead of once per draw (the
    city's eight million draws took a third of its generation)."""
    known = _CUMULATIVE.get(id(weights))
    if known is None or known[0] is not weights:
        known = _CUMULATIVE[id(weights)] = (weights, list(weights), list(accumulate(weights.values())))
    _, population, cumulative = known
    return draw(rng, population, cumulative)


def draw(rng: random.Random, population, cumulative: list):
    """`rng.choices(population, cum_weights=cumulative)[0]`, as random.py computes it."""
    return population[bisect(cumulative, rng.random() * (cumulative[-1] + 0.0), 0, len(population) - 1)]


def write_decisions(out: Path, town: Municipality, end, seed: int) -> int:
    """Written month by month: every decision of a month is decided within it, so sorting
    each month's decisions gives the same order as sorting the whole file, in little memory."""
    rng = random.Random(f"{seed}:beschikkingen")
    last_day = month_end(*end)
    numbers: dict[int, int] = {}
    written = 0
    with (out / "beschikkingen.csv").open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(DECISION_HEADER)
        for year, month in months(town.start, end):
            decisions = month_decisions(rng, town, year, month)
            decisions.sort(key=lambda d: d["decided"])  # stable: same-day order is generation order
            for d in decisions:
                numbers[year] = numbers.get(year, 0) + 1
                writer.writerow(decision_row(d, f"B-{year}-{numbers[year]:06d}", last_day))
            written += len(decisions)
    return written


def month_decisions(rng: random.Random, town: Municipality, year: int, month: int) -> list[dict]:
    weekdays = [
        d
        for d in range(1, month_end(year, month).day + 1)
        if date(year, month, d).weekday() < 5 and (month, d) not in HOLIDAYS
    ]
    decisions = []
    for regeling, (per_year, shares) in REQUESTS.items():
        season = LLV_SEASON[month - 1] / sum(LLV_SEASON) if regeling == "leerlingenvervoer" else 1 / 12
        cumulative = list(accumulate(shares))
        for _ in range(poisson_like(rng, per_year * town.volume * season)):
            decided = date(year, month, rng.choice(weekdays))
            kind = draw(rng, REQUEST_KINDS, cumulative)
            decisions.append(request_decision(rng, town, regeling, kind, decided, (year, month)))
    for kind, per_year in ENFORCEMENT.items():
        for _ in range(poisson_like(rng, per_year * town.volume / 12)):
            decided = date(year, month, rng.choice(weekdays))
            team = pick(rng, town.enforcement_weights)
            decisions.append(finish(rng, "levensonderhoud", kind, team, None, decided))
    return decisions


def decision_row(d: dict, number: str, last_day: date) -> list:
    objected, outcome = d["objection"]
    if objected and objected > last_day:
        objected = outcome = None  # the objection period has not passed yet
    elif objected and objected > last_day - timedelta(days=PENDING_DAYS):
        outcome = None
    return [
        number,
        d["regeling"],
        d["kind"],
        d["team"],
        iso(d["requested"]),
        iso(d["decided"]),
        TERM[d["regeling"]],
        "ja" if d["reason"] else "nee",
        d["reason"] or "",
        iso(objected),
        outcome or "",
    ]


def request_decision(rng, town: Municipality, regeling: str, kind: str, decided: date, ym) -> dict:
    median, spread = MEDIAN_DAYS[regeling], 0.42
    if regeling == "levensonderhoud" and LATE[0] <= ym <= LATE[1]:
        median, spread = 55, 0.30
    days = max(3, round(rng.lognormvariate(math.log(median), spread)))
    return finish(rng, regeling, kind, request_team(rng, town, regeling, ym), decided - timedelta(days), decided)


def request_team(rng, town: Municipality, regeling: str, ym) -> str:
    theme = THEME[regeling]
    weights = town.request_weights[theme]
    if theme == "participatie" and ym >= REORG:
        weights = town.reorg_weights  # after the reorganisation WI-ZUID serves a larger district
    if len(weights) == 1:  # no draw for a single team, as the sample's files were made
        return next(iter(weights))
    return pick(rng, weights)


def finish(rng, regeling: str, kind: str, team: str, requested, decided: date) -> dict:
    """Adds maatwerk and objection; every branch draws the same numbers, for stable output."""
    # Pattern 5: WI-NOORD departs from policy on bijzondere bijstand far more often.
    maatwerk = (0.18 if team == "WI-NOORD" else 0.04) if regeling == "bijzondere_bijstand" else 0.03
    departs, reason = rng.random() < maatwerk, pick(rng, REASONS[THEME[regeling]])
    objects = rng.random() < OBJECTION_RATE.get(kind, 0.12)
    objected = decided + timedelta(days=rng.randint(7, 42))
    outcome = pick(rng, OUTCOMES)
    return {
        "regeling": regeling,
        "kind": kind,
        "team": team,
        "requested": requested,
        "decided": decided,
        "reason": reason if departs else None,
        "objection": (objected, outcome) if objects else (None, None),
    }


def iso(day: date | None) -> str:
    return day.isoformat() if day else ""


# --- verhalen.csv (large size only) ----------------------------------------------------


def write_stories(out: Path, town: Municipality, end, seed: int) -> int:
    """Generated stories spread over every team, figure and month (see story_fragments.py)."""
    rng = random.Random(f"{seed}:verhalen")
    periods = months(town.start, end)
    with (out / "verhalen.csv").open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(story_fragments.HEADER)
        for number in range(1, town.stories + 1):
            writer.writerow(story_fragments.story_row(rng, number, town.teams, periods, REGELINGEN))
    return town.stories


# --- command line ----------------------------------------------------------------------


def last_full_month(today: date) -> tuple[int, int]:
    previous = today.replace(day=1) - timedelta(days=1)
    return previous.year, previous.month


def parse_month(text: str) -> tuple[int, int]:
    moment = datetime.strptime(text, "%Y-%m")  # argparse turns a ValueError into usage
    if (moment.year, moment.month) < (2017, 1):
        raise argparse.ArgumentTypeError("de eindmaand ligt vóór januari 2017")
    return moment.year, moment.month


def generate(
    out: Path, size: str = "sample", end: tuple[int, int] | None = None, seed: int = DEFAULT_SEED
) -> dict[str, int]:
    """Write every source file of the municipality of `size` into `out`; rows per file."""
    town = SIZES[size]()
    end = end or last_full_month(date.today())
    if end < town.start:
        raise ValueError(f"de eindmaand ligt vóór de eerste maand van {town.name}")
    out.mkdir(parents=True, exist_ok=True)
    counts = write_reference_files(out, town)
    counts["caseload.csv"] = write_caseload(out, town, end, seed)
    counts["begroting.xlsx"] = write_budget(out, town, end, seed)
    counts["beschikkingen.csv"] = write_decisions(out, town, end, seed)
    if town.stories:
        counts["verhalen.csv"] = write_stories(out, town, end, seed)
    if town.name == "Koggenwaard":  # CBS figures of fictional peers, in CBS's own format
        counts["cbs_vergelijking.csv"] = cbs_sample.write_snapshot(out, end, month_end(*end))
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Genereert de voorbeelddata (fictief).")
    parser.add_argument(
        "--size",
        choices=sorted(SIZES),
        default="sample",
        help="sample: Koggenwaard (55.000 inwoners); large: Havenstad (G4-schaal)",
    )
    parser.add_argument(
        "--end",
        type=parse_month,
        default=last_full_month(date.today()),
        help="laatste maand, jjjj-mm (standaard: de laatste volle maand)",
    )
    parser.add_argument("--out", type=Path, default=HERE, help="uitvoermap")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    try:
        counts = generate(args.out, args.size, args.end, args.seed)
    except ValueError as problem:
        parser.error(str(problem))
    town = SIZES[args.size]()
    print(f"{town.name} t/m {args.end[0]}-{args.end[1]:02d}, seed {args.seed}, in {args.out}:")
    for name, rows in counts.items():
        print(f"  {name}: {rows} rijen")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
