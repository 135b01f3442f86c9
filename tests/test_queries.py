"""The data-access layer against the database built from sample_data/ (never a mock)."""

import datetime as dt

import polars as pl
import pytest

import queries
from kernel import adc_settings
from kernel.access import BEHEERDER, MANAGER, PROFESSIONAL, RAAD, Viewer

WETHOUDER = Viewer("wethouder", RAAD)
MANAGER_WI = Viewer("manager-participatie", MANAGER, ("WI-NOORD", "WI-ZUID", "HANDH"))
KLANTMANAGER_ZUID = Viewer("wi-zuid-1", PROFESSIONAL, ("WI-ZUID",))
BEHEER = Viewer("beheerder", BEHEERDER)
THRESHOLD = 10


@pytest.fixture
def stories_path(sample_data_dir):
    return sample_data_dir / "stories.duckdb"


def stories(viewer, con, stories_path, **filters):
    return queries.visible_stories(viewer, figures_con=con, store_path=stories_path, **filters)


# --- caseload -------------------------------------------------------------------------------


def test_wi_zuid_is_over_its_norm_every_month_from_july_2023(figures_con):
    zuid = queries.caseload_by_team(figures_con, MANAGER_WI, team="WI-ZUID", start=dt.date(2023, 7, 1))
    assert zuid.height >= 36
    assert zuid["is_over_norm"].all()
    before = queries.caseload_by_team(
        figures_con, MANAGER_WI, team="WI-ZUID", start=dt.date(2023, 1, 1), end=dt.date(2023, 6, 1)
    )
    assert not before["is_over_norm"].any()


def test_wi_noord_drops_below_the_norm_band_after_the_reorganisation(figures_con):
    noord = queries.caseload_by_team(figures_con, MANAGER_WI, team="WI-NOORD", start=dt.date(2023, 8, 1))
    assert (noord["caseload_per_fte"] < noord["norm_low"]).mean() > 0.9


def test_teams_over_norm_name_wi_zuid_and_since_when(figures_con):
    status = queries.teams_over_norm(figures_con, MANAGER_WI, "2026-10", "participatie")
    assert status["team_code"].to_list()[0] == "WI-ZUID"
    zuid = status.row(0, named=True)
    assert zuid["is_over_norm"] and zuid["over_since"] == dt.date(2023, 7, 1)
    assert zuid["months_over"] == 40
    assert not status.filter(pl.col("team_code") == "WI-NOORD")["is_over_norm"].item()


def test_the_norm_history_keeps_the_lowered_jeugd_norm_and_its_rationale(figures_con):
    norms = queries.norm_history(figures_con, "jeugd")
    assert norms.select("norm_high", "valid_from", "valid_to").rows() == [
        (45.0, dt.date(2021, 1, 1), dt.date(2023, 12, 31)),
        (40.0, dt.date(2024, 1, 1), None),
    ]
    assert "complexer" in norms["rationale"][1]


def test_the_wmo_migration_halves_active_dossiers_in_march_2024_only(figures_con):
    trend = queries.metric_trend(
        figures_con,
        MANAGER_WI,
        "active_dossiers",
        "wmo",
        team="WMO",
        start=dt.date(2024, 2, 1),
        end=dt.date(2024, 4, 1),
    )
    february, march, april = trend["value"].to_list()
    assert march < 0.6 * february and april > 0.9 * february


# --- budget ---------------------------------------------------------------------------------


def test_jeugd_672a_is_forecast_to_overspend_in_2024(figures_con):
    lines = queries.budget_by_taakveld(figures_con, 2024, 4, "jeugd")
    line = lines.filter(pl.col("taakveld_code") == "6.72a").row(0, named=True)
    assert line["forecast_deviation_eur"] > 0
    assert 7 < line["forecast_deviation_pct"] < 13
    trend = queries.metric_trend(
        figures_con,
        WETHOUDER,
        "budget_forecast_deviation",
        "jeugd",
        taakveld="6.72a",
        start=dt.date(2024, 1, 1),
        end=dt.date(2024, 12, 31),
    )
    assert trend["period"].to_list() == ["2024-K1", "2024-K2", "2024-K3", "2024-K4"]
    assert trend["value"].to_list()[-1] > 0


