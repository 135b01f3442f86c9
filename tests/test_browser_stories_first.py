"""Stories first, like with like, honest axes and managers across themes (issue 16), per
audience in a real browser at desktop, tablet and phone size: the tiles count the stories the
viewer may read, the theme opens on the newest of them, a story's value and the chart's value
agree or each says its scope, and every value axis starts at 0.

One server for the module and one login per audience; screenshots go to tests/screenshots/
as uitleg_<audience>_<width>x<height>*.png.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, urlparse

import polars as pl
import pytest

import queries
from accounts.demo import demo_viewer
from kernel.format import format_period
from presentation.tiles import story_count_text
from queries import db
from tests.browser import SCREENSHOTS, app_url, browser, login, sync_api, wait_for_app  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

THEME = "jeugd"
AUDIENCES = {"raad": "wethouder", "manager": "manager-zorg", "professional": "jgd-oost-1"}
VIEWPORTS = ((1440, 900), (1024, 768), (390, 844))
CARD = '[class*="st-key-verhaal_"]'


@pytest.fixture(scope="module")
def figures(sample_data_dir):
    con = db.figures(sample_data_dir / "figures.duckdb")
    yield con
    con.close()


def number(text: str) -> float:
    """'−1.000.000' or '42,5' as the axes and tooltips write it -> a float."""
    return float(text.replace("−", "-").replace(".", "").replace(",", "."))


def readable(page, figures, sample_data_dir, viewer) -> pl.DataFrame:
    """The stories this viewer may read on the theme in the window of the page's charts."""
    query = parse_qs(urlparse(page.url).query)
    period, start = query["periode"][0], dt.date(int(query["vanaf"][0]), 1, 1)
    return queries.visible_stories(
        viewer,
        figures_con=figures,
        store_path=sample_data_dir / "stories.duckdb",
        theme=THEME,
        start=start,
        end=queries.month_end(period),
        brief=True,
    )


def check_tiles(page, stories: pl.DataFrame) -> None:
    """Each tile says how many stories this viewer may read beside it, none included."""
    tiles = page.locator('[class*="st-key-tegel_"]')
    sync_api.expect(tiles.first).to_be_visible()
    seen = 0
    for tile in tiles.all():
        metric = re.search(r"st-key-tegel_(\w+)", tile.get_attribute("class")).group(1)
        count = stories.filter(pl.col("metric_key") == metric).height
        sync_api.expect(tile).to_contain_text(story_count_text(count))
        seen += 1
    assert seen >= 8


def check_opens_on_newest(page, stories: pl.DataFrame) -> str:
    """The theme opened on the newest readable story: its card is shown. Returns its title."""
    newest = stories.sort("period_start", "written_on", descending=True).row(0, named=True)
    card = page.locator(CARD)
    sync_api.expect(card).to_have_count(1)
    sync_api.expect(card.get_by_role("heading", level=4)).to_have_text(newest["title"])
    return newest["title"]


def check_like_with_like(page, title: str) -> str:
    """The card's value and the chart's value at the story's period agree, or both say their
    scope; the marker says the same as the card. Returns the card's value line."""
    card = page.locator(CARD)
    captions = card.locator('[data-testid="stCaptionContainer"]').all_inner_texts()
    period = re.search(r", (\w+ \d{4})", captions[0]).group(1)  # "Over <figure>, K4 2025 · …"
    line = next(
        t
        for t in captions + card.locator('[data-testid="stMarkdownContainer"]').all_inner_texts()
        if t.startswith(("Waarde toen", "Het cijfer is herzien")) or "Cijfer herzien" in t
    )
    points = page.eval_on_selector_all('[aria-label*="Periode: "]', "els => els.map(e => e.getAttribute('aria-label'))")
    on_line = {re.search(r"Waarde: ([^;]+)", p).group(1) for p in points if f"Periode: {period};" in p}
    assert on_line, f"geen punt op de lijn in {period}"
    marker = page.locator(f'path[aria-label^="Verhaal over {period}: {title}"]').first.get_attribute("aria-label")
    if " toen: " in line:  # a narrower scope: both values, each with its scope
        own, chart = line.rsplit("; ", 1)
        chart_scope, chart_value = chart.rstrip(".").split(" toen: ")
        assert chart_value in on_line, (line, on_line)  # the chart's value is the line's
        assert own.count(": ") >= 2 or "Dat is de waarde voor " in own  # "…: taakveld 6.72a …: € 357.072"
        assert f"{chart_scope} toen: {chart_value}" in marker  # and the marker says so too
    else:  # the chart's own scope: the value now is the line's
        now = re.search(r"nu:? (.+?)(?: \(afgerond\))?\.?$", line)
        value = now.group(1) if now else re.search(r"geschreven: (.+?)(?: \(\w+\))?$", line).group(1)
        assert value in on_line, (line, on_line)
    return line


