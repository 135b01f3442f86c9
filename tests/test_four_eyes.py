"""Four eyes under attack: who may approve a story, and the manager step before the council."""

from __future__ import annotations

import pytest

import queries
from kernel import adc_settings
from kernel.access import BEHEERDER, MANAGER, PROFESSIONAL, RAAD, Viewer
from queries import db
from stories import service, store
from stories.privacy import RuleChecker
from stories.service import StoryDraft

AUTHOR = Viewer("wi-zuid-1", PROFESSIONAL, ("WI-ZUID",))
COLLEAGUE = Viewer("wi-zuid-2", PROFESSIONAL, ("WI-ZUID",))
OTHER_TEAM = Viewer("wi-noord-1", PROFESSIONAL, ("WI-NOORD",))
TEAM_MANAGER = Viewer("manager-zuid", MANAGER, ("WI-ZUID",))
OTHER_MANAGER = Viewer("manager-noord", MANAGER, ("WI-NOORD",))
BEHEER = Viewer("beheer", BEHEERDER)
WETHOUDER = Viewer("wethouder", RAAD)
ROLES = ("klantmanager",)


@pytest.fixture
def figures(data_dir, store_backend):
    """The sample figures; every test here runs on both story-store backends (store_backend)."""
    return db.figures()


def draft(
    visibility: str = "raad",
    body: str = "Sinds de herindeling hebben we er een wijk bij "
    "gekregen zonder extra mensen. Huisbezoeken schuiven door.",
) -> StoryDraft:
    return StoryDraft(
        title="Een wijk erbij, geen mensen erbij",
        body=body,
        metric_key="caseload_per_fte",
        period="2023-09",
        note_kind="werkdruk",
        visibility=visibility,
        team_code="WI-ZUID",
    )


def submitted(figures, visibility: str = "raad", writer: Viewer = AUTHOR) -> str:
    story_id = service.save(writer, draft(visibility), figures, checker=RuleChecker()).story_id
    service.submit(writer, story_id)
    return story_id


def approve(viewer: Viewer, story_id: str) -> str:
    return service.approve(viewer, story_id, ROLES, ROLES)


def status_of(story_id: str) -> str:
    with store.connect() as con:
        return con.execute("select status from story_current where story_id = ?", [story_id]).fetchone()[0]


def test_a_manager_who_rewrote_a_draft_cannot_approve_it(figures):
    story_id = service.save(AUTHOR, draft("organisatie"), figures, checker=RuleChecker()).story_id
    rewritten = draft("organisatie", body="De manager schreef dit verhaal helemaal om, en keurt het daarna zelf goed.")
    service.save(TEAM_MANAGER, rewritten, figures, story_id=story_id, checker=RuleChecker())
    service.submit(TEAM_MANAGER, story_id)
    with pytest.raises(service.NotAllowed, match="versie van dit verhaal geschreven"):
        approve(TEAM_MANAGER, story_id)
    with pytest.raises(service.NotAllowed, match="versie van dit verhaal geschreven"):
        service.return_to_author(TEAM_MANAGER, story_id, "Zelf terugsturen.", ROLES, ROLES)
    assert status_of(story_id) == "ter_beoordeling"
    assert approve(COLLEAGUE, story_id) == "gepubliceerd"  # someone who wrote nothing may


def test_a_professional_of_another_team_cannot_review_a_story_he_may_not_read(figures):
    story_id = submitted(figures, "organisatie")
    assert story_id not in queries.visible_stories(OTHER_TEAM, figures_con=figures)["story_id"].to_list()
    with pytest.raises(service.NotAllowed, match="niet lezen"):
        approve(OTHER_TEAM, story_id)
    with pytest.raises(service.NotAllowed, match="niet lezen"):
        service.return_to_author(OTHER_TEAM, story_id, "Niet van mij.", ROLES, ROLES)
    with pytest.raises(service.NotAllowed, match="niet lezen"):
        approve(OTHER_MANAGER, story_id)
    assert status_of(story_id) == "ter_beoordeling"


def test_a_colleagues_approval_of_a_council_story_waits_for_a_manager_of_the_team(figures):
    story_id = submitted(figures)
    assert approve(COLLEAGUE, story_id) == "wacht_op_manager"
    council = queries.visible_stories(WETHOUDER, figures_con=figures)["story_id"].to_list()
    assert story_id not in council
    for refused, message in (
        (COLLEAGUE, "manager van team WI-ZUID"),
        (BEHEER, "manager van team WI-ZUID"),
        (OTHER_MANAGER, "niet lezen"),
        (AUTHOR, "eigen verhaal"),
    ):
        with pytest.raises(service.NotAllowed, match=message):
            approve(refused, story_id)
    assert status_of(story_id) == "wacht_op_manager"

    assert approve(TEAM_MANAGER, story_id) == "gepubliceerd"
    assert story_id in queries.visible_stories(WETHOUDER, figures_con=figures)["story_id"].to_list()
    with store.connect() as con:
        events = con.execute(
            "select status, actor from story_events where story_id = ? order by event_id", [story_id]
        ).fetchall()
        actions = con.execute(
            "select action, actor from audit_log where object_id = ? order by audit_id", [story_id]
        ).fetchall()
    assert events[-2:] == [("wacht_op_manager", "wi-zuid-2"), ("gepubliceerd", "manager-zuid")]
    assert actions[-2:] == [("verhaal_goedgekeurd", "wi-zuid-2"), ("verhaal_gepubliceerd", "manager-zuid")]


