"""The story pages in AppTest: writing a story to a figure with the privacy check, the review
queue (four eyes), history and withdrawal, full-text search and revised figures.

The service rules have their own tests (test_story_workflow.py); these drive the pages by
widget key, against a private copy of the sample databases per test.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

import queries
from dashboard import session
from dashboard import story_components as sc
from kernel import adc_settings
from kernel.access import BEHEERDER, MANAGER, PROFESSIONAL, RAAD, Viewer
from presentation import labels, story_text
from queries import db
from stories import current, service, store
from stories.privacy import Finding, RuleChecker
from stories.service import StoryDraft
from tests.apptest import assert_fine, open_page
from tests.records import story_status

ADD = "app_pages/verhaal_toevoegen.py"
REVIEW = "app_pages/beoordelen.py"
STORIES = "app_pages/verhalen.py"

AUTHOR = Viewer("wi-zuid-1", PROFESSIONAL, ("WI-ZUID",), "Klantmanager WI-Zuid")
COLLEAGUE = Viewer("wi-zuid-2", PROFESSIONAL, ("WI-ZUID",), "Klantmanager WI-Zuid (2)")
OTHER_TEAM = Viewer("wmo-1", PROFESSIONAL, ("WMO",), "Wmo-consulent")
MANAGER_WI = Viewer("manager-participatie", MANAGER, ("WI-NOORD", "WI-ZUID", "HANDH"), "Teamleider")
MANAGER_ZORG = Viewer("manager-zorg", MANAGER, ("WMO", "JGD-OOST", "JGD-WEST", "SHV", "LLV"), "Teamleider")
ADMIN = Viewer("beheerder", BEHEERDER, (), "Functioneel beheerder")
WETHOUDER = Viewer("wethouder", RAAD, (), "Wethouder")

BODY_WITH_DATA = (
    "De moeder (BSN 111222333) belde ons op 06-12345678 over de aanvraag voor "
    "bijzondere bijstand die al weken bleef liggen."
)
CLEAN_BODY = (
    "Sinds de herindeling doen we een halve wijk erbij zonder extra mensen. Huisbezoeken "
    "schuiven door en aanvragen blijven liggen."
)


pytestmark = pytest.mark.usefixtures("app_data")  # each test writes to its own copy


# --- helpers (logging in and opening a page: tests/apptest.py) --------------------------------


def texts(at: AppTest) -> str:
    return "\n".join(
        [m.value for m in at.markdown]
        + [c.value for c in at.caption]
        + [w.value for w in at.warning]
        + [i.value for i in at.info]
    )


def messages(at: AppTest, kind: str) -> list[str]:
    return [m.value for m in getattr(at, kind)]


def write_story(
    at: AppTest,
    *,
    title="Een wijk erbij, niemand erbij",
    body=CLEAN_BODY,
    note_kind="werkdruk",
    visibility="organisatie",
) -> None:
    at.text_input(key="vt_title").input(title)
    at.text_area(key="vt_body").input(body)
    at.selectbox(key="vt_note_kind").select(note_kind)
    at.multiselect(key="vt_dilemmas").select("zorgen_activeren")
    at.multiselect(key="vt_values").select("menselijkheid")
    at.text_input(key="vt_free_tags").input("herindeling, wachtlijst")
    at.radio(key="vt_visibility").set_value(visibility)


def click(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click().run()
    assert_fine(at)
    return at


def open_expander(at: AppTest, key: str) -> AppTest:
    """Open a story's expander on Beoordelen, as a click does: its content is drawn only then."""
    at.session_state[key] = True
    at.run()
    assert_fine(at)
    return at


def saved_story(at: AppTest) -> str:
    return at.session_state["vt_story_id"]


def draft(**changes) -> StoryDraft:
    fields = dict(
        title="Een wijk erbij, niemand erbij",
        body=CLEAN_BODY,
        metric_key="active_dossiers",
        period="2026-10",
        note_kind="werkdruk",
        visibility="organisatie",
        team_code="WI-ZUID",
        dilemma_tags=["zorgen_activeren"],
        value_tags=["menselijkheid"],
    )
    return StoryDraft(**(fields | changes))


