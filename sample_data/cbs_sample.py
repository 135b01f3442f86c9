"""Synthetic CBS StatLine answers for Koggenwaard and fictional peers, in CBS's OData v4 format.

Every municipality here is made up (codes GM99xx, which CBS does not use) and every figure
is invented; the snapshot says so in its Synthetisch column and the dashboard in its source
line. The answers go through the same reader as a real fetch (etl/cbs/odata.py), so the
committed snapshot has exactly the shape `python -m etl cbs fetch` writes.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the generator runs as a script

from etl.cbs import snapshot
from etl.cbs.odata import collect
from etl.cbs.tables import BIJSTAND, INHABITANTS, JEUGDHULP, PERIOD, REGION, TABLES, WMO
from kernel.format import MONTHS_FULL

BASE_URL = "https://datasets.cbs.nl/odata/v1/CBS"
OWN = "GM9901"
# code, name, inhabitants, and per 1,000 inhabitants: bijstand, jeugdhulp, wmo
TOWNS = [
    (OWN, "Koggenwaard", 55_210, 21.4, 26.2, 61.5),
    ("GM9902", "Lindeveen", 61_480, 17.9, 23.8, 55.2),
    ("GM9903", "Oosterbroek", 52_930, 24.6, 29.4, 66.8),
    ("GM9904", "Hazelmonde", 78_150, 19.2, 21.7, 58.9),
    ("GM9905", "Wierdum", 57_640, 15.3, 27.1, None),  # Wmo not published (Confidential)
    ("GM9906", "Brakelhoven", 93_020, 27.8, 24.9, 70.4),
    ("GM9907", "Zandmeer", 31_420, 12.1, 19.6, 49.7),  # another size class
    ("GM9908", "Havenstad", 904_300, 41.5, 22.3, 57.1),  # another size class
]
MEASURES = {INHABITANTS.key: "M000352", BIJSTAND.key: "M001796_2", JEUGDHULP.key: "M004502", WMO.key: "M002893"}
ROUND_TO = {INHABITANTS.key: 1, BIJSTAND.key: 10, JEUGDHULP.key: 5, WMO.key: 5}  # as CBS rounds


def periods(table, end: tuple[int, int]) -> list[dict]:
    """The periods a table would list when the sample ends in `end`, with CBS's statuses."""
    year, month = end
    if table.period_kind == "MM":
        # Regional bijstand figures lag a few months; the newest month has no gemeente values yet.
        months = [divmod(year * 12 + month - 1 - back, 12) for back in range(6, 2, -1)]
        months = [(y, m + 1) for y, m in months]
        statuses = ["Definitief", "Nader voorlopig", "Nader voorlopig", "Voorlopig"]
        names = MONTHS_FULL
        return [
            {"Identifier": f"{y}MM{m:02d}", "Index": i, "Title": f"{y} {names[m - 1]}", "Description": "", "Status": s}
            for i, ((y, m), s) in enumerate(zip(months, statuses))
        ]
    first = year if table is INHABITANTS else year - 1  # care figures: the year before is the newest
    years = [first - 2, first - 1, first]
    statuses = ["Definitief", "Definitief", "Voorlopig"]
    return [
        {"Identifier": f"{y}JJ00", "Index": i, "Title": str(y), "Description": "", "Status": s}
        for i, (y, s) in enumerate(zip(years, statuses))
    ]


def value(table, town, period: dict, newest: str) -> tuple[float | None, str]:
    code, _, inhabitants, bijstand, jeugd, wmo = town
    if table is BIJSTAND and period["Identifier"] == newest:
        return None, "None"  # published nationally only, as CBS does for the newest month
    years_back = int(newest[:4]) - int(period["Identifier"][:4])
    rate = {INHABITANTS.key: 1000.0, BIJSTAND.key: bijstand, JEUGDHULP.key: jeugd, WMO.key: wmo}[table.key]
    if rate is None:
        return None, "Confidential"
    drift = 1 - 0.015 * years_back + (0.004 * (int(period["Identifier"][-2:]) % 3) if table is BIJSTAND else 0)
    raw = inhabitants * rate / 1000 * drift
    step = ROUND_TO[table.key]
    return float(round(raw / step) * step), "None"


def documents(end: tuple[int, int], towns=TOWNS, base_url: str = BASE_URL) -> dict[str, dict]:
    """URL -> JSON document, as CBS's service would answer them."""
    docs: dict[str, dict] = {}
    for table in TABLES:
        base = f"{base_url}/{table.table_id}"

        def answer(entity: str, value: list[dict], base: str = base) -> None:
            docs[f"{base}/{entity}"] = {"@odata.context": f"{base}/$metadata#{entity}", "value": value}

        answer(
            "Dimensions",
            [
                {
                    "Identifier": dim,
                    "Title": dim,
                    "Description": "",
                    "Kind": kind,
                    "ContainsGroups": False,
                    "ContainsCodes": True,
                    "CodesUrl": f"{base}/{dim}Codes",
                }
                for dim, kind in [
                    (REGION, "GeoDimension"),
                    (PERIOD, "TimeDimension"),
                    *((d, "Dimension") for d in table.other_dimensions),
                ]
            ],
        )
        answer(
            "MeasureCodes",
            [
                {
                    "Identifier": MEASURES[table.key],
                    "Index": 0,
                    "Title": table.measure_title,
                    "Description": "",
                    "Unit": "aantal",
                    "Decimals": 0,
                    "PresentationType": "Absolute",
                }
            ],
        )
        for i, (dim, title) in enumerate(table.other_dimensions.items()):
            answer(f"{dim}Codes", [{"Identifier": f"T00{i}01", "Index": 0, "Title": title, "Description": ""}])
        answer(
            f"{REGION}Codes",
            [{"Identifier": t[0], "Index": i, "Title": t[1], "Description": ""} for i, t in enumerate(towns)],
        )
        table_periods = periods(table, end)
        answer(f"{PERIOD}Codes", table_periods)
        newest = table_periods[-1]["Identifier"]
        observations = []
        for town in towns:
            for period in table_periods:
                number, attribute = value(table, town, period, newest)
                observations.append(
                    {
                        "Id": len(observations),
                        "Measure": MEASURES[table.key],
                        "ValueAttribute": attribute,
                        "Value": number,
                        REGION: town[0],
                        PERIOD: period["Identifier"],
                        **{dim: f"T00{i}01" for i, dim in enumerate(table.other_dimensions)},
                    }
                )
        answer("Observations", observations)
        docs[f"{base}/Observations"]["@odata.count"] = len(observations)  # asked for with $count=true
    return docs


class DocumentSource:
    """`get` over prepared documents: the reader cannot tell it from CBS's service."""

    def __init__(self, docs: dict[str, dict], base_url: str = BASE_URL):
        self.docs, self.base_url = docs, base_url

    def get(self, url: str, params=None) -> dict:
        return self.docs[url]


def write_snapshot(out: Path, end: tuple[int, int], retrieved_on: dt.date) -> int:
    rows = collect(DocumentSource(documents(end)), OWN, None, retrieved_on, synthetic=True)
    snapshot.write(out, rows)
    return len(rows)
