"""Dutch, accessible and readable on a tablet and a phone, in a real browser, for every audience:
the page says lang="nl" from its first byte, no English default text of Streamlit's is in the
page's text or its ARIA labels, no key number is cut off, and on a phone the theme and month
choice sits at the top of the page.

One server for the module and one login per audience (the HttpOnly cookie keeps it while the
pages are opened by their address). Screenshots: tests/screenshots/nl_<audience>_<WxH>.png.
"""

from __future__ import annotations

import gzip
import time
import urllib.request

import pytest

from accounts import sessions
from presentation import labels
from tests.browser import CHROMIUM_ARGS, SCRIPT_DONE, app_url, browser, login, screenshot, sync_api, wait_for_app  # noqa: F401  (fixtures)
from tests.streamlit_english import ENGLISH, bundle_text, english_in

SIZES = ((1440, 900), (1024, 768), (390, 844))
# audience -> (account, the pages it opens: (address, title)); the first is where it lands
AUDIENCES = {
    "raad": (
        "wethouder",
        (("", labels.TITLE_OVERVIEW), ("briefing", labels.TITLE_BRIEFING), ("over-de-data", labels.TITLE_DATA)),
    ),
    "manager": ("manager-zorg", (("", labels.TITLE_OVERVIEW), ("caseload", labels.TITLE_CASELOAD))),
    "professional": ("wi-zuid-1", (("", labels.TITLE_OVERVIEW), ("verhaal-toevoegen", labels.TITLE_ADD_STORY))),
    "beheerder": (
        "beheerder",
        (("", labels.TITLE_OVERVIEW), ("beheer", labels.TITLE_ADMIN), ("auditlog", labels.TITLE_AUDIT)),
    ),  # a date field
}

# What a reader sees or hears: text and labels of elements that are drawn and not aria-hidden
# (an icon's ligature such as 'show_chart' is aria-hidden; a hidden menu item is not drawn).
READ = """() => {
  const exposed = (el) => {
    for (let e = el; e; e = e.parentElement) {
      if (e.getAttribute && e.getAttribute('aria-hidden') === 'true') return false;
    }
    return el.checkVisibility({visibilityProperty: true});
  };
  const text = [], attributes = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeValue.trim() && node.parentElement && exposed(node.parentElement)
        && !['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(node.parentElement.tagName)) {
      text.push(node.nodeValue.trim());
    }
  }
  const names = ['aria-label', 'title', 'placeholder', 'alt', 'aria-valuetext'];
  for (const el of document.querySelectorAll(names.map((n) => `[${n}]`).join(',') + ',[aria-describedby]')) {
    if (!exposed(el)) continue;
    for (const name of names) {
      const value = el.getAttribute(name);
      if (value) attributes.push(name + '=' + value);
    }
    // A description is read out with its element, even when the describing element is hidden.
    for (const id of (el.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean)) {
      const description = document.getElementById(id);
      if (description) attributes.push('aria-describedby=' + description.textContent);
    }
  }
  const clipped = [...document.querySelectorAll(
      '[data-testid=stMetric] p, [data-testid=stMetric] div, [data-testid=stMetric] label, ' +
      '[data-testid=stPageLink] p')]
    .filter((el) => el.innerText.trim() && el.scrollWidth > el.clientWidth + 1)
    .map((el) => el.innerText);
  return {lang: document.documentElement.lang, text: text.join('\\n'), attributes, clipped,
          metrics: document.querySelectorAll('[data-testid=stMetricValue]').length};
}"""


def test_the_english_list_is_what_streamlit_ships():
    """Every listed text is in the installed Streamlit's frontend bundle: the list is real, and
    a Streamlit upgrade that renames one shows here."""
    shipped = bundle_text()
    assert [text for text in ENGLISH if text not in shipped] == []


