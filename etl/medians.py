"""Fills mart_processing_medians: the median processing time of every period and scope, counted
from the day counts of etl/marts/04a_request_days.sql instead of sorted from the requests.

A median does not add up, so each of the twelve ways the figures are cut (month, quarter or
year; per theme, per team, per regeling, per team and regeling) needs its own. Processing times
are whole days within a year or so, so for each group the requests per day are counted, summed
from the shortest day up, and the median is the day where the sum passes the middle: the same
number DuckDB's `median` gives (for an even count the mean of the two middle days), found in a
few array operations over the groups instead of twelve sorts of two million requests.
"""

from __future__ import annotations

import duckdb
import numpy as np
import polars as pl

from kernel.adc_duckdb import registered

GRAINS = (("month", 1), ("quarter", 3), ("year", 12))  # months per period
SCOPES = ((False, False), (True, False), (False, True), (True, True))  # (per team, per regeling)
CELLS = 8_000_000  # groups x distinct numbers of days counted in one table (64 MB), else sorted
KEY_SPACE = 4_000_000  # periods x themes x teams x regelingen counted over directly (32 MB)


def fill(con: duckdb.DuckDBPyConnection) -> None:
    """Insert every median into the (empty) mart_processing_medians."""
    counted = con.execute(
        "select month, theme_id, team_id, regeling_id, processing_days, n_requests from request_days"
        " where processing_days is not null"  # as `median` leaves out nulls
    ).pl()
    if counted.is_empty():
        return
    months = counted["month"].to_numpy().astype("datetime64[M]").astype(np.int64)  # since 1970-01
    columns = {name: counted[name].to_numpy().astype(np.int64) for name in ("theme_id", "team_id", "regeling_id")}
    distinct_days, day = np.unique(counted["processing_days"].to_numpy().astype(np.int64), return_inverse=True)
    count = counted["n_requests"].to_numpy().astype(np.int64)
    every = np.zeros_like(count)  # the key of "all teams" or "all regelingen"
    parts = []
    for grain, months_per_period in GRAINS:
        period = months // months_per_period
        for per_team, per_regeling in SCOPES:
            keys = (
                period - period.min(),
                columns["theme_id"],
                columns["team_id"] if per_team else every,
                columns["regeling_id"] if per_regeling else every,
            )
            group, present = _groups(keys)
            medians = _medians(group, len(present[0]), day, distinct_days, count)
            periods = present[0] + period.min()
            parts.append(
                pl.DataFrame(
                    [
                        pl.Series("grain", [grain] * len(medians), dtype=pl.String),
                        # the first day of each period (numpy counts months from 1970-01)
                        pl.Series(
                            "period_start",
                            (periods * months_per_period).astype("datetime64[M]").astype("datetime64[D]"),
                        ),
                        pl.Series("theme_id", present[1], dtype=pl.Int64),
                        pl.Series("team_id", present[2] if per_team else [None] * len(medians), dtype=pl.Int64),
                        pl.Series("regeling_id", present[3] if per_regeling else [None] * len(medians), dtype=pl.Int64),
                        pl.Series("median_processing_days", medians, dtype=pl.Float64),
                    ]
                )
            )
    with registered(con, "medians", pl.concat(parts)):
        con.execute("""
            insert into mart_processing_medians
            select m.grain, m.period_start, th.theme_code, t.team_code, r.regeling_code, m.median_processing_days
            from medians as m
            inner join (select distinct theme_id, theme_code from regeling_ids) as th using (theme_id)
            left join team_ids as t on t.team_id = m.team_id
            left join regeling_ids as r on r.regeling_id = m.regeling_id
        """)


def _groups(keys: tuple[np.ndarray, ...]) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
    """A dense group number per row for the combination of `keys` (small non-negative integers),
    and each group's keys in the order of the numbers."""
    sizes = [int(k.max()) + 1 for k in keys]
    combined = keys[0]
    for key, size in zip(keys[1:], sizes[1:]):
        combined = combined * size + key
    space = int(np.prod(sizes))
    if space <= KEY_SPACE:  # the usual case: counted over the key space, not sorted
        used = np.bincount(combined, minlength=space) > 0
        present = np.flatnonzero(used)
        number = (np.cumsum(used) - 1)[combined]
    else:
        present, number = np.unique(combined, return_inverse=True)
    decoded = []
    for size in reversed(sizes):
        decoded.append(present % size)
        present = present // size
    return number, tuple(reversed(decoded))


def _medians(group: np.ndarray, groups: int, day: np.ndarray, days: np.ndarray, count: np.ndarray) -> np.ndarray:
    """Per group, the median number of days of its requests: `count` requests took `days[day]`
    days (`day` indexes the distinct numbers of days, sorted). Every group has a request."""
    if groups * len(days) <= CELLS:
        return _counted_medians(group, groups, day, days, count)
    return _sorted_medians(group, groups, day, days, count)


def _counted_medians(
    group: np.ndarray, groups: int, day: np.ndarray, days: np.ndarray, count: np.ndarray
) -> np.ndarray:
    """The usual case: a table of groups by distinct days, counted, summed from the shortest day
    up; the median is where the sum passes the middle."""
    width = len(days)
    per_day = np.bincount(group * width + day, weights=count, minlength=groups * width)
    passed = np.cumsum(per_day.reshape(groups, width), axis=1)  # decided within each number of days
    total = passed[:, -1]
    # The middle request(s), counted from 0: one for an odd total, two for an even one.
    low, high = (total - 1) // 2, total // 2
    low_day = days[(passed <= low[:, None]).sum(axis=1)]
    high_day = days[(passed <= high[:, None]).sum(axis=1)]
    return np.asarray((low_day + high_day) / 2.0, dtype=np.float64)


def _sorted_medians(group: np.ndarray, groups: int, day: np.ndarray, days: np.ndarray, count: np.ndarray) -> np.ndarray:
    """The same medians with the rows sorted by group and day: for sources whose requests spread
    over so many days (they may span two centuries) that the table would not fit in CELLS."""
    order = np.lexsort((day, group))
    group, day, count = group[order], day[order], count[order]
    passed = np.cumsum(count)  # over all groups, in order
    starts = np.searchsorted(group, np.arange(groups))
    before = passed[starts] - count[starts]  # requests of the groups before each group
    total = np.add.reduceat(count, starts)
    low, high = (total - 1) // 2, total // 2
    low_day = days[day[np.searchsorted(passed, before + low, side="right")]]
    high_day = days[day[np.searchsorted(passed, before + high, side="right")]]
    return np.asarray((low_day + high_day) / 2.0, dtype=np.float64)
