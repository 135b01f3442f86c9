"""Builds the figures database from a folder of source files: read, check, load, marts, swap.

`populate(con, sources)` fills a connection; `build_file(db_path, source_dir)` writes a new
file next to the old one and swaps it in only when everything passed, so a reader never sees
half a load and a failed build leaves the previous database exactly as it was.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import duckdb
import polars as pl
import pyarrow as pa

from etl import budget, caseload, decisions, definitions, disclosure, load_log, medians, norms, regelingen, teams
from etl.cbs import snapshot as cbs_snapshot
from etl.tabular import ROW, ReadResult, Rejection, listed, rejection_count
from kernel import vocabulary
from kernel.adc_duckdb import registered, remove_database
from kernel.adc_files import private_file

ETL_DIR = Path(__file__).resolve().parent
SCHEMA_SQL = ETL_DIR / "schema.sql"
MARTS = tuple(sorted((ETL_DIR / "marts").glob("*.sql")))
METRIC_VALUES_SQL = ETL_DIR / "marts" / "05_mart_metric_values.sql"
# Marts whose SQL makes the table (and says what it holds) and whose rows Python computes.
FILLED_IN_PYTHON = {"04b_mart_processing_medians": medians.fill}
REFERENCE = ETL_DIR / "reference"

# The steps of a build as the beheerder follows them.
STEPS = (
    "Bestanden lezen en controleren",
    "Database bouwen (de huidige cijfers blijven zichtbaar tot de nieuwe klaar zijn)",
    "Nieuwe cijfers in gebruik",
)

# Explicit and ordered: a source may only refer to sources before it.
SOURCES = (teams, norms, regelingen, caseload, budget, decisions, definitions, cbs_snapshot)


class BuildError(Exception):
    """The sources were refused; `rejections` says exactly where and why."""

    def __init__(self, rejections: list[Rejection]):
        super().__init__(f"{rejection_count(rejections)} afgewezen waarde(n)")
        self.rejections = rejections


@dataclass
class LoadedSource:
    module: ModuleType
    path: Path
    sha256: str
    result: ReadResult
    rejections: list[Rejection] = field(default_factory=list)

    @property
    def rows_rejected(self) -> int:
        return len({r.row for r in self.rejections if r.row is not None}) or (
            self.result.rows_read if self.rejections else 0
        )


def find_source_files(source_dir: Path, stem: str) -> list[Path]:
    """`<stem>.csv` or `<stem>.xlsx`, matched without regard to case."""
    return sorted(
        p
        for p in source_dir.iterdir()
        if p.is_file() and p.stem.lower() == stem and p.suffix.lower() in (".csv", ".xlsx")
    )


def read_sources(source_dir: Path) -> tuple[list[LoadedSource], list[Rejection]]:
    """Read and check every source; return what was read and every rejection at once."""
    if not source_dir.is_dir():
        return [], [Rejection(str(source_dir), None, "-", str(source_dir), "een bestaande map met bronbestanden")]
    found, missing = [], []
    for module in SOURCES:
        paths = find_source_files(source_dir, module.STEM)
        if not paths and getattr(module, "OPTIONAL", False):
            continue
        if len(paths) != 1:
            # Two candidates is as wrong as none: silently picking one would load the wrong data.
            names = ", ".join(p.name for p in paths) or "(bestand ontbreekt)"
            missing.append(
                Rejection(
                    f"{module.STEM}.csv",
                    None,
                    "-",
                    names,
                    f"precies één bestand {module.STEM}.csv of {module.STEM}.xlsx in {source_dir}",
                )
            )
            continue
        found.append((module, paths[0], paths[0].read_bytes()))
    # Files are read, hashed and checked side by side (polars and hashlib release the GIL):
    # the small files and the checksum of the large one then cost next to nothing.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        digests = [pool.submit(lambda d: hashlib.sha256(d).hexdigest(), data) for _, _, data in found]
        results = [pool.submit(module.read, data, path.name) for module, path, data in found]
        loaded = [
            LoadedSource(module, path, digest.result(), result.result(), list(result.result().rejections))
            for (module, path, _), digest, result in zip(found, digests, results)
        ]
    if not missing:
        _check_references({s.module.STEM: s for s in loaded})
    return loaded, missing + [r for s in loaded for r in s.rejections]


def _check_references(by_stem: dict[str, LoadedSource]) -> None:
    """Codes must exist in the file (or reference list) they refer to."""
    iv3 = set(_reference_frame("iv3_taakvelden")["code"].to_list())
    known = {
        "team": set(by_stem["teams"].result.frame["team_code"].drop_nulls().to_list()),
        "regeling": set(by_stem["regelingen"].result.frame["regeling_code"].drop_nulls().to_list()),
        "taakveld": iv3,
    }
    rules = [
        ("regelingen", "taakveld_code", "Taakveld", "taakveld", "een Iv3-taakveld, bijvoorbeeld 6.72a"),
        ("caseload", "team_code", "Teamcode", "team", "een teamcode uit teams.csv"),
        ("begroting", "taakveld_code", "Taakveld", "taakveld", "een Iv3-taakveld, bijvoorbeeld 6.72a"),
        ("beschikkingen", "team_code", "Teamcode", "team", "een teamcode uit teams.csv"),
        ("beschikkingen", "regeling_code", "Regeling", "regeling", "een regeling uit regelingen.csv"),
    ]
    for stem, column, header, kind, expected in rules:
        source = by_stem[stem]
        frame = source.result.frame
        unknown = frame.filter(pl.col(column).is_not_null() & ~pl.col(column).is_in(list(known[kind])))
        name = source.path.name

        def make(
            row: int, value: object, name: str = name, header: str = header, expected: str = expected
        ) -> Rejection:
            return Rejection(name, row, header, str(value), expected)

        source.rejections += listed(name, header, unknown.select(ROW, column), make, expected)


def _reference_frame(name: str) -> pl.DataFrame:
    return pl.read_csv(REFERENCE / f"{name}.csv", infer_schema=False)


class StageTimer:
    """Seconds per stage of a build, in the order the stages ran (`python -m etl build --verbose`
    prints them): where a build's time goes is measured, not guessed."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        """The time since the previous lap (or the start) was spent on `stage`."""
        now = time.perf_counter()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + now - self._last
        self._last = now


