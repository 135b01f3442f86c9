"""Search speed: the latency of a full-text story search over everything a viewer may read."""

from __future__ import annotations

import time

import queries
from bench.page_speed import VIEWERS
from bench.report import Measure, percentile
from kernel.access import BEHEERDER, RAAD
from queries import db

TARGET_P95_SECONDS = 0.100
# What people in the social domain look for: single words, a phrase, a scheme, a way of working.
QUERIES = (
    "wachtlijst",
    "huisbezoek overdracht",
    "maatwerk bijzondere bijstand",
    "werkdruk ziekteverzuim",
    "zaaksysteem registratie",
    "moreel beraad",
    "huur schulden",
    "mantelzorger keukentafelgesprek",
    "aanvragen",
    "de gemeente",
)


def measure(repeat: int, log=print) -> list[Measure]:
    con = db.figures()
    measures = []
    for role in (BEHEERDER, RAAD):
        viewer = VIEWERS[role]
        stories = queries.visible_stories(viewer, figures_con=con, brief=True)  # as the page asks
        latencies = []
        for query in QUERIES:
            queries.search_stories(stories, query)  # a first search warms the stemmer's cache
            for _ in range(repeat):
                started = time.perf_counter()
                queries.search_stories(stories, query)
                latencies.append(time.perf_counter() - started)
        p50, p95 = percentile(latencies, 50), percentile(latencies, 95)
        log(f"  zoeken als {role} over {stories.height:,} verhalen: p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms")
        detail = (
            f"{stories.height:,} stories visible to the {role}; {len(QUERIES)} queries x "
            f"{repeat}; ranking in the story store (BM25 over the Dutch-stemmed index)"
        )
        measures += [
            Measure(f"Search as {role}: p50", p50, "s", detail=detail),
            Measure(f"Search as {role}: p95", p95, "s", target=TARGET_P95_SECONDS, detail=detail),
        ]
    return measures
