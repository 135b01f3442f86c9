"""Hostile text in a real browser (headless chromium against `streamlit run`): team names,
a norm's rationale and unit, a regeling name, a revised definition and a published story full of
<script>, <img onerror>, links to javascript:, Streamlit directives, SQL quotes and control
characters (tests/test_injection.py builds the data). The council and a professional visit the
overview, Verhalen, Caseload and Over de data: no script runs, no dialog opens, no link to
javascript: exists, and the hostile text is there to read, literally. The beheerder's bad uploads
(a PNG named caseload.csv, an .exe, a file named like an <img> tag) reach our own check, which
refuses them in Dutch, instead of Streamlit's English one in the browser.

Screenshots go to tests/screenshots/injectie_*.png.
"""

from __future__ import annotations

import pytest

from presentation import labels
from tests.browser import (  # noqa: F401  (fixtures)  # noqa: F401  (fixtures)
    SCREENSHOTS,
    SCRIPT_DONE,
    browser,
    go_to,
    log_in,
    login,
    main,
    new_page,
    screenshot,
    serve,
    settled,
    sync_api,
    wait_for_app,
)
from tests.test_injection import DEFINITION, IMG, JS_LINK, NORM_RATIONALE, PWN, SCRIPT, STORY_TITLE, build_hostile_data

pytestmark = pytest.mark.browser
expect = sync_api.expect

# Defined before any page script: the payloads set window.__pwned or call alert(); an element
# that arrives with an onerror or as a script with a payload is recorded as well.
TRAP = """
window.__trap = true;
window.__injected = [];
new MutationObserver(records => {
  for (const record of records) for (const node of record.addedNodes) {
    if (node.nodeType !== 1) continue;
    for (const el of [node, ...node.querySelectorAll('*')]) {
      if (el.hasAttribute('onerror') || (el.tagName === 'SCRIPT' && el.textContent.includes('__pwned')))
        window.__injected.push(el.outerHTML.slice(0, 120));
    }
  }
}).observe(document, {childList: true, subtree: true});
"""
JOINER = "\u2060"  # the word joiner the escapes put after a colon; invisible, but in innerText
BAD_NAME = f"<img src=x onerror={PWN}>"  # without quotes: a browser sends one in a file name as %22


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    """The dashboard on a data folder of its own, with hostile text everywhere; (url, data)."""
    hostile = build_hostile_data(tmp_path_factory.mktemp("hostile_browser"))
    for url in serve(hostile.data_dir, tmp_path_factory.mktemp("hostile_browser_log")):
        yield url, hostile


@pytest.fixture
def trapped_page(new_page):
    """A fresh browser session with the trap installed; `.dialogs` lists every dialog that opened."""

    def make():
        page = new_page()
        page.dialogs = []
        page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
        page.add_init_script(TRAP)
        return page

    return make


def wait_for(page, title: str) -> None:
    wait_for_app(page, title)
    page.wait_for_timeout(1500)  # charts, images and their onerror handlers get their chance


def main_text(page) -> str:
    """What the reader sees in the page body, without the invisible word joiners."""
    return main(page).inner_text().replace(JOINER, "")


def assert_inert(page, *literal_texts: str) -> None:
    """No script ran, no dialog opened, no javascript: link or onerror element exists, and every
    one of `literal_texts` is on the page as text."""
    page.wait_for_selector(SCRIPT_DONE)  # the run that drew what was waited for has drawn the rest
    assert page.evaluate("window.__trap") is True, "the trap was not installed"
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("window.__injected") == []
    assert page.dialogs == []
    assert page.locator('a[href^="javascript:" i]').count() == 0
    assert page.locator("[onerror]").count() == 0
    assert page.locator('img[src="x"]').count() == 0
    shown = main_text(page)
    for text in literal_texts:
        assert text in shown, text


def test_the_council_reads_hostile_names_and_stories_as_text_without_anything_running(hostile_app, trapped_page):
    url, hostile = hostile_app
    page = trapped_page()
    log_in(
        page,
        f"{url}/?thema=participatie&cijfer=caseload_per_fte&verhaal={hostile.story_id}",
        "wethouder",
        labels.TITLE_OVERVIEW,
        wait=wait_for,
    )
    expect(page.get_by_role("heading", name="Titel", level=4)).to_be_visible()
    assert_inert(
        page,
        SCRIPT,
        "[klik hier](javascript:",
        ":red[rood]",
        "bel[U+0007]",
        "[U+202E]gnp.exe",
        "'; drop table stories;--",
    )
    screenshot(page, "injectie_overzicht_raad")

    go_to(page, labels.TITLE_STORIES, wait_for)
    assert_inert(
        page,
        STORY_TITLE,
        SCRIPT,
        IMG,
        JS_LINK,
        ":material/warning:",
        "**vet**",
        "$x^2$",
        "&lt;b&gt;",
        "# geen kop",
        f"#tag {IMG}",
        "#:red[tag]",
    )
    screenshot(page, "injectie_verhalen_raad")

    go_to(page, labels.TITLE_DATA, wait_for)
    assert_inert(page, DEFINITION["Naam"], DEFINITION["Definitie"], DEFINITION["Bron"], DEFINITION["Eigenaar"])
    screenshot(page, "injectie_over_de_data")