def submitted_story(viewer: Viewer = AUTHOR, **changes) -> str:
    """A story written and sent for review through the service (the page is tested elsewhere)."""
    result = service.save(viewer, draft(**changes), db.figures(), checker=RuleChecker())
    service.submit(viewer, result.story_id)
    return result.story_id


def current_active_dossiers_wi_zuid() -> float:
    return (
        db.figures()
        .execute(
            "select value from mart_metric_values where metric_key = 'active_dossiers' "
            "and team_code = 'WI-ZUID' and period = '2026-10'"
        )
        .fetchone()[0]
    )


# --- smoke -----------------------------------------------------------------------------------


@pytest.mark.parametrize("viewer", [AUTHOR, MANAGER_WI], ids=["professional", "manager"])
@pytest.mark.parametrize(
    "page,title", [(ADD, labels.TITLE_ADD_STORY), (REVIEW, labels.TITLE_REVIEW), (STORIES, labels.TITLE_STORIES)]
)
@pytest.mark.slow
def test_every_story_page_shows_its_own_title(viewer, page, title):
    at = open_page(viewer, page)
    assert [t.value for t in at.title] == [title]


# --- writing a story -------------------------------------------------------------------------


@pytest.mark.slow
def test_the_add_page_starts_from_the_figure_in_the_link_and_shows_its_value_now():
    at = open_page(AUTHOR, ADD, metric="active_dossiers", period="2026-10", team="WI-ZUID")
    assert at.selectbox(key="vt_metric").value == "active_dossiers"
    assert at.selectbox(key="vt_period").value == "2026-10"
    assert at.selectbox(key="vt_team").value == "WI-ZUID"
    value = current_active_dossiers_wi_zuid()
    assert f"Waarde nu: **{int(value)}** (voorlopig) · okt 2026" in texts(at)


@pytest.mark.slow
def test_a_budget_figure_asks_for_a_taakveld_not_a_team():
    at = open_page(MANAGER_ZORG, ADD, metric="budget_forecast_deviation", period="2024-K4")
    keys = {s.key for s in at.selectbox}
    assert "vt_taakveld" in keys and "vt_team" not in keys
    assert labels.FIGURE_SCOPE_NEEDED.format(what="taakveld") in messages(at, "warning")
    assert at.button(key="vt_save").disabled


@pytest.mark.slow
def test_a_bsn_and_a_phone_number_are_flagged_and_block_submission_until_replaced():
    at = open_page(AUTHOR, ADD, metric="active_dossiers", period="2026-10", team="WI-ZUID")
    write_story(at, body=BODY_WITH_DATA)
    click(at, "vt_check")
    assert labels.PRIVACY_FOUND.format(n=2) in messages(at, "warning")
    highlighted = texts(at)
    assert ":red-background[:red[**111222333**]] :red-badge[BSN]" in highlighted
    assert ":red-background[:red[**06\\-12345678**]] :red-badge[Telefoonnummer]" in highlighted
    assert {c.label for c in at.checkbox} >= {
        "Vervang door [BSN]",
        "Vervang door [telefoonnummer]",
        labels.PRIVACY_HARMLESS,
    }

    click(at, "vt_submit")
    story_id = saved_story(at)
    assert any("2 mogelijk persoonsgegeven" in e for e in messages(at, "error"))
    assert story_status(story_id) == "concept"  # saved, but not beyond the team

    click(at, "vt_replace")
    assert at.text_area(key="vt_body").value == BODY_WITH_DATA.replace("111222333", "[BSN]").replace(
        "06-12345678", "[telefoonnummer]"
    )
    assert labels.PRIVACY_CLEAN in messages(at, "success")
    click(at, "vt_submit")
    assert labels.SUBMITTED.format(version=2) in messages(at, "success")
    assert story_status(story_id) == "ter_beoordeling"
    assert at.query_params["verhaal"] == story_id  # a reload reopens this story


