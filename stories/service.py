"""Every change to a story: save (a new version), submit, approve, return, withdraw.

Rows are only ever added: an edit is a new version, a status change is a new event, and every
command writes one audit record. Each command takes the viewer and checks what that viewer may
do, so a page cannot bypass the rules (four eyes, privacy before leaving the team).

Four eyes: a reviewer must be allowed to read the story and must not have written any of its
versions. A story for the council (visibility `raad`) also needs a manager of the author's team:
a colleague's approval moves it to `wacht_op_manager`, and a manager of that team who wrote no
version and was not the first reviewer publishes it (ADC_RAAD_NEEDS_MANAGER switches this off).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field, fields
from typing import Any

import duckdb
import polars as pl

from accounts.sessions import require_current
from kernel import adc_settings, vocabulary
from kernel.access import BEHEERDER, MANAGER, PROFESSIONAL, RAAD, Viewer
from kernel.vocabulary import (
    AWAITING_MANAGER,
    CONCEPT,
    COUNCIL,
    DILEMMAS,
    NOTE_KINDS,
    ORGANISATION,
    PUBLISHED,
    RETURNED,
    STRATEGIES,
    SUBMITTED,
    TEAM,
    VALUES,
    VISIBILITIES,
    WITHDRAWN,
)
from stories import audit, search, store
from stories import current as stories_now  # `current` names the story being changed below
from stories.dialect import insert_frame, is_postgres
from stories.figures import figure_value, theme_of
from stories.privacy import Finding, PrivacyChecker, get_checker, placeholders_in

EDITABLE = (CONCEPT, RETURNED)
IN_REVIEW = (SUBMITTED, AWAITING_MANAGER)


class NotAllowed(Exception):
    """The viewer may not do this; the message is Dutch and shown as is."""


class PrivacyBlocked(NotAllowed):
    """Unresolved privacy findings keep the story inside the team."""


@dataclass
class StoryDraft:
    """What an author fills in; keys link the story to one figure cell."""

    title: str
    body: str
    metric_key: str
    period: str | None
    note_kind: str
    visibility: str = TEAM
    team_code: str | None = None
    regeling_code: str | None = None
    taakveld_code: str | None = None
    dilemma_tags: list[str] = field(default_factory=list)
    strategy: str | None = None
    value_tags: list[str] = field(default_factory=list)
    free_tags: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        """Dutch messages for every field that is not filled in as the vocabulary requires."""
        found = []
        if not self.title.strip():
            found.append("Geef het verhaal een titel.")
        if len(self.body.strip()) < 20:
            found.append("Schrijf het verhaal (minstens 20 tekens).")
        if self.note_kind not in NOTE_KINDS:
            found.append("Kies wat voor notitie het is.")
        if self.visibility not in VISIBILITIES:
            found.append("Kies voor wie het verhaal zichtbaar wordt.")
        if self.strategy is not None and self.strategy not in STRATEGIES:
            found.append(f"Onbekende strategie: {self.strategy}.")
        found += [f"Onbekend dilemma: {t}." for t in self.dilemma_tags if t not in DILEMMAS]
        found += [f"Onbekende waarde: {t}." for t in self.value_tags if t not in VALUES]
        return found


@dataclass(frozen=True)
class SaveResult:
    story_id: str
    version: int
    unresolved: list[Finding]


def unresolved_findings(checker: PrivacyChecker, draft: StoryDraft, harmless: dict[str, str]) -> list[Finding]:
    """Findings in title and body that the author has not marked harmless (text -> reason)."""
    found = checker.check(draft.title) + checker.check(draft.body)
    return [f for f in found if not harmless.get(f.text, "").strip()]


def save(
    viewer: Viewer,
    draft: StoryDraft,
    figures: duckdb.DuckDBPyConnection,
    *,
    story_id: str | None = None,
    harmless: dict[str, str] | None = None,
    checker: PrivacyChecker | None = None,
) -> SaveResult:
    """Save a new story, or a new version of an editable one; returns unresolved findings."""
    require_current(viewer)
    if viewer.role not in (PROFESSIONAL, MANAGER):
        raise NotAllowed("Alleen professionals en managers schrijven verhalen.")
    if problems := draft.problems():
        raise NotAllowed(" ".join(problems))
    harmless = {text: reason for text, reason in (harmless or {}).items() if reason.strip()}
    unresolved = unresolved_findings(checker or get_checker(), draft, harmless)
    theme = theme_of(figures, draft.team_code, draft.regeling_code, draft.taakveld_code)
    value, status = figure_value(
        figures,
        draft.metric_key,
        draft.period,
        draft.team_code,
        draft.regeling_code,
        draft.taakveld_code,
        theme_code=theme,
    )
    now = _now()
    with store.connect() as con:
        if story_id is None:
            story_id = uuid.uuid4().hex
            team = draft.team_code if draft.team_code in viewer.teams else (viewer.teams or (None,))[0]
            con.execute(
                "insert into stories values (?, null, ?, ?, ?, ?)", [story_id, viewer.username, team, now.date(), now]
            )
            version = 1
            add_event(con, story_id, version, CONCEPT, viewer.username, now)
            action = vocabulary.STORY_CREATED
        else:
            current = _current(con, story_id)
            _require_author_side(viewer, current)
            if current["status"] not in EDITABLE:
                raise NotAllowed("Alleen een concept of een teruggestuurd verhaal kan worden bewerkt.")
            version = current["version"] + 1
            action = vocabulary.STORY_EDITED
        add_version(
            con,
            story_id,
            version,
            draft,
            theme_code=theme,
            figure_value=value,
            figure_status=status,
            edited_by=viewer.username,
            edited_at=now,
            unresolved=len(unresolved),
        )
        for text, reason in harmless.items():
            con.execute(
                "insert into story_privacy_marks values (?, ?, ?, ?, ?, ?, ?)",
                [story_id, version, "onschuldig", text, reason, viewer.username, now],
            )
        audit.record(
            con,
            viewer.username,
            action,
            "verhaal",
            story_id,
            f"versie {version}; {len(unresolved)} open privacybevinding(en); {len(harmless)} als onschuldig gemarkeerd",
        )
    return SaveResult(story_id, version, unresolved)


def submit(viewer: Viewer, story_id: str) -> list[str]:
    """Send a story to the review queue; refused while privacy findings are unresolved.

    Returns Dutch warnings for the author: a placeholder such as "[BSN]" still in the text
    reads as "something was cut here", so the sentence is better rewritten without it."""
    require_current(viewer)
    with store.connect() as con:
        current = _current(con, story_id)
        _require_author_side(viewer, current)
        if current["status"] not in EDITABLE:
            raise NotAllowed("Alleen een concept of een teruggestuurd verhaal kan ter beoordeling.")
        if current["unresolved_findings"]:
            raise PrivacyBlocked(
                f"Dit verhaal bevat nog {current['unresolved_findings']} mogelijk persoonsgegeven(s). "
                "Vervang ze of markeer ze als onschuldig; tot dan blijft het verhaal binnen het team."
            )
        add_event(con, story_id, current["version"], SUBMITTED, viewer.username, _now())
        audit.record(
            con, viewer.username, vocabulary.STORY_SUBMITTED, "verhaal", story_id, f"versie {current['version']}"
        )
    return placeholder_warnings(current["title"] + "\n" + current["body"])


def placeholder_warnings(text: str) -> list[str]:
    marks = placeholders_in(text)
    if not marks:
        return []
    return [
        f"Er staat nog {', '.join(marks)} in de tekst. Een lezer ziet daaraan dat er iets is "
        "weggelaten; herschrijf de zin zo dat hij zonder dat gegeven leest."
    ]


def approve(viewer: Viewer, story_id: str, reviewer_roles: tuple[str, ...], author_roles: tuple[str, ...]) -> str:
    """Publish at the story's visibility (four eyes); returns the new status: `gepubliceerd`,
    or `wacht_op_manager` when a council story still needs a manager of the team.

    `reviewer_roles` and `author_roles` are the professional roles of their teams (e.g.
    klantmanager, wmo-consulent): when they do not overlap, the review crossed disciplines.
    """
    require_current(viewer)
    return _review(viewer, story_id, PUBLISHED, None, not set(reviewer_roles) & set(author_roles))


def return_to_author(
    viewer: Viewer, story_id: str, reason: str, reviewer_roles: tuple[str, ...], author_roles: tuple[str, ...]
) -> None:
    require_current(viewer)
    if not reason.strip():
        raise NotAllowed("Geef een reden, zodat de schrijver weet wat er anders moet.")
    _review(viewer, story_id, RETURNED, reason.strip(), not set(reviewer_roles) & set(author_roles))


def withdraw(viewer: Viewer, story_id: str, reason: str) -> None:
    """Withdraw a story; it stays in the history, with the reason."""
    require_current(viewer)
    if not reason.strip():
        raise NotAllowed("Geef een reden voor het intrekken.")
    with store.connect() as con:
        current = _current(con, story_id)
        if not may_see_history(viewer, current):
            raise NotAllowed("Alleen de schrijver of een manager van het team kan een verhaal intrekken.")
        if current["status"] == WITHDRAWN:
            raise NotAllowed("Dit verhaal is al ingetrokken.")
        add_event(con, story_id, current["version"], WITHDRAWN, viewer.username, _now(), reason.strip())
        audit.record(con, viewer.username, vocabulary.STORY_WITHDRAWN, "verhaal", story_id, reason.strip())


def _review(viewer: Viewer, story_id: str, status: str, reason: str | None, other_discipline: bool) -> str:
    if viewer.role not in (PROFESSIONAL, MANAGER, BEHEERDER):
        raise NotAllowed("Alleen professionals en managers beoordelen verhalen.")
    with store.connect() as con:
        current = _current(con, story_id)
        if not may_read(viewer, current):
            raise NotAllowed("U mag dit verhaal niet lezen, en dus ook niet beoordelen.")
        if viewer.username == current["author"]:
            raise NotAllowed("U kunt uw eigen verhaal niet beoordelen: publiceren vraagt een tweede paar ogen.")
        if viewer.username in _editors(con, story_id):
            raise NotAllowed(
                "U hebt een versie van dit verhaal geschreven en kunt het daarom niet "
                "beoordelen: publiceren vraagt een tweede paar ogen."
            )
        if current["status"] not in IN_REVIEW:
            raise NotAllowed("Dit verhaal staat niet ter beoordeling.")
        if current["status"] == AWAITING_MANAGER:
            if not is_team_manager(viewer, current):
                raise NotAllowed(
                    "Een collega keurde dit verhaal goed; nu beslist een manager van "
                    f"team {current['author_team']} of het naar de raad gaat."
                )
            if viewer.username == _first_reviewer(con, story_id):
                raise NotAllowed("U keurde dit verhaal al goed; de tweede stap is aan een andere manager van het team.")
        if status == PUBLISHED and current["unresolved_findings"]:
            raise PrivacyBlocked("Dit verhaal bevat nog onopgeloste privacybevindingen.")
        action, detail = (vocabulary.STORY_PUBLISHED if status == PUBLISHED else vocabulary.STORY_RETURNED, reason)
        if status == PUBLISHED and needs_manager_step(viewer, current):
            status, action = AWAITING_MANAGER, vocabulary.STORY_APPROVED
            detail = f"wacht op een manager van team {current['author_team']}"
        add_event(con, story_id, current["version"], status, viewer.username, _now(), reason, other_discipline)
        audit.record(con, viewer.username, action, "verhaal", story_id, detail)
    return status


def needs_manager_step(viewer: Viewer, story: dict[str, Any]) -> bool:
    """Whether this viewer's approval of a submitted story still waits for a manager: only for
    the council, only when the setting asks for it, and not when the viewer is that manager."""
    return (
        story.get("visibility") == COUNCIL
        and story.get("status") == SUBMITTED
        and adc_settings.raad_needs_manager()
        and not is_team_manager(viewer, story)
    )


def _editors(con: duckdb.DuckDBPyConnection, story_id: str) -> set[str]:
    """Everyone who wrote a version of the story (a manager may have rewritten a draft)."""
    return {
        name
        for (name,) in con.execute(
            "select distinct edited_by from story_versions where story_id = ?", [story_id]
        ).fetchall()
    }


def _first_reviewer(con: duckdb.DuckDBPyConnection, story_id: str) -> str | None:
    row = con.execute(
        "select actor from story_events where story_id = ? and status = ? order by event_id desc limit 1",
        [story_id, AWAITING_MANAGER],
    ).fetchone()
    return str(row[0]) if row else None


# --- rows ------------------------------------------------------------------------------
# The only writers of stories, versions and events (the import writes through them too): each
# keeps what is derived from them (the search index, the story's current row) in step, in the
# same transaction.

VERSION_FIELDS = tuple(f.name for f in fields(StoryDraft))


def add_version(
    con: duckdb.DuckDBPyConnection,
    story_id: str,
    version: int,
    draft: StoryDraft,
    *,
    theme_code: str | None,
    figure_value: float | None,
    figure_status: str | None,
    edited_by: str,
    edited_at: dt.datetime,
    unresolved: int,
) -> None:
    row = {name: getattr(draft, name) for name in VERSION_FIELDS} | {
        "story_id": story_id,
        "version": version,
        "theme_code": theme_code,
        "figure_value": figure_value,
        "figure_status": figure_status,
        "edited_by": edited_by,
        "edited_at": edited_at,
        "unresolved_findings": unresolved,
    }
    columns = ", ".join(row)
    con.execute(f"insert into story_versions ({columns}) values ({', '.join('$' + name for name in row)})", row)
    search.index_versions(
        con, pl.DataFrame({"story_id": [story_id], "version": [version], "title": [draft.title], "body": [draft.body]})
    )
    stories_now.refresh(con, [story_id])


def add_event(
    con: duckdb.DuckDBPyConnection,
    story_id: str,
    version: int,
    status: str,
    actor: str,
    at: dt.datetime,
    reason: str | None = None,
    other_discipline: bool | None = None,
) -> None:
    con.execute(
        "insert into story_events (story_id, version, status, actor, occurred_at, reason, "
        "other_discipline) values (?, ?, ?, ?, ?, ?, ?)",
        [story_id, version, status, actor, at, reason, other_discipline],
    )
    stories_now.refresh(con, [story_id])


def add_stories_in_bulk(
    con: duckdb.DuckDBPyConnection, stories: pl.DataFrame, versions: pl.DataFrame, events: pl.DataFrame
) -> None:
    """Many new stories at once (the import): their rows in `stories`, their versions and their
    events in lifecycle order, indexed and made current once for all of them.

    `stories` has the columns of the table, `versions` those of story_versions, `events` those
    of story_events but event_id, in the order each story's events happened."""
    _insert_frame(con, "stories", stories)
    _insert_frame(con, "story_versions", versions)
    # Explicit ids from the sequence, in the given order: a parallel insert would draw them in
    # any order, and the order of a story's events is its history.
    rows = "generate_series(1, ?)" if is_postgres(con) else "range(?)"
    drawn = con.execute(f"select nextval('story_event_seq') from {rows} order by 1", [events.height])
    ids = [r[0] for r in drawn.fetchall()]
    _insert_frame(con, "story_events", events.select(pl.Series("event_id", ids, pl.Int64), pl.all()))
    search.index_versions(con, versions.select("story_id", "version", "title", "body"), bulk=True)
    stories_now.refresh(con, stories["story_id"])


