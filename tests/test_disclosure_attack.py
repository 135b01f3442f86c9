"""An attacker in the suite: as raad, collect every number the data layer returns, then solve.

The attacker reads, for every theme, team, regeling and period at every grain, what the council
can read: trends and tiles (with their "a year earlier"), per-team figures, decision summaries
over every single month, every 12-month window and every calendar quarter and year, maatwerk
reasons over the same windows, the processing-time spread, caseload and teams over the norm.
Every number becomes a linear equation over the unknown true counts of the finest cells (per
month, team and regeling; per reason; per team and role for caseload): a count is a sum of
cells, a share times its base is a sum of numerator cells, caseload per fte times the fte is the
dossiers. The attacker takes every published number as exact. A hidden cell (shown as "niet
getoond") is solved when its indicator lies in the row space of the equations; it then has one
value, the one every published number agrees on.

The pages, CSV downloads and the briefing show numbers from these same functions (checked by
tests/test_access_sweep.py and the briefing tests); what is collected here is the whole supply.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

import duckdb
import numpy as np
import polars as pl
import pytest

import queries
from etl import build
from etl.disclosure import ROUNDING_BASE
from kernel.access import Viewer
from tests.sources import write_sources

pytestmark = pytest.mark.slow

COUNCIL = Viewer("aanvaller", "raad")
# Which finest-cell counts a figure rests on: (numerator, base); a count has no numerator.
FIGURE_COUNTS = {
    "decisions_count": (None, "D"),
    "grant_rate": ("G", "Q"),
    "on_time_share": ("O", "Q"),
    "objection_rate": ("B", "D"),
    "objection_upheld_share": ("U", "BD"),
    "maatwerk_share": ("M", "D"),
    "processing_time": (None, "Q"),
    "active_dossiers": (None, "C"),
    "caseload_per_fte": (None, "C"),
}
TRUE_COLUMNS = {
    "D": "n_decisions",
    "Q": "n_requests",
    "G": "n_granted",
    "O": "n_on_time",
    "B": "n_objections",
    "BD": "n_objections_decided",
    "U": "n_upheld",
}
SUMMARY_RATES = {
    "grant_rate": ("G", "n_requests"),
    "on_time_share": ("O", "n_requests"),
    "objection_rate": ("B", "n_decisions"),
    "maatwerk_share": ("M", "n_decisions"),
    "objection_upheld_share": ("U", "n_objections_decided"),
}
SUMMARY_COUNTS = {"n_decisions": "D", "n_requests": "Q", "n_objections_decided": "BD"}


# ---------------------------------------------------------------------------------------------
# The unknowns: the true counts of the finest cells, per theme and kind of count


@dataclass
class Cells:
    """One family of unknowns (a theme and a kind of count): its finest cells and true values."""

    frame: pl.DataFrame  # month, team_code, regeling_code, reason, role, truth
    equations: dict[tuple[int, ...], float] = field(default_factory=dict)
    hidden: dict[tuple[int, ...], str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # The row numbers of each month (as a date), each with the rest of its key.
        self._by_month: dict[dt.date, list[tuple[int, tuple]]] = {}
        rows = self.frame.select("month", "team_code", "regeling_code", "reason", "role").iter_rows()
        for i, (month, *rest) in enumerate(rows):
            self._by_month.setdefault(day_of(month), []).append((i, tuple(rest)))

    def select(self, months, team=None, regeling=None, reason=None, role=None) -> tuple[int, ...]:
        """The row numbers of the cells in `months` (and the team, regeling, reason, role given),
        in ascending order.

        A scan in Python of the rows of those months only: an attack selects some 75,000
        times. A polars filter per call took a third of the sample's attack, and a scan of all
        rows per call a quarter (some 21 million month comparisons). The rows picked are the
        same (checked against the filter, and against the scan of all rows, over every selection
        of an attack on the sample and on the small municipality when each was changed)."""
        given = [(k, v) for k, v in enumerate((team, regeling, reason, role)) if v is not None]
        return tuple(
            sorted(
                i
                for month in {day_of(m) for m in months}
                for i, row in self._by_month.get(month, ())
                if all(row[k] == v for k, v in given)
            )
        )


def day_of(month: dt.date) -> dt.date:
    """A month as a date, also when a query gave it as a timestamp."""
    return month.date() if isinstance(month, dt.datetime) else month


def unknowns(con) -> dict[tuple[str, str], Cells]:
    families: dict[tuple[str, str], Cells] = {}
    decisions = con.execute("select * from mart_decisions_monthly").pl()
    for kind, column in TRUE_COLUMNS.items():
        for (theme,), part in decisions.group_by("theme_code"):
            families[(theme, kind)] = Cells(
                part.select(
                    "month",
                    "team_code",
                    "regeling_code",
                    pl.lit(None, pl.String).alias("reason"),
                    pl.lit(None, pl.String).alias("role"),
                    pl.col(column).alias("truth"),
                )
            )
    reasons = con.execute("""
        select date_trunc('month', d.decided_on)::date as month, d.team_code, d.regeling_code,
            d.departure_reason as reason, null::varchar as role, r.theme_code, count(*) as truth
        from stg_decisions as d inner join stg_regelingen as r using (regeling_code)
        where d.departs_from_policy group by all
    """).pl()
    for (theme,), part in reasons.group_by("theme_code"):
        families[(theme, "M")] = Cells(part.drop("theme_code"))
    caseload = con.execute("""
        select month, team_code, null::varchar as regeling_code, null::varchar as reason, role,
            theme_code, active_dossiers as truth
        from mart_caseload_monthly
    """).pl()
    for (theme,), part in caseload.group_by("theme_code"):
        families[(theme, "C")] = Cells(part.drop("theme_code"))
    return families


def months_of(start: dt.date, grain: str) -> list[dt.date]:
    count = {"month": 1, "quarter": 3, "year": 12}[grain]
    return [dt.date(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1, 1) for i in range(count)]


def window(start: dt.date, end: dt.date) -> list[dt.date]:
    months, month = [], dt.date(start.year, start.month, 1)
    while month <= end:
        months.append(month)
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


# ---------------------------------------------------------------------------------------------
# Collecting what the council reads


class Attacker:
    def __init__(self, con, viewer: Viewer = COUNCIL):
        self.con, self.viewer = con, viewer
        self.families = unknowns(con)
        self.published = 0

    def publish(self, theme, kind, cells, value) -> None:
        """A number the reader saw: the sum of these cells is `value`."""
        family = self.families.get((theme, kind))
        if family is None or not cells:
            return
        self.published += 1
        family.equations.setdefault(cells, value)

    def hide(self, theme, kind, cells, what: str) -> None:
        family = self.families.get((theme, kind))
        if family is not None and cells:
            family.hidden.setdefault(cells, what)

    def figure_row(self, theme, metric, months, *, team=None, regeling=None, value, n_basis, suppressed, what) -> None:
        numerator, base = FIGURE_COUNTS[metric]
        family = self.families.get((theme, base))
        if family is None:
            return
        cells = family.select(months, team=team, regeling=regeling)
        num_cells = (
            self.families[(theme, numerator)].select(months, team=team, regeling=regeling)
            if numerator and (theme, numerator) in self.families
            else ()
        )
        if suppressed:
            self.hide(theme, base, cells, what)
            if numerator:
                self.hide(theme, numerator, num_cells, what + " (teller)")
            return
        if metric in ("decisions_count", "active_dossiers"):
            self.publish(theme, base, cells, value)
        if n_basis is not None:
            self.publish(theme, base, cells, n_basis)
            if numerator and value is not None:
                self.publish(theme, numerator, num_cells, value * n_basis / 100)  # rate x base

    def collect(self) -> None:
        con, viewer = self.con, self.viewer
        months = sorted(self.families_months())
        for theme in queries.themes(con)["theme_code"]:
            teams = queries.teams(con, theme)["team_code"].to_list()
            regelingen = queries.regelingen(con, theme)["regeling_code"].to_list()
            scopes = (
                [(None, None)]
                + [(t, None) for t in teams]
                + [(None, r) for r in regelingen]
                + [(t, r) for t in teams for r in regelingen]
            )
            for metric in FIGURE_COUNTS:
                for grain in ("month", "quarter", "year"):
                    for team, regeling in scopes:
                        trend = queries.metric_trend(
                            con, viewer, metric, theme, team=team, regeling=regeling, grain=grain
                        )
                        for row in trend.iter_rows(named=True):
                            self.figure_row(
                                theme,
                                metric,
                                months_of(row["period_start"], grain),
                                team=team,
                                regeling=regeling,
                                value=row["value"],
                                n_basis=row["n_basis"],
                                suppressed=row["suppressed"],
                                what=f"{metric} {theme} {team or ''} {regeling or ''} {row['period']}",
                            )
            for month in months:
                period = month.strftime("%Y-%m")
                for team in (None, *teams):
                    tiles = queries.key_figures(
                        con, viewer, theme, period, team=team, metrics=tuple(m for m in FIGURE_COUNTS)
                    )
                    for row in tiles.iter_rows(named=True):
                        grain = {7: "month"}.get(len(row["period"]), "year") if "K" not in row["period"] else "quarter"
                        scope_team = None if row["metric_key"] in queries.BUDGET_METRICS else team
                        self.figure_row(
                            theme,
                            row["metric_key"],
                            months_of(row["period_start"], grain),
                            team=scope_team,
                            value=row["value"],
                            n_basis=row["n_basis"],
                            suppressed=row["suppressed"],
                            what=f"tegel {row['metric_key']} {period}",
                        )
                        if (
                            row["metric_key"] in ("decisions_count", "active_dossiers")
                            and row["previous_value"] is not None
                            and row["previous_period"]
                        ):
                            start = queries.period_start(row["previous_period"])
                            family = self.families.get((theme, FIGURE_COUNTS[row["metric_key"]][1]))
                            if family is not None:
                                self.publish(
                                    theme,
                                    FIGURE_COUNTS[row["metric_key"]][1],
                                    family.select(months_of(start, grain), team=scope_team),
                                    row["previous_value"],
                                )
            self.collect_windows(theme, months)
            self.collect_caseload(theme, months)

    def families_months(self) -> set[dt.date]:
        return {m for f in self.families.values() for m in f.frame["month"].to_list()}

    def windows(self, months: list[dt.date]) -> list[tuple[dt.date, dt.date]]:
        ends = [queries.month_end(m.strftime("%Y-%m")) for m in months]
        found = {(m, e) for m, e in zip(months, ends)}  # single months
        found |= {(months[max(0, i - 11)], e) for i, e in enumerate(ends)}  # 12-month windows
        for m in months:  # calendar quarters and years
            q = dt.date(m.year, (m.month - 1) // 3 * 3 + 1, 1)
            found.add((q, queries.month_end(months_of(q, "quarter")[-1].strftime("%Y-%m"))))
            found.add((dt.date(m.year, 1, 1), dt.date(m.year, 12, 31)))
        return sorted(found)

    def collect_windows(self, theme: str, months: list[dt.date]) -> None:
        con, viewer = self.con, self.viewer
        for start, end in self.windows(months):
            span = window(start, end)
            summary = queries.decision_summary_by_team(con, viewer, theme, start, end)
            for row in summary.iter_rows(named=True):
                team = row["team_code"]
                what = f"samenvatting {theme} {team or ''} {start}..{end}"
                for column, kind in SUMMARY_COUNTS.items():
                    cells = self.families.get((theme, kind))
                    if cells is None:
                        continue
                    selected = cells.select(span, team=team)
                    if row[column] is None:
                        self.hide(theme, kind, selected, what)
                    else:
                        self.publish(theme, kind, selected, row[column])
                for rate, (kind, base) in SUMMARY_RATES.items():
                    cells = self.families.get((theme, kind))
                    if cells is not None and row[rate] is not None and row[base] is not None:
                        self.publish(theme, kind, cells.select(span, team=team), row[rate] * row[base] / 100)
            reasons = queries.maatwerk_reasons(con, viewer, theme, start, end)
            for row in reasons.iter_rows(named=True):
                cells = self.families.get((theme, "M"))
                if cells is None:
                    continue
                selected = cells.select(span, team=row["team_code"], reason=row["departure_reason"])
                if row["n_decisions"] is None:
                    self.hide(theme, "M", selected, f"redenen {theme} {row['team_code']} {start}..{end}")
                else:
                    self.publish(theme, "M", selected, row["n_decisions"])
        teams = queries.teams(con, theme)["team_code"].to_list()
        for team in (None, *teams):
            spread = queries.processing_time_distribution(
                con, viewer, theme, months[0], months[-1] + dt.timedelta(days=31), team=team
            )
            for row in spread.iter_rows(named=True):
                family = self.families.get((theme, "Q"))
                if family is None:
                    continue
                cells = family.select([row["month"]], team=team)
                if row["suppressed"]:
                    self.hide(theme, "Q", cells, f"doorlooptijd {theme} {team} {row['month']}")
                    continue
                self.publish(theme, "Q", cells, row["n_requests"])
                on_time = self.families.get((theme, "O"))
                if on_time is not None and row["on_time_pct"] is not None:
                    self.publish(
                        theme,
                        "O",
                        on_time.select([row["month"]], team=team),
                        row["on_time_pct"] * row["n_requests"] / 100,
                    )

    def collect_caseload(self, theme: str, months: list[dt.date]) -> None:
        con, viewer = self.con, self.viewer
        family = self.families.get((theme, "C"))
        if family is None:
            return
        caseload = queries.caseload_by_team(con, viewer, theme=theme)
        fte = {}
        for row in caseload.iter_rows(named=True):
            cells = family.select([row["month"]], team=row["team_code"], role=row["role"])
            fte[(row["month"], row["team_code"], row["role"])] = row["occupied_fte"]
            if row["suppressed"]:
                self.hide(theme, "C", cells, f"caseload {row['team_code']} {row['month']}")
                continue
            self.publish(theme, "C", cells, row["active_dossiers"])
            self.publish(theme, "C", cells, row["caseload_per_fte"] * row["occupied_fte"])
        for month in months:
            over = queries.teams_over_norm(con, viewer, month.strftime("%Y-%m"), theme)
            for row in over.iter_rows(named=True):
                if row["caseload_per_fte"] is not None:
                    self.publish(
                        theme,
                        "C",
                        family.select([month], team=row["team_code"], role=row["role"]),
                        row["caseload_per_fte"] * fte[(month, row["team_code"], row["role"])],
                    )

    # -----------------------------------------------------------------------------------------
    # Solving

    def solve(self) -> list[dict]:
        """Every hidden cell whose value the published equations fix: what it is and its value."""
        solved = []
        for (theme, kind), family in self.families.items():
            if not family.hidden or not family.equations:
                continue
            n = family.frame.height
            rows = list(family.equations)
            a = np.zeros((len(rows), n))
            for r, cells in enumerate(rows):
                a[r, list(cells)] = 1.0
            v = np.array([family.equations[c] for c in rows])
            gram = a.T @ a
            eigenvalues, vectors = np.linalg.eigh(gram)
            keep = eigenvalues > eigenvalues.max() * 1e-10
            basis = vectors[:, keep]  # orthonormal basis of the row space
            # the least-squares solution of minimum norm: what every published number agrees on
            x = basis @ ((basis.T @ (a.T @ v)) / eigenvalues[keep])
            truth = family.frame["truth"].to_numpy()
            for cells, what in family.hidden.items():
                e = np.zeros(n)
                e[list(cells)] = 1.0
                if np.linalg.norm(e - basis @ (basis.T @ e)) < 1e-6:
                    solved.append(
                        {
                            "theme": theme,
                            "kind": kind,
                            "what": what,
                            "cells": len(cells),
                            "value": float(e @ x),
                            "truth": int(truth[list(cells)].sum()),
                        }
                    )
        return solved

    def equation_count(self) -> int:
        return sum(len(f.equations) for f in self.families.values())

    def hidden_count(self) -> int:
        return sum(len(f.hidden) for f in self.families.values())

    def published_counts(self) -> np.ndarray:
        return np.array([v for f in self.families.values() for v in f.equations.values()])


def leaks(solved: list[dict]) -> list[dict]:
    """Hidden cells whose true count the attacker got back. A solved value that is a multiple of
    the rounding base matches the truth by chance only when the truth is such a multiple too: a
    reader cannot tell a 5 that is 5 from a 5 that is 3 or 8, so those are not counted."""
    return [s for s in solved if abs(s["value"] - s["truth"]) < 0.5 and s["truth"] % ROUNDING_BASE]


def report(attacker: Attacker, solved: list[dict]) -> str:
    found = leaks(solved)
    lines = [
        f"{attacker.equation_count()} vergelijkingen, {attacker.hidden_count()} verborgen cellen, "
        f"{len(solved)} daarvan vastgelegd door de vergelijkingen, {len(found)} teruggerekend"
    ]
    lines += [f"  {s['what']}: {s['value']:.2f} (echt {s['truth']})" for s in found[:10]]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# A second municipality where most cells are small


def small_municipality(seed: int = 7) -> dict[str, str]:
    """Three teams, two years, a handful of decisions per team, regeling and month."""
    rng = random.Random(seed)
    teams = (
        "Teamcode,Teamnaam,Thema,Rol\nK-N,Klein Noord,participatie,klantmanager\n"
        "K-Z,Klein Zuid,participatie,klantmanager\nK-W,Klein Wmo,wmo,wmo-consulent\n"
    )
    regelingen = (
        "Code,Naam,Thema,Taakveld,Termijn (dagen)\n"
        "levensonderhoud,Bijstand levensonderhoud,participatie,6.3,56\n"
        "bijzondere_bijstand,Bijzondere bijstand,participatie,6.3,56\n"
        "wmo_hbh,Hulp bij het huishouden,wmo,6.71a,56\n"
    )
    pairs = [
        ("K-N", "levensonderhoud"),
        ("K-N", "bijzondere_bijstand"),
        ("K-Z", "levensonderhoud"),
        ("K-Z", "bijzondere_bijstand"),
        ("K-W", "wmo_hbh"),
    ]
    reasons = ["schrijnende_situatie", "voorkomen_schulden", "medische_noodzaak"]
    decisions = [
        "Besluitnummer,Regeling,Soort besluit,Teamcode,Datum aanvraag,Datum besluit,"
        "Termijn (dagen),Afwijking beleid,Reden afwijking,Datum bezwaar,Uitkomst bezwaar"
    ]
    caseload = ["Peildatum;Teamcode;Rol;Actieve dossiers;Bezette fte"]
    number = 0
    for month in window(dt.date(2024, 1, 1), dt.date(2025, 12, 1)):
        for team, regeling in pairs:
            for _ in range(rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 12])):
                number += 1
                decided = month + dt.timedelta(days=rng.randrange(27))
                kind = rng.choices(["Toekenning", "Afwijzing", "Maatregel"], [6, 3, 1])[0]
                requested = "" if kind == "Maatregel" else str(decided - dt.timedelta(days=rng.randrange(10, 80)))
                departs = rng.random() < 0.2
                objected = rng.random() < 0.2
                outcome = rng.choice(["gegrond", "ongegrond", ""]) if objected else ""
                decisions.append(
                    ",".join(
                        [
                            f"K-{number}",
                            regeling,
                            kind,
                            team,
                            requested,
                            str(decided),
                            "56",
                            "ja" if departs else "nee",
                            rng.choice(reasons) if departs else "",
                            str(decided + dt.timedelta(days=20)) if objected else "",
                            outcome,
                        ]
                    )
                )
        end = queries.month_end(month.strftime("%Y-%m"))
        for team, role in (("K-N", "klantmanager"), ("K-Z", "klantmanager"), ("K-W", "wmo-consulent")):
            caseload.append(f"{end:%d-%m-%Y};{team};{role};{rng.randrange(3, 40)};1,0")
    return {
        "teams.csv": teams,
        "regelingen.csv": regelingen,
        "beschikkingen.csv": "\n".join(decisions) + "\n",
        "caseload.csv": "\n".join(caseload) + "\n",
    }


@pytest.fixture(scope="module")
def small_con(tmp_path_factory):
    folder = tmp_path_factory.mktemp("klein")
    sources = write_sources(folder / "bron", **small_municipality())
    build.build_file(folder / "figures.duckdb", sources)
    con = duckdb.connect(str(folder / "figures.duckdb"), read_only=True)
    yield con
    con.close()


# ---------------------------------------------------------------------------------------------
# The tests


def attack(con, viewer: Viewer = COUNCIL) -> tuple[Attacker, list[dict]]:
    attacker = Attacker(con, viewer)
    attacker.collect()
    return attacker, attacker.solve()


def test_no_hidden_cell_of_the_sample_can_be_worked_out_by_the_council(figures_con):
    attacker, solved = attack(figures_con)
    assert attacker.hidden_count() > 100 and attacker.equation_count() > 10_000
    assert not leaks(solved), report(attacker, solved)


@pytest.fixture(scope="module")
def council_on_small(small_con) -> tuple[Attacker, list[dict]]:
    """The council's attack on the small municipality, collected and solved once for the three
    tests below (each took its own, the same, over a quarter of a minute): they only read it, and
    the database is read-only, so each sees what its own run would have."""
    return attack(small_con)


def test_no_hidden_cell_of_a_municipality_of_small_numbers_can_be_worked_out(council_on_small):
    attacker, solved = council_on_small
    assert attacker.hidden_count() > 200  # most cells are small here
    assert not leaks(solved), report(attacker, solved)


def test_every_count_the_council_can_derive_is_a_sum_of_rounded_cells(council_on_small):
    # a count, or a share times its base: never anything but a multiple of the rounding base
    attacker, _ = council_on_small
    values = attacker.published_counts()
    assert values.size > 1000
    off = np.abs(values / ROUNDING_BASE - np.round(values / ROUNDING_BASE))
    assert off.max() < 1e-6


def test_the_attacker_does_recover_hidden_cells_from_true_figures(small_con, council_on_small):
    """The same attack on figures that are only suppressed, not rounded (what the council read
    before): the hidden cells come back. The attacker is strong enough to find a leak."""
    council, _ = council_on_small
    unrounded = Attacker(small_con, Viewer("controle", "manager", ("K-N", "K-Z", "K-W")))
    unrounded.collect()
    for key, family in unrounded.families.items():  # hide what the council would not see ...
        family.hidden = council.families[key].hidden
        family.equations = {
            cells: value for cells, value in family.equations.items() if cells not in family.hidden
        }  # ... and publish every true rest
    found = leaks(unrounded.solve())
    assert len(found) > 10, report(unrounded, unrounded.solve())
