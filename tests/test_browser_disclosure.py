"""The council's view of small numbers in a real browser: a tile falls back to a coarser period
and says so, the trend is drawn per quarter, and "Over de data" explains the method without
showing row counts or hashes. Screenshots go to tests/screenshots/."""

from __future__ import annotations

import pytest

from presentation import labels
from tests.browser import app_url, browser, log_in, login, new_page, screenshot, sync_api, wait_for_app  # noqa: F401  (fixtures)  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


def test_a_wethouder_sees_a_quarter_where_the_month_is_too_small(app_url, new_page):
    page = new_page()
    log_in(page, f"{app_url}/?thema=leerlingenvervoer&periode=2025-10&cijfer=grant_rate", "wethouder")
    tile = page.locator(".st-key-tegel_grant_rate")
    sync_api.expect(tile).to_contain_text("de maand okt 2025 is te klein om apart te tonen")
    sync_api.expect(tile).not_to_contain_text("Niet getoond")
    sync_api.expect(page.get_by_text(labels.COARSER_TREND["year"][:30])).to_be_visible()
    sync_api.expect(page.locator(".vega-embed").first).to_be_visible()  # the course, per year
    screenshot(page, "raad_kleine_aantallen_kwartaal")


def test_over_de_data_explains_the_rounding_to_the_council_without_load_details(app_url, new_page):
    page = new_page()
    log_in(page, f"{app_url}/over-de-data", "wethouder", "Over de data")
    sync_api.expect(page.get_by_role("heading", name="Kleine aantallen en afronding")).to_be_visible()
    sync_api.expect(page.get_by_text("Afgerond op 5.", exact=False)).to_be_visible()
    assert page.get_by_text("SHA-256").count() == 0
    assert page.get_by_role("heading", name="Laadlogboek").count() == 0
    screenshot(page, "raad_over_de_data_afronding")