@pytest.mark.slow
def test_a_draft_with_open_findings_can_be_saved_and_says_what_is_left():
    at = open_page(AUTHOR, ADD, metric="active_dossiers", period="2026-10", team="WI-ZUID")
    write_story(at, body=BODY_WITH_DATA)
    click(at, "vt_save")
    assert labels.SAVED_DRAFT.format(version=1) in messages(at, "success")
    assert labels.SAVED_OPEN_FINDINGS.format(n=2) in messages(at, "warning")
    with store.connect() as con:
        assert con.execute(
            "select unresolved_findings from story_versions where story_id = ?", [saved_story(at)]
        ).fetchone() == (2,)


@pytest.mark.slow
def test_a_finding_marked_harmless_needs_a_reason_and_the_reason_is_recorded():
    body = "We bespraken het in de teamkamer; 0612345678 is hier geen telefoon maar een zaaknummer."
    at = open_page(AUTHOR, ADD, metric="active_dossiers", period="2026-10", team="WI-ZUID")
    write_story(at, body=body)
    click(at, "vt_check")
    at.checkbox(key="vt_ok::0612345678").check().run()
    assert labels.PRIVACY_REASON_NEEDED in messages(at, "caption")
    click(at, "vt_submit")
    assert any("1 mogelijk persoonsgegeven" in e for e in messages(at, "error"))

    at.text_input(key="vt_why::0612345678").input("Zaaknummer uit het zaaksysteem").run()
    click(at, "vt_submit")
    story_id = saved_story(at)
    assert story_status(story_id) == "ter_beoordeling"
    with store.connect() as con:
        assert con.execute(
            "select marked_text, reason, actor from story_privacy_marks where story_id = ?", [story_id]
        ).fetchall() == [("0612345678", "Zaaknummer uit het zaaksysteem", "wi-zuid-1")]


@pytest.mark.slow
def test_a_story_without_a_title_is_refused_with_a_dutch_message():
    at = open_page(AUTHOR, ADD, metric="active_dossiers", period="2026-10", team="WI-ZUID")
    at.text_area(key="vt_body").input(CLEAN_BODY)
    click(at, "vt_save")
    assert any("Geef het verhaal een titel." in e for e in messages(at, "error"))
    assert at.session_state["vt_story_id"] is None


@pytest.mark.slow
def test_the_council_cannot_write_a_story_even_when_the_page_is_opened_directly():
    at = AppTest.from_file(str(adc_settings.ROOT / "dashboard" / ADD), default_timeout=30)
    at.session_state[session._CONTEXT] = session.PageContext(
        con=db.figures(), viewer=WETHOUDER, filters=None, options=None
    )
    at.run()
    assert_fine(at)
    assert messages(at, "info") == [labels.ADD_STORY_COUNCIL]
    assert not at.text_area


@pytest.mark.slow
def test_editing_a_returned_story_shows_the_reason_and_adds_a_version():
    story_id = submitted_story()
    service.return_to_author(COLLEAGUE, story_id, "Noem de wijk niet bij naam.", ("klantmanager",), ("klantmanager",))
    at = open_page(AUTHOR, ADD, verhaal=story_id)
    assert any("Noem de wijk niet bij naam" in w for w in messages(at, "warning"))
    assert at.text_input(key="vt_title").value == "Een wijk erbij, niemand erbij"
    assert at.multiselect(key="vt_values").value == ["menselijkheid"]
    at.text_area(key="vt_body").input(CLEAN_BODY + " De wijk noemen we niet.")
    click(at, "vt_submit")
    assert labels.SUBMITTED.format(version=2) in messages(at, "success")
    with store.connect() as con:
        assert con.execute("select count(*) from story_versions where story_id = ?", [story_id]).fetchone() == (2,)


@pytest.mark.slow
def test_a_story_under_review_cannot_be_edited():
    story_id = submitted_story()
    at = open_page(AUTHOR, ADD, verhaal=story_id)
    assert labels.STORY_UNDER_REVIEW in messages(at, "info")
    assert not at.text_area


# --- review: four eyes -----------------------------------------------------------------------


