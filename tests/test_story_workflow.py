"""The story lifecycle against a real story store: privacy gate, four eyes, history, audit."""

from __future__ import annotations

import polars as pl
import pytest

from kernel.access import MANAGER, PROFESSIONAL, RAAD, Viewer
from queries import db
from stories import current, search, service, store
from stories.privacy import RuleChecker
from stories.service import StoryDraft
from tests.records import audit_count, story_status

AUTHOR = Viewer("wi-zuid-1", PROFESSIONAL, ("WI-ZUID",))
COLLEAGUE = Viewer("wi-zuid-2", PROFESSIONAL, ("WI-ZUID",))
MANAGER_PARTICIPATIE = Viewer("manager-participatie", MANAGER, ("WI-NOORD", "WI-ZUID", "HANDH"))
WETHOUDER = Viewer("wethouder", RAAD)
KLANTMANAGER, WMO = ("klantmanager",), ("wmo-consulent",)


def draft(
    body: str = "Sinds de herindeling hebben we er een wijk bij gekregen zonder extra "
    "mensen. Huisbezoeken schuiven door.",
    **changes,
) -> StoryDraft:
    fields = dict(
        title="Een wijk erbij, geen mensen erbij",
        body=body,
        metric_key="caseload_per_fte",
        period="2023-09",
        note_kind="werkdruk",
        visibility="raad",
        team_code="WI-ZUID",
        dilemma_tags=["zorgen_activeren"],
        value_tags=["menselijkheid"],
    )
    return StoryDraft(**(fields | changes))


@pytest.fixture
def figures(data_dir, store_backend):
    """The sample figures; every test here runs on both story-store backends (store_backend)."""
    return db.figures()


def save(viewer=AUTHOR, figures=None, **kwargs) -> service.SaveResult:
    return service.save(viewer, kwargs.pop("story", draft()), figures, checker=RuleChecker(), **kwargs)


def test_saved_story_records_the_figure_value_and_starts_as_concept(figures):
    result = save(figures=figures)
    expected = figures.execute(
        "select value from mart_metric_values where metric_key = 'caseload_per_fte' "
        "and team_code = 'WI-ZUID' and period = '2023-09'"
    ).fetchone()[0]
    with store.connect() as con:
        value, theme = con.execute(
            "select figure_value, theme_code from story_versions where story_id = ?", [result.story_id]
        ).fetchone()
    assert (value, theme) == (pytest.approx(expected), "participatie")
    assert story_status(result.story_id) == "concept" and result.unresolved == []


@pytest.mark.slow
def test_a_bsn_in_the_text_blocks_submission_until_it_is_replaced(figures):
    body = "De moeder (BSN 111222333) belde ons op 06-12345678 over de aanvraag die bleef liggen."
    result = save(figures=figures, story=draft(body))
    assert sorted(f.kind for f in result.unresolved) == ["bsn", "telefoon"]
    with pytest.raises(service.PrivacyBlocked, match="2 mogelijk persoonsgegeven"):
        service.submit(AUTHOR, result.story_id)

    cleaned = body.replace("111222333", "[BSN]").replace("06-12345678", "[telefoonnummer]")
    second = save(figures=figures, story=draft(cleaned), story_id=result.story_id)
    service.submit(AUTHOR, result.story_id)
    assert (second.version, story_status(result.story_id)) == (2, "ter_beoordeling")


@pytest.mark.slow
def test_a_finding_marked_harmless_with_a_reason_is_resolved_and_recorded(figures):
    body = "We bespraken het in de teamkamer, kamer 0612345678 is geen telefoon maar een zaaknummer."
    result = save(figures=figures, story=draft(body))
    assert len(result.unresolved) == 1
    text = result.unresolved[0].text
    again = save(
        figures=figures,
        story=draft(body),
        story_id=result.story_id,
        harmless={text: "Zaaknummer uit het zaaksysteem, geen persoonsgegeven."},
    )
    assert again.unresolved == []
    service.submit(AUTHOR, result.story_id)
    with store.connect() as con:
        assert con.execute("select marked_text, reason, actor from story_privacy_marks").fetchall() == [
            (text, "Zaaknummer uit het zaaksysteem, geen persoonsgegeven.", "wi-zuid-1")
        ]


@pytest.mark.slow
def test_an_author_cannot_approve_their_own_story(figures):
    story_id = save(figures=figures).story_id
    service.submit(AUTHOR, story_id)
    with pytest.raises(service.NotAllowed, match="eigen verhaal"):
        service.approve(AUTHOR, story_id, KLANTMANAGER, KLANTMANAGER)
    assert story_status(story_id) == "ter_beoordeling"


@pytest.mark.slow
def test_a_colleague_approves_and_the_story_is_published_with_the_discipline_recorded(figures):
    story_id = save(figures=figures, story=draft(visibility="organisatie")).story_id
    service.submit(AUTHOR, story_id)
    service.approve(COLLEAGUE, story_id, KLANTMANAGER, KLANTMANAGER)
    with store.connect() as con:
        event = con.execute(
            "select status, actor, other_discipline from story_events "
            "where story_id = ? order by event_id desc limit 1",
            [story_id],
        ).fetchone()
    assert event == ("gepubliceerd", "wi-zuid-2", False)