def test_the_first_reviewer_cannot_take_the_manager_step_too(figures):
    story_id = submitted(figures)
    approve(COLLEAGUE, story_id)
    promoted = Viewer(COLLEAGUE.username, MANAGER, ("WI-ZUID",))  # became manager in between
    with pytest.raises(service.NotAllowed, match="al goed"):
        approve(promoted, story_id)
    assert status_of(story_id) == "wacht_op_manager"


def test_the_manager_may_send_a_council_story_back_at_the_second_step(figures):
    story_id = submitted(figures)
    approve(COLLEAGUE, story_id)
    with pytest.raises(service.NotAllowed, match="manager van team"):
        service.return_to_author(COLLEAGUE, story_id, "Toch niet.", ROLES, ROLES)
    service.return_to_author(TEAM_MANAGER, story_id, "Nog niet voor de raad.", ROLES, ROLES)
    assert status_of(story_id) == "teruggestuurd"


def test_a_manager_of_the_team_publishes_a_council_story_in_one_step(figures):
    assert approve(TEAM_MANAGER, submitted(figures)) == "gepubliceerd"


@pytest.mark.parametrize("visibility", ["team", "organisatie"])
def test_team_and_organisation_stories_need_one_colleague(figures, visibility):
    assert approve(COLLEAGUE, submitted(figures, visibility)) == "gepubliceerd"


def test_the_manager_step_is_one_setting(figures, monkeypatch):
    monkeypatch.setenv(adc_settings.RAAD_NEEDS_MANAGER.env, "nee")
    assert approve(COLLEAGUE, submitted(figures)) == "gepubliceerd"
    monkeypatch.setenv(adc_settings.RAAD_NEEDS_MANAGER.env, "misschien")
    with pytest.raises(ValueError, match="'ja' of 'nee'"):
        adc_settings.raad_needs_manager()


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_a_placeholder_left_in_the_text_warns_the_author_but_does_not_block(figures):
    body = "De moeder ([naam], BSN [BSN]) belde ons over de aanvraag die bleef liggen."
    story_id = service.save(AUTHOR, draft("team", body=body), figures, checker=RuleChecker()).story_id
    warnings = service.submit(AUTHOR, story_id)
    assert len(warnings) == 1 and "[naam], [BSN]" in warnings[0] and "herschrijf de zin" in warnings[0]
    assert status_of(story_id) == "ter_beoordeling"
    assert (
        service.submit(
            AUTHOR, submitted_clean := service.save(AUTHOR, draft("team"), figures, checker=RuleChecker()).story_id
        )
        == []
    )
    assert status_of(submitted_clean) == "ter_beoordeling"


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_a_manager_who_wrote_a_version_cannot_take_the_manager_step(figures):
    story_id = service.save(AUTHOR, draft(), figures, checker=RuleChecker()).story_id
    service.save(
        TEAM_MANAGER,
        draft(body="De manager schreef een alinea bij over de wachtlijst en de huisbezoeken."),
        figures,
        story_id=story_id,
        checker=RuleChecker(),
    )
    service.submit(AUTHOR, story_id)
    assert approve(COLLEAGUE, story_id) == "wacht_op_manager"
    with pytest.raises(service.NotAllowed, match="versie van dit verhaal geschreven"):
        approve(TEAM_MANAGER, story_id)
    promoted = Viewer("manager-zuid-2", MANAGER, ("WI-ZUID",))
    assert approve(promoted, story_id) == "gepubliceerd"


@pytest.mark.parametrize(
    "viewer", [AUTHOR, COLLEAGUE, OTHER_TEAM, TEAM_MANAGER, OTHER_MANAGER, BEHEER, WETHOUDER], ids=lambda v: v.username
)
@pytest.mark.slow
def test_the_service_reading_rule_is_the_one_the_pages_read_with(figures, viewer):
    """may_read (used by the review commands) and visible_stories (every page) agree on every
    story of the sample store, in every state, after some reviews."""
    for visibility in ("team", "organisatie", "raad"):
        approve(COLLEAGUE, submitted(figures, visibility))
        submitted(figures, visibility)
    every = queries.visible_stories(BEHEER, figures_con=figures, brief=True)
    assert set(every["status"]) >= {"concept", "ter_beoordeling", "wacht_op_manager", "gepubliceerd"}
    readable = {s["story_id"] for s in every.iter_rows(named=True) if service.may_read(viewer, s)}
    if viewer.is_council:  # the pages also keep a story from the council beside a hidden figure
        hidden = queries.suppressed_cells(figures, every)
        readable -= set(every.join(hidden, on=queries.CELL_KEYS, how="semi", nulls_equal=True)["story_id"])
    shown = set(queries.visible_stories(viewer, figures_con=figures, brief=True)["story_id"])
    assert readable == shown
