"""Story import from a spreadsheet of case discussions. Grain: one row per story.

Importing is idempotent: a story whose id (Verhaal-id) is already in the store is left
exactly as it is, so running the import twice, or after edits in the dashboard, loses
nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from kernel import adc_settings
from kernel.adc_duckdb import registered
from etl.tabular import CODE, DATE, ROW, TEXT, Column, Rejection, RowCheck, code_map, read_table
from stories import audit, current, search, service, store
from stories.privacy import PrivacyChecker, get_checker, placeholder
from kernel.vocabulary import DILEMMAS, NOTE_KINDS, STATUSES, STRATEGIES, VALUES, VISIBILITIES

STEM = "verhalen"
PERIOD_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])|-[KkQq][1-4])?$"
METRIC_KEYS = tuple(pl.read_csv(Path(__file__).with_name("reference") / "metric_catalog.csv")
                    ["metric_key"].to_list())

COLUMNS = [
    Column("external_ref", "Verhaal-id", TEXT),
    Column("title", "Titel", TEXT),
    Column("body", "Tekst", TEXT),
    Column("metric_key", "Cijfer", CODE, codes=code_map(*METRIC_KEYS)),
    Column("period", "Periode", TEXT, case="upper"),
    Column("team_code", "Teamcode", CODE, required=False, case="upper"),
    Column("regeling_code", "Regeling", CODE, required=False, case="lower"),
    Column("taakveld_code", "Taakveld", CODE, required=False, case="lower"),
    Column("note_kind", "Soort notitie", CODE, codes=code_map(*NOTE_KINDS)),
    Column("dilemma_tags", "Dilemma's", TEXT, required=False, case="lower"),
    Column("strategy", "Strategie", CODE, required=False, codes=code_map(*STRATEGIES)),
    Column("value_tags", "Waarden", TEXT, required=False, case="lower"),
    Column("free_tags", "Vrije tags", TEXT, required=False),
    Column("visibility", "Zichtbaarheid", CODE, codes=code_map(*VISIBILITIES)),
    Column("author", "Auteur", TEXT, case="lower"),
    Column("reviewer", "Beoordeeld door", TEXT, required=False, case="lower"),
    Column("status", "Status", CODE, codes=code_map(*STATUSES)),
    Column("written_on", "Geschreven op", DATE),
]


def _unknown_tags(column: str, vocabulary: dict) -> pl.Expr:
    tags = pl.col(column).str.split(";").list.eval(pl.element().str.strip_chars())
    return tags.list.eval(~pl.element().is_in(list(vocabulary)) & (pl.element() != "")).list.any()


CHECKS = (
    RowCheck("period", lambda: ~pl.col("period").str.contains(PERIOD_PATTERN),
             "een periode jjjj-mm, jjjj-Kn of jjjj"),
    RowCheck("dilemma_tags", lambda: _unknown_tags("dilemma_tags", DILEMMAS),
             "dilemma's gescheiden door ; uit: " + ", ".join(DILEMMAS)),
    RowCheck("value_tags", lambda: _unknown_tags("value_tags", VALUES),
             "waarden gescheiden door ; uit: " + ", ".join(VALUES)),
    RowCheck("reviewer", lambda: pl.col("status").is_in(["gepubliceerd", "wacht_op_manager"])
             & pl.col("reviewer").is_null(),
             "een beoordelaar bij een gepubliceerd of goedgekeurd verhaal (vier ogen)"),
    RowCheck("reviewer", lambda: pl.col("reviewer") == pl.col("author"),
             "een beoordelaar die niet de auteur is (vier ogen)"),
)


def read(source, file_name=None):
    result = read_table(source, COLUMNS, file_name=file_name, checks=CHECKS,
                        unique=("external_ref",))
    result.frame = result.frame.with_columns(
        pl.col("period").str.replace("Q", "K"),
        *[_tag_list(c) for c in ("dilemma_tags", "value_tags", "free_tags")],
    )
    return result


def _tag_list(column: str) -> pl.Expr:
    return (pl.col(column).fill_null("").str.split(";")
            .list.eval(pl.element().str.strip_chars().filter(pl.element() != ""))
            .alias(column))


class ImportRefused(Exception):
    def __init__(self, rejections: list[Rejection]):
        super().__init__(f"{len(rejections)} afgewezen waarde(n)")
        self.rejections = rejections


@dataclass
class ImportReport:
    added: int
    already_present: int


def import_file(path: Path, store_path: Path | None = None,
                figures_path: Path | None = None, checker: PrivacyChecker | None = None) -> ImportReport:
    """Add every story from the file that the store does not hold yet, in one transaction."""
    result = read(path.read_bytes(), path.name)
    if not result.rejections:
        result.rejections = privacy_rejections(result.frame, path.name, checker or get_checker())
    if result.rejections:
        raise ImportRefused(result.rejections)
    frame = _with_figure_values(result.frame, figures_path or adc_settings.figures_db_path())
    with store.connect(store_path) as con:
        present = con.execute(
            "select external_ref from stories where external_ref is not null").pl()["external_ref"]
        new = frame.filter(~pl.col("external_ref").is_in(present.implode()))
        if new.height:
            _insert(con, new)
    return ImportReport(added=new.height, already_present=frame.height - new.height)


def privacy_rejections(frame: pl.DataFrame, file_name: str,
                       checker: PrivacyChecker) -> list[Rejection]:
    """A spreadsheet of case discussions is where personal data hides: refuse it row by row.

    The value is masked in the message, so the report and the load log do not spread it.
    """
    rejections = []
    for row, title, body in frame.select(ROW, "title", "body").iter_rows():
        for header, text in (("Titel", title), ("Tekst", body)):
            for finding in checker.check(text):
                masked = finding.text[:2] + "…" if len(finding.text) > 2 else "…"
                rejections.append(Rejection(
                    file_name, row, header, masked,
                    f"geen persoonsgegevens (gevonden: {finding.label}); vervang door "
                    f"{placeholder(finding.kind)}"))
    return rejections


def _with_figure_values(frame: pl.DataFrame, figures_path: Path) -> pl.DataFrame:
    """The figure's value now is the best knowledge of its value when the story was written.

    One query for all stories (the theme follows from team, regeling or taakveld, in that
    order, as `stories.figures.theme_of` decides it for a story written in the dashboard)."""
    empty = frame.with_columns(pl.lit(None, pl.Float64).alias("figure_value"),
                               pl.lit(None, pl.String).alias("figure_status"),
                               pl.lit(None, pl.String).alias("theme_code"))
    if not figures_path.exists():
        return empty
    con = duckdb.connect(str(figures_path), read_only=True)
    try:
        con.register("asked", frame.select(ROW, *CELL_KEYS).to_arrow())
        found = con.execute("""
            with themed as (
                select a.*, coalesce(t.theme_code, r.theme_code, k.theme_code) as theme_code
                from asked as a
                left join stg_teams as t on t.team_code = a.team_code
                left join stg_regelingen as r on r.regeling_code = a.regeling_code
                left join ref_iv3_taakvelden as k on k.taakveld_code = a.taakveld_code
            ),
            cells as (
                select th._row, th.theme_code, m.theme_code as cell_theme, m.value, m.status
                from themed as th
                left join mart_metric_values as m
                    on m.metric_key = th.metric_key and m.period = th.period
                    and coalesce(m.team_code, '') = coalesce(th.team_code, '')
                    and coalesce(m.regeling_code, '') = coalesce(th.regeling_code, '')
                    and coalesce(m.taakveld_code, '') = coalesce(th.taakveld_code, '')
            )
            select _row, any_value(theme_code) as theme_code,
                arg_min(value, cell_theme) filter (where theme_code is null or cell_theme = theme_code)
                    as figure_value,
                arg_min(status, cell_theme) filter (where theme_code is null or cell_theme = theme_code)
                    as figure_status
            from cells
            group by _row
        """).pl()
    finally:
        con.close()
    return frame.join(found.cast({ROW: pl.Int64, "figure_value": pl.Float64}), on=ROW, how="left")


CELL_KEYS = ("metric_key", "period", "team_code", "regeling_code", "taakveld_code")
LIFECYCLE = {  # the status in the file -> the steps that lead to it: (status, by, reason)
    "concept": [("concept", "author", None)],
    "ter_beoordeling": [("concept", "author", None), ("ter_beoordeling", "author", None)],
    "gepubliceerd": [("concept", "author", None), ("ter_beoordeling", "author", None),
                     ("gepubliceerd", "reviewer", None)],
    "wacht_op_manager": [("concept", "author", None), ("ter_beoordeling", "author", None),
                         ("wacht_op_manager", "reviewer", None)],
    "teruggestuurd": [("concept", "author", None), ("ter_beoordeling", "author", None),
                      ("teruggestuurd", "reviewer", "Teruggestuurd vóór de import.")],
    "ingetrokken": [("concept", "author", None), ("ingetrokken", "author", "Ingetrokken vóór de import.")],
}


def _insert(con: duckdb.DuckDBPyConnection, stories: pl.DataFrame) -> None:
    """Every table of the new stories in bulk: a story, its one version, the events of its
    lifecycle, its index rows and one audit record each."""
    stories = stories.with_columns(
        pl.Series("story_id", [uuid.uuid4().hex for _ in range(stories.height)], pl.String),
        pl.col("written_on").cast(pl.Datetime("us")).dt.offset_by("12h")
        .dt.replace_time_zone("UTC").alias("written_at"),
        pl.lit(1, pl.Int32).alias("version"),
    )
    _insert_frame(con, "stories", stories.select(
        "story_id", "external_ref", "author", pl.col("team_code").alias("author_team"), "written_on",
        pl.lit(dt.datetime.now(dt.timezone.utc)).alias("created_at")))
    _insert_frame(con, "story_versions", stories.select(
        "story_id", "version", *service.VERSION_FIELDS, "theme_code", "figure_value",
        "figure_status", pl.col("author").alias("edited_by"), pl.col("written_at").alias("edited_at"),
        pl.lit(0, pl.Int32).alias("unresolved_findings")))
    events = pl.concat([
        stories.filter(pl.col("status") == status).select(
            "story_id", "version", "written_at", pl.lit(step).alias("step"),
            pl.lit(status).alias("status_in_file"),
            pl.col("author" if by == "author" else "reviewer").fill_null("beheer").alias("actor"),
            pl.lit(reason, pl.String).alias("reason"), pl.lit(order).alias("order"))
        for status, steps in LIFECYCLE.items()
        for order, (step, by, reason) in enumerate(steps)
    ]).sort("story_id", "order")
    # Explicit ids from the sequence, in lifecycle order: a parallel insert would draw them
    # in any order, and the order of a story's events is its history.
    ids = sorted(r[0] for r in con.execute(
        "select nextval('story_event_seq') from range(?)", [events.height]).fetchall())
    _insert_frame(con, "story_events", events.select(
        pl.Series("event_id", ids, pl.Int64), "story_id", "version", pl.col("step").alias("status"),
        "actor", pl.col("written_at").alias("occurred_at"), "reason",
        pl.lit(None, pl.Boolean).alias("other_discipline")))
    search.index_versions(con, stories.select("story_id", "version", "title", "body"), bulk=True)
    current.refresh(con, stories["story_id"])
    audit.record_many(con, stories.select(
        pl.lit("import").alias("actor"), pl.lit("verhaal_geimporteerd").alias("action"),
        pl.lit("verhaal").alias("object_type"), pl.col("story_id").alias("object_id"),
        (pl.col("external_ref") + " (" + pl.col("status") + ")").alias("detail")))


def _insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    """`table` is one of this module's constants; the values travel as Arrow, never as SQL."""
    with registered(con, "incoming", frame):
        con.execute(f"insert into {table} by name select * from incoming")
