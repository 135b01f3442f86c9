"""Building blocks of the generated stories of the large municipality (benchmarks only).

A story is put together from Dutch sentences in the voice of a professional: what happened,
what it did to the figure, the dilemma, what the team did and what the reader should know.
The sentences are written for this product (fictional, no person, no number that could point
to a resident) and vary enough that full-text search meets a realistic vocabulary. The small
sample municipality keeps its hand-written stories instead.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

HEADER = [
    "Verhaal-id",
    "Titel",
    "Tekst",
    "Cijfer",
    "Periode",
    "Teamcode",
    "Regeling",
    "Taakveld",
    "Soort notitie",
    "Dilemma's",
    "Strategie",
    "Waarden",
    "Vrije tags",
    "Zichtbaarheid",
    "Auteur",
    "Beoordeeld door",
    "Vrijgegeven door",
    "Status",
    "Geschreven op",
]

TEAM_METRICS = (
    "caseload_per_fte",
    "active_dossiers",
    "decisions_count",
    "grant_rate",
    "processing_time",
    "on_time_share",
    "objection_rate",
    "objection_upheld_share",
    "maatwerk_share",
)
DECISION_METRICS = TEAM_METRICS[2:]
BUDGET_METRICS = ("budget_forecast_deviation", "budget_exhaustion")
TAAKVELDEN = {
    "participatie": ("6.3", "6.4", "6.5"),
    "wmo": ("6.6", "6.71a", "6.71b", "6.2"),
    "jeugd": ("6.72a", "6.72b", "6.74a", "6.82a"),
    "schuldhulp": ("6.3",),
    "leerlingenvervoer": ("4.3",),
}

SUBJECTS = {  # who the story is about, per theme
    "participatie": [
        "een alleenstaande moeder met een bijstandsuitkering",
        "een man die na zijn ontslag voor het eerst bijstand aanvroeg",
        "een gezin dat een aanvraag bijzondere bijstand deed voor een wasmachine",
        "een jongere die net uit huis was en een uitkering aanvroeg",
        "een zzp'er die na een faillissement bij ons aanklopte",
        "een oudere statushouder die de brieven niet kon lezen",
        "een vrouw die parttime werkt en toch niet rondkomt",
    ],
    "wmo": [
        "een oudere vrouw die na een val niet meer zelf kon douchen",
        "een man met beginnende dementie die alleen woont",
        "een mantelzorger die op het punt stond om op te geven",
        "een echtpaar dat een traplift aanvroeg",
        "een bewoner die dagbesteding nodig had na een hersenletsel",
        "een inwoner met een rolstoel die zijn woning niet meer in kwam",
    ],
    "jeugd": [
        "een gezin met drie kinderen waar de spanning hoog opliep",
        "een puber die al maanden niet naar school ging",
        "een jong kind met een ontwikkelingsachterstand",
        "ouders die na een scheiding niet meer met elkaar praatten",
        "een meisje dat op de wachtlijst voor de jeugd-ggz stond",
        "een pleeggezin dat om extra ondersteuning vroeg",
    ],
    "schuldhulp": [
        "een huishouden met een stapel ongeopende post",
        "een man die zijn huur al maanden niet had betaald",
        "een gezin waar de energierekening uit de hand liep",
        "een jonge vrouw met schulden bij meerdere webwinkels",
        "een ondernemer die zijn belastingschuld niet meer overzag",
    ],
    "leerlingenvervoer": [
        "een kind dat naar het speciaal onderwijs buiten de stad moet",
        "ouders die het vervoer zelf niet konden regelen",
        "een leerling met autisme die slecht tegen de taxibus kon",
        "een gezin dat verhuisde vlak voor het nieuwe schooljaar",
    ],
}

EVENTS = [
    "Het dossier lag al weken op de stapel omdat de planning vol zat.",
    "Bij het eerste gesprek bleek de situatie ingewikkelder dan de aanvraag deed vermoeden.",
    "De aanvraag kwam binnen in een maand waarin het halve team ziek was.",
    "In het systeem stond het dossier nog open, terwijl de hulp allang was gestopt.",
    "De wachttijd bij de aanbieder liep op, dus het traject begon later dan afgesproken.",
    "Na de overgang naar het nieuwe zaaksysteem waren een deel van de gegevens zoek.",
    "De regels schreven een afwijzing voor, maar het gesprek aan de keukentafel vertelde iets anders.",
    "Een collega van de wijkpost belde ons omdat ze zich zorgen maakte.",
    "De inwoner had eerder een slechte ervaring met de gemeente en was wantrouwig.",
    "We kregen de zaak overgedragen van een ander team, zonder warme overdracht.",
    "Het beleid veranderde halverwege het jaar, en niet iedereen wist dat.",
    "Het huisbezoek duurde twee keer zo lang als gepland, en dat was nodig.",
]

FIGURE_LINES = {
    "caseload_per_fte": [
        "Zo telt een dossier mee in de caseload, terwijl er weinig werk in zit.",
        "Met deze caseload blijft er minder tijd over voor het gewone gesprek.",
        "Het getal per fte zegt weinig over hoe zwaar de dossiers zijn.",
    ],
    "active_dossiers": [
        "Het aantal actieve dossiers lijkt daardoor hoger dan het werk dat we doen.",
        "Dossiers die administratief open staan tellen gewoon mee.",
        "De daling in het aantal dossiers is deels een gevolg van opschonen.",
    ],
    "decisions_count": [
        "Het aantal besluiten zegt niets over hoeveel tijd er in elk besluit zat.",
        "Een piek in het aantal besluiten volgt vaak op een achterstand.",
    ],
    "grant_rate": [
        "Een toekenning na veel uitzoekwerk telt even zwaar als een simpele.",
        "Het toekenningspercentage daalt als we vaker eerst een gesprek voeren.",
    ],
    "processing_time": [
        "De doorlooptijd liep op omdat we eerst het gesprek wilden voeren.",
        "De wettelijke termijn haalden we net niet, en dat zie je terug in het cijfer.",
        "Wachten op stukken van derden telt mee in de doorlooptijd.",
    ],
    "on_time_share": [
        "Het aandeel tijdige besluiten zakte in de maanden met veel ziekteverzuim.",
        "Tijdig beslissen en zorgvuldig beslissen trekken hier aan elkaar.",
    ],
    "objection_rate": [
        "Een bezwaar is soms de enige manier waarop iemand gehoord wordt.",
        "Na een afwijzing zonder gesprek volgt vaker een bezwaar.",
    ],
    "objection_upheld_share": [
        "Gegronde bezwaren wijzen vaak op een motivering die tekortschoot.",
        "Een gegrond bezwaar leert ons meer dan een ongegrond bezwaar.",
    ],
    "maatwerk_share": [
        "Het aandeel maatwerk is hoger omdat we afwijkingen nu netjes vastleggen.",
        "Maatwerk kost tijd, en die tijd zie je nergens terug.",
    ],
    "budget_forecast_deviation": [
        "De overschrijding komt vooral door duurdere trajecten bij de aanbieders.",
        "De prognose loopt achter omdat declaraties laat binnenkomen.",
    ],
    "budget_exhaustion": [
        "De uitputting lijkt laag, maar de declaraties van het laatste kwartaal moeten nog komen.",
        "Het budget raakt sneller op doordat trajecten langer duren.",
    ],
}

DILEMMA_LINES = {
    "maatwerk_gelijkheid": [
        "Doen we hier maatwerk, dan moeten we het de volgende keer ook doen.",
        "Gelijke gevallen gelijk behandelen is mooi, maar dit geval was niet gelijk.",
    ],
    "zorg_recht": [
        "Volgens de regels hadden we moeten afwijzen, maar wat is dan zorgvuldig?",
        "De rechten van de inwoner en de zorg voor de inwoner wezen een andere kant op.",
    ],
    "autonomie_veiligheid": [
        "Zij wilde zelf beslissen, terwijl wij ons zorgen maakten over haar veiligheid.",
        "Hoe ver ga je mee in de eigen keuze als het thuis niet veilig is?",
    ],
    "zorgen_activeren": [
        "Moesten we zorgen of juist aansporen om weer aan het werk te gaan?",
        "Activeren werkt niet als iemand eerst rust nodig heeft.",
    ],
    "vertrouwen_controle": [
        "Controleren we nog een keer, of vertrouwen we op wat er gezegd is?",
        "Een extra controle voelde als wantrouwen, terwijl de regels het vroegen.",
    ],
}

STRATEGY_LINES = {
    "aanpassing": [
        "Uiteindelijk hebben we de regel gevolgd en het besluit goed uitgelegd.",
        "We hielden ons aan het beleid, ook al voelde dat niet goed.",
    ],
    "sluikwerk": [
        "Een collega heeft in eigen tijd nog een huisbezoek gedaan.",
        "We hebben het stilletjes anders opgelost, buiten de planning om.",
    ],
    "normatieve_professionalisering": [
        "We hebben de casus ingebracht in het moreel beraad van het team.",
        "In de intervisie hebben we afgesproken hoe we dit voortaan doen.",
        "De casus is besproken met de teamleider en de beleidsmedewerker.",
    ],
}

CLOSINGS = {
    "registratie": [
        "Het cijfer is hier dus vooral een gevolg van hoe we registreren.",
        "Lees het getal van deze maand met die registratie in het achterhoofd.",
    ],
    "beleidswijziging": [
        "De nieuwe beleidsregel verklaart een groot deel van de verschuiving.",
        "Sinds de beleidswijziging zien we dit vaker.",
    ],
    "uitvoeringspraktijk": [
        "Zo werkt het in de praktijk, en dat staat in geen enkel cijfer.",
        "Dit is hoe de uitvoering er op de werkvloer uitziet.",
    ],
    "ervaring_inwoner": [
        "Voor de inwoner voelde het als de eerste keer dat iemand echt luisterde.",
        "De inwoner vertelde achteraf dat de lange wachttijd het zwaarste was.",
    ],
    "werkdruk": [
        "Met de huidige bezetting houden we dit niet lang vol.",
        "De werkdruk in het team is hoog, en dat zie je terug in de wachtlijst.",
    ],
}

TITLES = [
    "Achter het getal van {team}",
    "Wat dit cijfer niet laat zien",
    "Een dossier dat bleef liggen",
    "Maatwerk aan de keukentafel",
    "Waarom de doorlooptijd opliep",
    "Eerst het gesprek",
    "De regel en de mens",
    "Een wachtlijst die groeide",
    "Tussen zorgen en aansporen",
    "Wat de registratie deed met het cijfer",
    "Een bezwaar dat terecht was",
    "Extra tijd die nergens staat",
    "De overdracht ging mis",
    "Meer vragen dan antwoorden",
]

FREE_TAGS = [
    "wachtlijst",
    "huisbezoek",
    "overdracht",
    "zaaksysteem",
    "ziekteverzuim",
    "aanbieders",
    "keukentafelgesprek",
    "brieven",
    "taal",
    "mantelzorg",
    "school",
    "huur",
    "energie",
]
VALUES = ("gelijkheid", "rechtmatigheid", "eigen_kracht", "autonomie", "menselijkheid", "respect", "betrouwbaarheid")
STATUSES = {"gepubliceerd": 70, "concept": 10, "ter_beoordeling": 8, "teruggestuurd": 7, "ingetrokken": 5}
VISIBILITY = {"raad": 40, "organisatie": 40, "team": 20}


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def story_row(
    rng: random.Random, number: int, teams: list[tuple], periods: list[tuple[int, int]], regelingen: list[tuple]
) -> list:
    """One row of verhalen.csv; every column filled the way the import expects."""
    code, _, theme, _ = rng.choice(teams)
    year, month = rng.choice(periods[-36:] if rng.random() < 0.6 else periods)
    metric = rng.choice(TEAM_METRICS + BUDGET_METRICS if rng.random() < 0.15 else TEAM_METRICS)
    team = regeling = taakveld = ""
    if metric in BUDGET_METRICS:
        period = f"{year}-K{(month - 1) // 3 + 1}"
        taakveld = rng.choice(TAAKVELDEN[theme]) if rng.random() < 0.5 else ""
        if taakveld and year < 2023 and taakveld[-1].isalpha():
            taakveld = ""  # refined taakvelden exist from 2023 on
    else:
        period = f"{year}-{month:02d}"
        team = code
        if metric in DECISION_METRICS and rng.random() < 0.2:
            regeling = rng.choice([r[0] for r in regelingen if r[2] == theme])
    note_kind = rng.choice(tuple(CLOSINGS))
    dilemmas = rng.sample(tuple(DILEMMA_LINES), k=rng.choice((0, 1, 1, 2)))
    strategy = rng.choice(tuple(STRATEGY_LINES) + ("",))
    sentences = [
        f"Het ging om {rng.choice(SUBJECTS[theme])}.",
        *rng.sample(EVENTS, k=2),
        rng.choice(FIGURE_LINES[metric]),
    ]
    sentences += [rng.choice(DILEMMA_LINES[d]) for d in dilemmas]
    if strategy:
        sentences.append(rng.choice(STRATEGY_LINES[strategy]))
    sentences.append(rng.choice(CLOSINGS[note_kind]))
    status = _pick(rng, STATUSES)
    author = f"{code.lower()}-{rng.randint(1, 6)}"
    reviewer = ""
    if status in ("gepubliceerd", "teruggestuurd"):
        other = rng.choice([t[0] for t in teams if t[0] != code])
        reviewer = f"{other.lower()}-{rng.randint(1, 6)}"
    period_end = date(year, month, 28)
    written = period_end + timedelta(days=rng.randint(3, 60))
    title = rng.choice(TITLES).format(team=code)
    values = ";".join(rng.sample(VALUES, k=rng.randint(1, 3)))
    free_tags = ";".join(rng.sample(FREE_TAGS, k=rng.randint(0, 2)))
    visibility = _pick(rng, VISIBILITY)
    # Published for the council: released by a manager of the team after the review.
    manager = f"manager-{code.lower()}" if status == "gepubliceerd" and visibility == "raad" else ""
    return [
        f"HS-{number:06d}",
        title,
        " ".join(sentences),
        metric,
        period,
        team,
        regeling,
        taakveld,
        note_kind,
        ";".join(dilemmas),
        strategy,
        values,
        free_tags,
        visibility,
        author,
        reviewer,
        manager,
        status,
        written.isoformat(),
    ]
