"""Story search: Dutch stemming, ranking, only over the stories passed in, and an index that
follows every save."""

from __future__ import annotations

import polars as pl
import pytest

from stories import search, store

STORIES = pl.DataFrame(
    {
        "story_id": ["a", "b", "c", "d"],
        "version": [1, 1, 1, 1],
        "title": [
            "Aanvraag bleef liggen",
            "Wachtlijst jeugd",
            "Drukte aan het loket",
            "Aanvragen, aanvragen, aanvragen",
        ],
        "body": [
            "De aanvraag bijzondere bijstand lag weken op de plank door ziekte in het team.",
            "Gezinnen wachten maanden op ambulante hulp; de kosten lopen op.",
            "Veel nieuwe klanten na de herindeling van de wijken.",
            "Na de zomer stapelden de aanvragen voor leerlingenvervoer zich op.",
        ],
        "team_code": ["WI-ZUID", "JGD-OOST", "WI-ZUID", "LLV"],
    }
)


@pytest.fixture
def con(tmp_path):
    """A real story store whose index holds the four stories above."""
    with store.connect(tmp_path / "stories.duckdb") as con:
        search.index_versions(con, STORIES)
        yield con


def test_plural_query_finds_the_singular_by_dutch_stemming(con):
    found = search.search(con, STORIES, "aanvragen")
    assert set(found["story_id"]) == {"a", "d"}


def test_best_match_comes_first(con):
    assert search.search(con, STORIES, "aanvragen")["story_id"].to_list() == ["d", "a"]


def test_search_combines_with_filters_applied_before_it(con):
    only_wi = STORIES.filter(pl.col("team_code") == "WI-ZUID")
    assert search.search(con, only_wi, "aanvraag")["story_id"].to_list() == ["a"]


def test_only_the_version_passed_in_is_searched(con):
    search.index_versions(
        con,
        pl.DataFrame(
            {"story_id": ["b"], "version": [2], "title": ["Fiets"], "body": ["Een nieuwe fiets voor school."]}
        ),
    )
    assert search.search(con, STORIES, "fiets").is_empty()  # version 1 of b has no bicycle
    newer = STORIES.with_columns(pl.when(pl.col("story_id") == "b").then(2).otherwise(1).alias("version"))
    assert search.search(con, newer, "fiets")["story_id"].to_list() == ["b"]
    assert search.search(con, newer, "wachtlijst").is_empty()


def test_accents_and_case_do_not_matter(con):
    search.index_versions(
        con,
        pl.DataFrame(
            {
                "story_id": ["e"],
                "version": [1],
                "title": ["Geïmporteerd"],
                "body": ["Alles is opnieuw GEÏMPORTEERD uit het oude systeem."],
            }
        ),
    )
    stories = pl.DataFrame({"story_id": ["e"], "version": [1]})
    assert search.search(con, stories, "geimporteerd")["story_id"].to_list() == ["e"]


def test_empty_query_or_no_match_returns_nothing(con):
    assert search.search(con, STORIES, "  ").is_empty()
    assert search.search(con, STORIES, "fiets").is_empty()
    assert search.search(con, STORIES, "'; drop table search_terms; --").is_empty()


def test_clustering_the_index_keeps_every_row(con):
    before = con.execute("select * from search_terms order by all").fetchall()
    search.cluster(con)
    assert con.execute("select * from search_terms order by all").fetchall() == before


def old_store(path, *changes: str):
    """A store with story 'x' written straight into the history, then `changes` made to it:
    as a store from before a table or column existed."""
    with store.connect(path) as con:
        con.execute("insert into stories values ('x', null, 'a', 'T', date '2024-01-01', now())")
        con.execute("""insert into story_versions (story_id, version, title, body, metric_key, note_kind,
            dilemma_tags, value_tags, free_tags, visibility, edited_by, edited_at)
            values ('x', 1, 'Wachtlijst', 'Lange wachtlijsten bij de aanbieders.', 'grant_rate',
            'werkdruk', [], [], [], 'team', 'a', now())""")
        con.execute(
            "insert into story_events (story_id, version, status, actor, occurred_at) "
            "values ('x', 1, 'concept', 'a', now())"
        )
        for change in changes:
            con.execute(change)
    return path


def test_a_store_from_before_the_index_gets_its_stories_indexed(tmp_path):
    path = old_store(tmp_path / "old.duckdb", "drop table search_terms", "drop table search_documents")
    with store.connect(path) as con:
        found = search.search(con, pl.DataFrame({"story_id": ["x"], "version": [1]}), "wachtlijsten")
    assert found["story_id"].to_list() == ["x"]


def test_matched_words_are_highlighted_in_every_form():
    stems = search.matched_stems("aanvragen")
    marked = search.highlight("Eén aanvraag, twee aanvragen, geen aanvrager.", stems)
    assert marked == ("Eén :orange-background[**aanvraag**], twee :orange-background[**aanvragen**], geen aanvrager.")


def test_lengths_carried_by_the_stories_rank_exactly_as_lengths_from_the_index(con):
    lengths = con.execute("select story_id, version, doc_id, term_count from search_documents").pl()
    carried = STORIES.join(lengths, on=["story_id", "version"])
    for query in ("aanvragen", "de kosten van ambulante hulp", "team ziekte"):
        fetched = search.search(con, STORIES, query)
        ranked = search.search(con, carried, query)
        assert ranked["story_id"].to_list() == fetched["story_id"].to_list(), query
        assert ranked["score"].to_list() == pytest.approx(fetched["score"].to_list()), query


def test_function_words_are_left_out_unless_they_are_all_there_is(con):
    assert search.matched_stems("de kosten") == search.matched_stems("kosten")
    # "op" is in three of the four stories: on its own it is still searched for.
    assert set(search.search(con, STORIES, "op")["story_id"]) == {"a", "b", "d"}


def test_a_current_story_table_of_an_older_shape_is_rebuilt_with_lengths(tmp_path):
    path = old_store(tmp_path / "old.duckdb", "alter table story_current drop column term_count")
    with store.connect(path) as con:
        row = con.execute("select story_id, term_count from story_current").fetchall()
    assert row == [("x", 6)]  # wachtlijst, lange, wachtlijsten, bij, de, aanbieders
