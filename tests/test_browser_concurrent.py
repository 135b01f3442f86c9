"""Twenty council members open the overview at the same moment, in real browsers, while a
professional saves a story: every page renders, and we measure how long each one took.

One `streamlit run` server over a private copy of the sample data; twenty browser contexts
(separate sessions, as twenty laptops would be) of one headless chromium, driven with
playwright's async API from one thread. Each logs in as `wethouder` and waits for "Overzicht
per thema" to be rendered. Meanwhile this process saves new versions of a story as `wi-zuid-1`
through the real service, on the same story store the server reads and audits logins in: a
second process contending for the store's file lock. The timings are reported (printed and
written to tests/screenshots/concurrent_readers.json), never asserted.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from kernel import adc_settings
from kernel.access import PROFESSIONAL, Viewer
from queries import db
from stories import service, store
from stories.service import StoryDraft
from tests.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ERRORS,
    SCREENSHOTS,
    VIEWPORT,
    async_api,
    login_async,
    screenshot_async,
    serve,
    wait_for_app_async,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.serial]  # its timings are the report

READERS = 20
TITLE = "Overzicht per thema"
LAPTOP = {"width": 1280, "height": 800}
TIMEOUT_MS = 180_000  # twenty sessions on two cores: generous, and never what is tested
PROFESSIONAL_VIEWER = Viewer("wi-zuid-1", PROFESSIONAL, ("WI-ZUID",), "Klantmanager WI-Zuid")


@pytest.fixture(scope="module")
def readers_site(sample_data_dir, tmp_path_factory):
    """The server's data folder (a private copy of the sample data) and its address."""
    data = tmp_path_factory.mktemp("concurrent_readers_data")
    shutil.copytree(sample_data_dir, data, dirs_exist_ok=True)
    for url in serve(data, tmp_path_factory.mktemp("concurrent_readers_log")):
        yield data, url


def server_cpu_seconds(url: str) -> float:
    """CPU time (user + system) used so far by the `streamlit run` serving `url`: to tell the
    server's share of the two cores from the browsers'."""
    port = url.rsplit(":", 1)[1]
    for proc in Path("/proc").iterdir():
        try:
            command = (proc / "cmdline").read_bytes().split(b"\0")
            if b"streamlit" in command and port.encode() in command:
                fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
                return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except OSError:
            continue
    raise AssertionError(f"no streamlit process serving {url}")


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value with at least `share` of them at or below."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


class Professional(threading.Thread):
    """Saves a story and then new versions of it, through the real service, until told to stop."""

    def __init__(self):
        super().__init__(name="professional", daemon=True)
        self.stop = threading.Event()
        self.story_id: str | None = None
        self.saves: list[tuple[float, float]] = []  # start and end of each save (monotonic)
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            while not self.stop.is_set() or not self.saves:
                version = len(self.saves) + 1
                draft = StoryDraft(
                    title=f"Drukte aan de balie, versie {version}",
                    body="Na de brief over de energietoeslag stonden er elke ochtend mensen aan "
                    "de balie; de huisbezoeken schoven een week op.",
                    metric_key="caseload_per_fte",
                    period="2023-09",
                    note_kind="werkdruk",
                    visibility="team",
                    team_code="WI-ZUID",
                )
                started = time.monotonic()
                saved = service.save(PROFESSIONAL_VIEWER, draft, db.figures(), story_id=self.story_id)
                self.saves.append((started, time.monotonic()))
                self.story_id = saved.story_id
                assert saved.version == version
                self.stop.wait(0.3)  # a person between two saves, not a tight loop
        except BaseException as error:  # noqa: BLE001 - reported by the test
            self.error = error


async def read_overview(browser, url: str, ready: list, start: asyncio.Event, index: int) -> dict:
    """One council member's session: log in, wait for the overview; the times it took."""
    # A laptop's window; the one session that is photographed gets the tall one of the others.
    context = await browser.new_context(viewport=VIEWPORT if index == 0 else LAPTOP, locale="nl-NL")
    try:
        page = await context.new_page()
        ready.append(index)
        await start.wait()
        opened = time.monotonic()
        await login_async(page, url, "wethouder", timeout_ms=TIMEOUT_MS)
        clicked = time.monotonic()
        await wait_for_app_async(page, TITLE, timeout_ms=TIMEOUT_MS)
        rendered = time.monotonic()
        # The chart library is loaded by the browser after the run: drawn is a moment later.
        await page.locator('[data-testid="stVegaLiteChart"]').first.wait_for(state="visible", timeout=TIMEOUT_MS)
        drawn = time.monotonic()
        # Tiles come before the chart in the page; under this load the browser may still be
        # laying them out. A page that finished without them fails here, after the timeout.
        tile = page.locator('[data-testid="stMetricValue"]')
        # On a time-out: counted as zero tiles below, with the page's text and a screenshot.
        with contextlib.suppress(async_api.TimeoutError):
            await tile.first.wait_for(state="visible", timeout=TIMEOUT_MS)
        heading = await page.get_by_role("heading", name=TITLE, level=1).count()
        errors = await page.locator(ERRORS).all_inner_texts()
        tiles = await tile.count()
        charts = await page.locator('[data-testid="stVegaLiteChart"]').count()
        shot = None
        if index == 0:
            shot = await screenshot_async(page, "gelijktijdig_overzicht")
        elif not (heading and tiles and charts) or errors:
            shot = await screenshot_async(page, f"gelijktijdig_fout_sessie_{index}")
        text = (await page.locator('[data-testid="stMain"]').inner_text())[:600] if shot and index else None
        return {
            "sessie": index,
            "heading": heading,
            "errors": errors,
            "tiles": tiles,
            "charts": charts,
            "text": text,
            "opened": opened,
            "clicked": clicked,
            "rendered": rendered,
            "van_adres_tot_overzicht_s": rendered - opened,
            "van_inloggen_tot_overzicht_s": rendered - clicked,
            "van_adres_tot_grafiek_s": drawn - opened,
            "screenshot": str(shot) if shot else None,
        }
    finally:
        await context.close()


