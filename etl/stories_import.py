"""Story import from a spreadsheet of case discussions. Grain: one row per story.

Importing is idempotent: a story whose id (Verhaal-id) is already in the store is left
exactly as it is, so running the import twice, or after edits in the dashboard, loses
nothing. Stories are written through the story service's writers and follow its four-eyes
steps: a story published for the council needs a manager of the team (ADC_RAAD_NEEDS_MANAGER),
either as its reviewer or in the column "Vrijgegeven door"; without one it is imported as
waiting for that manager (`held_for_manager` in the report).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from etl.tabular import CODE, DATE, ROW, TEXT, Column, ReadResult, Rejection, RowCheck, Source, code_map, read_table
from kernel import adc_settings, vocabulary
from kernel.access import MANAGER, Viewer
from kernel.vocabulary import (
    AWAITING_MANAGER,
    CONCEPT,
    COUNCIL,
    DILEMMAS,
    NOTE_KINDS,
    PUBLISHED,
    RETURNED,
    STATUSES,
    STRATEGIES,
    SUBMITTED,
    VALUES,
    VISIBILITIES,
    WITHDRAWN,
)
from stories import audit, service, store
from stories.privacy import PrivacyChecker, get_checker, placeholder

STEM = "verhalen"
PERIOD_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])|-[KkQq][1-4])?$"
METRIC_KEYS = tuple(pl.read_csv(Path(__file__).with_name("reference") / "metric_catalog.csv")["metric_key"].to_list())

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
    # The manager of the team who let a council story through after the reviewer (the
    # service's manager step); optional, and empty for every other story.
    Column("manager", "Vrijgegeven door", TEXT, required=False, case="lower"),
    Column("status", "Status", CODE, codes=code_map(*STATUSES)),
    Column("written_on", "Geschreven op", DATE),
]


def _unknown_tags(column: str, vocabulary: dict[str, str]) -> pl.Expr:
    tags = pl.col(column).str.split(";").list.eval(pl.element().str.strip_chars())
    return tags.list.eval(~pl.element().is_in(list(vocabulary)) & (pl.element() != "")).list.any()


CHECKS = (
    RowCheck("period", lambda: ~pl.col("period").str.contains(PERIOD_PATTERN), "een periode jjjj-mm, jjjj-Kn of jjjj"),
    RowCheck(
        "dilemma_tags",
        lambda: _unknown_tags("dilemma_tags", DILEMMAS),
        "dilemma's gescheiden door ; uit: " + ", ".join(DILEMMAS),
    ),
    RowCheck(
        "value_tags", lambda: _unknown_tags("value_tags", VALUES), "waarden gescheiden door ; uit: " + ", ".join(VALUES)
    ),
    RowCheck(
        "reviewer",
        lambda: pl.col("status").is_in([PUBLISHED, AWAITING_MANAGER]) & pl.col("reviewer").is_null(),
        "een beoordelaar bij een gepubliceerd of goedgekeurd verhaal (vier ogen)",
    ),
    RowCheck(
        "reviewer", lambda: pl.col("reviewer") == pl.col("author"), "een beoordelaar die niet de auteur is (vier ogen)"
    ),
    RowCheck(
        "manager",
        lambda: pl.col("manager").is_not_null() & ((pl.col("status") != PUBLISHED) | (pl.col("visibility") != COUNCIL)),
        "alleen bij een verhaal dat voor de raad is gepubliceerd een manager die het vrijgaf",
    ),
    RowCheck(
        "manager",
        lambda: pl.col("manager") == pl.col("author"),
        "een manager die het verhaal niet zelf schreef (vier ogen)",
    ),
)


def read(source: Source, file_name: str | None = None) -> ReadResult:
    result = read_table(source, COLUMNS, file_name=file_name, checks=CHECKS, unique=("external_ref",))
    result.frame = result.frame.with_columns(
        pl.col("period").str.replace("Q", "K"),
        *[_tag_list(c) for c in ("dilemma_tags", "value_tags", "free_tags")],
    )
    return result


def _tag_list(column: str) -> pl.Expr:
    return (
        pl.col(column)
        .fill_null("")
        .str.split(";")
        .list.eval(pl.element().str.strip_chars().filter(pl.element() != ""))
        .alias(column)
    )


class ImportRefused(Exception):
    def __init__(self, rejections: list[Rejection]):
        super().__init__(f"{len(rejections)} afgewezen waarde(n)")
        self.rejections = rejections


@dataclass
class ImportReport:
    added: int
    already_present: int
    # Published for the council in the file, but without a manager step: imported as waiting
    # for a manager of the team, who publishes them in the dashboard.
    held_for_manager: list[str] = field(default_factory=list)


def import_file(
    path: Path, store_path: Path | None = None, figures_path: Path | None = None, checker: PrivacyChecker | None = None
) -> ImportReport:
    """Add every story from the file that the store does not hold yet, in one transaction."""
    result = read(path.read_bytes(), path.name)
    if not result.rejections:
        result.rejections = privacy_rejections(result.frame, path.name, checker or get_checker())
    if result.rejections:
        raise ImportRefused(result.rejections)
    frame = _with_figure_values(result.frame, figures_path or adc_settings.figures_db_path())
    with store.connect(store_path) as con:
        present = con.execute("select external_ref from stories where external_ref is not null").pl()["external_ref"]
        new = _held_for_manager(con, frame.filter(~pl.col("external_ref").is_in(present.implode())))
        if new.height:
            _insert(con, new)
    held = new.filter(pl.col("held"))["external_ref"].to_list()
    return ImportReport(added=new.height, already_present=frame.height - new.height, held_for_manager=held)


def privacy_rejections(frame: pl.DataFrame, file_name: str, checker: PrivacyChecker) -> list[Rejection]:
    """A spreadsheet of case discussions is where personal data hides: refuse it row by row.

    The value is masked in the message, so the report and the load log do not spread it.
    """
    rejections = []
    for row, title, body in frame.select(ROW, "title", "body").iter_rows():
        for header, text in (("Titel", title), ("Tekst", body)):
            for finding in checker.check(text):
                masked = finding.text[:2] + "…" if len(finding.text) > 2 else "…"
                rejections.append(
                    Rejection(
                        file_name,
                        row,
                        header,
                        masked,
                        f"geen persoonsgegevens (gevonden: {finding.label}); vervang door {placeholder(finding.kind)}",
                    )
                )
    return rejections


def _with_figure_values(frame: pl.DataFrame, figures_path: Path) -> pl.DataFrame:
    """The figure's value now is the best knowledge of its value when the story was written.

    One query for all stories (the theme follows from team, regeling or taakveld, in that
    order, as `stories.figures.theme_of` decides it for a story written in the dashboard)."""
    empty = frame.with_columns(
        pl.lit(None, pl.Float64).alias("figure_value"),
        pl.lit(None, pl.String).alias("figure_status"),
        pl.lit(None, pl.String).alias("theme_code"),
    )
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
# The status in the file -> the steps of the service that lead to it: (status, by, reason).
# A council story's publication by a manager after a colleague's approval is PUBLISHED_BY_MANAGER.
LIFECYCLE: dict[str, list[tuple[str, str, str | None]]] = {
    CONCEPT: [(CONCEPT, "author", None)],
    SUBMITTED: [(CONCEPT, "author", None), (SUBMITTED, "author", None)],
    PUBLISHED: [(CONCEPT, "author", None), (SUBMITTED, "author", None), (PUBLISHED, "reviewer", None)],
    AWAITING_MANAGER: [(CONCEPT, "author", None), (SUBMITTED, "author", None), (AWAITING_MANAGER, "reviewer", None)],
    RETURNED: [
        (CONCEPT, "author", None),
        (SUBMITTED, "author", None),
        (RETURNED, "reviewer", "Teruggestuurd vóór de import."),
    ],
    WITHDRAWN: [(CONCEPT, "author", None), (WITHDRAWN, "author", "Ingetrokken vóór de import.")],
}
PUBLISHED_BY_MANAGER = "gepubliceerd_door_manager"  # only a key of LIFECYCLE, never stored
LIFECYCLE[PUBLISHED_BY_MANAGER] = [*LIFECYCLE[AWAITING_MANAGER], (PUBLISHED, "manager", None)]


def _held_for_manager(con: duckdb.DuckDBPyConnection, stories: pl.DataFrame) -> pl.DataFrame:
    """The steps each story takes (`steps`, a key of LIFECYCLE), as the service would take them.

    A story published for the council needs no manager step when its reviewer is a known
    manager of the team (service.needs_manager_step). Otherwise the file must name the manager
    who let it through ("Vrijgegeven door"; the reviewer's own name says the reviewer was that
    manager); a name the store knows must be a manager of the team. A story without one waits
    for that manager (`held`). Names the store does not know are taken on the file's word, as
    the reviewer's always was."""
    accounts = {
        name: Viewer(name, role, tuple(teams))
        for name, role, teams in con.execute("select username, role, teams from users").fetchall()
    }
    steps, held = [], []
    for row in stories.select("status", "visibility", "team_code", "reviewer", "manager").iter_rows(named=True):
        story = {"status": SUBMITTED, "visibility": row["visibility"], "author_team": row["team_code"]}
        step = row["status"]
        if step == PUBLISHED:
            reviewer = accounts.get(row["reviewer"], Viewer(row["reviewer"], "onbekend"))
            named = row["manager"]
            manager = named and accounts.get(named, Viewer(named, MANAGER, (row["team_code"],)))
            if service.needs_manager_step(reviewer, story):
                step = AWAITING_MANAGER
                if manager and service.is_team_manager(manager, story):
                    step = PUBLISHED if row["manager"] == row["reviewer"] else PUBLISHED_BY_MANAGER
        steps.append(step)
        held.append(step == AWAITING_MANAGER and row["status"] == PUBLISHED)
    return stories.with_columns(pl.Series("steps", steps, pl.String), pl.Series("held", held, pl.Boolean))


