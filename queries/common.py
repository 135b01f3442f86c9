"""What every question shares: the figure lists per page, the suppression threshold and the frame helper."""

from __future__ import annotations

from typing import Any

import duckdb
import polars as pl
from polars.datatypes import DataTypeClass

from etl import disclosure
from kernel import adc_settings

# The figures a council overview shows per theme, in reading order.
OVERVIEW_METRICS = (
    "active_dossiers",
    "caseload_per_fte",
    "budget_forecast_deviation",
    "budget_exhaustion",
    "on_time_share",
    "processing_time",
    "grant_rate",
    "objection_rate",
    "objection_upheld_share",
    "maatwerk_share",
)
DECISION_METRICS = (
    "decisions_count",
    "grant_rate",
    "processing_time",
    "on_time_share",
    "objection_rate",
    "objection_upheld_share",
    "maatwerk_share",
)
BUDGET_METRICS = ("budget_forecast_deviation", "budget_exhaustion")
CASELOAD_METRICS = ("caseload_per_fte", "active_dossiers")
# Counts that add up over teams and regelingen: their totals can give a hidden part away.
ADDITIVE_METRICS = ("active_dossiers", "decisions_count")

# The column types of an empty or cast frame, by column name (what `pl.DataFrame(schema=…)` and
# `cast` take; the key is Any because `cast`'s mapping also takes selectors, and dict keys are invariant).
ColumnTypes = dict[Any, "pl.DataType | DataTypeClass"]


ROUNDING_BASE = disclosure.ROUNDING_BASE


def threshold() -> int:
    return adc_settings.suppression_threshold()


def metric_grain(metric_key: str) -> str:
    """The period grain a figure is shown at: budgets per quarter, everything else per month."""
    return "quarter" if metric_key in BUDGET_METRICS else "month"


def read_frame(con: duckdb.DuckDBPyConnection, sql: str, params: dict | list | None = None) -> pl.DataFrame:
    return con.execute(sql, params or {}).pl()