@pytest.mark.browser
def test_the_page_is_dutch_in_its_first_byte(app_url):
    # As a browser asks: Streamlit gzips the page at a page's address (not at the root).
    for path in ("", "budget", "briefing?thema=jeugd"):
        request = urllib.request.Request(f"{app_url}/{path}", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as response:
            page = response.read()
            page = (gzip.decompress(page) if response.headers.get("Content-Encoding") == "gzip" else page).decode()
        assert '<html lang="nl">' in page and 'lang="en"' not in page
        assert "<title>Achter de cijfers</title>" in page


def _wait_until_drawn(page, title: str) -> None:
    wait_for_app(page, title)
    if title == labels.TITLE_OVERVIEW:
        page.wait_for_selector('[data-testid="stMetricValue"]')
    # The title is drawn early in a run, and a run the first one starts (the session cookie's)
    # may follow it: a moment's rest, then the run must be done.
    page.wait_for_timeout(500)
    page.wait_for_selector(SCRIPT_DONE)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached")


def _until_cookie(context) -> None:
    for _ in range(50):
        if any(c["name"] == sessions.COOKIE for c in context.cookies()):
            return
        time.sleep(0.2)
    pytest.fail("the session cookie was not set after the login")


def _check(page, where: str, width: int) -> dict:
    seen = page.evaluate(READ)
    assert seen["lang"] == "nl", where
    assert english_in(seen["text"]) == [], (where, english_in(seen["text"]))
    english_labels = [a for a in seen["attributes"] if english_in(a)]
    assert english_labels == [], (where, english_labels[:10])
    assert seen["clipped"] == [], (where, seen["clipped"])
    top = page.locator(".st-key-filters_top")
    if width <= 640:  # a phone: theme and month at the top, without opening the sidebar
        for label in (labels.THEME, labels.PERIOD):
            box = top.get_by_role("combobox", name=label, exact=True)
            sync_api.expect(box).to_be_visible()
            assert box.bounding_box()["y"] < 844, (where, label)
    else:
        sync_api.expect(top).to_be_hidden()
    return seen


@pytest.mark.browser
@pytest.mark.parametrize("audience", list(AUDIENCES))
def test_every_audience_reads_dutch_on_desktop_tablet_and_phone(app_url, browser, audience):
    account, pages = AUDIENCES[audience]
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="nl-NL")
    try:
        page = context.new_page()
        page.set_default_timeout(30_000)
        login(page, app_url, account)
        _wait_until_drawn(page, pages[0][1])
        _until_cookie(context)  # later pages are opened by their address, with the login kept
        for width, height in SIZES:
            page.set_viewport_size({"width": width, "height": height})
            # The landing page at every size; the audience's own pages on the phone, the
            # narrowest (a modest runtime: one login, one server).
            for number, (path, title) in enumerate(pages if width <= 640 else pages[:1]):
                page.goto(f"{app_url}/{path}")
                _wait_until_drawn(page, title)
                if number == 0:
                    seen = _check(page, f"{audience} {path or 'overzicht'} {width}x{height}", width)
                    assert seen["metrics"] >= 6, "the overview's tiles were drawn"
                    screenshot(page, f"nl_{audience}_{width}x{height}")
                else:
                    if path == "auditlog":  # the date field's calendar, opened
                        page.get_by_role("button", name="Kies een datum").click()
                        sync_api.expect(page.get_by_role("grid")).to_be_visible()
                    _check(page, f"{audience} {path} {width}x{height}", width)
    finally:
        context.close()


