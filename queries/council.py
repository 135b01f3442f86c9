"""Disclosure control where the data is read: the council reads its rounded tables, and a cell
below the threshold is returned as null."""

from __future__ import annotations

from etl import disclosure
from kernel.access import Viewer
from queries.common import threshold

# Every council read starts from the council's own tables (etl/disclosure.py): counts rounded
# at their finest grain, so no sum, difference or share of them gives a true count back. Here
# only the primary rule remains: a cell whose rounded count (or the rounded count a share or
# median is taken over) is below the threshold is not shown. Everyone else reads the true marts.
# `{table}` is one of the two constants below; `{where}`, `{shares}` and `{share_min}` come from
# this module and etl/disclosure.py only.
_CELLS = """
with cells as (
    select * exclude (value, n_basis),
        $council and n_basis is not null
            and n_basis < case when list_contains({shares}, metric_key) then greatest($threshold, {share_min})
                               else $threshold end
            as suppressed,
        case when suppressed then null else value end as value,
        case when suppressed then null else n_basis end as n_basis
    from {table}
    where {where}
)
"""
_TRUE_FIGURES, _COUNCIL_FIGURES = "mart_metric_values", "council_metric_values"


def cells_sql(viewer: Viewer, where: str) -> str:
    return _CELLS.format(
        table=_COUNCIL_FIGURES if viewer.is_council else _TRUE_FIGURES,
        where=where,
        shares=_SHARES,
        share_min=disclosure.SHARE_MIN_BASE,
    )


# A list literal, not "in (…)": DuckDB plans an in-list as a join per value over every row of
# the table, which took two to three times as long as this function call (166,000 cells).
_SHARES = "[" + ", ".join(f"'{m}'" for m in disclosure.SHARE_METRICS) + "]"  # constants only


def council_table(viewer: Viewer, name: str) -> str:
    """The council's rounded twin of a true mart (etl/disclosure.py) for a council viewer."""
    return disclosure.COUNCIL_TABLES[name] if viewer.is_council else name


def suppression_params(viewer: Viewer) -> dict:
    return {"council": viewer.is_council, "threshold": threshold()}


def share_min_base() -> int:
    """The smallest (rounded) base a council percentage is shown over: the threshold or more."""
    return max(threshold(), disclosure.SHARE_MIN_BASE)
