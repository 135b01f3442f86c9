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

import adc_settings
from etl.tabular import CODE, DATE, ROW, TEXT, Column, Rejection, RowCheck, code_map, read_table
from stories import audit, service, store
from stories.privacy import PrivacyChecker, get_checker, placeholder
from stories.service import StoryDraft
from stories.figures import figure_value, theme_of
from stories.vocabulary import DILEMMAS, NOTE_KINDS, STATUSES, STRATEGIES, VALUES, VISIBILITIES

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
    RowCheck("reviewer", lambda: (pl.col("status") == "gepubliceerd") & pl.col("reviewer").is_null(),
             "een beoordelaar bij een gepubliceerd verhaal (vier ogen)"),
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
    """Add every story from the file that the store does not hold yet."""
    result = read(path.read_bytes(), path.name)
    if not result.rejections:
        result.rejections = privacy_rejections(result.frame, path.name, checker or get_checker())
    if result.rejections:
        raise ImportRefused(result.rejections)
    frame = result.frame
    figures_path = figures_path or adc_settings.figures_db_path()
    frame = _with_figure_values(frame, figures_path)
    with store.connect(store_path) as con:
        present = {r[0] for r in con.execute(
            "select external_ref from stories where external_ref is not null").fetchall()}
        new = frame.filter(~pl.col("external_ref").is_in(list(present)))
        for story in new.iter_rows(named=True):
            _insert(con, story)
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
    """The figure's value now is the best knowledge of its value when the story was written."""
    values, statuses, themes = [], [], []
    con = duckdb.connect(str(figures_path), read_only=True) if figures_path.exists() else None
    try:
        for row in frame.iter_rows(named=True):
            keys = (row["team_code"], row["regeling_code"], row["taakveld_code"])
            theme = theme_of(con, *keys) if con else None
            value, status = (figure_value(con, row["metric_key"], row["period"], *keys,
                                          theme_code=theme) if con else (None, None))
            values.append(value)
            statuses.append(status)
            themes.append(theme)
    finally:
        if con:
            con.close()
    return frame.with_columns(pl.Series("figure_value", values, pl.Float64),
                              pl.Series("figure_status", statuses, pl.String),
                              pl.Series("theme_code", themes, pl.String))


def _insert(con: duckdb.DuckDBPyConnection, story: dict) -> None:
    story_id = uuid.uuid4().hex
    written_at = dt.datetime.combine(story["written_on"], dt.time(12), dt.timezone.utc)
    con.execute("insert into stories values (?, ?, ?, ?, ?, now())",
                [story_id, story["external_ref"], story["author"], story["team_code"],
                 story["written_on"]])
    draft = StoryDraft(**{name: story[name] for name in service.VERSION_FIELDS})
    service.add_version(con, story_id, 1, draft, theme_code=story["theme_code"],
                        figure_value=story["figure_value"], figure_status=story["figure_status"],
                        edited_by=story["author"], edited_at=written_at, unresolved=0)
    for status, actor, reason in _events_for(story):
        service.add_event(con, story_id, 1, status, actor, written_at, reason)
    audit.record(con, "import", "verhaal_geimporteerd", "verhaal", story_id,
                 f"{story['external_ref']} ({story['status']})")


def _events_for(story: dict) -> list[tuple[str, str, str | None]]:
    """The lifecycle that leads to the status the file records."""
    author, reviewer, status = story["author"], story["reviewer"], story["status"]
    events = [("concept", author, None)]
    if status in ("ter_beoordeling", "gepubliceerd", "teruggestuurd"):
        events.append(("ter_beoordeling", author, None))
    if status == "gepubliceerd":
        events.append(("gepubliceerd", reviewer, None))
    elif status == "teruggestuurd":
        events.append(("teruggestuurd", reviewer or "beheer", "Teruggestuurd vóór de import."))
    elif status == "ingetrokken":
        events.append(("ingetrokken", author, "Ingetrokken vóór de import."))
    return events

