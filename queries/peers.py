"""The CBS snapshot of similar municipalities."""

from __future__ import annotations

import polars as pl

from queries.common import read_frame


def cbs_observations(con) -> pl.DataFrame:
    """The CBS snapshot (public figures, already rounded and suppressed by CBS itself): one row
    per CBS table, gemeente and period; empty when the build had no cbs_vergelijking.csv."""
    exists = con.execute(
        "select count(*) from duckdb_tables() where table_name = ?", ["stg_cbs_observations"]
    ).fetchone()[0]
    if not exists:
        return pl.DataFrame()
    return read_frame(con, "select * from stg_cbs_observations order by table_id, region_code, period_code")