def check_axes_from_0(page) -> int:
    """Every value axis on the page starts at 0 or below (negative values still show)."""
    axes = page.eval_on_selector_all('[aria-label^="Y-as"]', "els => els.map(e => e.getAttribute('aria-label'))")
    quantitative = [a for a in axes if re.search(r"van \S+ tot \S+$", a)]  # not a list of names
    assert quantitative, axes
    for axis in quantitative:
        low, high = re.search(r"van (\S+) tot (\S+)$", axis).groups()
        assert number(low) <= 0 <= number(high), axis
    return len(quantitative)


def shot(page, name: str) -> None:
    """A screenshot of what the reader sees at this size (the charts are drawn: their axes were
    read before)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.mouse.move(1, 1)  # no tooltip over the content
    page.wait_for_timeout(250)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def logged_in(page, title: str) -> None:
    """After the login: the page, and the session cookie (it comes from an invisible image right
    after, dashboard/session.py), so that the next address opened keeps the login."""
    wait_for_app(page, title)
    page.wait_for_function("() => performance.getEntriesByType('resource').some(e => e.name.includes('/_adc/sessie'))")


def open_overview(page, url: str) -> None:
    page.goto(f"{url}/?thema={THEME}")
    wait_for_app(page, "Overzicht per thema")
    page.wait_for_selector('[aria-label^="Y-as"]')


@pytest.mark.parametrize("audience", list(AUDIENCES))
def test_each_audience_lands_on_its_stories_with_like_values_and_axes_from_0(
    audience, app_url, browser, figures, sample_data_dir
):
    username = AUDIENCES[audience]
    viewer = demo_viewer(username)
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="nl-NL")
    try:
        page = context.new_page()
        page.set_default_timeout(30_000)
        login(page, f"{app_url}/?thema={THEME}", username)
        logged_in(page, "Overzicht per thema")
        page.wait_for_selector('[aria-label^="Y-as"]')
        for width, height in VIEWPORTS:
            if (width, height) != VIEWPORTS[0]:
                page.set_viewport_size({"width": width, "height": height})
                open_overview(page, app_url)  # a new run at this size; the login stays
            stories = readable(page, figures, sample_data_dir, viewer)
            assert stories.height, "de demo heeft verhalen voor elke lezer"
            check_tiles(page, stories)
            shot(page, f"uitleg_{audience}_{width}x{height}")
            title = check_opens_on_newest(page, stories)
            check_like_with_like(page, title)
            assert check_axes_from_0(page) >= 1
            page.locator('[data-testid="stVegaLiteChart"]').first.evaluate("e => e.scrollIntoView({block: 'center'})")
            shot(page, f"uitleg_{audience}_{width}x{height}_grafiek")
            page.locator(CARD).scroll_into_view_if_needed()
            shot(page, f"uitleg_{audience}_{width}x{height}_verhaal")
        if audience == "raad":  # the example: 442 to 460 dossiers drawn as a cliff
            page.locator(".st-key-toon_active_dossiers button").click()
            sync_api.expect(page.locator('[class*="st-key-verhaal_"]')).to_have_count(0)
            page.wait_for_selector('[aria-label^="Y-as"]')
            axis = page.locator('[aria-label^="Y-as"]').first
            sync_api.expect(axis).to_have_attribute("aria-label", re.compile(r"van 0 tot "))
            assert check_axes_from_0(page) == 1
            page.locator('[data-testid="stVegaLiteChart"]').first.evaluate("e => e.scrollIntoView({block: 'center'})")
            shot(page, f"uitleg_{audience}_{width}x{height}_actieve_dossiers")
    finally:
        context.close()


def test_a_manager_sees_every_team_over_its_norm_in_any_theme_first(app_url, browser, figures):
    viewer = demo_viewer("manager-zorg")
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="nl-NL")
    try:
        page = context.new_page()
        page.set_default_timeout(30_000)
        login(page, f"{app_url}/caseload", viewer.username)
        logged_in(page, "Caseload en normen")
        period = parse_qs(urlparse(page.url).query)["periode"][0]
        over = queries.teams_over_norm(figures, viewer, period).filter(
            pl.col("team_code").is_in(list(viewer.teams)) & pl.col("is_over_norm")
        )
        assert over.height and parse_qs(urlparse(page.url).query)["thema"] == ["wmo"]
        for width, height in VIEWPORTS:
            if (width, height) != VIEWPORTS[0]:
                page.set_viewport_size({"width": width, "height": height})
                page.goto(f"{app_url}/caseload")
                wait_for_app(page, "Caseload en normen")
            page.wait_for_selector('[aria-label^="Y-as"]')
            summary = page.locator(".st-key-teams_boven_norm_overal")
            for row in over.iter_rows(named=True):
                since = row["over_since"].strftime("%Y-%m")
                sync_api.expect(summary).to_contain_text(f"{row['team_name']} ({row['team_code']})")
                sync_api.expect(summary).to_contain_text(f"boven de norm sinds {format_period(since)}")
            assert check_axes_from_0(page) >= 1
            shot(page, f"uitleg_manager_caseload_{width}x{height}")
        summary.get_by_role("button", name=re.compile(f"^Toon {over['team_code'][0]} in")).click()
        sync_api.expect(page.locator(f".st-key-team_{over['team_code'][0]}")).to_be_visible()
        assert "thema=jeugd" in page.url
    finally:
        context.close()
