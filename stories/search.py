"""Full-text search over stories with Dutch stemming; grain of the index: one row per term per
story version.

The index lives in the story store beside the versions it is made from (`search_documents`,
`search_terms`), written in the same transaction as each version (`index_versions`), so it
follows every save at once. A DuckDB FTS index would have to be rebuilt in full after each
write, which takes seconds at 100,000 stories. Stemming uses the Snowball stemmer of DuckDB's
FTS extension, loaded offline from the pinned wheel. A search ranks only the story versions it
is given (the viewer's visible stories, after the page's filters), with BM25 statistics over
those versions alone, so a hidden story can neither be found nor shift a ranking.
"""

from __future__ import annotations

import functools
import re
import threading
from pathlib import Path

import duckdb
import duckdb_extension_fts
import polars as pl

FTS_EXTENSION = next(Path(duckdb_extension_fts.__file__).parent.rglob("fts.duckdb_extension"))
# Words as the index sees them: runs of letters after lower-casing and stripping accents.
LETTERS = re.compile(r"[^\W\d_]+", re.UNICODE)
K1, B = 1.2, 0.75  # BM25's usual constants, as DuckDB's FTS uses them

# One SQL definition of a term, used for indexing and for queries alike.
_TERMS_SQL = """
    with words as (
        select story_id, version,
            unnest(regexp_extract_all(strip_accents(lower(coalesce(title, '') || ' ' || coalesce(body, ''))),
                                      '[a-z]+')) as word
        from incoming
    ),
    -- Stemming is the slow step: each distinct word once, not each occurrence.
    stems as (select word, stem(word, 'dutch') as term from (select distinct word from words))
    select story_id, version, term, count(*)::integer as frequency
    from words inner join stems using (word)
    group by all
"""


def connect() -> duckdb.DuckDBPyConnection:
    """An in-memory connection with FTS loaded from the pinned wheel (no download at run time)."""
    con = duckdb.connect(config={"autoinstall_known_extensions": "false",
                                 "autoload_known_extensions": "false"})
    con.load_extension(str(FTS_EXTENSION))
    return con


_shared_lock = threading.Lock()
_shared: duckdb.DuckDBPyConnection | None = None


def _stemmer() -> duckdb.DuckDBPyConnection:
    """A cursor on one shared connection with the stemmer: opening one per call was slow."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = connect()
        return _shared.cursor()


# --- writing the index ---------------------------------------------------------------------


def term_rows(versions: pl.DataFrame) -> pl.DataFrame:
    """The index rows of story versions (story_id, version, title, body): term, story_id,
    version, frequency. Vectorised, so 100,000 stories are indexed in seconds."""
    schema = {"term": pl.String, "story_id": pl.String, "version": pl.Int32, "frequency": pl.Int32}
    if versions.is_empty():
        return pl.DataFrame(schema=schema)
    con = _stemmer()
    try:
        con.register("incoming", versions.select("story_id", "version", "title", "body").to_arrow())
        terms = con.execute(_TERMS_SQL).pl()
    finally:
        con.close()
    return terms.select(list(schema)).cast(schema) if terms.height else pl.DataFrame(schema=schema)


def index_versions(con: duckdb.DuckDBPyConnection, versions: pl.DataFrame, *,
                   bulk: bool = False) -> None:
    """Add these story versions to the index, inside the caller's (store) transaction.

    `bulk` (an import): afterwards the term table is put back in term order, unless it was
    empty, when the new rows, inserted in term order, already are."""
    had_rows = bulk and con.execute("select count(*) > 0 from search_terms").fetchone()[0]
    terms = term_rows(versions)
    documents = versions.select("story_id", pl.col("version").cast(pl.Int32)).join(
        terms.group_by("story_id", "version").agg(pl.col("frequency").sum().alias("term_count")),
        on=["story_id", "version"], how="left").with_columns(pl.col("term_count").fill_null(0))
    con.register("incoming_documents", documents.to_arrow())
    con.register("incoming_terms", terms.sort("term").to_arrow())
    try:
        con.execute("insert into search_documents by name select * from incoming_documents")
        con.execute("insert into search_terms by name select * from incoming_terms")
    finally:
        con.unregister("incoming_documents")
        con.unregister("incoming_terms")
    if had_rows:
        cluster(con)


def index_missing(con: duckdb.DuckDBPyConnection) -> int:
    """Index every story version that is not in the index yet (a store from before the index,
    or restored from an older backup); returns how many were added."""
    missing = con.execute("""
        select v.story_id, v.version, v.title, v.body from story_versions as v
        anti join search_documents as d using (story_id, version)
    """).pl()
    if missing.height:
        index_versions(con, missing, bulk=True)
    return missing.height


def cluster(con: duckdb.DuckDBPyConnection) -> None:
    """Rewrite the term table in term order. A search reads only the blocks whose terms it asks
    for, which made it three times faster; saves append, so bulk loads call this afterwards."""
    con.execute("create or replace temporary table clustered_terms as "
                "select * from search_terms order by term, story_id, version")
    con.execute("delete from search_terms")
    con.execute("insert into search_terms select * from clustered_terms")
    con.execute("drop table clustered_terms")


# --- searching ----------------------------------------------------------------------------


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Dutch Snowball stem of one word, normalised exactly as the index normalises it."""
    con = _stemmer()
    try:
        return con.execute("select stem(strip_accents(lower(?)), 'dutch')", [word]).fetchone()[0]
    finally:
        con.close()