def _insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    """`table` is one of this module's tables; the values are bound, never SQL text."""
    insert_frame(con, table, frame)


def _current(con: duckdb.DuckDBPyConnection, story_id: str) -> dict[str, Any]:
    keys = (
        "author",
        "author_team",
        "team_code",
        "version",
        "unresolved_findings",
        "status",
        "visibility",
        "title",
        "body",
    )
    row = con.execute(f"select {', '.join(keys)} from story_current where story_id = ?", [story_id]).fetchone()
    if row is None:
        raise NotAllowed("Dit verhaal bestaat niet.")
    return dict(zip(keys, row))


# --- who may do what: one rule, used by the commands here and by the pages to offer buttons --
# `story` needs author, author_team, team_code and status (a `visible_stories` row will do).


def may_read(viewer: Viewer, story: dict[str, Any]) -> bool:
    """The reading rule of queries/stories.py (_STORIES) for one story: the beheerder reads
    everything, the author's team reads its own stories, everyone else only what is published
    for them without open privacy findings."""
    published_for = {RAAD: (COUNCIL,), MANAGER: (ORGANISATION, COUNCIL), PROFESSIONAL: (ORGANISATION, COUNCIL)}.get(
        viewer.role, ()
    )
    if viewer.role == BEHEERDER:
        return True
    if viewer.role in (MANAGER, PROFESSIONAL) and story.get("author_team") in viewer.teams:
        return True
    return (
        story.get("status") == PUBLISHED
        and story.get("visibility") in published_for
        and not story.get("unresolved_findings")
    )