@pytest.mark.slow
def test_an_author_cannot_approve_their_own_story():
    story_id = submitted_story()
    at = open_page(AUTHOR, REVIEW)
    assert labels.REVIEW_OWN in messages(at, "info")
    assert f"publiceer_{story_id}" not in {b.key for b in at.button}


@pytest.mark.slow
def test_a_colleague_publishes_and_the_story_appears_beside_its_figure():
    story_id = submitted_story(visibility="raad")
    at = open_page(COLLEAGUE, REVIEW)
    assert any("dezelfde discipline" in m for m in messages(at, "markdown"))
    assert any("beslist een manager van team WI-ZUID" in m for m in messages(at, "caption"))
    click(at, f"publiceer_{story_id}")
    assert story_status(story_id) == "wacht_op_manager"  # for the council: the manager step
    assert any("beslist nu een manager van team WI-ZUID" in m for m in messages(at, "success"))
    assert f"publiceer_{story_id}" not in [b.key for b in open_page(COLLEAGUE, REVIEW).button]

    manager = open_page(MANAGER_WI, REVIEW)
    assert any("Goedgekeurd door wi-zuid-2" in m for m in messages(manager, "markdown"))
    click(manager, f"publiceer_{story_id}")
    assert story_status(story_id) == "gepubliceerd"
    with store.connect() as con:
        assert con.execute(
            "select status, actor, other_discipline from story_events where story_id = ? "
            "and status in ('wacht_op_manager', 'gepubliceerd') order by event_id",
            [story_id],
        ).fetchall() == [("wacht_op_manager", "wi-zuid-2", False), ("gepubliceerd", "manager-participatie", False)]

    overview = open_page(WETHOUDER, "app_pages/raad_overzicht.py", cijfer="active_dossiers", team="WI-ZUID")
    radio = overview.radio(key="url_verhaal")
    assert any("Een wijk erbij, niemand erbij" in option for option in radio.options)


@pytest.mark.slow
def test_a_reviewer_from_another_discipline_is_told_so_and_it_is_recorded():
    story_id = submitted_story()
    at = open_page(ADMIN, REVIEW)
    card = at.container(key=f"beoordeling_{story_id}")
    assert any("andere discipline" in m.value for m in card.markdown)
    click(at, f"publiceer_{story_id}")
    with store.connect() as con:
        assert con.execute(
            "select other_discipline from story_events where story_id = ? and status = 'gepubliceerd'", [story_id]
        ).fetchone() == (True,)


@pytest.mark.slow
def test_returning_needs_a_reason_and_the_author_sees_it():
    story_id = submitted_story()
    at = open_page(COLLEAGUE, REVIEW)
    click(at, f"terug_{story_id}")
    assert any("Geef een reden" in e for e in messages(at, "error"))
    assert story_status(story_id) == "ter_beoordeling"
    at.text_input(key=f"reden_{story_id}").input("Te herleidbaar: noem de straat niet.")
    click(at, f"terug_{story_id}")
    assert story_status(story_id) == "teruggestuurd"

    mine = open_page(AUTHOR, REVIEW)
    assert any("Te herleidbaar\\: noem de straat niet" in w for w in messages(mine, "warning"))


@pytest.mark.slow
def test_a_draft_is_never_visible_beyond_its_team():
    result = service.save(
        AUTHOR, draft(title="Zeldzaamwoord concept", visibility="raad"), db.figures(), checker=RuleChecker()
    )
    for outsider in (OTHER_TEAM, MANAGER_ZORG, WETHOUDER):
        page = open_page(outsider, STORIES, verhaal=result.story_id)
        assert labels.STORY_NOT_FOUND in messages(page, "info")
        found = open_page(outsider, STORIES, zoek="Zeldzaamwoord")
        assert "#### Zeldzaamwoord" not in texts(found)
    for outsider in (OTHER_TEAM, MANAGER_ZORG):
        assert "Zeldzaamwoord" not in texts(open_page(outsider, REVIEW))
    inside = open_page(COLLEAGUE, STORIES, verhaal=result.story_id)
    assert "#### Zeldzaamwoord concept" in texts(inside)