def matched_stems(query: str) -> set[str]:
    return {stem(w) for w in LETTERS.findall(query)}


_RANK_SQL = """
with docs as (
    select d.story_id, d.version, d.term_count
    from search_documents as d
    semi join asked_versions as a using (story_id, version)
),
stats as (select count(*) as n, avg(term_count) as average_length from docs),
hits as (
    select t.story_id, t.term, t.frequency, d.term_count
    from search_terms as t
    inner join docs as d using (story_id, version)
    where t.term in ({terms})
),
document_frequency as (select term, count(*) as df from hits group by term)
select h.story_id,
    sum(ln(1 + (s.n - f.df + 0.5) / (f.df + 0.5))
        * h.frequency * ($k1 + 1)
        / (h.frequency + $k1 * (1 - $b + $b * h.term_count / s.average_length))) as score
from hits as h
inner join document_frequency as f using (term)
cross join stats as s
group by h.story_id
"""


def search(con: duckdb.DuckDBPyConnection, stories: pl.DataFrame, query: str) -> pl.DataFrame:
    """`stories` (story_id, version, …) ranked by BM25 on `query`, best first; adds `score`.

    `con` is a story-store connection. Words are stemmed with the Dutch Snowball stemmer, so
    "aanvragen" finds "aanvraag"; only the versions in `stories` are searched and counted.
    """
    stems = sorted(matched_stems(query))
    if not stems or stories.is_empty():
        return stories.head(0).with_columns(pl.lit(None, pl.Float64).alias("score"))
    # One bound parameter per word: an IN list of constants lets DuckDB skip the blocks of the
    # (term-ordered) index that cannot match; a list parameter made it scan everything.
    params = {f"t{i}": s for i, s in enumerate(stems)} | {"k1": K1, "b": B}
    sql = _RANK_SQL.format(terms=", ".join(f"$t{i}" for i in range(len(stems))))
    con.register("asked_versions", stories.select(
        "story_id", pl.col("version").cast(pl.Int32)).to_arrow())
    try:
        ranked = con.execute(sql, params).pl()
    finally:
        con.unregister("asked_versions")
    if ranked.is_empty():
        return stories.head(0).with_columns(pl.lit(None, pl.Float64).alias("score"))
    return stories.join(ranked, on="story_id").sort(["score", "story_id"], descending=[True, False])


def highlight(text: str, stems: set[str]) -> str:
    """Markdown with every word whose Dutch stem matches the query in bold on a background."""
    if not stems:
        return text
    hits = {w for w in set(LETTERS.findall(text)) if stem(w) in stems}
    if not hits:
        return text
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in sorted(hits, key=len, reverse=True))
                         + r")(?!\w)")
    return pattern.sub(lambda m: f":orange-background[**{m.group(0)}**]", text)

