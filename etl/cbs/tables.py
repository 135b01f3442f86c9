"""The CBS StatLine tables the peer comparison reads. Grain: one declaration per table.

Identifiers and titles as CBS publishes them (researched 2026-12, see README "Vergelijkbare
gemeenten"). Measures and the codes of the selected dimension members are looked up by their
title at fetch time, and every dimension a table has must be exactly the declared set: a table
that CBS restructured is refused instead of read wrongly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# CBS's production OData v4 service; odata4.cbs.nl (the beta) answers in the same format.
DEFAULT_BASE_URL = "https://datasets.cbs.nl/odata/v1/CBS"
REGION = "RegioS"
PERIOD = "Perioden"


@dataclass(frozen=True)
class CbsTable:
    key: str  # our name of the figure: inwoners, bijstand, jeugdhulp, wmo
    table_id: str
    title: str  # the table's title on StatLine
    measure_title: str  # the measure (Onderwerp), by its title in MeasureCodes
    other_dimensions: dict[str, str] = field(default_factory=dict)  # identifier -> member title
    period_kind: str = "JJ"  # JJ: years, MM: months (the part after the year in a period code)
    theme_code: str | None = None
    name: str = ""  # Dutch label in the dashboard
    basis: str = "per 1.000 inwoners"

    @property
    def dimensions(self) -> set[str]:
        return {REGION, PERIOD, *self.other_dimensions}


INHABITANTS = CbsTable(
    "inwoners",
    "03759ned",
    "Bevolking op 1 januari en gemiddeld; geslacht, leeftijd en regio",
    "Bevolking op 1 januari",
    {"Geslacht": "Totaal mannen en vrouwen", "Leeftijd": "Totaal", "BurgerlijkeStaat": "Totaal burgerlijke staat"},
    name="Inwoners op 1 januari",
    basis="aantal",
)
BIJSTAND = CbsTable(
    "bijstand",
    "82015NED",
    "Bijstandsuitkeringen; uitkeringsgrondslag, regio's",
    "Aantal bijstandsuitkeringen",
    {"UitkeringenInRelatieMetDeAOW": "Uitkeringen totaal"},
    period_kind="MM",
    theme_code="participatie",
    name="Bijstandsuitkeringen (Participatiewet)",
)
JEUGDHULP = CbsTable(
    "jeugdhulp",
    "85100NED",
    "Jongeren met jeugdzorg; persoonskenmerken",
    "Totaal jongeren met jeugdzorg",
    {"Persoonskenmerken": "Totaal", "VormenVanJeugdzorg": "JH 1 Totaal jeugdhulp"},
    theme_code="jeugd",
    name="Jongeren met jeugdhulp",
    # CBS's age group for jeugdhulp (0 to 23) is not a band of the population table: per
    # 1,000 inhabitants, said so on screen, rather than a denominator of our own making.
)
WMO = CbsTable(
    "wmo",
    "86050NED",
    "Wmo-cliënten; type maatwerkvoorziening (detail), regio",
    "Wmo-cliënten",
    {"TypeMaatwerkvoorziening": "Totaal"},
    theme_code="wmo",
    name="Wmo-cliënten met een maatwerkvoorziening",
)

TABLES = (INHABITANTS, BIJSTAND, JEUGDHULP, WMO)
BY_KEY = {t.key: t for t in TABLES}
BY_ID = {t.table_id: t for t in TABLES}
PERIODS_KEPT = 3  # the newest periods of each table: the newest may not be published per gemeente yet
