"""In a real browser: each role logs in and sees only its own pages; a wrong password is told
clearly in Dutch and audited."""

from __future__ import annotations

import pytest

from dashboard import navigation
from tests.browser import app_url, browser, log_in, login, new_page, screenshot, sync_api, wait_for_app  # noqa: F401  (fixtures)  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

USERS = {"raad": "wethouder", "manager": "manager-zorg", "professional": "wmo-1", "beheerder": "beheerder"}


@pytest.mark.parametrize("role", list(USERS))
def test_each_role_sees_only_its_own_pages(app_url, new_page, role):
    page = new_page()
    log_in(page, app_url, USERS[role])
    nav = page.locator('[data-testid="stSidebarNav"]')
    shown = nav.get_by_role("link").all_inner_texts()
    expected = [title for _, _, title, _, _, roles in navigation.PAGES if role in roles]
    assert [s.strip().splitlines()[-1] for s in shown] == expected  # the icon name comes first
    screenshot(page, f"rol_{role}")


def test_a_wrong_password_gets_a_clear_dutch_message(app_url, new_page, sample_data_dir):
    page = new_page()
    login(page, app_url, "wethouder", password="verkeerd-wachtwoord")
    sync_api.expect(page.get_by_text("Gebruikersnaam of wachtwoord is onjuist.")).to_be_visible()
    sync_api.expect(page.get_by_role("heading", name="Inloggen", level=1)).to_be_visible()
    screenshot(page, "inloggen_fout")
