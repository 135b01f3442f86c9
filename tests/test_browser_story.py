"""A story's whole journey in a real browser (headless chromium against `streamlit run`):
a professional opens a figure, writes a story with a BSN and a phone number in it, sees both
flagged, replaces them and sends the story for review (warned that the placeholders are better
written out); a colleague approves it, their manager publishes it to the council; the council
finds it beside the figure.

Screenshots go to tests/screenshots/ (git-ignored) so a person can look at what was seen.
"""

from __future__ import annotations

import pytest

from presentation import labels
from tests.browser import (  # noqa: F401  (fixtures)  # noqa: F401  (fixtures)
    app_url,
    browser,
    go_to,
    log_in,
    login,
    main,
    new_page,
    screenshot,
    settled,
    sync_api,
    wait_for_app,
)

pytestmark = pytest.mark.browser

TITLE = "Wachtlijst schuldhulp loopt op sinds de herindeling"
BODY = (
    "Een moeder met drie kinderen (BSN 111222333) belde ons vorige week op 06-12345678: haar "
    "aanvraag voor bijzondere bijstand lag al zes weken stil. Sinds de herindeling hebben we "
    "een halve wijk erbij en niemand erbij; dit soort aanvragen blijven liggen."
)
CLEANED = BODY.replace("111222333", "[BSN]").replace("06-12345678", "[telefoonnummer]")
expect = sync_api.expect


def choose(page, label: str, option: str) -> None:
    box = main(page).get_by_role("combobox", name=label, exact=True)
    box.click()
    page.get_by_role("option", name=option, exact=True).click()
    settled(page)


def type_into(page, label: str, text: str) -> None:
    field = main(page).get_by_label(label, exact=True)
    field.fill(text)
    # Streamlit takes the value on Enter (a text input) or when the field loses focus (a text area).
    field.press("Tab" if field.evaluate("e => e.tagName") == "TEXTAREA" else "Enter")
    settled(page)