@pytest.mark.browser
def test_on_a_phone_the_choice_at_the_top_works_and_the_sidebar_closes_after_a_choice(app_url, browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="nl-NL", is_mobile=True, has_touch=True
    )
    try:
        page = context.new_page()
        page.set_default_timeout(30_000)
        login(page, app_url, "raadslid")
        _wait_until_drawn(page, labels.TITLE_OVERVIEW)
        top = page.locator(".st-key-filters_top")
        box = top.get_by_role("combobox", name=labels.THEME, exact=True)
        box.click()
        page.get_by_role("option", name="Jeugdhulp", exact=True).click()
        sync_api.expect(page.get_by_text("Jeugdhulp · peilmaand okt 2026")).to_be_visible()
        assert "thema=jeugd" in page.url
        # The sidebar's own choice: it lies over the page, and closes once a month is chosen.
        sidebar = page.locator('[data-testid="stSidebar"]')
        page.get_by_role("button", name="Zijbalk uitklappen").click()
        sync_api.expect(sidebar).to_have_attribute("data-collapsed", "false")
        month = sidebar.get_by_role("combobox", name=labels.PERIOD, exact=True)
        month.click()
        month.fill("sep 2026")  # typing filters the long list of months, as a reader would
        page.get_by_role("option", name="sep 2026", exact=True).click()
        sync_api.expect(sidebar).to_have_attribute("data-collapsed", "true")
        sync_api.expect(page.get_by_text("Jeugdhulp · peilmaand sep 2026")).to_be_visible()
        sync_api.expect(top.get_by_role("combobox", name=labels.PERIOD, exact=True)).to_have_value("sep 2026")
        screenshot(page, "nl_raad_telefoon_keuze_bovenaan")
    finally:
        context.close()


@pytest.mark.browser
def test_the_login_page_is_dutch_too(app_url, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    try:
        page = context.new_page()
        page.goto(app_url)
        sync_api.expect(page.get_by_role("heading", name=labels.TITLE_LOGIN, level=1)).to_be_visible()
        seen = page.evaluate(READ)
        assert seen["lang"] == "nl"
        assert english_in(seen["text"]) == [] and not [a for a in seen["attributes"] if english_in(a)]
        sync_api.expect(page.get_by_role("button", name="Wachtwoord tonen")).to_be_attached()
    finally:
        context.close()


@pytest.mark.browser
def test_a_link_to_a_page_that_does_not_exist_says_so_in_dutch(app_url, browser):
    """A mistyped link, or one from an older release, opens the landing page after Streamlit's
    own dialog: that dialog speaks Dutch too."""
    context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="nl-NL")
    try:
        page = context.new_page()
        page.goto(f"{app_url}/bestaat-niet")
        dialog = page.get_by_role("dialog")
        sync_api.expect(dialog).to_contain_text("Pagina niet gevonden")
        sync_api.expect(dialog).to_contain_text("Deze pagina bestaat niet (meer). U ziet nu de startpagina.")
        seen = page.evaluate(READ)
        assert english_in(seen["text"]) == [] and not [a for a in seen["attributes"] if english_in(a)]
        screenshot(page, "nl_pagina_bestaat_niet")
        dialog.get_by_role("button", name="Sluiten").click()
        sync_api.expect(page.get_by_role("heading", name=labels.TITLE_LOGIN, level=1)).to_be_visible()
    finally:
        context.close()


# Words of a tile's label that the browser broke over two lines ("beschikking" / "en").
BROKEN_WORDS = """() => {
  const broken = [];
  for (const label of document.querySelectorAll('[data-testid=stMetricLabel]')) {
    const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const word of node.nodeValue.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (lines.size > 1) broken.push(word[0]);
      }
    }
  }
  return broken;
}"""


@pytest.mark.browser
def test_the_freshness_tiles_keep_their_words_whole_on_a_tablet(app_url, browser):
    context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="nl-NL")
    try:
        page = context.new_page()
        login(page, app_url, "wethouder")
        _wait_until_drawn(page, labels.TITLE_OVERVIEW)
        _until_cookie(context)
        page.goto(f"{app_url}/over-de-data")
        _wait_until_drawn(page, labels.TITLE_DATA)
        tiles = page.get_by_test_id("stMetric")
        sync_api.expect(tiles.filter(has_text="Bron: beschikkingen")).to_have_count(1)
        assert tiles.count() == 4  # three sources and the last load
        assert page.evaluate(BROKEN_WORDS) == []
        page.get_by_role("heading", name=labels.DATA_FRESHNESS).scroll_into_view_if_needed()
        screenshot(page, "nl_raad_over_de_data_1024x768")
    finally:
        context.close()