def test_the_continuous_series_672_adds_up_its_refined_codes(figures_con):
    series = queries.budget_year_progress(figures_con, 2024, "jeugd", "6.72")
    refined = queries.budget_by_taakveld(figures_con, 2024, 4, "jeugd").filter(pl.col("series_code") == "6.72")
    assert series.filter(pl.col("quarter") == 4)["amended_budget_eur"].item() == pytest.approx(
        refined["amended_budget_eur"].sum()
    )
    assert set(queries.series_taakvelden(figures_con, "6.72")) >= {"6.72", "6.72a", "6.74a"}


def test_budget_groups_cover_the_whole_social_domain_and_put_jeugd_overspend_first_in_2024(figures_con):
    groups = queries.budget_by_group(figures_con, 2024, 4)
    assert {"Maatwerk Jeugd", "Maatwerk Wmo", "Participatie", "Leerlingenvervoer"} <= set(groups["budget_group"])
    assert groups["budget_group"][0] == "Maatwerk Jeugd"


def test_the_budget_quarter_for_a_month_is_the_latest_quarter_with_figures(figures_con):
    assert queries.budget_quarter_for(figures_con, "2024-11") == (2024, 4)
    latest = queries.budget_quarter_for(figures_con, "2026-10")
    assert latest is not None and latest <= (2026, 4)


# --- decisions ------------------------------------------------------------------------------


def test_requests_took_longer_in_the_winter_of_2023(figures_con):
    spread = queries.processing_time_distribution(
        figures_con, MANAGER_WI, "participatie", dt.date(2023, 6, 1), dt.date(2024, 6, 30), team="WI-ZUID"
    )
    by_month = dict(zip(spread["month"], spread["on_time_pct"]))
    winter = [by_month[dt.date(y, m, 1)] for y, m in ((2023, 12), (2024, 1), (2024, 2))]
    summer = [by_month[dt.date(2023, m, 1)] for m in (6, 7, 8)]
    assert max(winter) < min(summer)
    assert (spread["p90"] >= spread["median"]).all() and (spread["median"] >= spread["p10"]).all()


def test_wi_noord_departs_from_policy_far_more_often_than_the_other_teams(figures_con):
    summary = queries.decision_summary_by_team(
        figures_con, MANAGER_WI, "participatie", dt.date(2024, 1, 1), dt.date(2024, 12, 31)
    )
    share = dict(zip(summary["team_code"], summary["maatwerk_share"]))
    assert share["WI-NOORD"] > 2 * share["WI-ZUID"]
    assert share[None] == pytest.approx(
        100
        * (
            summary.filter(pl.col("team_code").is_not_null())["n_decisions"]
            * summary.filter(pl.col("team_code").is_not_null())["maatwerk_share"]
            / 100
        ).sum()
        / summary.filter(pl.col("team_code").is_null())["n_decisions"].item()
    )


