"""Three journeys in a real browser (headless chromium against `streamlit run`), because
AppTest does not render: a wethouder reads the story behind the Jeugd overspend, a manager
finds the team over its norm and its workload stories, a shared link reopens a view, and the
beheerder downloads the whole audit log and looks up a table of the figures database.

Screenshots go to tests/screenshots/ (git-ignored) so a person can look at what was seen.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser import app_url, browser, choose, go_to, log_in, login, new_page, screenshot, sync_api, wait_for_app  # noqa: F401  (fixtures)  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


def test_a_wethouder_opens_the_jeugd_overview_and_reads_the_story_behind_the_overspend(app_url, new_page):
    page = new_page()
    log_in(page, app_url, "wethouder")
    choose(page, "Thema", "Jeugdhulp")
    sync_api.expect(page.get_by_text("Jeugdhulp · peilmaand okt 2026")).to_be_visible()

    tile = page.locator(".st-key-tegel_budget_forecast_deviation")
    sync_api.expect(tile).to_contain_text("Verwachte over- of onderbesteding")
    sync_api.expect(tile).to_contain_text("nadelig (overschrijding)")
    tile.get_by_role("button", name="Toon verloop en verhalen").click()

    marker = page.locator('path[aria-label*="Duurder ambulant, maar geen uithuisplaatsing"]')
    sync_api.expect(marker).to_be_visible()
    marker.click()
    story = page.get_by_role("heading", name="Duurder ambulant, maar geen uithuisplaatsing", level=4)
    sync_api.expect(story).to_be_visible()
    sync_api.expect(page.get_by_text("Over Verwachte over- of onderbesteding, K4 2024")).to_be_visible()
    assert "cijfer=budget_forecast_deviation" in page.url and "verhaal=" in page.url
    story.scroll_into_view_if_needed()
    screenshot(page, "wethouder_jeugd_overbesteding")


def test_a_manager_finds_the_team_over_its_norm_and_its_workload_stories(app_url, new_page):
    page = new_page()
    log_in(page, app_url, "manager-participatie")
    go_to(page, "Caseload en normen")

    first_tile = page.locator('[class*="st-key-team_"]').first
    sync_api.expect(first_tile).to_contain_text("Werk en Inkomen Zuid (WI-ZUID)")
    sync_api.expect(first_tile).to_contain_text("boven de norm sinds jul 2023")
    sync_api.expect(page.locator(".st-key-team_WI-NOORD")).to_contain_text("binnen of onder de norm")

    stories = page.locator('[data-testid="stRadio"]')
    sync_api.expect(stories).to_contain_text("WI-ZUID — Er kwam een halve wijk bij")
    stories.get_by_text("Er kwam een halve wijk bij, er kwam niemand bij", exact=False).click()
    sync_api.expect(
        page.get_by_role("heading", name="Er kwam een halve wijk bij, er kwam niemand bij", level=4)
    ).to_be_visible()
    sync_api.expect(page.get_by_text("Werkdruk", exact=True).first).to_be_visible()
    screenshot(page, "manager_caseload_boven_norm")


def test_a_reader_shares_a_link_and_the_same_view_reopens(app_url, new_page):
    # A story on a budget figure: money is never rounded or hidden, so the council always has it.
    title = "Duurder ambulant, maar geen uithuisplaatsing"
    sender = new_page()
    log_in(sender, f"{app_url}/besluiten", "wethouder", "Besluiten")
    go_to(sender, "Overzicht per thema")
    choose(sender, "Thema", "Jeugdhulp")
    choose(sender, "Kies een cijfer", "Verwachte over- of onderbesteding")
    stories = sender.locator('[data-testid="stRadio"]')
    stories.get_by_text(title, exact=False).click()
    heading = sender.get_by_role("heading", name=title, level=4)
    sync_api.expect(heading).to_be_visible()
    link = sender.url
    for part in ("thema=jeugd", "periode=", "cijfer=budget_forecast_deviation", "verhaal="):
        assert part in link
    seen_by_sender = sender.locator('[data-testid="stMetricValue"]').all_inner_texts()
    screenshot(sender, "link_delen_afzender")

    receiver = new_page()  # another browser session opens the copied address and logs in there
    log_in(receiver, link, "raadslid")
    sync_api.expect(receiver.get_by_role("heading", name=title, level=4)).to_be_visible()
    sync_api.expect(receiver.get_by_text("Over Verwachte over- of onderbesteding, K4 2024")).to_be_visible()
    sync_api.expect(receiver.locator('[data-testid="stMetricValue"]')).to_have_text(seen_by_sender)
    assert receiver.url == link
    screenshot(receiver, "link_delen_ontvanger")


def test_the_beheerder_downloads_the_whole_audit_log_and_looks_up_a_table(app_url, new_page):
    page = new_page()
    log_in(page, app_url, "beheerder")
    go_to(page, "Auditlog")
    shown = page.get_by_text(re.compile(r"^\d[\d.]* regel\(s\)$"))
    sync_api.expect(shown).to_be_visible()
    count = int(shown.inner_text().split()[0].replace(".", ""))
    # The CSV is made when the button is pressed (a deferred download): every record of the choice.
    with page.expect_download() as download:
        page.get_by_test_id("stDownloadButton").get_by_role("button", name="Download als CSV").click()
    rows = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].split(";")[:3] == ["Wanneer", "Wie", "Handeling"]
    assert len(rows) == count + 1
    # The grid's own toolbar searches and enlarges, but has no download of its own: that one
    # would write raw cells and leave no trace in the audit log (.streamlit/config.toml).
    page.get_by_test_id("stDataFrame").first.hover()
    toolbar = page.get_by_test_id("stElementToolbar").first
    sync_api.expect(toolbar.get_by_test_id("stElementToolbarButton").first).to_be_visible()
    sync_api.expect(toolbar.get_by_role("button", name=re.compile("CSV|Download", re.I))).to_have_count(0)
    screenshot(page, "beheerder_auditlog")

    go_to(page, "Over de data")
    sync_api.expect(page.get_by_role("heading", name="Tabellen en kolommen")).to_be_visible()
    tables = page.locator('[data-testid="stDataFrame"]').filter(has_text="Inhoud")
    sync_api.expect(tables).to_have_count(1)
    page.get_by_role("heading", name="Tabellen en kolommen").scroll_into_view_if_needed()
    screenshot(page, "beheerder_tabellen_en_kolommen")
