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
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

import duckdb
import duckdb_extension_fts
import polars as pl

from kernel.adc_duckdb import registered, scalar
from stories.dialect import insert_frame, is_postgres

FTS_EXTENSION = next(Path(duckdb_extension_fts.__file__).parent.rglob("fts.duckdb_extension"))
# Words as the index sees them: runs of letters after lower-casing and stripping accents.
LETTERS = re.compile(r"[^\W\d_]+", re.UNICODE)
K1, B = 1.2, 0.75  # BM25's usual constants, as DuckDB's FTS uses them

# How a title and text become index terms; `stem` normalises a query word the same way.
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
    con = duckdb.connect(config={"autoinstall_known_extensions": "false", "autoload_known_extensions": "false"})
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
    schema = pl.Schema({"term": pl.String, "story_id": pl.String, "version": pl.Int32, "frequency": pl.Int32})
    if versions.is_empty():
        return pl.DataFrame(schema=schema)
    con = _stemmer()
    try:
        with registered(con, "incoming", versions.select("story_id", "version", "title", "body")):
            terms = con.execute(_TERMS_SQL).pl()
    finally:
        con.close()
    return terms.select(list(schema)).cast(schema) if terms.height else pl.DataFrame(schema=schema)


def index_versions(con: duckdb.DuckDBPyConnection, versions: pl.DataFrame, *, bulk: bool = False) -> None:
    """Add these story versions to the index, inside the caller's (store) transaction.

    `bulk` (an import): afterwards the term table is put back in term order, unless it was
    empty, when the new rows, inserted in term order, already are."""
    had_rows = bulk and scalar(con, "select count(*) > 0 from search_terms")
    terms = term_rows(versions)
    documents = (
        versions.select("story_id", pl.col("version").cast(pl.Int32))
        .join(
            terms.group_by("story_id", "version").agg(pl.col("frequency").sum().alias("term_count")),
            on=["story_id", "version"],
            how="left",
        )
        .with_columns(pl.col("term_count").fill_null(0))
    )
    numbered = insert_frame(con, "search_documents", documents, returning="story_id, version, doc_id")
    numbered = numbered.cast({"version": pl.Int32, "doc_id": pl.Int32})  # type: ignore[union-attr]
    rows = terms.join(numbered, on=["story_id", "version"]).select("term", "doc_id", "frequency").sort("term", "doc_id")
    insert_frame(con, "search_terms", rows)
    if had_rows and not is_postgres(con):  # PostgreSQL finds terms by its index
        cluster(con)


def index_missing(con: duckdb.DuckDBPyConnection) -> int:
    """Index every story version that is not in the index yet (a store from before the index,
    or restored from an older backup); returns how many were added."""
    missing = con.execute("""
        select v.story_id, v.version, v.title, v.body from story_versions as v
        where not exists (select 1 from search_documents as d where d.story_id = v.story_id and d.version = v.version)
    """).pl()
    if missing.height:
        index_versions(con, missing, bulk=True)
    return missing.height


def cluster(con: duckdb.DuckDBPyConnection) -> None:
    """Rewrite the term table in term order. A search reads only the blocks whose terms it asks
    for, which made it three times faster; saves append, so bulk loads call this afterwards."""
    con.execute("create or replace temporary table clustered_terms as select * from search_terms order by term, doc_id")
    con.execute("delete from search_terms")
    con.execute("insert into search_terms select * from clustered_terms")
    con.execute("drop table clustered_terms")


