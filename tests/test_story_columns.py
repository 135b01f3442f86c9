"""The narrow reads of the stories (`brief`, `chart`) are the full read cut down to their
columns, for every role: same stories, same order, same values (the council's rounded values
included); and the one story a reader opens is read in full by id (`full_rows`)."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import queries
from accounts.demo import viewer_per_role

ROLES = ("beheerder", "manager", "professional", "raad")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("narrow", ["brief", "chart"])
def test_a_narrow_read_is_the_full_read_cut_to_its_columns(data_dir, role, narrow):
    viewer = viewer_per_role()[role]
    columns = queries.BRIEF_COLUMNS if narrow == "brief" else queries.CHART_COLUMNS
    full = queries.visible_stories(viewer)
    read = queries.visible_stories(viewer, **{narrow: True})
    assert full.height > 0
    # The council's reads say too whether a story's figure was revised since (its true value is
    # not shown to them): wherever the story's value is read.
    revised = ["figure_revised"] if viewer.is_council and "figure_value" in columns else []
    assert read.columns == [*columns, *revised]
    assert_frame_equal(read, full.select(read.columns))


@pytest.mark.parametrize("role", ROLES)
def test_the_story_opened_beside_a_chart_is_read_in_full_with_the_values_the_list_had(data_dir, role):
    viewer = viewer_per_role()[role]
    listed = queries.visible_stories(viewer, chart=True)
    opened = queries.full_rows(viewer, listed.tail(3))
    assert opened["story_id"].to_list() == listed.tail(3)["story_id"].to_list()
    assert opened["body"].is_not_null().all()
    assert_frame_equal(opened.select(listed.columns), listed.tail(3))
    assert_frame_equal(
        opened, queries.visible_stories(viewer).filter(pl.col("story_id").is_in(opened["story_id"].to_list()))
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("team", [None, "WI-ZUID"])
def test_the_overview_chart_reads_its_stories_from_the_tiles_read(data_dir, role, team):
    """Overzicht reads the stories of every tile once and gives the chosen figure's chart its part
    of them (dashboard/app_pages/raad_overzicht.py): for every figure that part is exactly what
    its own read gave, with a team (the team's and those about no team; a budget figure's all)."""
    viewer = viewer_per_role()[role]
    figures = queries.OVERVIEW_METRICS
    tiles = queries.visible_stories(viewer, theme="participatie", metrics=figures, chart=True)
    if team:  # the page's own rule for the tiles
        tiles = tiles.filter(
            pl.col("metric_key").is_in(list(queries.BUDGET_METRICS))
            | pl.col("team_code").is_null()
            | (pl.col("team_code") == team)
        )
    compared = 0
    for metric in figures:
        scope_team = None if metric in queries.BUDGET_METRICS else team
        own = queries.visible_stories(viewer, theme="participatie", metrics=[metric], team=scope_team, chart=True)
        assert_frame_equal(tiles.filter(pl.col("metric_key") == metric), own)
        compared += own.height
    assert compared > 0