def test_a_story_with_personal_data_is_cleaned_reviewed_and_published_beside_its_figure(app_url, new_page):
    # A klantmanager opens the figure from its tile.
    author = new_page()
    log_in(author, app_url, "wi-zuid-1")
    tile = author.locator(".st-key-tegel_active_dossiers")
    tile.get_by_role("link", name=labels.ADD_STORY).click()
    wait_for_app(author, labels.TITLE_ADD_STORY)
    expect(main(author).get_by_role("combobox", name=labels.FIELD_METRIC, exact=True)).to_have_value("Actieve dossiers")
    expect(main(author).get_by_role("combobox", name=labels.FIELD_TEAM, exact=True)).to_have_value(
        "Werk en Inkomen Zuid"
    )
    expect(author.get_by_text("Waarde nu:", exact=False)).to_be_visible()

    # ... writes a story with a BSN and a phone number in it, and checks it.
    type_into(author, labels.FIELD_TITLE, TITLE)
    type_into(author, labels.FIELD_BODY, BODY)
    choose(author, labels.FIELD_NOTE_KIND, "Werkdruk")
    main(author).get_by_test_id("stRadioGroup").get_by_text("Raad en college", exact=True).click()
    settled(author)
    author.get_by_role("button", name=labels.PRIVACY_CHECK).click()
    settled(author)
    expect(author.get_by_text("2 mogelijk persoonsgegeven(s) gevonden", exact=False)).to_be_visible()
    flagged = author.locator(".st-key-vt_privacy_text")
    expect(flagged.locator("mark, span").filter(has_text="111222333").first).to_be_visible()
    expect(flagged).to_contain_text("BSN")
    expect(flagged).to_contain_text("Telefoonnummer")
    expect(author.get_by_text("Vervang door [BSN]")).to_be_visible()
    expect(author.get_by_text("Vervang door [telefoonnummer]")).to_be_visible()
    flagged.scroll_into_view_if_needed()
    screenshot(author, "verhaal_privacy_bevindingen")

    # ... replaces both in one step and sends the story for review.
    author.get_by_role("button", name=labels.PRIVACY_REPLACE_SELECTED).click()
    settled(author)
    expect(main(author).get_by_label(labels.FIELD_BODY, exact=True)).to_have_value(CLEANED)
    expect(author.get_by_text(labels.PRIVACY_CLEAN)).to_be_visible()
    author.get_by_role("button", name=labels.SAVE_AND_SUBMIT).click()
    settled(author)
    expect(author.get_by_text("ter beoordeling aangeboden", exact=False)).to_be_visible()
    expect(author.get_by_text("herschrijf de zin", exact=False)).to_be_visible()
    assert "verhaal=" in author.url
    screenshot(author, "verhaal_ingediend")

    # A colleague in the same team approves it; for the council it then waits for the manager.
    colleague = new_page()
    log_in(colleague, app_url, "wi-zuid-2")
    go_to(colleague, labels.TITLE_REVIEW)
    card = colleague.locator('[class*="st-key-beoordeling_"]').filter(has_text=TITLE)
    expect(card).to_contain_text("[BSN]")
    expect(card).to_contain_text("dezelfde discipline")
    card.scroll_into_view_if_needed()
    screenshot(colleague, "verhaal_beoordelen")
    card.get_by_role("button", name=labels.REVIEW_PUBLISH).click()
    settled(colleague)
    expect(colleague.get_by_text(f"'{TITLE}' is goedgekeurd", exact=False)).to_be_visible()

    manager = new_page()
    log_in(manager, app_url, "manager-participatie")
    go_to(manager, labels.TITLE_REVIEW)
    card = manager.locator('[class*="st-key-beoordeling_"]').filter(has_text=TITLE)
    expect(card).to_contain_text("Goedgekeurd door wi-zuid-2")
    card.scroll_into_view_if_needed()
    screenshot(manager, "verhaal_managerstap")
    card.get_by_role("button", name=labels.REVIEW_PUBLISH).click()
    settled(manager)
    expect(manager.get_by_text(f"'{TITLE}' is gepubliceerd", exact=False)).to_be_visible()

    # The council finds it beside the figure.
    council = new_page()
    log_in(council, app_url, "wethouder")
    council.locator(".st-key-tegel_active_dossiers").get_by_role("button", name=labels.SHOW_TREND).click()
    settled(council)
    stories = council.locator('[data-testid="stRadio"]')
    stories.get_by_text(TITLE, exact=False).click()
    settled(council)
    heading = council.get_by_role("heading", name=TITLE, level=4)
    expect(heading).to_be_visible()
    expect(council.get_by_text(CLEANED, exact=False)).to_be_visible()
    heading.scroll_into_view_if_needed()
    screenshot(council, "verhaal_naast_cijfer")


def test_a_manager_reads_a_story_history_and_searches_the_stories(app_url, new_page):
    manager = new_page()
    log_in(manager, app_url, "manager-participatie")
    go_to(manager, labels.TITLE_REVIEW)
    returned = (
        main(manager).locator('[data-testid="stExpander"]').filter(has_text="Afwijken zonder vinkje — Teruggestuurd")
    )
    returned.get_by_text("Afwijken zonder vinkje", exact=False).first.click()
    settled(manager)
    expect(returned.get_by_text(labels.HISTORY_EVENTS, exact=True)).to_be_visible()
    expect(returned.get_by_text("Teruggestuurd door manager-participatie", exact=False)).to_be_visible()
    returned.scroll_into_view_if_needed()
    screenshot(manager, "verhaal_geschiedenis")

    go_to(manager, labels.TITLE_STORIES)
    type_into(manager, labels.SEARCH, "aanvragen")
    expect(main(manager).get_by_text("gevonden voor 'aanvragen', beste resultaat eerst", exact=False)).to_be_visible()
    assert "zoek=aanvragen" in manager.url
    first = main(manager).locator('[class*="st-key-verhaal_"]').first
    expect(first.locator("mark, span, strong").filter(has_text="aanvra").first).to_be_visible()
    screenshot(manager, "verhalen_zoeken")