def populate(
    con: duckdb.DuckDBPyConnection,
    sources: list[LoadedSource],
    disclosure_key: bytes | None = None,
    timer: StageTimer | None = None,
) -> None:
    """Create the schema, load references and sources, and compute the marts (the true ones,
    then the council's, from rounded counts: etl/disclosure.py). Without a key (a database
    that is thrown away after a test) the rounding draws from a fresh random key."""
    timer = timer or StageTimer()
    con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
    _load_references(con)
    timer.lap("schema en referenties")
    for source in sources:
        frame = source.result.frame.drop(ROW)
        with registered(con, "incoming", arrow_batches(frame)):
            con.execute(f"insert into {source.module.TABLE} by name select * from incoming")
        con.execute(
            "insert into meta_source_files values (?, ?, ?, ?, ?)",
            [source.module.STEM, source.path.name, source.sha256, source.result.rows_read, frame.height],
        )
    timer.lap("bronnen laden")
    for mart in MARTS:
        con.execute(mart.read_text(encoding="utf-8"))
        if fill := FILLED_IN_PYTHON.get(mart.stem):
            fill(con)
        timer.lap(f"mart {mart.stem}")
    # The marts' working tables (temporary, 04a) are no part of the figures. Names from the
    # catalog, quoted as identifiers (an identifier cannot be a parameter).
    for (table,) in con.execute("select table_name from duckdb_tables() where temporary").fetchall():
        con.execute("drop table " + '"' + table.replace('"', '""') + '"')
    disclosure.publish(con, disclosure_key or secrets.token_bytes(32), METRIC_VALUES_SQL.read_text(encoding="utf-8"))
    timer.lap("raadstabellen")


def arrow_batches(frame: pl.DataFrame, rows: int = 122_880) -> pa.Table:
    """The frame as Arrow record batches of a DuckDB row group each: DuckDB scans one batch per
    thread, and polars hands over a single batch, which made the load single-threaded.

    Strings leave polars as Arrow string views, the layout polars holds them in: the default
    (large_string) copies every one of them first, and DuckDB reads views about 15% cheaper
    (measured on two million decisions: 2.0-2.5 s of CPU for the load, then 1.7-2.2)."""
    table = frame.to_arrow(compat_level=pl.CompatLevel.newest())
    return pa.Table.from_batches(table.to_batches(max_chunksize=rows), schema=table.schema)


