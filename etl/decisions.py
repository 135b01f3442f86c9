"""Beschikkingen export. Grain: one row per decision, pseudonymised."""

import polars as pl

from etl.tabular import BOOL, CODE, DATE, INT, TEXT, Column, ReadResult, RowCheck, Source, code_map, read_table

STEM = "beschikkingen"
TABLE = "stg_decisions"

REQUEST_KINDS = ("toekenning", "afwijzing", "buiten_behandeling")
KINDS = code_map(
    *REQUEST_KINDS,
    "maatregel",
    "waarschuwing",
    "bestuurlijke_boete",
    "terugvordering",
    **{
        "buiten behandeling": "buiten_behandeling",
        "bestuurlijke boete": "bestuurlijke_boete",
        "boete": "bestuurlijke_boete",
        "verlaging": "maatregel",
    },
)
REASONS = code_map(
    "schrijnende_situatie", "voorkomen_schulden", "medische_noodzaak", "voorkomen_uithuisplaatsing", "overig"
)
OUTCOMES = code_map(
    "gegrond",
    "ongegrond",
    "niet-ontvankelijk",
    "ingetrokken",
    **{"deels gegrond": "gegrond", "niet ontvankelijk": "niet-ontvankelijk"},
)

COLUMNS = [
    Column("decision_id", "Besluitnummer", TEXT),
    Column("regeling_code", "Regeling", CODE, case="lower"),
    Column("kind", "Soort besluit", CODE, codes=KINDS),
    Column("team_code", "Teamcode", CODE, case="upper"),
    Column("requested_on", "Datum aanvraag", DATE, required=False),
    Column("decided_on", "Datum besluit", DATE),
    Column("term_days", "Termijn (dagen)", INT, minimum=0, minimum_exclusive=True),
    Column("departs_from_policy", "Afwijking beleid", BOOL),
    Column("departure_reason", "Reden afwijking", CODE, required=False, codes=REASONS),
    Column("objected_on", "Datum bezwaar", DATE, required=False),
    Column("objection_outcome", "Uitkomst bezwaar", CODE, required=False, codes=OUTCOMES),
]

CHECKS = (
    RowCheck(
        "requested_on",
        lambda: pl.col("kind").is_in(REQUEST_KINDS) & pl.col("requested_on").is_null(),
        "een datum aanvraag bij een besluit op een aanvraag",
    ),
    RowCheck(
        "decided_on",
        lambda: pl.col("decided_on") < pl.col("requested_on"),
        "een datum besluit die niet vóór de datum aanvraag ligt",
    ),
    RowCheck(
        "departure_reason",
        lambda: pl.col("departs_from_policy") & pl.col("departure_reason").is_null(),
        "een reden wanneer het besluit afwijkt van beleid",
    ),
    RowCheck(
        "objected_on",
        lambda: pl.col("objected_on") < pl.col("decided_on"),
        "een datum bezwaar die niet vóór de datum besluit ligt",
    ),
    RowCheck(
        "objection_outcome",
        lambda: pl.col("objection_outcome").is_not_null() & pl.col("objected_on").is_null(),
        "geen uitkomst zonder datum bezwaar",
    ),
)


def read(source: Source, file_name: str | None = None) -> ReadResult:
    return read_table(source, COLUMNS, file_name=file_name, checks=CHECKS, unique=("decision_id",))