def test_the_council_gets_no_histogram_of_processing_times(figures_con):
    args = ("participatie", dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert queries.processing_time_histogram(figures_con, WETHOUDER, *args).is_empty()
    manager = queries.processing_time_histogram(figures_con, MANAGER_WI, *args)
    assert manager["share_pct"].sum() == pytest.approx(100)


# --- suppression for the council ------------------------------------------------------------


def _all_decision_cells(con, viewer):
    return pl.concat(
        [
            queries.metric_trend(con, viewer, metric, theme, team=team, regeling=regeling)
            for metric in queries.DECISION_METRICS
            for theme, team, regeling in con.execute(
                "select distinct theme_code, team_code, regeling_code from mart_metric_values "
                "where metric_key = 'grant_rate'"
            ).fetchall()
        ]
    )


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_the_council_never_gets_a_figure_computed_over_fewer_than_the_threshold(figures_con):
    council = _all_decision_cells(figures_con, WETHOUDER)
    shown = council.filter(pl.col("value").is_not_null())
    assert shown.height > 1000
    assert (shown["n_basis"] >= THRESHOLD).all()
    hidden = council.filter(pl.col("suppressed"))
    assert hidden.height > 100 and hidden["value"].is_null().all() and hidden["n_basis"].is_null().all()


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_a_manager_sees_the_small_numbers_the_council_does_not(figures_con):
    manager = _all_decision_cells(figures_con, MANAGER_WI)
    assert not manager["suppressed"].any()
    assert (manager["n_basis"] < THRESHOLD).any()


def test_a_council_total_minus_its_visible_teams_gives_back_only_a_rounded_count(figures_con):
    # a theme and month where a team has fewer (rounded) decisions than the threshold
    row = figures_con.execute("""
        select theme_code, period from council_metric_values
        where metric_key = 'decisions_count' and period_grain = 'month' and team_code is not null
            and regeling_code is null
        group by all having count(*) filter (where n_basis < 10) >= 1 and count(*) > 1
            and count(*) filter (where n_basis >= 10) >= 1
        order by period limit 1
    """).fetchone()
    assert row is not None, "the sample data should hold such a month"
    theme, period = row
    council = queries.metric_by_team(figures_con, WETHOUDER, "decisions_count", theme, period)
    total = council.filter(pl.col("team_code").is_null())["value"].item()
    teams = council.filter(pl.col("team_code").is_not_null())
    hidden = int(teams["suppressed"].sum())
    recomputed = total - teams["value"].sum()  # what a reader would try
    assert recomputed % 5 == 0 and 0 <= recomputed < 10 * hidden  # rounded counts, never the count
    manager = queries.metric_by_team(figures_con, MANAGER_WI, "decisions_count", theme, period)
    assert manager.filter(pl.col("team_code").is_null())["value"].item() > 0


def test_the_suppression_threshold_comes_from_the_setting(figures_con, monkeypatch):
    monkeypatch.setenv(adc_settings.SUPPRESSION_THRESHOLD.env, "100000")
    trend = queries.metric_trend(figures_con, WETHOUDER, "active_dossiers", "wmo", team="WMO")
    assert trend["suppressed"].all()
    caseload = queries.caseload_by_team(figures_con, WETHOUDER, team="WMO")
    assert caseload["caseload_per_fte"].is_null().all()


def test_council_tiles_hide_small_figures_but_keep_the_rest(figures_con):
    tiles = queries.key_figures(figures_con, WETHOUDER, "leerlingenvervoer", "2025-10")
    by_key = {r["metric_key"]: r for r in tiles.iter_rows(named=True)}
    month = queries.metric_trend(
        figures_con, WETHOUDER, "grant_rate", "leerlingenvervoer", start=dt.date(2025, 10, 1), end=dt.date(2025, 10, 1)
    )
    assert month["suppressed"].item()  # too small: the tile falls back to the quarter or year
    grant = by_key["grant_rate"]
    assert grant["shown_instead_of"] == "2025-10" and grant["period"] in ("2025-K4", "2025")
    assert not grant["suppressed"] and grant["value"] is not None
    assert not by_key["active_dossiers"]["suppressed"] and by_key["active_dossiers"]["value"] > 0
    assert by_key["budget_exhaustion"]["value"] is not None  # money is never a count of people


# --- tiles ----------------------------------------------------------------------------------


def test_key_figures_give_the_latest_value_and_the_one_a_year_earlier(figures_con):
    tiles = queries.key_figures(figures_con, WETHOUDER, "jeugd", "2026-10")
    by_key = {r["metric_key"]: r for r in tiles.iter_rows(named=True)}
    assert list(by_key) == [m for m in queries.OVERVIEW_METRICS if m != "caseload_per_fte"]
    assert by_key["active_dossiers"]["period"] == "2026-10"
    assert by_key["active_dossiers"]["previous_period"] == "2025-10"
    assert by_key["budget_forecast_deviation"]["period"].startswith("2026-K")
    assert by_key["budget_forecast_deviation"]["amended_budget_eur"] > 1_000_000
    assert by_key["processing_time"]["term_days"] == 56
    assert {r["status"] for r in by_key.values()} <= {"voorlopig", "definitief"}


def test_a_team_tile_holds_the_caseload_against_its_norm_band(figures_con):
    tiles = queries.key_figures(figures_con, MANAGER_WI, "participatie", "2026-10", team="WI-ZUID")
    caseload = tiles.filter(pl.col("metric_key") == "caseload_per_fte").row(0, named=True)
    assert caseload["value"] > caseload["norm_high"] == 80.0


def test_filters_are_bound_not_formatted_into_the_sql(figures_con):
    sneaky = "jeugd' or '1'='1"
    assert queries.metric_trend(figures_con, MANAGER_WI, "grant_rate", sneaky).is_empty()
    assert queries.teams(figures_con, sneaky).is_empty()


# --- stories --------------------------------------------------------------------------------


def test_the_council_sees_only_stories_published_for_the_council(figures_con, stories_path):
    council = stories(WETHOUDER, figures_con, stories_path)
    assert council.height > 10
    assert set(council["status"]) == {"gepubliceerd"} and set(council["visibility"]) == {"raad"}


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_the_council_never_sees_a_story_beside_a_suppressed_figure(data_dir):
    from queries import db
    from stories import service
    from stories.privacy import RuleChecker

    con = db.figures()
    team, period = con.execute(
        "select team_code, period from mart_metric_values where metric_key = 'objection_upheld_share' "
        "and team_code = 'LLV' and regeling_code is null and n_basis < ? order by period limit 1",
        [THRESHOLD],
    ).fetchone()
    author, colleague = (Viewer(f"llv-{i}", PROFESSIONAL, ("LLV",)) for i in (1, 2))
    draft = service.StoryDraft(
        title="Twee bezwaren, allebei terecht",
        body="Beide bezwaren gingen over dezelfde fout in de route-indeling; die hebben we hersteld.",
        metric_key="objection_upheld_share",
        period=period,
        note_kind="uitvoeringspraktijk",
        visibility="raad",
        team_code=team,
    )
    story_id = service.save(author, draft, con, checker=RuleChecker()).story_id
    service.submit(author, story_id)
    service.approve(colleague, story_id, ("consulent-leerlingenvervoer",), ("consulent-leerlingenvervoer",))
    service.approve(Viewer("manager-zorg", MANAGER, ("LLV",)), story_id, (), ())  # the manager step

    every = queries.visible_stories(BEHEER, figures_con=con)
    for_council = every.filter((pl.col("status") == "gepubliceerd") & (pl.col("visibility") == "raad"))
    hidden = queries.suppressed_cells(con, for_council)
    shown = queries.visible_stories(WETHOUDER, figures_con=con)
    assert story_id in for_council["story_id"].to_list()
    assert story_id not in shown["story_id"].to_list()
    assert (
        shown.height
        == for_council.height - for_council.join(hidden, on=queries.CELL_KEYS, how="semi", nulls_equal=True).height
    )


def test_a_professional_sees_published_stories_and_every_story_of_their_own_team(figures_con, stories_path):
    seen = stories(KLANTMANAGER_ZUID, figures_con, stories_path)
    unpublished = seen.filter(pl.col("status") != "gepubliceerd")
    assert unpublished.height >= 1 and set(unpublished["author_team"]) == {"WI-ZUID"}
    team_only = seen.filter(pl.col("visibility") == "team")
    assert set(team_only["author_team"]) == {"WI-ZUID"}
    assert (
        seen.filter(pl.col("author_team") == "WI-NOORD")["status"].to_list()
        == ["gepubliceerd"] * seen.filter(pl.col("author_team") == "WI-NOORD").height
    )


def test_a_manager_sees_unpublished_stories_of_their_own_teams_only(figures_con, stories_path):
    seen = stories(MANAGER_WI, figures_con, stories_path)
    unpublished = seen.filter(pl.col("status") != "gepubliceerd")
    assert set(unpublished["author_team"]) <= set(MANAGER_WI.teams)
    assert "ingetrokken" in set(unpublished["status"])
    everything = stories(BEHEER, figures_con, stories_path)
    assert everything.height > seen.height
    assert everything.filter(pl.col("status") != "gepubliceerd")["author_team"].n_unique() > 3


def test_a_role_nobody_named_sees_no_stories(figures_con, stories_path):
    assert stories(Viewer("x", "gast"), figures_con, stories_path).is_empty()


def test_stories_filter_by_theme_figure_team_tag_and_period(figures_con, stories_path):
    found = stories(
        MANAGER_WI,
        figures_con,
        stories_path,
        theme="participatie",
        metrics=["caseload_per_fte"],
        only_team="WI-ZUID",
        tag="werkdruk",
        start=dt.date(2023, 7, 1),
        end=dt.date(2023, 12, 31),
    )
    assert found.height >= 2
    assert set(found["metric_key"]) == {"caseload_per_fte"} and set(found["team_code"]) == {"WI-ZUID"}
    assert found["period_start"].is_between(dt.date(2023, 7, 1), dt.date(2023, 12, 31)).all()
    by_value_tag = stories(MANAGER_WI, figures_con, stories_path, tag="menselijkheid")
    assert by_value_tag.height >= 1
    assert all("menselijkheid" in tags for tags in by_value_tag["value_tags"])


def test_a_story_on_a_refined_taakveld_is_found_under_its_continuous_series(figures_con, stories_path):
    found = stories(
        WETHOUDER,
        figures_con,
        stories_path,
        theme="jeugd",
        metrics=["budget_forecast_deviation"],
        taakvelden=queries.series_taakvelden(figures_con, "6.72"),
    )
    assert {"6.72a", "6.74a"} <= set(found["taakveld_code"])
    assert found.filter(pl.col("period") == "2024-K4").height >= 1


def test_a_story_knows_its_figure_then_and_now(figures_con, stories_path):
    found = stories(WETHOUDER, figures_con, stories_path, metrics=["caseload_per_fte"], only_team="WI-ZUID")
    now = queries.current_values(figures_con, WETHOUDER, found)
    for row in found.iter_rows(named=True):
        assert now[row["story_id"]] == pytest.approx(row["figure_value"])


def test_workload_stories_of_a_team_over_its_norm(figures_con, stories_path):
    found = queries.workload_stories(MANAGER_WI, teams=["WI-ZUID"], figures_con=figures_con, store_path=stories_path)
    assert found.height >= 4
    assert ((found["metric_key"] == "caseload_per_fte") | (found["note_kind"] == "werkdruk")).all()
    # chosen in the store's query: the same stories, in the same order, as every story of the
    # team filtered afterwards (werkdruk notes on other figures among them)
    every = queries.visible_stories(MANAGER_WI, figures_con=figures_con, store_path=stories_path, teams_any=["WI-ZUID"])
    expected = every.filter((pl.col("metric_key") == "caseload_per_fte") | (pl.col("note_kind") == "werkdruk"))
    assert found.equals(expected) and 0 < found.height < every.height
    assert (found["metric_key"] != "caseload_per_fte").any()


def test_coverage_lists_the_managers_team_figures_and_flags_those_without_a_recent_story(figures_con, stories_path):
    coverage = queries.story_coverage(figures_con, MANAGER_WI, "2025-10", months=6, store_path=stories_path)
    assert set(coverage["team_code"].drop_nulls()) == set(MANAGER_WI.teams)
    zuid = coverage.filter((pl.col("team_code") == "WI-ZUID") & (pl.col("metric_key") == "caseload_per_fte"))
    assert not zuid["uncovered"].item()  # a workload story of March and a concept of September 2025
    assert coverage["uncovered"].sum() > 5
    assert coverage["uncovered"].to_list() == sorted(coverage["uncovered"].to_list(), reverse=True)


# --- about the data -------------------------------------------------------------------------


def test_the_catalog_dates_every_figure_and_the_marts_explain_their_columns(figures_con):
    catalog = queries.metric_catalog(figures_con)
    assert catalog["data_through"].null_count() == 0 and catalog.height == 11
    docs = queries.table_documentation(figures_con)
    mart = docs.filter(pl.col("table_name") == "mart_metric_values")
    assert mart["column_comment"].null_count() == 0


def test_sources_and_freshness_come_from_the_build(figures_con):
    assert set(queries.source_files(figures_con)["source"]) >= {"caseload", "begroting", "beschikkingen"}
    freshness = dict(queries.data_freshness(figures_con).iter_rows())
    assert freshness["caseload"] == dt.date(2026, 10, 31)
    assert queries.available_months(figures_con)[:2] == ["2026-10", "2026-09"]


# --- like with like (issue 16) ----------------------------------------------------------------


def test_a_story_on_a_taakveld_gets_the_theme_charts_value_at_its_period(figures_con, stories_path):
    found = stories(WETHOUDER, figures_con, stories_path, theme="jeugd", metrics=["budget_forecast_deviation"])
    values = queries.chart_values_for_stories(
        figures_con, WETHOUDER, found, metric_key="budget_forecast_deviation", theme="jeugd"
    )
    trend = queries.metric_trend(figures_con, WETHOUDER, "budget_forecast_deviation", "jeugd")
    line = dict(zip(trend["period"], trend["value"]))
    on_taakveld = found.filter(pl.col("taakveld_code").is_not_null())
    assert on_taakveld.height >= 2 and set(values) == set(on_taakveld["story_id"])
    for story in on_taakveld.iter_rows(named=True):
        assert values[story["story_id"]] == pytest.approx(line[story["period"]])
        assert values[story["story_id"]] != pytest.approx(story["figure_value"])  # a different number
    # on a chart of the story's own taakveld there is nothing to add
    own = queries.chart_values_for_stories(
        figures_con,
        WETHOUDER,
        on_taakveld.head(1),
        metric_key="budget_forecast_deviation",
        theme="jeugd",
        taakveld=on_taakveld["taakveld_code"][0],
    )
    assert own == {}


def test_the_council_gets_the_chart_value_its_own_chart_draws_never_a_true_count(figures_con, stories_path):
    found = stories(WETHOUDER, figures_con, stories_path, metrics=["decisions_count"])
    assert found.height and found["team_code"].is_not_null().all()
    for story in found.iter_rows(named=True):
        theme = story["theme_code"]
        council = queries.chart_values_for_stories(
            figures_con,
            WETHOUDER,
            found.filter(pl.col("story_id") == story["story_id"]),
            metric_key="decisions_count",
            theme=theme,
        )
        council_line = queries.metric_trend(figures_con, WETHOUDER, "decisions_count", theme)
        true_line = queries.metric_trend(figures_con, BEHEER, "decisions_count", theme)
        at = pl.col("period") == story["period"]
        assert council[story["story_id"]] == council_line.filter(at)["value"][0]
        assert council[story["story_id"]] % queries.ROUNDING_BASE == 0
        manager = queries.chart_values_for_stories(
            figures_con,
            BEHEER,
            found.filter(pl.col("story_id") == story["story_id"]),
            metric_key="decisions_count",
            theme=theme,
        )
        assert manager[story["story_id"]] == true_line.filter(at)["value"][0]