def _load_references(con: duckdb.DuckDBPyConnection) -> None:
    themes = _reference_frame("themes")
    with registered(con, "incoming", themes):
        con.execute("insert into ref_themes by name select * from incoming")
    iv3 = _reference_frame("iv3_taakvelden").select(
        pl.col("code").alias("taakveld_code"),
        "name",
        pl.col("aliases")
        .fill_null("")
        .str.split(";")
        .list.eval(pl.element().filter(pl.element() != ""))
        .alias("aliases"),
        "parent_code",
        pl.coalesce("parent_code", "code").alias("series_code"),
        "budget_group",
        "theme_code",
        pl.col("valid_from_year").cast(pl.Int32),
        pl.col("valid_to_year").cast(pl.Int32),
    )
    with registered(con, "incoming", iv3):
        con.execute("insert into ref_iv3_taakvelden by name select * from incoming")
    catalog = (
        _reference_frame("metric_catalog")
        .with_columns(
            pl.col("higher_is_better").replace_strict(
                {"true": True, "false": False}, default=None, return_dtype=pl.Boolean
            )
        )
        .drop("theme_code")
    )
    with registered(con, "incoming", catalog):
        con.execute("insert into ref_metric_catalog by name select * from incoming")


@dataclass
class BuildReport:
    db_path: Path
    seconds: float
    sources: list[LoadedSource]
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage (StageTimer)

    def row_counts(self) -> dict[str, int]:
        return {s.path.name: s.result.frame.height for s in self.sources}


def build_file(db_path: Path, source_dir: Path, progress: Callable[[str], None] = lambda step: None) -> BuildReport:
    """Build into a new file and swap it in; on any failure the old file is untouched.
    `progress` hears each step of STEPS as it starts."""
    started = time.perf_counter()
    timer = StageTimer()
    db_path.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(db_path)
    sources: list[LoadedSource] = []
    # Pid (for the clean-up of dead builds) and a token: two builds in one dashboard process
    # (two beheerders loading at once) must not share a file.
    tmp = db_path.with_name(f"{db_path.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp")
    try:
        progress(STEPS[0])
        sources, rejections = read_sources(source_dir)
        timer.lap("lezen en controleren")
        if rejections:
            raise BuildError(rejections)
        progress(STEPS[1])
        remove_database(tmp)
        con = duckdb.connect(str(tmp))
        try:
            # One transaction: committed statement by statement, each of the two hundred-odd
            # tables, comments and marts waited for its own write-ahead-log sync (the schema
            # alone took 0.6-2 s on a busy disk, 0.1 s as one commit).
            con.begin()
            populate(con, sources, disclosure.key_for(db_path), timer)
            con.commit()
            con.execute("checkpoint")
        finally:
            con.close()
        timer.lap("wegschrijven")
        os.replace(tmp, db_path)  # atomic on one file system: readers see old or new, never half
        private_file(db_path)  # owner only, like every database file of the project
    except BuildError as error:
        load_log.append_run(
            source_dir, sources, vocabulary.LOAD_REFUSED, time.perf_counter() - started, error.rejections
        )
        raise
    except BaseException as error:
        load_log.append_run(
            source_dir,
            sources,
            vocabulary.LOAD_FAILED,
            time.perf_counter() - started,
            [],
            detail=f"{type(error).__name__}: {error}",
        )
        raise
    finally:
        remove_database(tmp)
    seconds = time.perf_counter() - started
    load_log.append_run(source_dir, sources, vocabulary.LOAD_OK, seconds, [])
    timer.lap("laadlog")
    return BuildReport(db_path, seconds, sources, timer.seconds)


def remove_leftovers(db_path: Path) -> list[Path]:
    """Remove the temp files of builds of `db_path` that died (killed, power cut) before their
    `finally` could: a build removes its own, but a SIGKILL skips that, and at city scale each
    leftover is 40 MB or more, piling up with every interrupted build. Only a build whose process
    is gone: two builds may run at once, and the other one's file is in use. Returns what went."""
    pattern = re.compile(re.escape(db_path.name) + r"\.(\d+)(?:-[0-9a-f]+)?\.tmp(?:\.wal)?")
    removed = []
    for leftover in db_path.parent.iterdir():
        match = pattern.fullmatch(leftover.name)
        if match and leftover.is_file() and not process_alive(int(match.group(1))):
            leftover.unlink(missing_ok=True)
            removed.append(leftover)
    return removed


def process_alive(pid: int) -> bool:
    """Whether a process with this id exists (a reused id counts as alive: better to leave a
    file one build longer than to remove one in use)."""
    if pid == os.getpid():
        return True  # our own file is handled by build_file itself
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    # A killed build whose parent died too is a zombie until init reaps it: dead all the same.
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True
