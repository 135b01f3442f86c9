"""The sample data: reproducible from its generator, and carrying the patterns it promises."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.conftest import SAMPLE_DATA

GENERATED = (
    "teams.csv",
    "normen.csv",
    "regelingen.csv",
    "caseload.csv",
    "begroting.xlsx",
    "beschikkingen.csv",
    "cbs_vergelijking.csv",
)


@pytest.mark.subprocess
def test_generator_reproduces_the_committed_files_byte_for_byte(tmp_path):
    end = "2026-10"  # the end month the committed files were generated with
    subprocess.run(
        [sys.executable, str(SAMPLE_DATA / "generate.py"), "--end", end, "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    for name in GENERATED:
        assert (tmp_path / name).read_bytes() == (SAMPLE_DATA / name).read_bytes(), name


def test_exports_come_in_the_dialects_the_readme_promises():
    caseload = (SAMPLE_DATA / "caseload.csv").read_bytes()
    assert b";" in caseload.split(b"\r\n")[0] and b"\r\n" in caseload
    assert caseload.rstrip().split(b"\r\n")[-1].startswith(b"Totaal")
    assert (SAMPLE_DATA / "beschikkingen.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert (SAMPLE_DATA / "begroting.xlsx").read_bytes().startswith(b"PK\x03\x04")


def test_wi_zuid_drifts_over_its_norm_after_the_reorganisation(figures_con):
    before, after = figures_con.execute(
        "select avg(caseload_per_fte) filter (where month < '2023-07-01'), "
        "avg(caseload_per_fte) filter (where month >= '2023-07-01') "
        "from mart_caseload_monthly where team_code = 'WI-ZUID'"
    ).fetchone()
    assert before < 80 < 90 < after


def test_jeugd_overspends_in_2024_on_672a_and_674a(figures_con):
    rows = figures_con.execute(
        "select taakveld_code, exhaustion_pct from mart_budget_quarterly "
        "where year = 2024 and quarter = 4 and taakveld_code in ('6.72a', '6.74a') "
        "order by taakveld_code"
    ).fetchall()
    assert [code for code, _ in rows] == ["6.72a", "6.74a"]
    assert all(108 <= pct <= 112.5 for _, pct in rows)


def test_wmo_registration_artefact_halves_march_2024(figures_con):
    feb, mar, apr = [
        r[0]
        for r in figures_con.execute(
            "select active_dossiers from mart_caseload_monthly where team_code = 'WMO' "
            "and month between '2024-02-01' and '2024-04-01' order by month"
        ).fetchall()
    ]
    assert mar < 0.6 * feb and mar < 0.6 * apr


def test_late_levensonderhoud_decisions_in_winter_2023(figures_con):
    late, usual = figures_con.execute(
        "select avg(is_on_time::int) filter (where month between '2023-11-01' and '2024-02-01'), "
        "avg(is_on_time::int) filter (where month not between '2023-11-01' and '2024-02-01') "
        "from mart_request_decisions where regeling_code = 'levensonderhoud'"
    ).fetchone()
    assert late < 0.6 and usual > 0.85


def test_wi_noord_uses_maatwerk_far_more_on_bijzondere_bijstand(figures_con):
    shares = dict(
        figures_con.execute(
            "select team_code, avg(departs_from_policy::int) from stg_decisions "
            "where regeling_code = 'bijzondere_bijstand' group by team_code"
        ).fetchall()
    )
    assert shares["WI-NOORD"] > 0.14 and shares["WI-ZUID"] < 0.06


@pytest.mark.parametrize("name", [n for n in GENERATED if n.endswith(".csv")] + ["verhalen.csv"])
def test_sample_files_say_nothing_about_real_people(name):
    # Synthetic data only: no e-mail address or phone number can appear in any sample file.
    text = (SAMPLE_DATA / name).read_text(encoding="utf-8-sig", errors="replace")
    assert "@" not in text
    assert not re.search(r"\b06[- ]?\d{8}\b", text)
