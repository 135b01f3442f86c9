"""Story search: Dutch stemming, ranking, and only over the stories passed in."""

from __future__ import annotations

import polars as pl

from stories import search

STORIES = pl.DataFrame({
    "story_id": ["a", "b", "c", "d"],
    "title": ["Aanvraag bleef liggen", "Wachtlijst jeugd", "Drukte aan het loket",
              "Aanvragen, aanvragen, aanvragen"],
    "body": ["De aanvraag bijzondere bijstand lag weken op de plank door ziekte in het team.",
             "Gezinnen wachten maanden op ambulante hulp; de kosten lopen op.",
             "Veel nieuwe klanten na de herindeling van de wijken.",
             "Na de zomer stapelden de aanvragen voor leerlingenvervoer zich op."],
    "team_code": ["WI-ZUID", "JGD-OOST", "WI-ZUID", "LLV"],
})


def test_plural_query_finds_the_singular_by_dutch_stemming():
    found = search.search(STORIES, "aanvragen")
    assert set(found["story_id"]) == {"a", "d"}


def test_best_match_comes_first():
    assert search.search(STORIES, "aanvragen")["story_id"].to_list() == ["d", "a"]


def test_search_combines_with_filters_applied_before_it():
    only_wi = STORIES.filter(pl.col("team_code") == "WI-ZUID")
    assert search.search(only_wi, "aanvraag")["story_id"].to_list() == ["a"]


def test_empty_query_or_no_match_returns_nothing():
    assert search.search(STORIES, "  ").is_empty()
    assert search.search(STORIES, "fiets").is_empty()


def test_matched_words_are_highlighted_in_every_form():
    stems = search.matched_stems("aanvragen")
    marked = search.highlight("Eén aanvraag, twee aanvragen, geen aanvrager.", stems)
    assert marked == ("Eén :orange-background[**aanvraag**], twee "
                      ":orange-background[**aanvragen**], geen aanvrager.")