# --- searching ----------------------------------------------------------------------------


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Dutch Snowball stem of one word, normalised exactly as the index normalises it."""
    con = _stemmer()
    try:
        return str(scalar(con, "select stem(strip_accents(lower(?)), 'dutch')", [word]))
    finally:
        con.close()


# Dutch function words (Snowball's Dutch stop list): in nearly every story, so they rank
# nothing and only make a search read the whole index. A query of nothing else keeps them.
STOP_WORDS = frozenset(
    [
        "aan",
        "al",
        "alles",
        "als",
        "altijd",
        "andere",
        "ben",
        "bij",
        "daar",
        "dan",
        "dat",
        "de",
        "der",
        "deze",
        "die",
        "dit",
        "doch",
        "doen",
        "door",
        "dus",
        "een",
        "eens",
        "en",
        "er",
        "ge",
        "geen",
        "geweest",
        "haar",
        "had",
        "heb",
        "hebben",
        "heeft",
        "hem",
        "het",
        "hier",
        "hij",
        "hoe",
        "hun",
        "iemand",
        "iets",
        "ik",
        "in",
        "is",
        "ja",
        "je",
        "kan",
        "kon",
        "kunnen",
        "maar",
        "me",
        "meer",
        "men",
        "met",
        "mij",
        "mijn",
        "moet",
        "na",
        "naar",
        "niet",
        "niets",
        "nog",
        "nu",
        "of",
        "om",
        "omdat",
        "onder",
        "ons",
        "ook",
        "op",
        "over",
        "reeds",
        "te",
        "tegen",
        "toch",
        "toen",
        "tot",
        "u",
        "uit",
        "uw",
        "van",
        "veel",
        "voor",
        "want",
        "waren",
        "was",
        "wat",
        "werd",
        "wezen",
        "wie",
        "wil",
        "worden",
        "wordt",
        "zal",
        "ze",
        "zelf",
        "zich",
        "zij",
        "zijn",
        "zo",
        "zonder",
        "zou",
    ]
)


def matched_stems(query: str) -> set[str]:
    """The stems a query is ranked on and shown highlighted: its words' stems, without the
    function words."""
    words = [w.lower() for w in LETTERS.findall(query)]
    meaningful = [w for w in words if w not in STOP_WORDS] or words
    return {stem(w) for w in meaningful}


def search(con: duckdb.DuckDBPyConnection, stories: pl.DataFrame, query: str) -> pl.DataFrame:
    """`stories` (story_id, version, …) ranked by BM25 on `query`, best first; adds `score`.

    `con` is a story-store connection. Words are stemmed with the Dutch Snowball stemmer, so
    "aanvragen" finds "aanvraag"; only the versions in `stories` are searched and counted.
    Rows of `visible_stories` carry each version's `doc_id` and `term_count`; other frames
    get them from the index.
    """

    def read(stems: list[str], newest: int) -> pl.DataFrame:
        # The caller's connection may hold writes not yet committed: read, never cache.
        return _read_postings(con, stems, -1)[0]

    return _search(stories, query, lambda: con, read)


def search_in_store(
    path: Path, connection: Callable[[], duckdb.DuckDBPyConnection], stories: pl.DataFrame, query: str
) -> pl.DataFrame:
    """`search` on the story store at `path`; `connection()` opens it (one unit of work), which
    is called only when the postings cache lacks a word or a version in `stories` is newer
    than what it holds.

    A version's index rows are written once, with the version, and never change; a restore
    puts a new file in place. So the postings read from one file stay true for every version
    they cover and need no invalidation: newer versions are read on top (`doc_id` above what
    was covered). Opening the store took most of a search (tens of milliseconds)."""
    return _search(stories, query, connection, lambda stems, newest: _cached_postings(path, connection, stems, newest))


def _search(
    stories: pl.DataFrame,
    query: str,
    connection: Callable[[], duckdb.DuckDBPyConnection],
    postings: Callable[[list[str], int], pl.DataFrame],
) -> pl.DataFrame:
    """The ranking of `search`: `connection()` gives a store connection when one is needed,
    `postings(stems, newest doc_id)` the term, doc_id and frequency rows of those stems."""
    stems = sorted(matched_stems(query))
    if not stems or stories.is_empty():
        return stories.head(0).with_columns(pl.lit(None, pl.Float64).alias("score"))
    keyed = stories if {"doc_id", "term_count"} <= set(stories.columns) else _with_documents(connection(), stories)
    asked = keyed.select(pl.col("doc_id").cast(pl.Int32), "term_count").drop_nulls("doc_id")
    if asked.is_empty():
        return stories.head(0).with_columns(pl.lit(None, pl.Float64).alias("score"))
    # The ranking runs in Polars on integer keys: joining 100,000 story ids as text in DuckDB
    # took most of a search.
    newest = asked["doc_id"].max()
    hits = postings(stems, newest if isinstance(newest, int) else 0).join(asked, on="doc_id", how="inner")
    if hits.is_empty():
        return stories.head(0).with_columns(pl.lit(None, pl.Float64).alias("score"))
    n, average_length = asked.height, asked["term_count"].mean()
    df = pl.len().over("term")
    frequency, length = pl.col("frequency"), pl.col("term_count")
    score = (
        (1 + (n - df + 0.5) / (df + 0.5)).log()
        * frequency
        * (K1 + 1)
        / (frequency + K1 * (1 - B + B * length / average_length))
    )
    ranked = hits.group_by("doc_id").agg(score.sum().alias("score")).sort(["score", "doc_id"], descending=[True, False])
    # Sort the two narrow columns, then fetch the rows in that order.
    return ranked.join(
        keyed.with_columns(pl.col("doc_id").cast(pl.Int32)), on="doc_id", how="inner", maintain_order="left"
    ).select(*stories.columns, "score")


_POSTINGS_SCHEMA = pl.Schema({"term": pl.String, "doc_id": pl.Int32, "frequency": pl.Int32})


def _read_postings(con: duckdb.DuckDBPyConnection, stems: list[str], after: int) -> tuple[pl.DataFrame, int]:
    """The index rows of these stems for versions numbered above `after`, in term and doc_id
    order, and the highest version number in the index in the same transaction."""
    # An IN list of constants lets DuckDB skip the blocks of the term-ordered index that cannot
    # match.
    rows = con.execute(
        f"select term, doc_id, frequency from search_terms where term in ({', '.join('?' * len(stems))}) "
        "and doc_id > ? order by term, doc_id",
        [*stems, after],
    ).pl()
    covered = con.execute("select coalesce(max(doc_id), 0) from search_documents").fetchone()
    frame: pl.DataFrame = rows.cast(_POSTINGS_SCHEMA) if rows.height else pl.DataFrame(schema=_POSTINGS_SCHEMA)
    return frame, int(covered[0]) if covered else 0


# (store file, stem) -> (highest doc_id covered, that stem's rows), least recently used first;
# at most POSTINGS_CACHE_ROWS rows in all (8 bytes each: tens of megabytes).
POSTINGS_CACHE_ROWS = 4_000_000
_postings: OrderedDict[tuple[tuple[int, int, str] | None, str], tuple[int, pl.DataFrame]] = OrderedDict()
_postings_lock = threading.Lock()


def _store_file(path: Path) -> tuple[int, int, str] | None:
    """Which file is at `path` now: a restore replaces the store by another file (os.replace,
    keeping the old one, so its inode is not reused). A store deleted by hand and made anew at
    the same path while a dashboard runs could get the old inode back: restart the dashboard."""
    try:
        stat = Path(path).stat()
    except OSError:
        return None
    return stat.st_dev, stat.st_ino, str(path)


def _cached_postings(
    path: Path, connection: Callable[[], duckdb.DuckDBPyConnection], stems: list[str], newest: int
) -> pl.DataFrame:
    """The rows of `stems` for every version up to `newest`, from the cache where it covers
    them, else read from the store (only the versions the cache does not cover yet)."""
    file = _store_file(path)
    with _postings_lock:
        held: dict[str, tuple[int, pl.DataFrame] | None] = {stem: _postings.get((file, stem)) for stem in stems}
    stale = {stem: entry[0] if entry else -1 for stem, entry in held.items() if entry is None or entry[0] < newest}
    if stale:
        con = connection()
        if _store_file(path) != file:  # replaced meanwhile (with the store open, it cannot be)
            file, held = _store_file(path), dict.fromkeys(stems)
            stale = dict.fromkeys(stems, -1)
        rows, covered = _read_postings(con, list(stale), min(stale.values()))
        with _postings_lock:
            for stem, after in stale.items():
                new = rows.filter((pl.col("term") == stem) & (pl.col("doc_id") > after))
                entry = held[stem]
                held[stem] = _postings[(file, stem)] = (covered, new if entry is None else pl.concat([entry[1], new]))
            _trim()
    with _postings_lock:
        for stem in stems:
            if (file, stem) in _postings:
                _postings.move_to_end((file, stem))
    return pl.concat([entry[1] for entry in held.values() if entry is not None])


def _trim() -> None:
    """Forget the least recently used stems until the cache holds at most POSTINGS_CACHE_ROWS rows."""
    total = sum(frame.height for _, frame in _postings.values())
    while total > POSTINGS_CACHE_ROWS and len(_postings) > 1:
        _, (_, frame) = _postings.popitem(last=False)
        total -= frame.height


def forget_postings() -> None:
    """Empty the postings cache (the benchmark measures a first search with it empty)."""
    with _postings_lock:
        _postings.clear()


def _with_documents(con: duckdb.DuckDBPyConnection, stories: pl.DataFrame) -> pl.DataFrame:
    """`stories` with the doc_id and term_count of each version in the index."""
    versions = stories.select("story_id", pl.col("version").cast(pl.Int32))
    with registered(con, "asked_versions", versions):
        documents = (
            con.execute("""
            select story_id, version, doc_id, term_count from search_documents
            semi join asked_versions using (story_id, version)
        """)
            .pl()
            .cast({"version": pl.Int32, "doc_id": pl.Int32, "term_count": pl.Int32})
        )
    return (
        stories.drop("doc_id", "term_count", strict=False)
        .with_columns(pl.col("version").cast(pl.Int32))
        .join(documents, on=["story_id", "version"], how="left")
    )


def highlight(text: str, stems: set[str]) -> str:
    """Markdown with every word whose Dutch stem matches the query in bold on a background."""
    if not stems:
        return text
    hits = {w for w in set(LETTERS.findall(text)) if stem(w) in stems}
    if not hits:
        return text
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in sorted(hits, key=len, reverse=True)) + r")(?!\w)")
    return pattern.sub(lambda m: f":orange-background[**{m.group(0)}**]", text)
