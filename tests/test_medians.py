"""The processing-time medians counted from day counts (etl/medians.py) are exactly the medians
DuckDB takes over the requests themselves, for every grain and scope."""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pytest

from etl import build, medians

# The twelve medians as the build took them before etl/medians.py: sorted, over every request.
SORTED_MEDIANS = """
    with periods as (select unnest(['month', 'quarter', 'year']) as grain),
    requests as (
        select d.decided_on, r.theme_code, d.team_code, d.regeling_code,
            (d.decided_on - d.requested_on)::integer as processing_days
        from stg_decisions as d
        inner join stg_regelingen as r using (regeling_code)
        where d.kind in ('toekenning', 'afwijzing', 'buiten_behandeling')
    )
    select p.grain, date_trunc(p.grain, r.decided_on)::date as period_start,
        r.theme_code, r.team_code, r.regeling_code, median(r.processing_days) as median_processing_days
    from requests as r
    cross join periods as p
    group by grouping sets ((p.grain, period_start, r.theme_code),
        (p.grain, period_start, r.theme_code, r.team_code),
        (p.grain, period_start, r.theme_code, r.regeling_code),
        (p.grain, period_start, r.theme_code, r.team_code, r.regeling_code))
"""


def decisions_database(seed: int, requests: int, longest_days: int) -> duckdb.DuckDBPyConnection:
    """Random decisions over three years (and one month of 1969), three teams, four regelingen
    in two themes; some take `longest_days`, some are no request at all."""
    rng = np.random.default_rng(seed)
    con = duckdb.connect()
    con.execute("create table stg_teams (team_code varchar)")
    con.execute("insert into stg_teams values ('T-A'), ('T-B'), ('T-C')")
    con.execute("create table stg_regelingen (regeling_code varchar, theme_code varchar)")
    con.execute("insert into stg_regelingen values ('R1', 'jeugd'), ('R2', 'jeugd'), ('R3', 'wmo'), ('R4', 'wmo')")
    con.execute("""create table stg_decisions (team_code varchar, regeling_code varchar, kind varchar,
        requested_on date, decided_on date, term_days integer)""")
    start = dt.date(1969, 12, 1)
    rows = []
    for _ in range(requests):
        decided = start + dt.timedelta(days=int(rng.integers(0, 3 * 365)))
        took = int(rng.choice([rng.integers(0, 60), rng.integers(0, 400), longest_days], p=[0.7, 0.29, 0.01]))
        kind = str(rng.choice(["toekenning", "afwijzing", "buiten_behandeling", "wijziging"]))
        rows.append(
            (
                str(rng.choice(["T-A", "T-B", "T-C"])),
                str(rng.choice(["R1", "R2", "R3", "R4"])),
                kind,
                decided - dt.timedelta(days=took),
                decided,
                56,
            )
        )
    if rows:
        con.executemany("insert into stg_decisions values (?, ?, ?, ?, ?, ?)", rows)
    return con


def counted_medians(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    marts = {m.stem: m for m in build.MARTS}
    for stem in ("04a_request_days", "04b_mart_processing_medians"):
        con.execute(marts[stem].read_text(encoding="utf-8"))
    build.FILLED_IN_PYTHON["04b_mart_processing_medians"](con)
    return con


@pytest.mark.parametrize(
    ("seed", "requests", "longest_days", "cells", "key_space"),
    [
        (1, 3000, 200, medians.CELLS, medians.KEY_SPACE),  # as a build runs
        (2, 3000, 4000, 500, medians.KEY_SPACE),  # years-long requests: too many days to count, sorted
        (3, 2000, 90, medians.CELLS, 10),  # a key space too large to count over: groups found by sorting
        (4, 7, 30, medians.CELLS, medians.KEY_SPACE),  # a handful: even and odd counts, groups of one
    ],
)
def test_counted_medians_equal_sorted_medians(monkeypatch, seed, requests, longest_days, cells, key_space):
    monkeypatch.setattr(medians, "CELLS", cells)
    monkeypatch.setattr(medians, "KEY_SPACE", key_space)
    con = counted_medians(decisions_database(seed, requests, longest_days))
    counted = con.execute("select * from mart_processing_medians").fetchall()
    expected = con.execute(SORTED_MEDIANS).fetchall()
    assert len(counted) == len(expected) > 0
    assert sorted(counted, key=repr) == sorted(expected, key=repr)
    if requests > 100:  # half days (an even count's mean of two days) occur, so that case is checked
        assert any(row[-1] % 1 == 0.5 for row in counted)


def test_no_requests_leave_the_medians_empty():
    con = decisions_database(5, 0, 10)
    assert counted_medians(con).execute("select count(*) from mart_processing_medians").fetchone() == (0,)