def test_a_professional_reads_hostile_team_names_and_norms_as_text_without_anything_running(hostile_app, trapped_page):
    url, hostile = hostile_app
    page = trapped_page()
    log_in(
        page,
        f"{url}/caseload?thema=participatie&verhaal={hostile.story_id}",
        "wi-zuid-1",
        labels.TITLE_CASELOAD,
        wait=wait_for,
    )
    rationale = (
        NORM_RATIONALE.replace("\x07", "[U+0007]")
        .replace("\x1b", "[U+001B]")
        .replace("\u200b", "[U+200B]")
        .replace("\u202e", "[U+202E]")
    )
    assert_inert(page, f"Zuid {SCRIPT}", "(WI-ZUID)", "cliënten <img src=x", rationale, STORY_TITLE)
    screenshot(page, "injectie_caseload_professional")
    page.get_by_role("heading", name="De normen en hun geschiedenis").scroll_into_view_if_needed()
    screenshot(page, "injectie_caseload_normen")

    go_to(page, labels.TITLE_STORIES, wait_for)
    assert_inert(page, STORY_TITLE, f"team Zuid {SCRIPT}", "regeling Bijstand <img src=x", "**vet** # kop")
    screenshot(page, "injectie_verhalen_professional")

    go_to(page, labels.TITLE_OVERVIEW, wait_for)
    page.locator(".st-key-tegel_active_dossiers").get_by_role("button", name=labels.SHOW_TREND).click()
    settled(page)
    expect(page.get_by_text(labels.ABOUT_FIGURE)).to_be_visible()
    assert_inert(page, DEFINITION["Naam"], DEFINITION["Definitie"], DEFINITION["Eigenaar"])
    screenshot(page, "injectie_overzicht_professional")

    # The tile's help text is markdown too: the definition shows there as text.
    page.locator(".st-key-tegel_active_dossiers").get_by_test_id("stTooltipHoverTarget").first.hover()
    tooltip = page.get_by_test_id("stTooltipContent")
    expect(tooltip).to_be_visible()
    assert DEFINITION["Definitie"] in tooltip.inner_text().replace(JOINER, "")
    assert tooltip.locator("a").count() == 0
    assert_inert(page)
    page.screenshot(
        path=str(SCREENSHOTS / "injectie_tegel_uitleg.png"), clip={"x": 300, "y": 150, "width": 900, "height": 500}
    )


def test_a_bad_upload_is_refused_in_dutch_by_our_own_check_and_its_name_stays_text(hostile_app, trapped_page):
    url, hostile = hostile_app
    figures = (hostile.data_dir / "figures.duckdb").read_bytes()
    page = trapped_page()
    log_in(page, f"{url}/beheer", "beheerder", labels.TITLE_ADMIN, wait=wait_for)
    expect(page.get_by_text("Alleen .csv of .xlsx, maximaal 300 MB per bestand")).to_be_visible()
    png = b"\x89PNG\r\n\x1a\n" + bytes(64)
    page.locator('.st-key-beheer_uploads input[type="file"]').set_input_files(
        [
            {"name": "caseload.csv", "mimeType": "image/png", "buffer": png},
            {"name": f"{BAD_NAME}.csv", "mimeType": "text/csv", "buffer": b"Teamcode\n"},
            {"name": "virus.exe", "mimeType": "application/octet-stream", "buffer": b"MZ\x90\x00"},
        ]
    )
    # Streamlit's own check would have said "… file type is not allowed" in English by now.
    expect(page.get_by_text("virus.exe")).to_be_visible()
    page.get_by_role("button", name=labels.ADMIN_LOAD).click()
    settled(page)
    error = page.get_by_test_id("stAlertContentError")
    expect(error).to_contain_text(labels.ADMIN_UPLOAD_REFUSED.format(n=3))
    shown = error.inner_text().replace(JOINER, "")
    assert "'caseload.csv' is geen tekst maar een PNG-afbeelding." in shown
    assert f"Onbekend bronbestand: {BAD_NAME}.csv." in shown
    assert "'virus.exe' is een .exe-bestand." in shown
    assert "not allowed" not in main_text(page) and "per file" not in main_text(page)
    assert_inert(page)
    assert (hostile.data_dir / "figures.duckdb").read_bytes() == figures
    screenshot(page, "injectie_upload_geweigerd")
