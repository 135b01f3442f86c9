"""Story search on PostgreSQL: its Dutch text search (tsvector, GIN, ts_rank_cd) against the present ranking.

    python -m bench.search_postgres [--keer N] [--maal K]

The sample stories (sample_data/verhalen.csv), each repeated K times with its own id (default
250: about 20,000 stories), are indexed both ways: in PostgreSQL as `to_tsvector('dutch', …)`
with a GIN index, ranked by `ts_rank_cd`; and as today, the Dutch Snowball stems in the store's
term table, ranked by BM25 in Polars (stories/search.py, what the pages use, also on the
PostgreSQL backend through its replica). Both answer the bench's queries (bench/search_speed.py)
with OR semantics, as the present search does. Reports p50/p95 latency of each and how far
their top ten agree. PostgreSQL comes from scripts/postgres.sh (started and stopped here) unless
ADC_STORE_URL is set.
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
import time
from pathlib import Path

import polars as pl
import psycopg

from bench.report import percentile
from bench.search_speed import QUERIES
from kernel import adc_settings
from stories import search, store

SCRIPT = adc_settings.ROOT / "scripts" / "postgres.sh"
_FTS_TABLE = """
create table if not exists bench_fts (
    story_id varchar primary key,
    document tsvector not null
);
create index if not exists bench_fts_document on bench_fts using gin (document);
"""
# OR over the query's stems, as the present search: plainto_tsquery ANDs them.
_FTS_QUERY = """
with asked as (select replace(plainto_tsquery('dutch', %s)::text, '&', '|')::tsquery as q)
select story_id, ts_rank_cd(document, q) as score
from bench_fts, asked where document @@ q
order by score desc, story_id
"""


def stories(copies: int) -> pl.DataFrame:
    sample = pl.read_csv(adc_settings.ROOT / "sample_data" / "verhalen.csv").select(
        pl.col("Verhaal-id").alias("ref"), pl.col("Titel").alias("title"), pl.col("Tekst").alias("body")
    )
    return pl.concat(
        sample.with_columns((pl.col("ref") + f"-{n}").alias("story_id"), pl.lit(1, pl.Int32).alias("version"))
        for n in range(copies)
    ).select("story_id", "version", "title", "body")


def measure(url: str, frame: pl.DataFrame, repeat: int, work: Path) -> None:
    with psycopg.connect(url) as pg:
        pg.execute("drop table if exists bench_fts")
        pg.execute(_FTS_TABLE)
        started = time.perf_counter()
        pg.execute("create temporary table bench_text (story_id varchar, title varchar, body varchar)")
        with pg.cursor().copy("copy bench_text from stdin") as copy:
            for row in frame.select("story_id", "title", "body").iter_rows():
                copy.write_row(row)
        pg.execute("insert into bench_fts select story_id, to_tsvector('dutch', title || ' ' || body) from bench_text")
        pg.commit()
        pg_index_s = time.perf_counter() - started
        pg_latency, pg_top = _run(lambda q: pg.execute(_FTS_QUERY, [q]).fetchall(), repeat)

    started = time.perf_counter()
    with store.connect(work / "bench_stories.duckdb") as con:
        search.index_versions(con, frame, bulk=True)
    duck_index_s = time.perf_counter() - started
    keyed = frame.select("story_id", "version")
    with store.connect(work / "bench_stories.duckdb") as con:
        keyed = search._with_documents(con, keyed)  # the lengths, as visible_stories carries them
        bm25_latency, bm25_top = _run(lambda q: search.search(con, keyed, q).select("story_id", "score").rows(), repeat)

    print(f"{frame.height:,} verhalen, {len(QUERIES)} zoekvragen x {repeat}")
    print(
        f"  indexeren: PostgreSQL tsvector+GIN {pg_index_s:.1f} s; huidige index (stammen, DuckDB) {duck_index_s:.1f} s"
    )
    for name, latencies in (("PostgreSQL ts_rank_cd", pg_latency), ("huidige BM25 (Polars)", bm25_latency)):
        print(f"  {name}: p50 {percentile(latencies, 50) * 1000:.1f} ms, p95 {percentile(latencies, 95) * 1000:.1f} ms")
    print("  eerste vijf voorbeeldverhalen (kopieën tellen als één), PostgreSQL | BM25, en aantal treffers:")
    for query in QUERIES:
        first_pg, first_bm25 = _originals(pg_top[query]), _originals(bm25_top[query])
        shared = len(set(first_pg) & set(first_bm25))
        print(
            f"    {query!r}: {shared}/5 gedeeld; {' '.join(first_pg)} | {' '.join(first_bm25)} "
            f"({len(pg_top[query])}/{len(bm25_top[query])})"
        )


def _originals(ranked: list, n: int = 5) -> list[str]:
    """The first n sample stories in a ranking: copies score alike, so compare the originals."""
    seen: list[str] = []
    for story_id, _ in ranked:
        original = story_id.rsplit("-", 1)[0]
        if original not in seen:
            seen.append(original)
    return seen[:n]


def _run(answer, repeat: int) -> tuple[list[float], dict[str, list]]:
    latencies, tops = [], {}
    for query in QUERIES:
        tops[query] = answer(query)  # a first run warms caches (the stemmer, PostgreSQL's pages)
        for _ in range(repeat):
            started = time.perf_counter()
            answer(query)
            latencies.append(time.perf_counter() - started)
    return latencies, tops


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search_postgres")
    parser.add_argument("--keer", type=int, default=5, help="herhalingen per zoekvraag")
    parser.add_argument("--maal", type=int, default=250, help="kopieën van elk voorbeeldverhaal")
    args = parser.parse_args(argv)
    frame = stories(args.maal)
    with tempfile.TemporaryDirectory(prefix="adc-bench-pg-") as work:
        url = adc_settings.store_url()
        folder = Path(work) / "server"
        if url is None:
            started = subprocess.run(["bash", str(SCRIPT), "start", str(folder)], capture_output=True, text=True)
            if started.returncode:
                print(started.stderr)
                return 1
            url = started.stdout.strip().splitlines()[-1]
        try:
            measure(url, frame, args.keer, Path(work))
        finally:
            if adc_settings.store_url() is None:
                subprocess.run(["bash", str(SCRIPT), "stop", str(folder)], capture_output=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
