"""Reads CBS OData v4 answers into snapshot rows. Grain: one row per table, gemeente, period.

`collect(source, own, peers, retrieved_on)` checks each table's Dimensions and MeasureCodes
against tables.py, resolves the codes to select by their titles, and keeps every observation as
CBS published it: the value (rounded as CBS rounds it), CBS's ValueAttribute when CBS withheld
it, and the period's status. It works on any `source` with `get(url, params) -> dict`: the HTTP
client in client.py, or the sample-data generator's own documents. Anything that is not what
tables.py promises raises CbsRefused with a Dutch message naming what was expected.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any, Protocol

from etl.cbs.tables import PERIOD, PERIODS_KEPT, REGION, TABLES, CbsTable

GM_CODE = re.compile(r"GM\d{4}")
OBSERVATION_KEYS = ("Measure", "Value", "ValueAttribute")
SNAPSHOT_FIELDS = (
    "table_id",
    "figure",
    "measure_code",
    "measure_title",
    "region_code",
    "region_name",
    "period_code",
    "period_title",
    "period_status",
    "value",
    "value_attribute",
    "retrieved_on",
    "is_own",
    "synthetic",
)


class CbsRefused(Exception):
    """What CBS answered is not what we expected; the message says in Dutch what was expected."""


class Source(Protocol):
    base_url: str

    def get(self, url: str, params: dict[str, str] | None = None) -> dict[str, Any]: ...


def check_code(code: str) -> str:
    code = code.strip().upper()
    if not GM_CODE.fullmatch(code):
        raise CbsRefused(
            f"Onbekende gemeentecode '{code}': verwacht GM gevolgd door vier cijfers, "
            "zoals CBS ze gebruikt (bijvoorbeeld GM0363 voor Amsterdam)."
        )
    return code


def collect(
    source: Source, own: str, peers: list[str] | None, retrieved_on: dt.date, synthetic: bool = False
) -> list[dict[str, Any]]:
    """Every table of tables.py for `own` and `peers` (None: every gemeente CBS lists)."""
    own = check_code(own)
    peer_codes = None if peers is None else [check_code(p) for p in peers if p.strip()]
    rows: list[dict[str, Any]] = []
    for table in TABLES:
        rows += _collect_table(source, table, own, peer_codes, retrieved_on, synthetic)
    return rows


def _collect_table(
    source: Source, table: CbsTable, own: str, peers: list[str] | None, retrieved_on: dt.date, synthetic: bool
) -> list[dict[str, Any]]:
    base = f"{source.base_url.rstrip('/')}/{table.table_id}"
    where = f"CBS-tabel {table.table_id} ({table.title})"

    found = {d.get("Identifier") for d in _values(source, f"{base}/Dimensions", where)[0]}
    if found != table.dimensions:
        raise CbsRefused(
            f"{where} heeft andere dimensies dan verwacht: verwacht {_listed(table.dimensions)}, "
            f"gekregen {_listed(found)}. De tabel is bij CBS veranderd; pas etl/cbs/tables.py aan."
        )
    measure = _by_title(
        _values(source, f"{base}/MeasureCodes", where)[0], table.measure_title, f"{where}: onderwerp (Measure)"
    )
    selection = {
        dim: _by_title(_values(source, f"{base}/{dim}Codes", where)[0], title, f"{where}: dimensie {dim}")["Identifier"]
        for dim, title in table.other_dimensions.items()
    }

    regions = {
        r["Identifier"].strip(): r.get("Title", "").strip() for r in _values(source, f"{base}/{REGION}Codes", where)[0]
    }
    wanted = [own] + (peers or [])
    unknown = [code for code in wanted if code not in regions]
    if unknown:
        raise CbsRefused(
            f"Onbekende gemeentecode {', '.join(unknown)}: {where} kent deze gemeente "
            "niet. Verwacht een gemeentecode uit de regio-indeling van CBS (GM en "
            "vier cijfers, bijvoorbeeld GM0363 Amsterdam)."
        )
    if peers is None:
        wanted = sorted(code for code in regions if GM_CODE.fullmatch(code))

    periods = [
        p
        for p in _values(source, f"{base}/{PERIOD}Codes", where)[0]
        if str(p.get("Identifier", ""))[4:6] == table.period_kind
    ]
    periods = sorted(periods, key=lambda p: p["Identifier"])[-PERIODS_KEPT:]
    if not periods:
        raise CbsRefused(
            f"{where} heeft geen perioden van de verwachte soort "
            f"({table.period_kind}, bijvoorbeeld 2025{table.period_kind}00)."
        )
    by_period = {p["Identifier"]: p for p in periods}

    terms = [
        f"Measure eq '{measure['Identifier']}'",
        _any_of(PERIOD, list(by_period)),
        *(f"{dim} eq '{code}'" for dim, code in selection.items()),
        f"startswith({REGION},'GM')" if peers is None else _any_of(REGION, wanted),
    ]
    observations, announced = _values(
        source, f"{base}/Observations", where, {"$filter": " and ".join(terms), "$count": "true"}
    )
    if announced is not None and announced != len(observations):
        raise CbsRefused(
            f"{where}: het antwoord is onvolledig: CBS meldt {announced} waarnemingen "
            f"(@odata.count), gekregen {len(observations)}. Mogelijk is het antwoord afgebroken; "
            "probeer het later opnieuw."
        )

    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for obs in observations:
        missing = [k for k in (*OBSERVATION_KEYS, *table.dimensions) if k not in obs]
        if missing:
            raise CbsRefused(
                f"{where}: een waarneming mist {_listed(missing)}; verwacht de velden "
                f"{_listed((*OBSERVATION_KEYS, *sorted(table.dimensions)))}."
            )
        key = (str(obs[REGION]).strip(), str(obs[PERIOD]))
        if key[0] in wanted and key[1] in by_period:
            seen[key] = obs
    # Every gemeente asked for by name, and always our own, must have every period (CBS sends a
    # withheld value as an observation without a value). For "every gemeente" CBS may leave out
    # former municipalities; there @odata.count above is the check on completeness.
    required = wanted if peers is not None else [own]
    expected = len(required) * len(by_period)
    present = sum(1 for region, _ in seen if region in required)
    if present != expected:
        raise CbsRefused(
            f"{where}: het antwoord is onvolledig: verwacht {expected} waarnemingen "
            f"({len(required)} gemeente(n) × {len(by_period)} perioden), gekregen {present}. "
            "Mogelijk is het antwoord afgebroken; probeer het later opnieuw."
        )

    rows = []
    for (region, period), obs in sorted(seen.items()):
        value = obs["Value"]
        attribute = obs["ValueAttribute"]
        rows.append(
            {
                "table_id": table.table_id,
                "figure": table.key,
                "measure_code": measure["Identifier"],
                "measure_title": measure.get("Title", ""),
                "region_code": region,
                "region_name": regions.get(region, region),
                "period_code": period,
                "period_title": by_period[period].get("Title", period),
                "period_status": by_period[period].get("Status") or "onbekend",
                "value": None if value is None else float(value),
                "value_attribute": None if attribute in (None, "None") else str(attribute),
                "retrieved_on": retrieved_on,
                "is_own": region == own,
                "synthetic": synthetic,
            }
        )
    return rows


def _values(
    source: Source, url: str, where: str, params: dict[str, str] | None = None
) -> tuple[list[dict[str, Any]], int | None]:
    """All pages of an OData collection, following @odata.nextLink, and the total the first
    page announced (@odata.count, when asked for with $count=true)."""
    values: list[dict[str, Any]] = []
    announced = None
    pages = 0
    while url:
        document = source.get(url, params)
        value = document.get("value") if isinstance(document, dict) else None
        if not isinstance(value, list):
            raise CbsRefused(f'{where}: het antwoord op {url} is geen OData-lijst; verwacht {{"value": [...]}}.')
        if pages == 0 and isinstance(document.get("@odata.count"), int):
            announced = document["@odata.count"]
        values += value
        next_link = document.get("@odata.nextLink")
        if next_link is None:
            break
        url, params = str(next_link), None  # the link carries its own query
        pages += 1
        if pages > 1000:
            raise CbsRefused(f"{where}: meer dan 1000 pagina's; verwacht een kleine selectie.")
    return values, announced


def _by_title(codes: list[dict[str, Any]], title: str, what: str) -> dict[str, Any]:
    for code in codes:
        if str(code.get("Title", "")).strip() == title:
            return code
    titles = ", ".join(sorted(str(c.get("Title", "")).strip() for c in codes)[:12])
    raise CbsRefused(
        f"{what}: '{title}' niet gevonden (wel: {titles or 'niets'}). De tabel is bij "
        "CBS veranderd; pas etl/cbs/tables.py aan."
    )


def _any_of(dimension: str, codes: list[str]) -> str:
    return "(" + " or ".join(f"{dimension} eq '{code}'" for code in codes) + ")"


def _listed(names: Iterable[object]) -> str:
    return ", ".join(sorted(str(n) for n in names)) or "(geen)"