def _insert(con: duckdb.DuckDBPyConnection, stories: pl.DataFrame) -> None:
    """The new stories through the service's bulk writer: a story, its one version, the events
    of its lifecycle, and one audit record each."""
    stories = stories.with_columns(
        pl.Series("story_id", [uuid.uuid4().hex for _ in range(stories.height)], pl.String),
        pl.col("written_on")
        .cast(pl.Datetime("us"))
        .dt.offset_by("12h")
        .dt.replace_time_zone("UTC")
        .alias("written_at"),
        pl.lit(1, pl.Int32).alias("version"),
    )
    events = (
        pl.concat(
            [
                stories.filter(pl.col("steps") == steps_key).select(
                    "story_id",
                    "version",
                    pl.lit(step).alias("status"),
                    pl.col(by).fill_null("beheer").alias("actor"),
                    pl.col("written_at").alias("occurred_at"),
                    pl.lit(reason, pl.String).alias("reason"),
                    pl.lit(None, pl.Boolean).alias("other_discipline"),
                    pl.lit(order).alias("order"),
                )
                for steps_key, steps in LIFECYCLE.items()
                for order, (step, by, reason) in enumerate(steps)
            ]
        )
        .sort("story_id", "order")
        .drop("order")
    )
    service.add_stories_in_bulk(
        con,
        stories.select(
            "story_id",
            "external_ref",
            "author",
            pl.col("team_code").alias("author_team"),
            "written_on",
            pl.lit(dt.datetime.now(dt.UTC)).alias("created_at"),
        ),
        stories.select(
            "story_id",
            "version",
            *service.VERSION_FIELDS,
            "theme_code",
            "figure_value",
            "figure_status",
            pl.col("author").alias("edited_by"),
            pl.col("written_at").alias("edited_at"),
            pl.lit(0, pl.Int32).alias("unresolved_findings"),
        ),
        events,
    )
    audit.record_many(
        con,
        stories.select(
            pl.lit("import").alias("actor"),
            pl.lit(vocabulary.STORY_IMPORTED).alias("action"),
            pl.lit("verhaal").alias("object_type"),
            pl.col("story_id").alias("object_id"),
            (pl.col("external_ref") + " (" + pl.col("steps").replace(PUBLISHED_BY_MANAGER, PUBLISHED) + ")").alias(
                "detail"
            ),
        ),
    )