# --- history and withdrawal ------------------------------------------------------------------


@pytest.mark.slow
def test_a_manager_sees_every_version_and_who_did_what_when():
    at = open_page(AUTHOR, ADD, metric="active_dossiers", period="2026-10", team="WI-ZUID")
    write_story(at, body=BODY_WITH_DATA)
    click(at, "vt_save")
    click(at, "vt_check")
    click(at, "vt_replace")
    click(at, "vt_submit")
    # Submitted, with a warning: "[BSN]" in a sentence reads as "something was cut here".
    assert any("\\[BSN\\]" in w and "herschrijf de zin" in w for w in messages(at, "warning"))
    story_id = saved_story(at)
    service.approve(COLLEAGUE, story_id, ("klantmanager",), ("klantmanager",))

    manager = open_page(MANAGER_WI, REVIEW)
    assert not manager.expander(key=f"team_{story_id}").children  # closed: nothing read or drawn
    expander = open_expander(manager, f"team_{story_id}").expander(key=f"team_{story_id}")
    events, versions = [d.value for d in expander.dataframe]
    assert events["Status"].to_list() == ["Concept", "Ter beoordeling", "Gepubliceerd"]
    assert events["Door"].to_list() == ["wi-zuid-1", "wi-zuid-1", "wi-zuid-2"]
    assert events["Andere discipline"].to_list() == ["", "", "nee"]
    assert versions["Versie"].to_list() == [1, 2]
    assert versions["Open privacybevindingen"].to_list() == [2, 0]
    diff = expander.code[0].value
    assert "-De moeder (BSN 111222333)" in diff and "+De moeder (BSN [BSN])" in diff


@pytest.mark.slow
def test_a_colleague_does_not_see_the_history_with_what_was_replaced():
    story_id = submitted_story()
    versions, events = queries.story_history(COLLEAGUE, [story_id], figures_con=db.figures())
    assert versions.is_empty() and events.is_empty()
    versions, _ = queries.story_history(MANAGER_WI, [story_id], figures_con=db.figures())
    assert versions.height == 1


@pytest.mark.slow
def test_withdrawing_needs_a_reason_and_keeps_the_story_in_the_history():
    story_id = submitted_story()
    service.approve(COLLEAGUE, story_id, ("klantmanager",), ("klantmanager",))
    at = open_expander(open_page(AUTHOR, REVIEW), f"mijn_{story_id}")
    click(at, f"intrekken_{story_id}")
    assert any("Geef een reden voor het intrekken." in e for e in messages(at, "error"))
    at.text_input(key=f"intrekreden_{story_id}").input("Cijfer blijkt een registratiefout.")
    click(at, f"intrekken_{story_id}")
    assert story_status(story_id) == "ingetrokken"
    events = at.expander(key=f"mijn_{story_id}").dataframe[0].value
    assert events["Status"].to_list()[-1] == "Ingetrokken"
    assert events["Reden"].to_list()[-1] == "Cijfer blijkt een registratiefout."


# --- search and revised figures --------------------------------------------------------------


@pytest.mark.slow
def test_search_finds_other_word_forms_best_first_with_the_words_highlighted():
    at = open_page(MANAGER_WI, STORIES, zoek="aanvragen")
    assert at.text_input(key="url_zoek").value == "aanvragen"
    shown = messages(at, "markdown")
    assert any(m.startswith("**") and "gevonden voor 'aanvragen', beste resultaat eerst" in m for m in shown)
    first_card = next(m for m in shown if ":orange-background[**" in m)
    assert ":orange-background[**aanvraag**]" in first_card or ":orange-background[**aanvragen**]" in first_card

    at.selectbox(key="url_status").select("concept").run()
    assert_fine(at)
    narrowed = [m for m in messages(at, "markdown") if "gevonden voor" in m or m.startswith("**0 ")]
    assert narrowed and "gevonden voor 'aanvragen'" in narrowed[0]
    assert at.query_params["zoek"] == "aanvragen"


