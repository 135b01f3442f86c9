"""Story search: Dutch stemming, ranking, only over the stories passed in, and an index that
follows every save."""

from __future__ import annotations

import polars as pl
import pytest

from kernel import adc_settings
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


class Index:
    """A real story store's search index: versions added in one unit of work each, searched
    as the pages search it. DuckDB: the store file. PostgreSQL: written to the database, read
    through this process's replica (stories/replica.py), as the dashboard reads it there."""

    def __init__(self, path=None):
        self.path = path  # None: the configured store (ADC_STORE_URL)

    def add(self, versions: pl.DataFrame) -> None:
        with store.connect(self.path) as con:
            search.index_versions(con, versions)
            if self.path is None:  # the change note the service's refresh makes, which replicas follow
                con.execute(
                    "insert into story_changes (story_id) select unnest(?::varchar[])", [versions["story_id"].to_list()]
                )

    def reading(self):
        return store.connect(self.path) if self.path is not None else store.reading()

    def search(self, stories: pl.DataFrame, query: str) -> pl.DataFrame:
        with self.reading() as con:
            return search.search(con, stories, query)


@pytest.fixture(params=["duckdb", "postgres"])
def index(request, tmp_path, monkeypatch):
    """An index holding the four stories above, on both story-store backends."""
    if request.param == "duckdb":
        index = Index(tmp_path / "stories.duckdb")
    else:
        monkeypatch.setenv(adc_settings.STORE_URL.env, request.getfixturevalue("postgres_url"))
        index = Index()
    index.add(STORIES)
    return index


def test_plural_query_finds_the_singular_by_dutch_stemming(index):
    found = index.search(STORIES, "aanvragen")
    assert set(found["story_id"]) == {"a", "d"}


def test_best_match_comes_first(index):
    assert index.search(STORIES, "aanvragen")["story_id"].to_list() == ["d", "a"]


def test_search_combines_with_filters_applied_before_it(index):
    only_wi = STORIES.filter(pl.col("team_code") == "WI-ZUID")
    assert index.search(only_wi, "aanvraag")["story_id"].to_list() == ["a"]


def test_only_the_version_passed_in_is_searched(index):
    index.add(
        pl.DataFrame(
            {"story_id": ["b"], "version": [2], "title": ["Fiets"], "body": ["Een nieuwe fiets voor school."]}
        ),
    )
    assert index.search(STORIES, "fiets").is_empty()  # version 1 of b has no bicycle
    newer = STORIES.with_columns(pl.when(pl.col("story_id") == "b").then(2).otherwise(1).alias("version"))
    assert index.search(newer, "fiets")["story_id"].to_list() == ["b"]
    assert index.search(newer, "wachtlijst").is_empty()


