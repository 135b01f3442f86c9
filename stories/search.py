"""Full-text search over stories with Dutch stemming (DuckDB's FTS extension, loaded offline).

The index is built in memory over exactly the stories the viewer may see, for each search:
the store is small (hundreds to a few thousand stories), a DuckDB FTS index does not follow
inserts anyway, and an index over only the visible stories cannot leak a hidden one.
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
WORD = re.compile(r"\w+", re.UNICODE)


def connect() -> duckdb.DuckDBPyConnection:
    """An in-memory connection with FTS loaded from the pinned wheel (no download at run time)."""
    con = duckdb.connect(config={"autoinstall_known_extensions": "false",
                                 "autoload_known_extensions": "false"})
    con.load_extension(str(FTS_EXTENSION))
    return con


def search(stories: pl.DataFrame, query: str) -> pl.DataFrame:
    """`stories` (story_id, title, body, …) ranked by BM25 on `query`, best first; adds `score`.

    Words are stemmed with the Dutch Snowball stemmer, so "aanvragen" finds "aanvraag".
    """
    if not query.strip() or stories.is_empty():
        return stories.head(0).with_columns(pl.lit(None, pl.Float64).alias("score"))
    con = connect()
    try:
        con.register("incoming", stories.select("story_id", "title", "body").to_arrow())
        con.execute("create table docs as select * from incoming")
        con.execute("pragma create_fts_index('docs', 'story_id', 'title', 'body', "
                    "stemmer = 'dutch', stopwords = 'none', overwrite = 1)")
        ranked = con.execute(
            "select story_id, fts_main_docs.match_bm25(story_id, $q) as score from docs "
            "where score is not null", {"q": query}).pl()
    finally:
        con.close()
    return stories.join(ranked, on="story_id").sort(["score", "story_id"], descending=[True, False])


_stem_lock = threading.Lock()
_stem_con: duckdb.DuckDBPyConnection | None = None


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Dutch Snowball stem of one word, from the same stemmer the index uses."""
    global _stem_con
    with _stem_lock:  # one shared connection: opening one per word made highlighting slow
        if _stem_con is None:
            _stem_con = connect()
        return _stem_con.execute("select stem(lower(?), 'dutch')", [word]).fetchone()[0]


def matched_stems(query: str) -> set[str]:
    return {stem(w) for w in WORD.findall(query)}


def highlight(text: str, stems: set[str]) -> str:
    """Markdown with every word whose Dutch stem matches the query in bold on a background."""
    if not stems:
        return text
    hits = {w for w in set(WORD.findall(text)) if stem(w) in stems}
    if not hits:
        return text
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in sorted(hits, key=len, reverse=True)) + r")\b")
    return pattern.sub(lambda m: f":orange-background[**{m.group(0)}**]", text)