@pytest.mark.slow
def test_search_ranks_the_best_match_first():
    best = submitted_story(
        title="Huisbezoek huisbezoeken huisbezoek",
        body="Huisbezoeken bij huisbezoek na huisbezoek; meer huisbezoeken dan ooit.",
    )
    service.approve(COLLEAGUE, best, ("klantmanager",), ("klantmanager",))
    at = open_page(MANAGER_WI, STORIES, zoek="huisbezoeken")
    titles = [m.value for m in at.markdown if m.value.startswith("#### ")]
    assert "huisbezoek" in titles[0].lower() and "Huisbezoek" in titles[0]


@pytest.mark.slow
def test_a_long_list_of_stories_is_shown_a_page_at_a_time_with_the_page_in_the_address(monkeypatch):
    from dashboard import pagination

    monkeypatch.setattr(pagination, "PER_PAGE", 2)  # the sample has a handful, a city thousands
    at = open_page(MANAGER_WI, STORIES)
    total = int(next(m for m in messages(at, "markdown") if m.endswith("verhalen**")).strip("*").split()[0])
    pages = -(-total // 2)
    assert total > 2 and at.number_input(key="pagina_verhalen").max == pages
    first = [m.value for m in at.markdown if m.value.startswith("#### ")]
    assert len(first) == 2 and any(f"1–2 van {total}" in c.value for c in at.caption)

    at.number_input(key="pagina_verhalen").set_value(2).run()
    assert_fine(at)
    second = [m.value for m in at.markdown if m.value.startswith("#### ")]
    assert len(second) == 2 and not set(second) & set(first)
    assert at.query_params["pagina"] == "2"

    shared = open_page(MANAGER_WI, STORIES, pagina=str(pages + 5))  # a link past the end: the last page
    assert shared.number_input(key="pagina_verhalen").value == pages


@pytest.mark.slow
def test_the_review_lists_are_paged_too(monkeypatch):
    from dashboard import pagination

    monkeypatch.setattr(pagination, "PER_PAGE_DETAILED", 1)
    for _ in range(2):
        submitted_story()
    at = open_page(AUTHOR, REVIEW)
    assert at.number_input(key="pagina_mijn").max >= 2  # the author's own stories, one per page


@pytest.mark.slow
def test_a_revised_figure_says_what_it_was_and_what_it_is_now():
    story_id = submitted_story()
    with store.connect() as con:  # as if the figure was revised after the story was written
        con.execute("update story_versions set figure_value = 500 where story_id = ?", [story_id])
        current.refresh(con, [story_id])  # the derived table follows the history
    at = open_page(AUTHOR, STORIES, verhaal=story_id)
    now = int(current_active_dossiers_wi_zuid())
    assert any(f"Het cijfer is herzien: was 500, nu {now}." in m for m in messages(at, "markdown"))


# --- pure helpers ----------------------------------------------------------------------------


def test_findings_are_highlighted_in_escaped_text():
    text = "Bel *mevrouw* op 06-12345678."
    finding = Finding(17, 28, "06-12345678", "telefoon", "regel", "Telefoonnummer")
    assert sc.highlight_findings(text, [finding]) == (
        "Bel \\*mevrouw\\* op :red-background[:red[**06\\-12345678**]] :red-badge[Telefoonnummer]\\."
    )


def test_a_finding_that_no_longer_matches_the_text_is_not_highlighted():
    finding = Finding(0, 3, "abc", "naam", "regel", "Naam (persoon)")
    assert sc.highlight_findings("xyz", [finding]) == "xyz"


def test_the_same_finding_twice_is_decided_once():
    a = Finding(0, 3, "Jan", "naam", "deduce", "Naam (persoon)")
    b = Finding(10, 13, "Jan", "naam", "deduce", "Naam (persoon)")
    assert sc.distinct_findings([a, b]) == [a]


@pytest.mark.parametrize(
    "then,now,expected",
    [
        (500.0, 593.0, "Het cijfer is herzien: was 500, nu 593."),
        (593.0, 593.0, None),
        (593.01, 593.0, None),  # the same as written: not a revision
        (None, 593.0, None),
        (500.0, None, None),  # hidden or gone now: nothing to compare
    ],
)
def test_revision_note(then, now, expected):
    assert story_text.revision_note(then, now, "dossiers") == expected


TAAKVELD_STORY = {
    "metric_key": "budget_forecast_deviation",
    "period": "2024-K4",
    "team_code": None,
    "regeling_code": None,
    "taakveld_code": "6.72a",
    "figure_value": 425_511.0,
    "figure_status": "definitief",
}
NAMES = {"6.72a": "6.72a Jeugdhulp begeleiding"}


def test_a_story_beside_a_chart_of_a_wider_scope_says_both_values_each_with_its_scope():
    text, revised = story_text.figure_then_now(
        TAAKVELD_STORY, unit="euro", current_value=425_511.0, names=NAMES, chart=("heel Jeugdhulp", 694_953.0)
    )
    assert not revised
    assert text == (
        "Waarde toen het verhaal werd geschreven: taakveld 6.72a Jeugdhulp begeleiding: "
        "€ 425.511 (definitief) · nu: € 425.511; heel Jeugdhulp toen: € 694.953"
    )


def test_then_and_now_compare_the_same_scope_and_a_revision_still_names_the_chart_value():
    text, revised = story_text.figure_then_now(
        TAAKVELD_STORY, unit="euro", current_value=430_000.0, names=NAMES, chart=("heel Jeugdhulp", None)
    )
    assert revised
    assert text.startswith("Het cijfer is herzien: was € 425.511, nu € 430.000.")
    assert "taakveld 6.72a Jeugdhulp begeleiding" in text and "heel Jeugdhulp toen: —" in text


def test_a_story_on_the_charts_own_scope_says_its_value_as_before():
    text, _ = story_text.figure_then_now(TAAKVELD_STORY, unit="euro", current_value=None, names=NAMES)
    assert text == "Waarde toen het verhaal werd geschreven: € 425.511 (definitief)"
    assert story_text.scope_text(theme_name="Jeugdhulp") == "heel Jeugdhulp"
    assert (
        story_text.scope_text(team="WI-ZUID", regeling="bb", names={"WI-ZUID": "Werk en Inkomen Zuid"})
        == "team Werk en Inkomen Zuid · regeling bb"
    )


def test_free_tags_are_split_cleaned_and_kept_once():
    assert sc.parse_free_tags("wachtlijst, Wijk  Noord ;#wachtlijst,,") == ["wachtlijst", "wijk noord"]


def test_version_diff_shows_removed_and_added_lines():
    diff = sc.version_diff("a\nBSN 111222333\nc", "a\nBSN [BSN]\nc", old_name="versie 1", new_name="versie 2")
    assert "-BSN 111222333" in diff and "+BSN [BSN]" in diff


def test_moments_are_shown_on_the_municipalitys_clock():
    import datetime as dt

    moment = dt.datetime(2026, 7, 1, 10, 5, tzinfo=dt.UTC)
    assert sc.format_moment(moment) == "1 jul 2026 12:05"  # summer time: UTC+2


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_choosing_another_figure_keeps_what_was_written():
    at = open_page(AUTHOR, ADD, metric="active_dossiers", period="2026-10", team="WI-ZUID")
    write_story(at)
    at.query_params.update(metric="caseload_per_fte", period="2026-09")
    at.run()
    assert_fine(at)
    assert at.selectbox(key="vt_metric").value == "caseload_per_fte"
    assert at.selectbox(key="vt_period").value == "2026-09"
    assert at.text_area(key="vt_body").value == CLEAN_BODY


@pytest.mark.slow
def test_a_half_written_story_survives_a_visit_to_another_page():
    at = open_page(AUTHOR, ADD, metric="active_dossiers", period="2026-10", team="WI-ZUID")
    write_story(at)
    at.run()
    at.query_params.clear()  # the sidebar navigation clears the address
    at.switch_page(STORIES).run()
    at.switch_page(ADD).run()
    assert_fine(at)
    assert at.text_area(key="vt_body").value == CLEAN_BODY
    assert at.selectbox(key="vt_metric").value == "active_dossiers"