@pytest.mark.slow
def test_a_returned_story_carries_the_reason_and_can_be_edited_again(figures):
    story_id = save(figures=figures).story_id
    service.submit(AUTHOR, story_id)
    with pytest.raises(service.NotAllowed, match="reden"):
        service.return_to_author(MANAGER_PARTICIPATIE, story_id, "  ", KLANTMANAGER, KLANTMANAGER)
    service.return_to_author(MANAGER_PARTICIPATIE, story_id, "Noem de periode van de herindeling.", WMO, KLANTMANAGER)
    with store.connect() as con:
        reason, other = con.execute(
            "select reason, other_discipline from story_events where story_id = ? and status = 'teruggestuurd'",
            [story_id],
        ).fetchone()
    assert (reason, other) == ("Noem de periode van de herindeling.", True)
    assert save(figures=figures, story_id=story_id).version == 2


@pytest.mark.slow
def test_published_stories_cannot_be_edited_only_withdrawn_and_history_is_kept(figures):
    story_id = save(figures=figures, story=draft(visibility="team")).story_id
    service.submit(AUTHOR, story_id)
    service.approve(COLLEAGUE, story_id, KLANTMANAGER, KLANTMANAGER)
    with pytest.raises(service.NotAllowed, match="bewerkt"):
        save(figures=figures, story_id=story_id)
    service.withdraw(AUTHOR, story_id, "Verouderd na de nieuwe werkwijze.")
    with store.connect() as con:
        events = con.execute(
            "select status from story_events where story_id = ? order by event_id", [story_id]
        ).fetchall()
        versions = con.execute("select count(*) from story_versions where story_id = ?", [story_id]).fetchone()
    assert [e[0] for e in events] == ["concept", "ter_beoordeling", "gepubliceerd", "ingetrokken"]
    assert versions == (1,)


def test_the_council_cannot_write_or_review_stories(figures):
    with pytest.raises(service.NotAllowed):
        save(viewer=WETHOUDER, figures=figures)
    story_id = save(figures=figures).story_id
    service.submit(AUTHOR, story_id)
    with pytest.raises(service.NotAllowed):
        service.approve(WETHOUDER, story_id, (), KLANTMANAGER)


def test_another_professional_cannot_change_someone_elses_story(figures):
    story_id = save(figures=figures).story_id
    with pytest.raises(service.NotAllowed, match="schrijver"):
        service.submit(COLLEAGUE, story_id)


def test_an_incomplete_draft_is_refused_with_every_problem(figures):
    with pytest.raises(service.NotAllowed) as refused:
        save(figures=figures, story=draft("kort", title=" ", note_kind="x", dilemma_tags=["y"]))
    assert str(refused.value) == (
        "Geef het verhaal een titel. Schrijf het verhaal (minstens 20 "
        "tekens). Kies wat voor notitie het is. Onbekend dilemma: y."
    )


@pytest.mark.slow
def test_every_story_command_writes_exactly_one_audit_record(figures):
    story_id = save(figures=figures).story_id
    steps = [
        lambda: save(figures=figures, story_id=story_id, story=draft(title="Nieuwe titel")),
        lambda: service.submit(AUTHOR, story_id),
        lambda: service.return_to_author(COLLEAGUE, story_id, "Graag korter.", KLANTMANAGER, KLANTMANAGER),
        lambda: save(figures=figures, story_id=story_id),
        lambda: service.submit(AUTHOR, story_id),
        lambda: service.approve(COLLEAGUE, story_id, KLANTMANAGER, KLANTMANAGER),
        lambda: service.withdraw(AUTHOR, story_id, "Achterhaald."),
    ]
    for step in steps:
        before = audit_count()
        step()
        assert audit_count() == before + 1


@pytest.mark.slow
def test_after_every_command_the_current_stories_and_the_search_index_follow_the_history(figures):
    """story_current and the search index are derived from versions and events in the same
    transaction: after each step they equal a fresh derivation, for every story."""

    def assert_derived_tables_follow() -> None:
        with store.connect() as con:
            kept = con.execute("select * from story_current order by story_id").pl()
            fresh = current.derived(con).sort("story_id")
            assert kept.select(fresh.columns).equals(fresh)
            unindexed = con.execute("""
                select count(*) from story_versions as v where not exists (select 1 from search_documents as d
                    where d.story_id = v.story_id and d.version = v.version)
            """).fetchone()[0]
            assert unindexed == 0

    story_id = save(figures=figures).story_id
    steps = [
        lambda: save(figures=figures, story_id=story_id, story=draft(title="Wachtkamer vol")),
        lambda: service.submit(AUTHOR, story_id),
        lambda: service.return_to_author(COLLEAGUE, story_id, "Graag korter.", KLANTMANAGER, KLANTMANAGER),
        lambda: save(figures=figures, story_id=story_id),
        lambda: service.submit(AUTHOR, story_id),
        lambda: service.approve(COLLEAGUE, story_id, KLANTMANAGER, KLANTMANAGER),
        lambda: service.withdraw(AUTHOR, story_id, "Achterhaald."),
    ]
    assert_derived_tables_follow()
    for step in steps:
        step()
        assert_derived_tables_follow()
    with store.reading() as con:  # what the pages read (on PostgreSQL: the replica)
        row = con.execute("select title, status, version from story_current where story_id = ?", [story_id]).fetchone()
        found = search.search(con, pl.DataFrame({"story_id": [story_id], "version": [3]}), "wachtkamer")
    assert row == ("Een wijk erbij, geen mensen erbij", "ingetrokken", 3)
    assert found.is_empty()  # version 3 went back to the first title; only version 2 had a wachtkamer