def is_team_manager(viewer: Viewer, story: dict[str, Any]) -> bool:
    """A manager of the author's team: the one who lets a story go to the council."""
    return viewer.role == MANAGER and story.get("author_team") in viewer.teams


def manages(viewer: Viewer, story: dict[str, Any]) -> bool:
    """The beheerder, or a manager of the author's team or of the story's team."""
    return viewer.role == BEHEERDER or (
        viewer.role == MANAGER and (story.get("author_team") in viewer.teams or story.get("team_code") in viewer.teams)
    )


def may_see_history(viewer: Viewer, story: dict[str, Any]) -> bool:
    """Earlier versions may hold what a later one removed (a BSN before it was replaced), so the
    history stays with the author, the managers of the story's team and the beheerder."""
    return viewer.username == story.get("author") or manages(viewer, story)


def may_edit(viewer: Viewer, story: dict[str, Any]) -> bool:
    """A new version: by the author or a manager of the team, while concept or returned."""
    return viewer.role in (PROFESSIONAL, MANAGER) and story.get("status") in EDITABLE and may_see_history(viewer, story)


def may_withdraw(viewer: Viewer, story: dict[str, Any]) -> bool:
    return story.get("status") != WITHDRAWN and may_see_history(viewer, story)


def _require_author_side(viewer: Viewer, story: dict[str, Any]) -> None:
    if viewer.role == RAAD or not may_see_history(viewer, story):
        raise NotAllowed("Alleen de schrijver (of een manager van het team) kan dit verhaal wijzigen.")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
