"""The benchmark's quick mode at sample scale: every measure still runs and is reported (the
values are not judged here; timed assertions do not belong in tests)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench import browser_speed, etl_speed, report
from dashboard import navigation
from kernel import adc_settings

pytestmark = [pytest.mark.slow, pytest.mark.subprocess]


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bench")
    out = folder / "results.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--out", str(out), "--work", str(folder)],
        cwd=adc_settings.ROOT,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=1800,  # every page for every audience, then once more each for memory: minutes on a busy machine
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(out.read_text(encoding="utf-8")), done.stdout


def test_every_measure_is_reported_with_its_target_and_baseline(quick):
    results, _ = quick
    names = [m["name"] for m in results["measures"]]
    assert "ETL: build the figures" in names and "ETL: rows per second" in names
    assert {"ETL: read, check and load only", "ETL: marts and council tables"} <= set(names)
    assert {n for n in names if n.startswith("Page ")} >= {
        f"Page {title} ({variant})"
        for _, _, title, _, _, _ in navigation.PAGES
        for variant in ("standaard", "team WI-ZUID")
    }
    assert {"Search as beheerder: p95", "Search as raad: p95"} <= set(names)
    assert "Page frame (empty page)" in names  # the floor the pages' ratio rule is judged by
    if Path(browser_speed.CHROMIUM).exists():  # else the bench says it skipped the browser
        browser = [m for m in results["measures"] if m["name"].startswith("Browser: council overview")]
        assert len(browser) == 2 and all(m["baseline"] > 0 and m["ratio"] > 0 for m in browser), browser
    memory = [m for m in results["measures"] if m["name"].startswith("Memory of the dashboard process, with")]
    assert len(memory) == 2 and all("once, for one audience (--quick" in m["detail"] for m in memory), memory
    for measure in results["measures"]:
        assert set(measure) >= {"name", "value", "unit", "target", "baseline", "ratio"}
        assert isinstance(measure["value"], (int, float)) and measure["value"] > 0, measure
        assert "ERROR" not in measure["detail"], measure  # a page that fails is not a fast page
    etl = next(m for m in results["measures"] if m["name"] == "ETL: build the figures")
    assert etl["baseline"] > 0 and etl["ratio"] == pytest.approx(etl["value"] / etl["baseline"])
    assert results["size"] == "sample" and results["quick"] is True and results["machine"]["cores"]


def test_the_table_is_printed_as_markdown(quick):
    _, printed = quick
    assert printed.startswith("| measure | value | target | baseline | ratio | met |")


def test_a_percentile_is_a_measured_value_by_nearest_rank():
    assert report.percentile([0.3, 0.1, 0.2, 0.4], 50) == 0.2
    assert report.percentile([0.3, 0.1, 0.2, 0.4], 95) == 0.4


def test_a_measure_against_a_ratio_target_is_judged_on_its_ratio():
    assert report.Measure("x", 3.0, "s", target=2.0, target_kind="ratio", baseline=2.0).met is True
    assert report.Measure("x", 5.0, "s", target=2.0, target_kind="ratio", baseline=2.0).met is False
    assert report.Measure("x", 0.5, "s", target=1.0).met is True


def test_a_page_is_judged_on_its_slowest_audience_and_its_own_query_time():
    from bench import page_speed

    case = page_speed.Case("budget.py", "Budget", "standaard", {})
    fast, slow = page_speed.Audience("raad", 0.2, 0.1), page_speed.Audience("manager", 0.45, 0.2)
    measure = page_speed.judged(case, [fast, slow], repeat=3)
    assert (measure.value, measure.baseline, measure.met) == (0.45, 0.2, True)
    assert "worst audience manager" in measure.detail and "raad 0.20 s" in measure.detail
    too_slow = page_speed.Audience("beheerder", 0.6, 0.4)
    assert page_speed.judged(case, [fast, too_slow], repeat=3).met is False
    rendering_dominates = page_speed.Audience("professional", 0.3, 0.05)  # 6x its queries
    judged = page_speed.judged(case, [slow, rendering_dominates], repeat=3)
    assert judged.met is False and "over 3x its queries or frame: professional" in judged.detail
    failed = page_speed.Audience("raad", 0.1, 0.05, error="boem")
    assert page_speed.judged(case, [slow, failed], repeat=3).met is False


def test_a_page_with_almost_no_queries_is_judged_against_the_frame_every_page_pays():
    from bench import page_speed

    case = page_speed.Case("verhaal_toevoegen.py", "Verhaal toevoegen", "standaard", {})
    # a form: no queries to speak of, within 3x the frame around an empty page
    form = page_speed.Audience("professional", 0.07, 0.0001, frame_s=0.03)
    judged = page_speed.judged(case, [form], repeat=3)
    assert judged.met is True and "frame 0.03 s" in judged.detail
    # the same form without a measured frame would be 700x its queries
    assert page_speed.judged(case, [page_speed.Audience("professional", 0.07, 0.0001)], repeat=3).met is False
    # a page that draws far more than its queries and its frame still fails
    heavy = page_speed.Audience("beheerder", 0.2, 0.02, frame_s=0.05)
    judged = page_speed.judged(case, [heavy], repeat=3)
    assert judged.met is False and "over 3x its queries or frame: beheerder" in judged.detail
    # where the queries are larger than the frame, they remain the measure
    queried = page_speed.Audience("manager", 0.35, 0.1, frame_s=0.05)
    assert queried.allowance_s == 0.1 and page_speed.judged(case, [queried], repeat=3).met is False


def test_the_frame_is_reported_as_its_slowest_role_without_a_target():
    from bench import page_speed

    frame = page_speed.framed({"raad": (0.04, None), "beheerder": (0.06, None)}, repeat=5)
    assert (frame.value, frame.target, frame.met) == (0.06, None, None)
    assert "worst role beheerder" in frame.detail and "raad 0.04 s" in frame.detail
    assert "ERROR as raad: kapot" in page_speed.framed({"raad": (0.04, "kapot")}, repeat=5).detail


def test_the_frame_leaves_the_page_out_and_puts_it_back():
    from streamlit.navigation.page import StreamlitPage

    from bench import page_speed

    run = StreamlitPage.run
    with page_speed.empty_pages():
        assert StreamlitPage.run is not run
    assert StreamlitPage.run is run


def test_every_role_that_may_open_a_page_is_measured():
    from bench import page_speed

    assert page_speed.AUDIENCES["auditlog.py"] == ("beheerder",)
    assert set(page_speed.AUDIENCES["raad_overzicht.py"]) == set(navigation.ALL)
    assert set(page_speed.AUDIENCES["caseload.py"]) == set(navigation.STAFF)


def test_the_build_is_split_into_loading_and_the_work_done_for_the_pages():
    stages = {"lezen en controleren": 2.0, "schema en referenties": 0.1, "bronnen laden": 1.0,
              "mart 04_mart_decisions": 0.5, "mart 04b_mart_median": 1.5, "raadstabellen": 0.75,
              "wegschrijven": 0.4, "laadlog": 0.05}  # fmt: skip
    assert etl_speed.split_stages(stages) == pytest.approx((3.55, 2.75))
