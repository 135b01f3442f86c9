"""The suite-time comparison's arithmetic (the runs themselves take half an hour: bench/suite_time.py)."""

from __future__ import annotations

import pytest

from bench.suite_time import SuiteRun, counted, summary

LINES = ["1273 passed, 2 xfailed", "30 passed", "9 passed, 1 failed"]


def test_passed_and_failed_are_counted_over_every_pytest_call():
    assert counted(LINES, "passed") == 1312
    assert counted(LINES, "failed") == 1
    assert counted(LINES, "xfailed") == 2


def test_the_ratio_is_now_over_the_baseline_on_the_median_test_time():
    runs = [
        SuiteRun("baseline", "a" * 40, 90.0, 900.0, 0, ["790 passed"]),
        SuiteRun("now", "b" * 40, 30.0, 780.0, 0, LINES),
        SuiteRun("now", "b" * 40, 30.0, 840.0, 1, LINES),
        SuiteRun("baseline", "a" * 40, 90.0, 960.0, 0, ["790 passed"]),
    ]
    result = summary(runs)
    assert result["sides"]["baseline"]["test_minutes"] == pytest.approx(15.5)
    assert result["sides"]["now"]["test_minutes"] == pytest.approx(13.5)
    assert result["sides"]["now"]["with_setup_minutes"] == pytest.approx(14.0)
    assert result["ratio"] == pytest.approx(13.5 / 15.5, abs=1e-3)
    assert result["no_slower"] is True
    assert result["sides"]["now"]["all_exit_0"] is False  # one failed run is not hidden by the median
    assert result["sides"]["now"]["tests_passed"] == 1312


def test_a_slower_suite_is_said_to_be_slower():
    runs = [SuiteRun("baseline", "a" * 40, 0.0, 600.0, 0, []), SuiteRun("now", "b" * 40, 0.0, 660.0, 0, [])]
    assert summary(runs)["no_slower"] is False
