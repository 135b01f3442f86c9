"""The council's figures: every count rounded once, at its finest grain, before anything is added up.

Why this method (statistical disclosure control). Hiding small cells one by one is not enough:
a council member who can read totals, windows, other grains and rates can solve for a hidden
cell by subtraction (a year minus its visible months, a 12-month window minus the previous one,
a share times its base). So the council never reads a true count at all. At build time each
count of each finest cell (per month, team and regeling; per month, team and role for caseload;
per month, team, regeling and reason for maatwerk) is rounded to a multiple of ROUNDING_BASE,
and every council figure (quarters, years, totals, windows, shares, caseload per fte) is
computed from those rounded cells by the same SQL that computes the true figures. Whatever a
reader adds or subtracts, the result is a sum of rounded cells, never a true count; a cell whose
rounded count (or the rounded count a share is taken over) is below the threshold is not shown.

Rounding is unbiased random rounding (CBS and ONS practice): a count x = 5k + r goes up to 5k + 5
with probability r / 5 and down to 5k otherwise, so totals of many rounded cells stay right on
average. The draw is an HMAC of the cell, the kind of count and its true value under a secret key
kept beside the figures file: every build rounds the same count the same way (publishing again
gives nothing new to average), and without the key nobody can replay the draws. Medians of
processing time are not counts and stay as they are.
"""

from __future__ import annotations

import hmac
import os
import re
import secrets
from pathlib import Path

import duckdb
import polars as pl

from kernel.adc_duckdb import registered

ROUNDING_BASE = 5
# A share over a few rounded cells is mostly rounding noise (12 of 15 can read as 5 of 15): the
# council sees a percentage only over at least this many (rounded) requests or decisions, and
# otherwise the quarter or the year.
SHARE_MIN_BASE = 50
SHARE_METRICS = ("grant_rate", "on_time_share", "objection_rate", "objection_upheld_share", "maatwerk_share")
KEY_FILE = "disclosure.key"

# The finest cells and the counts they hold, per source table of the true figures.
DECISION_KEYS = ("month", "theme_code", "team_code", "regeling_code")
DECISION_COUNTS = (
    "n_decisions",
    "n_requests",
    "n_granted",
    "n_on_time",
    "n_objections",
    "n_objections_decided",
    "n_upheld",
)  # n_maatwerk is the sum of its reasons
# Which count each count is part of. Rounded independently, a part could exceed its whole (15
# on time of 10 requests); the whole is then raised to the part, from the innermost part out.
# Raising, not lowering: maatwerk must stay the sum of its rounded reasons.
PART_OF = (
    ("n_upheld", "n_objections_decided"),
    ("n_objections_decided", "n_objections"),
    ("n_objections", "n_decisions"),
    ("n_granted", "n_requests"),
    ("n_on_time", "n_requests"),
    ("n_requests", "n_decisions"),
    ("n_maatwerk", "n_decisions"),
)
MAATWERK_KEYS = ("month", "theme_code", "team_code", "regeling_code", "departure_reason")
CASELOAD_KEYS = ("month", "team_code", "role")

# The council's tables and the true tables whose SQL computes them from the rounded cells.
COUNCIL_TABLES = {
    "mart_decisions_monthly": "council_decisions_monthly",
    "mart_caseload_monthly": "council_caseload_monthly",
    "mart_metric_values": "council_metric_values",
}


def key_for(db_path: Path) -> bytes:
    """The secret rounding key of a figures file: read from beside it, or made once (0600).

    A new key rounds every count anew; keep it with the figures (a backup of the data folder
    includes it), or the council could compare two roundings of the same counts.
    """
    path = db_path.with_name(KEY_FILE)
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_hex(32))
    return bytes.fromhex(path.read_text().strip())


def random_round(values: pl.Series, cell_ids: pl.Series, count_name: str, key: bytes) -> pl.Series:
    """Each count rounded to a multiple of ROUNDING_BASE, up with probability remainder / base.

    The draw depends on the key, the cell, the kind of count and the true value only.
    """
    rounded: list[int | None] = []
    for value, cell in zip(values.to_list(), cell_ids.to_list()):
        if value is None:
            rounded.append(None)
            continue
        low, remainder = divmod(int(value), ROUNDING_BASE)
        low *= ROUNDING_BASE
        if remainder == 0:
            rounded.append(low)
            continue
        message = f"{count_name}|{cell}|{int(value)}".encode()
        # hmac.digest is the one-shot C path: a third of the time of hmac.new(...).digest()
        # over the hundred thousand cells of a city, with the same bytes.
        draw = int.from_bytes(hmac.digest(key, message, "sha256")[:8], "big") / 2**64
        rounded.append(low + ROUNDING_BASE if draw < remainder / ROUNDING_BASE else low)
    return pl.Series(values.name, rounded, dtype=pl.Int64)