def test_accents_and_case_do_not_matter(index):
    index.add(
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
    assert index.search(stories, "geimporteerd")["story_id"].to_list() == ["e"]


def test_empty_query_or_no_match_returns_nothing(index):
    assert index.search(STORIES, "  ").is_empty()
    assert index.search(STORIES, "fiets").is_empty()
    assert index.search(STORIES, "'; drop table search_terms; --").is_empty()


def test_clustering_the_index_keeps_every_row(tmp_path):
    # DuckDB only: clustering rewrites the file's term table; PostgreSQL finds terms by its index.
    with store.connect(tmp_path / "stories.duckdb") as con:
        search.index_versions(con, STORIES)
        before = con.execute("select * from search_terms order by all").fetchall()
        search.cluster(con)
        assert con.execute("select * from search_terms order by all").fetchall() == before


def old_store(path, *changes: str):
    """A store with story 'x' written straight into the history, then `changes` made to it:
    as a store from before a table or column existed. DuckDB files only: a PostgreSQL store
    starts with today's schema (migrate-to-postgres moves a file brought up to date)."""
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


def test_lengths_carried_by_the_stories_rank_exactly_as_lengths_from_the_index(index):
    with index.reading() as con:
        lengths = con.execute("select story_id, version, doc_id, term_count from search_documents").pl()
    carried = STORIES.join(lengths, on=["story_id", "version"])
    for query in ("aanvragen", "de kosten van ambulante hulp", "team ziekte"):
        fetched = index.search(STORIES, query)
        ranked = index.search(carried, query)
        assert ranked["story_id"].to_list() == fetched["story_id"].to_list(), query
        assert ranked["score"].to_list() == pytest.approx(fetched["score"].to_list()), query


def test_function_words_are_left_out_unless_they_are_all_there_is(index):
    assert search.matched_stems("de kosten") == search.matched_stems("kosten")
    # "op" is in three of the four stories: on its own it is still searched for.
    assert set(index.search(STORIES, "op")["story_id"]) == {"a", "b", "d"}


def test_a_current_story_table_of_an_older_shape_is_rebuilt_with_lengths(tmp_path):
    path = old_store(tmp_path / "old.duckdb", "alter table story_current drop column term_count")
    with store.connect(path) as con:
        row = con.execute("select story_id, term_count from story_current").fetchall()
    assert row == [("x", 6)]  # wachtlijst, lange, wachtlijsten, bij, de, aanbieders


# --- the postings cache of a search in the store (queries.search_stories) ---------------------
# DuckDB files only: the cache is keyed by the store file; on PostgreSQL a search reads the
# replica (test_postgres_store ranks it against the moved file).


def indexed_store(path, stories: pl.DataFrame):
    """A store file at `path` whose index holds `stories`; returns their rows with doc_id and
    term_count, as `visible_stories` gives them."""
    with store.connect(path) as con:
        search.index_versions(con, stories)
        return versions_in(con, stories)


def versions_in(con, stories: pl.DataFrame) -> pl.DataFrame:
    documents = con.execute("select story_id, version, doc_id, term_count from search_documents").pl()
    return stories.join(documents.cast({"version": pl.Int64}), on=["story_id", "version"])


def search_stories(path, stories: pl.DataFrame, query: str) -> pl.DataFrame:
    from queries import search_stories as in_store

    return in_store(stories, query, store_path=path)


@pytest.fixture
def empty_cache():
    search.forget_postings()
    yield
    search.forget_postings()


def test_a_search_from_the_cache_ranks_exactly_as_one_read_from_the_store(sample_data_dir, figures_con, empty_cache):
    import queries
    from accounts.demo import viewer_per_role

    path = sample_data_dir / "stories.duckdb"
    for role, viewer in viewer_per_role().items():
        stories = queries.visible_stories(viewer, figures_con=figures_con, store_path=path, brief=True)
        assert stories.height, role
        for query in ("wachtlijst", "huisbezoek overdracht", "aanvragen", "de gemeente", "werkdruk"):
            with store.connect(path) as con:
                expected = search.search(con, stories, query)  # read from the store, no cache
            first = queries.search_stories(stories, query, store_path=path)  # fills the cache
            again = queries.search_stories(stories, query, store_path=path)  # from the cache
            for found in (first, again):
                assert found["story_id"].to_list() == expected["story_id"].to_list(), (role, query)
                assert found["score"].to_list() == expected["score"].to_list(), (role, query)
        assert any(
            not queries.search_stories(stories, q, store_path=path).is_empty() for q in ("wachtlijst", "werkdruk")
        )


def test_a_version_saved_after_a_cached_search_is_found_by_the_next(tmp_path, empty_cache):
    path = tmp_path / "stories.duckdb"
    stories = indexed_store(path, STORIES)
    assert search_stories(path, stories, "fiets wachtlijst")["story_id"].to_list() == ["b"]
    bicycle = pl.DataFrame({"story_id": ["b"], "version": [2], "title": ["Fiets"], "body": ["Een fiets voor school."]})
    with store.connect(path) as con:
        search.index_versions(con, bicycle)
        newer = pl.concat([stories.filter(pl.col("story_id") != "b"), versions_in(con, bicycle)], how="diagonal")
    assert search_stories(path, newer, "fiets")["story_id"].to_list() == ["b"]
    assert search_stories(path, newer, "wachtlijst").is_empty()  # version 2 has no waiting list
    assert search_stories(path, stories, "fiets").is_empty()  # version 1 is still searchable as it was


def test_a_store_put_in_place_of_another_is_not_answered_from_the_cache(tmp_path, empty_cache):
    path = tmp_path / "stories.duckdb"
    stories = indexed_store(path, STORIES)
    assert search_stories(path, stories, "aanvragen")["story_id"].to_list() == ["d", "a"]
    # Another store with the same version numbers but other texts, renamed into place (as a
    # restore does, keeping the replaced file).
    swapped = STORIES.with_columns(pl.col("body").reverse(), pl.col("title").reverse())
    other = indexed_store(tmp_path / "restored.duckdb", swapped)
    path.rename(tmp_path / "replaced.duckdb")
    (tmp_path / "restored.duckdb").rename(path)
    assert other["doc_id"].to_list() == stories["doc_id"].to_list()
    with store.connect(path) as con:
        expected = search.search(con, other, "aanvragen")["story_id"].to_list()
    assert search_stories(path, other, "aanvragen")["story_id"].to_list() == expected == ["a", "d"]


def test_the_reading_rule_binds_its_codes_instead_of_writing_them_in_the_sql():
    from kernel import access, vocabulary
    from queries import stories as story_queries

    for code in (
        access.RAAD,
        access.BEHEERDER,
        access.MANAGER,
        access.PROFESSIONAL,
        vocabulary.PUBLISHED,
        vocabulary.COUNCIL,
        vocabulary.ORGANISATION,
    ):
        assert f"'{code}'" not in story_queries._STORIES, code