async def read_together(url: str, readers: int = READERS) -> list[dict]:
    async with async_api.async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            ready, start = [], asyncio.Event()
            sessions = [asyncio.create_task(read_overview(browser, url, ready, start, i)) for i in range(readers)]
            # Every session has its page before any of them opens the address.
            while len(ready) < readers and not any(t.done() for t in sessions):
                await asyncio.sleep(0.05)
            start.set()
            return await asyncio.gather(*sessions)
        finally:
            await browser.close()


def test_twenty_council_members_open_the_overview_at_once_while_a_story_is_saved(readers_site, monkeypatch):
    data, url = readers_site
    monkeypatch.setenv(adc_settings.DATA_DIR.env, str(data))
    # The same journey alone first, on a warm server: what the twenty are compared with.
    alone = asyncio.run(read_together(url, readers=1))[0]
    professional = Professional()
    try:
        # The professional starts with the readers and saves until the last page is there.
        professional.start()
        cpu_before, wall_before = server_cpu_seconds(url), time.monotonic()
        sessions = asyncio.run(read_together(url))
        server_cpu, wall = server_cpu_seconds(url) - cpu_before, time.monotonic() - wall_before
    finally:
        professional.stop.set()
        professional.join(timeout=300)
        db.close_all()
    assert professional.error is None, repr(professional.error)
    assert not professional.is_alive()

    for session in sessions:
        seen = json.dumps(session, ensure_ascii=False, default=str)  # in full, not abbreviated
        assert session["heading"] == 1, seen
        assert session["errors"] == [], seen
        assert session["tiles"] > 0 and session["charts"] > 0, seen

    # The saves happened while the pages were being opened, and every one of them was kept.
    first_open = min(s["opened"] for s in sessions)
    last_render = max(s["rendered"] for s in sessions)
    during = [s for s in professional.saves if s[0] < last_render and s[1] > first_open]
    assert during, (professional.saves, first_open, last_render)
    with store.connect() as con:
        versions = con.execute(
            "select count(*) from story_versions where story_id = ?", [professional.story_id]
        ).fetchone()[0]
        audited = con.execute(
            "select count(*) from audit_log where actor = 'wi-zuid-1' and object_id = ?", [professional.story_id]
        ).fetchone()[0]
        logins = con.execute(
            "select count(*) from audit_log where actor = 'wethouder' and "
            "action = 'inloggen' and occurred_at >= now() - interval 1 hour"
        ).fetchone()[0]
    assert versions == audited == len(professional.saves)
    assert logins >= READERS

    total = [s["van_adres_tot_overzicht_s"] for s in sessions]
    render = [s["van_inloggen_tot_overzicht_s"] for s in sessions]
    drawn = [s["van_adres_tot_grafiek_s"] for s in sessions]
    save_seconds = [end - begin for begin, end in professional.saves]
    report = {
        "sessies": READERS,
        "server_cpu_s": round(server_cpu, 1),
        "wandkloktijd_s": round(wall, 1),
        "cpu_kernen": os.cpu_count(),
        "een_sessie_alleen_s": {
            k: round(alone[k], 3)
            for k in ("van_adres_tot_overzicht_s", "van_inloggen_tot_overzicht_s", "van_adres_tot_grafiek_s")
        },
        "van_adres_tot_overzicht_s": {"p50": percentile(total, 0.5), "p95": percentile(total, 0.95), "max": max(total)},
        "van_inloggen_tot_overzicht_s": {
            "p50": percentile(render, 0.5),
            "p95": percentile(render, 0.95),
            "max": max(render),
        },
        "van_adres_tot_grafiek_s": {"p50": percentile(drawn, 0.5), "p95": percentile(drawn, 0.95), "max": max(drawn)},
        "opslaan_door_professional": {
            "keer": len(save_seconds),
            "tijdens_het_openen": len(during),
            "p50_s": percentile(save_seconds, 0.5),
            "max_s": max(save_seconds),
        },
        "per_sessie": [
            {
                k: round(v, 3) if isinstance(v, float) else v
                for k, v in s.items()
                if k not in ("opened", "clicked", "rendered")
            }
            for s in sessions
        ],
    }
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "concurrent_readers.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(
        f"\n{READERS} sessies tegelijk: van adres tot overzicht p50 "
        f"{report['van_adres_tot_overzicht_s']['p50']:.1f} s, p95 "
        f"{report['van_adres_tot_overzicht_s']['p95']:.1f} s; van inloggen tot overzicht p50 "
        f"{report['van_inloggen_tot_overzicht_s']['p50']:.1f} s, p95 "
        f"{report['van_inloggen_tot_overzicht_s']['p95']:.1f} s; grafiek getekend p50 "
        f"{report['van_adres_tot_grafiek_s']['p50']:.1f} s, p95 "
        f"{report['van_adres_tot_grafiek_s']['p95']:.1f} s; {len(save_seconds)} keer "
        f"opgeslagen ({len(during)} tijdens het openen), p50 "
        f"{report['opslaan_door_professional']['p50_s']:.2f} s per keer; één sessie alleen: "
        f"{alone['van_adres_tot_overzicht_s']:.1f} s van adres tot overzicht; de server gebruikte "
        f"{server_cpu:.0f} van de {wall * (os.cpu_count() or 1):.0f} processorseconden"
    )