def _cell_ids(frame: pl.DataFrame, keys: tuple[str, ...]) -> pl.Series:
    return frame.select(
        pl.concat_str([pl.col(k).cast(pl.String).fill_null("") for k in keys], separator="|")
    ).to_series()


def rounded_decisions(con: duckdb.DuckDBPyConnection, key: bytes) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(decision counts per finest cell, maatwerk per finest cell and reason), rounded."""
    decisions = con.execute("select * from mart_decisions_monthly").pl()
    ids = _cell_ids(decisions, DECISION_KEYS)
    decisions = decisions.with_columns(random_round(decisions[c], ids, c, key) for c in DECISION_COUNTS)
    maatwerk = con.execute("""
        select date_trunc('month', d.decided_on)::date as month, r.theme_code, d.team_code,
            d.regeling_code, coalesce(d.departure_reason, '') as departure_reason,
            count(*) as n_decisions
        from stg_decisions as d
        inner join stg_regelingen as r using (regeling_code)
        where d.departs_from_policy
        group by all
    """).pl()
    maatwerk = maatwerk.with_columns(
        random_round(maatwerk["n_decisions"], _cell_ids(maatwerk, MAATWERK_KEYS), "n_maatwerk", key)
    )
    per_cell = maatwerk.group_by(DECISION_KEYS).agg(pl.col("n_decisions").sum().alias("n_maatwerk"))
    decisions = (
        decisions.drop("n_maatwerk")
        .join(per_cell, on=list(DECISION_KEYS), how="left", nulls_equal=True)
        .with_columns(pl.col("n_maatwerk").fill_null(0))
    )
    for part, whole in PART_OF:
        decisions = decisions.with_columns(pl.max_horizontal(part, whole).alias(whole))
    return decisions, maatwerk


def rounded_caseload(con: duckdb.DuckDBPyConnection, key: bytes) -> pl.DataFrame:
    caseload = con.execute("select * from mart_caseload_monthly").pl()
    dossiers = random_round(caseload["active_dossiers"], _cell_ids(caseload, CASELOAD_KEYS), "active_dossiers", key)
    return caseload.with_columns(dossiers.cast(caseload["active_dossiers"].dtype))


def publish(con: duckdb.DuckDBPyConnection, key: bytes, metric_values_sql: str) -> None:
    """Create the council's tables in a figures database whose true marts are built.

    `metric_values_sql` is the SQL of mart_metric_values; it is run again over the rounded cells.
    """
    decisions, maatwerk = rounded_decisions(con, key)
    caseload = rounded_caseload(con, key)
    with (
        registered(con, "rounded_decisions", decisions),
        registered(con, "rounded_maatwerk", maatwerk),
        registered(con, "rounded_caseload", caseload),
    ):
        con.execute("""
            create table council_decisions_monthly as
            select * from mart_decisions_monthly limit 0;
            insert into council_decisions_monthly by name select * from rounded_decisions;
            create table council_maatwerk_monthly as select * from rounded_maatwerk;
            create table council_caseload_monthly as
            select * replace (
                active_dossiers / occupied_fte as caseload_per_fte,
                coalesce(active_dossiers / occupied_fte > norm_high, false) as is_over_norm)
            from rounded_caseload;
        """)
    con.execute(council_sql(metric_values_sql))
    # A share whose rounded base is 0 has no value; the cell stays, hidden, so that the council
    # sees the same cells as everyone else (a gap would silently show an older period instead).
    con.execute("""
        insert into council_metric_values by name
        select * replace (null::double as value, 0::bigint as n_basis) from mart_metric_values as t
        where not exists (
            select 1 from council_metric_values as c
            where c.metric_key = t.metric_key and c.period = t.period and c.theme_code = t.theme_code
                and c.team_code is not distinct from t.team_code
                and c.regeling_code is not distinct from t.regeling_code
                and c.taakveld_code is not distinct from t.taakveld_code)
    """)
    con.execute(_COMMENTS)


def council_sql(sql: str) -> str:
    """The SQL of a true mart, reading and writing the council's tables instead."""
    pattern = re.compile(r"\b(" + "|".join(COUNCIL_TABLES) + r")\b")
    return pattern.sub(lambda m: COUNCIL_TABLES[m.group(1)], sql)


_COMMENTS = f"""
comment on table council_decisions_monthly is 'Als mart_decisions_monthly, elk aantal willekeurig afgerond op {ROUNDING_BASE} (voor de raad).';
comment on table council_maatwerk_monthly is 'Besluiten met maatwerk per maand, team, regeling en reden, afgerond op {ROUNDING_BASE} (voor de raad).';
comment on table council_caseload_monthly is 'Als mart_caseload_monthly, actieve dossiers afgerond op {ROUNDING_BASE} (voor de raad).';
"""  # noqa: E501 - a comment on a table reads best on one line
