"""The council's rounded figures (etl/disclosure.py) and the threshold setting."""

from __future__ import annotations

import stat

import polars as pl
import pytest

import queries
from etl import disclosure
from kernel import adc_settings
from kernel.access import Viewer
from tests.apptest import fresh_tab

KEY = bytes(32)
COUNCIL = Viewer("wethouder", "raad")
MANAGER = Viewer("manager-participatie", "manager", ("WI-NOORD", "WI-ZUID", "HANDH"))


@pytest.fixture
def stories_path(sample_data_dir):
    return sample_data_dir / "stories.duckdb"


def rounded(values: list[int], key: bytes = KEY, name: str = "n_decisions") -> list[int]:
    cells = pl.Series([f"cel-{i}" for i in range(len(values))])
    return disclosure.random_round(pl.Series("x", values), cells, name, key).to_list()


def test_a_count_goes_to_one_of_its_two_neighbouring_multiples_of_five():
    values = list(range(0, 60)) * 20
    for value, result in zip(values, rounded(values)):
        assert result % 5 == 0 and abs(result - value) < 5


def test_multiples_of_five_stay_as_they_are():
    assert rounded([0, 5, 10, 55, 1000]) == [0, 5, 10, 55, 1000]


def test_the_same_count_in_the_same_cell_rounds_the_same_way_every_build():
    values = [3, 7, 12, 18, 24] * 50
    assert rounded(values) == rounded(values)


def test_another_key_or_another_kind_of_count_draws_anew():
    values = [3, 7, 12, 18, 24] * 50
    assert rounded(values) != rounded(values, key=bytes([1]) * 32)
    assert rounded(values) != rounded(values, name="n_requests")


def test_rounding_is_unbiased_over_many_cells():
    values = [3] * 5000  # goes up with probability 3/5
    assert abs(sum(rounded(values)) / 5000 - 3) < 0.2


def test_the_key_is_made_once_beside_the_figures_and_readable_by_the_owner_only(tmp_path):
    first = disclosure.key_for(tmp_path / "figures.duckdb")
    assert disclosure.key_for(tmp_path / "figures.duckdb") == first and len(first) == 32
    mode = (tmp_path / disclosure.KEY_FILE).stat().st_mode
    assert stat.S_IMODE(mode) == 0o600


def test_every_finest_council_count_is_rounded_and_no_part_exceeds_its_whole(figures_con):
    cells = figures_con.execute("select * from council_decisions_monthly").pl()
    counts = [*disclosure.DECISION_COUNTS, "n_maatwerk"]
    assert all((cells[c] % 5 == 0).all() for c in counts)
    for part, whole in disclosure.PART_OF:
        assert (cells[part] <= cells[whole]).all(), (part, whole)
    reasons = figures_con.execute("select * from council_maatwerk_monthly").pl()
    per_cell = reasons.group_by(disclosure.DECISION_KEYS).agg(pl.col("n_decisions").sum())
    joined = cells.join(per_cell, on=list(disclosure.DECISION_KEYS), how="left").fill_null(0)
    assert (joined["n_maatwerk"] == joined["n_decisions_right"]).all()


def test_the_council_figures_have_the_same_cells_as_everyone_elses(figures_con):
    keys = ["metric_key", "period", "theme_code", "team_code", "regeling_code", "taakveld_code"]
    council = figures_con.execute("select * from council_metric_values").pl()
    true = figures_con.execute("select * from mart_metric_values").pl()
    assert council.height == true.height
    assert council.select(keys).sort(keys, nulls_last=True).equals(true.select(keys).sort(keys, nulls_last=True))


def test_the_council_sees_rounded_counts_and_the_manager_true_ones(figures_con):
    council = queries.metric_trend(figures_con, COUNCIL, "decisions_count", "participatie", team="WI-NOORD")
    manager = queries.metric_trend(figures_con, MANAGER, "decisions_count", "participatie", team="WI-NOORD")
    shown = council["value"].drop_nulls()
    assert shown.len() > 50 and (shown % 5 == 0).all()
    assert not (manager["value"] % 5 == 0).all()


def test_a_story_shows_the_council_the_rounded_value_of_its_figure(figures_con, stories_path):
    stories = queries.visible_stories(COUNCIL, figures_con=figures_con, store_path=stories_path)
    counted = stories.filter(pl.col("metric_key").is_in(["active_dossiers", "decisions_count"]))
    assert counted.height
    now = queries.current_values(figures_con, COUNCIL, counted)
    for row in counted.iter_rows(named=True):
        assert row["figure_value"] == now[row["story_id"]] and row["figure_value"] % 5 == 0
    budget = stories.filter(pl.col("metric_key").is_in(list(queries.BUDGET_METRICS)))
    manager = queries.visible_stories(MANAGER, figures_con=figures_con, store_path=stories_path)
    kept = budget.join(manager.select("story_id", pl.col("figure_value").alias("written")), on="story_id")
    assert kept.height and (kept["figure_value"] == kept["written"]).all()  # amounts stay as written


@pytest.mark.parametrize("value", ["0", "-3", "2.5", "tien", ""])
def test_a_threshold_that_is_not_a_whole_number_of_one_or_more_is_refused_by_name(monkeypatch, value):
    monkeypatch.setenv(adc_settings.SUPPRESSION_THRESHOLD.env, value)
    with pytest.raises(adc_settings.SettingError) as refused:
        adc_settings.check()
    assert adc_settings.SUPPRESSION_THRESHOLD.env in str(refused.value)
    assert "geheel getal" in str(refused.value)


def test_the_app_stops_at_start_with_a_dutch_message_on_a_bad_threshold(monkeypatch, data_dir, fresh_caches):
    monkeypatch.setenv(adc_settings.SUPPRESSION_THRESHOLD.env, "nul")
    at = fresh_tab().run()
    assert [e.value for e in at.error] and "ADC_SUPPRESSION_THRESHOLD" in at.error[0].value
    assert not at.text_input  # no login form: nothing is served
