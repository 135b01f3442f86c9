"""Search speed: the latency of a full-text story search over everything a viewer may read, once
its words' postings are cached (a page's reruns) and the first time a query is asked."""

from __future__ import annotations

import time

import queries
from bench.page_speed import VIEWERS
from bench.report import Measure, percentile
from kernel.access import BEHEERDER, RAAD
from queries import db
from stories import search

TARGET_P95_SECONDS = 0.050  # issue 18
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
        latencies, first = [], []
        for query in QUERIES:
            search.matched_stems(query)  # the stemmer's cache is warm in a running dashboard
            search.forget_postings()
            started = time.perf_counter()
            queries.search_stories(stories, query)  # opens the store and fills the postings cache
            first.append(time.perf_counter() - started)
            for _ in range(repeat):
                started = time.perf_counter()
                queries.search_stories(stories, query)
                latencies.append(time.perf_counter() - started)
        p50, p95 = percentile(latencies, 50), percentile(latencies, 95)
        log(
            f"  zoeken als {role} over {stories.height:,} verhalen: p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms; "
            f"eerste keer per zoekvraag: mediaan {percentile(first, 50) * 1000:.0f} ms"
        )
        detail = (
            f"{stories.height:,} stories visible to the {role}; {len(QUERIES)} queries x "
            f"{repeat}, after each query's first search (its words' postings cached in the process); "
            "BM25 over the Dutch-stemmed index"
        )
        measures += [
            Measure(f"Search as {role}: p50", p50, "s", detail=detail),
            Measure(f"Search as {role}: p95", p95, "s", target=TARGET_P95_SECONDS, detail=detail),
            Measure(
                f"Search as {role}: first search of a query, median",
                percentile(first, 50),
                "s",
                detail=f"{len(QUERIES)} queries, each with the postings cache empty: opens the story store",
            ),
        ]
    return measures
