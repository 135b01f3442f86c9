"""Similar municipalities in a real browser: the wethouder sees the CBS comparison on the Wmo
overview, then builds the commissiebriefing whose preview and PDF carry the same section.

Screenshots: tests/screenshots/peers_tile.png (the overview tile), peers_chart.png (the
comparison chart further down the overview), peers_briefing.png (the
briefing page with the section in its preview) and peers_briefing_pdf.png (the PDF's page,
rendered with pdftoppm)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.browser import SCREENSHOTS, app_url, browser, choose, login, new_page, screenshot, sync_api, wait_for_app  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser
SOURCE = "tabel 86050NED · 2025 (voorlopig) · opgehaald 31 okt 2026"


def test_the_wethouder_sees_the_comparison_on_the_tile_and_in_the_briefing(app_url, new_page, tmp_path):
    page = new_page()
    login(page, app_url, "wethouder")
    wait_for_app(page, "Overzicht per thema")
    choose(page, "Thema", "Maatschappelijke ondersteuning")

    tile = page.locator(".st-key-vergelijking_wmo")
    sync_api.expect(tile).to_contain_text("Vergelijkbare gemeenten: Koggenwaard 62,4 per 1.000 inwoners")
    sync_api.expect(tile).to_contain_text("Synthetisch: verzonnen gemeenten en cijfers in het formaat van CBS StatLine")
    sync_api.expect(tile).to_contain_text(SOURCE)
    tile.scroll_into_view_if_needed()
    screenshot(page, "peers_tile")

    section = page.get_by_role("heading", name="Vergelijkbare gemeenten", level=3)
    section.scroll_into_view_if_needed()
    sync_api.expect(page.get_by_text("CBS publiceert geen waarde voor Wierdum")).to_be_visible()
    chart = page.get_by_role("img").filter(has_text="Mediaan vergelijkbare gemeenten")  # Dutch legend
    sync_api.expect(chart).to_be_visible()
    sync_api.expect(chart).to_contain_text("Wmo-cliënten met een maatwerkvoorziening (2025)")
    sync_api.expect(
        page.get_by_text("Wmo-cliënten met een maatwerkvoorziening, per 1.000 inwoners, 2025: Koggenwaard 62,4")
    ).to_be_visible()  # the text alternative
    screenshot(page, "peers_chart")

    page.get_by_role("link", name="Maak een commissiebriefing").click()
    wait_for_app(page, "Commissiebriefing")
    sync_api.expect(page.get_by_text("De briefing krijgt ook de paragraaf 'Vergelijkbare gemeenten'")).to_be_visible()
    page.get_by_role("button", name="Briefing opstellen").click()
    download_button = page.get_by_role("button", name="Download PDF")
    sync_api.expect(download_button).to_be_visible(timeout=120_000)
    page.get_by_text("Voorbeeld van de tekst").click()
    heading = page.get_by_role("heading", name="Vergelijkbare gemeenten", level=2)
    sync_api.expect(heading).to_be_visible()
    sync_api.expect(page.get_by_text(SOURCE).first).to_be_visible()
    heading.evaluate("element => element.scrollIntoView({block: 'start'})")
    screenshot(page, "peers_briefing")

    with page.expect_download() as download:
        download_button.click()
    pdf_path = tmp_path / "briefing.pdf"
    download.value.save_as(pdf_path)
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm ontbreekt (poppler-utils)")
    pages = int(
        next(
            line.split()[-1]
            for line in subprocess.run(
                ["pdfinfo", str(pdf_path)], capture_output=True, text=True, check=True
            ).stdout.splitlines()
            if line.startswith("Pages:")
        )
    )
    for number in range(1, pages + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), str(pdf_path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        if "Cijfers van het CBS" in text:
            break
    else:
        pytest.fail("geen pagina met de paragraaf Vergelijkbare gemeenten in de PDF")
    assert "86050NED" in " ".join(text.split())
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "pdftoppm",
            "-f",
            str(number),
            "-l",
            str(number),
            "-r",
            "80",
            "-png",
            "-singlefile",
            str(pdf_path),
            str(SCREENSHOTS / "peers_briefing_pdf"),
        ],
        check=True,
    )
