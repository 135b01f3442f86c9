"""The beheerder's uploads are checked at the door (etl/workspace.py): a known source name, the
extension .csv or .xlsx, content that is what the extension says, and at most ADC_MAX_UPLOAD_MB.
A refused upload gets a Dutch message that names the file and says what was expected, and
changes nothing: not the figures file, not the source folder ($ADC_DATA_DIR/bronnen), not the
load log, not the audit log.

AppTest in Streamlit 1.67 drives st.file_uploader (`set_value` with name, bytes and type), so the
Beheer page is tested with real uploads too.
"""

from __future__ import annotations

import hashlib
import io
import time
import zipfile

import pytest

from etl import build, workspace
from kernel import adc_settings
from kernel.access import BEHEERDER, Viewer
from presentation import labels
from queries import db
from tests.apptest import open_app
from tests.records import audit_count
from tests.sources import CASELOAD, TEAMS, write_sources

BEHEER = Viewer("beheerder", BEHEERDER)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


def snapshot(data_dir) -> dict:
    """Everything a refused upload must leave alone: figures, sources, load log, audit log, and
    no staging folder left behind."""

    def digest(path):
        return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None

    sources = data_dir / "bronnen"
    return {
        "figures": digest(adc_settings.figures_db_path()),
        "sources": {p.name: digest(p) for p in sorted(sources.iterdir())} if sources.exists() else None,
        "load log": digest(adc_settings.load_log_path()),
        "audit rows": audit_count(),
        "folders": sorted(p.name for p in data_dir.iterdir() if p.is_dir()),
    }


def until_built(at, timeout: float = 120) -> None:
    """Run the page again until the build it started in its own process is done, as the
    page's progress fragment does every half second in a browser."""
    deadline = time.monotonic() + timeout
    while "beheer_build" in at.session_state:
        assert time.monotonic() < deadline, "the build did not finish"
        time.sleep(0.2)
        at.run()


def refused(uploads: dict[str, bytes]) -> list[str]:
    with pytest.raises(workspace.UploadRefused) as refusal:
        workspace.stage(BEHEER, uploads)
    return refusal.value.problems


# --- the checks, one file at a time --------------------------------------------------------------


def test_a_file_over_the_upload_limit_is_refused_in_dutch_and_changes_nothing(loaded, monkeypatch):
    monkeypatch.setenv(adc_settings.MAX_UPLOAD_MB.env, "1")
    before = snapshot(loaded)
    big = CASELOAD.encode("cp1252") + b"31-03-2024;T-A;klantmanager;490;5,5\r\n" * 42_000  # 1,5 MB
    assert refused({"caseload.csv": big}) == [
        "'caseload.csv' is 1,5 MB. Verwacht: een bestand van maximaal 1 MB (instelling ADC_MAX_UPLOAD_MB)."
    ]
    assert snapshot(loaded) == before


def test_a_file_just_under_the_upload_limit_is_accepted(loaded, monkeypatch):
    monkeypatch.setenv(adc_settings.MAX_UPLOAD_MB.env, "0.5")
    staged = workspace.stage(BEHEER, {"caseload.csv": CASELOAD.encode("cp1252")})
    workspace.discard(staged)


def test_a_png_named_caseload_csv_is_refused_and_changes_nothing(loaded):
    before = snapshot(loaded)
    assert refused({"caseload.csv": PNG}) == [
        "'caseload.csv' is geen tekst maar een PNG-afbeelding. Verwacht: een CSV-bestand (tekst, "
        "kolommen gescheiden door ; of , of een tab)."
    ]
    assert snapshot(loaded) == before


def test_a_text_file_named_begroting_xlsx_is_refused_and_changes_nothing(loaded):
    before = snapshot(loaded)
    assert refused({"begroting.xlsx": b"Jaar;Kwartaal;Taakveld\n2024;1;6.3\n"}) == [
        "'begroting.xlsx' is geen Excel-werkboek maar tekst. Verwacht: een .xlsx-bestand uit Excel of "
        "LibreOffice; is het een CSV-bestand, noem het dan begroting.csv."
    ]
    assert snapshot(loaded) == before


@pytest.mark.slow
def test_an_unknown_file_name_is_refused_and_changes_nothing(loaded):
    before = snapshot(loaded)
    assert refused({"export.csv": TEAMS.encode()}) == [
        "Onbekend bronbestand: export.csv. Verwacht: de naam van een bron: teams, normen, regelingen, "
        "caseload, begroting, beschikkingen, definities of cbs_vergelijking, op .csv of .xlsx (bijvoorbeeld "
        "caseload.csv)."
    ]
    assert snapshot(loaded) == before


def test_an_exe_is_refused_by_its_extension_and_changes_nothing(loaded):
    before = snapshot(loaded)
    [problem] = refused({"teams.exe": b"MZ\x90\x00\x03\x00\x00\x00"})
    assert problem.startswith(
        "'teams.exe' is een .exe-bestand. Verwacht: een CSV-bestand (.csv) of "
        "Excel-werkboek (.xlsx) met de naam van een bron: teams, normen,"
    )
    assert snapshot(loaded) == before


def test_a_zip_that_is_no_workbook_named_xlsx_is_refused(loaded):
    document = io.BytesIO()
    with zipfile.ZipFile(document, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert refused({"begroting.xlsx": document.getvalue()}) == [
        "'begroting.xlsx' is geen Excel-werkboek maar een zipbestand zonder Excel-werkboek (bijvoorbeeld "
        "een Word-document). Verwacht: een .xlsx-bestand."
    ]


def test_a_workbook_named_csv_is_told_to_be_named_xlsx(loaded):
    workbook = (loaded.parent / "src" / "begroting.xlsx").read_bytes()
    assert refused({"caseload.csv": workbook}) == [
        "'caseload.csv' is geen tekst maar een Excel-werkboek. Verwacht: een CSV-bestand (tekst); noem "
        "een Excel-werkboek caseload.xlsx."
    ]


def test_a_utf16_export_is_told_how_to_save_it_again(loaded):
    assert refused({"teams.csv": ("\ufeff" + TEAMS).encode("utf-16-le")}) == [
        "'teams.csv' is tekst in UTF-16 (Unicode-tekst). Verwacht: een CSV-bestand in UTF-8 of Windows-1252; "
        "sla het in Excel op als 'CSV UTF-8' of 'CSV (gescheiden door lijstscheidingsteken)'."
    ]


@pytest.mark.slow
def test_nul_heavy_bytes_named_csv_are_refused_as_binary(loaded):
    assert refused({"teams.csv": b"Teamcode" + b"\x00\x01\x02\x03" * 100}) == [
        "'teams.csv' is geen tekst maar een binair bestand. Verwacht: een CSV-bestand (tekst, kolommen "
        "gescheiden door ; of , of een tab)."
    ]


def test_an_empty_file_is_refused_with_what_it_should_hold(loaded):
    assert refused({"teams.csv": b""}) == [
        "'teams.csv' is leeg. Verwacht: een kopregel met de kolomnamen en daaronder de gegevens."
    ]


@pytest.mark.slow
def test_two_files_for_one_source_are_refused(loaded):
    workbook = (loaded.parent / "src" / "begroting.xlsx").read_bytes()
    assert refused({"begroting.csv": b"Jaar;Kwartaal\n", "begroting.xlsx": workbook}) == [
        "'begroting.csv' en 'begroting.xlsx' zijn allebei het bronbestand begroting; welke moet "
        "gelden? Er is niets geladen. Verwacht: één bestand per bron."
    ]


def test_a_path_in_the_file_name_is_refused(loaded):
    assert refused({"../teams.csv": TEAMS.encode()}) == [
        "'../teams.csv' bevat een map. Verwacht: alleen een bestandsnaam, zoals caseload.csv."
    ]


def test_every_refused_file_of_one_upload_is_named_at_once(loaded):
    before = snapshot(loaded)
    problems = refused({"caseload.csv": PNG, "teams.csv": TEAMS.encode(), "rapport.pdf": b"%PDF-1.7"})
    assert [p.split("'")[1] for p in problems] == ["caseload.csv", "rapport.pdf"]
    assert snapshot(loaded) == before


@pytest.mark.slow
def test_a_refused_first_upload_does_not_even_create_the_source_folder(tmp_path, monkeypatch):
    monkeypatch.setenv(adc_settings.DATA_DIR.env, str(tmp_path / "data"))
    build.build_file(adc_settings.figures_db_path(), write_sources(tmp_path / "src"))
    before = snapshot(tmp_path / "data")
    assert before["sources"] is None  # the source folder is made on first use
    refused({"caseload.csv": PNG})
    assert snapshot(tmp_path / "data") == before
    db.close_all()


@pytest.mark.slow
def test_a_text_file_with_a_few_control_characters_is_still_text(loaded):
    teams = TEAMS.replace("Team A", "Team A \x07\x1b[31m rood").encode()
    staged = workspace.stage(BEHEER, {"Teams.CSV": teams})
    assert (staged.folder / "teams.csv").read_bytes() == teams  # stored under the source's own name
    assert workspace.check(staged) == []
    workspace.discard(staged)


# --- the Beheer page -------------------------------------------------------------------------


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_the_beheer_page_says_the_limits_and_leaves_the_file_type_to_our_own_check(app_data):
    at = open_app("app_pages/beheer.py", role="beheerder")
    uploader = at.file_uploader(key="beheer_uploads")
    assert uploader.allowed_type == []  # Streamlit would refuse other types in English
    limits = labels.ADMIN_UPLOAD_LIMITS.format(mb="300")
    assert uploader.help == limits and limits in [c.value for c in at.caption]
    assert limits.startswith("Alleen .csv of .xlsx, maximaal 300 MB per bestand")


@pytest.mark.slow
def test_a_refused_upload_on_the_beheer_page_names_each_file_and_changes_nothing(app_data):
    at = open_app("app_pages/beheer.py", role="beheerder")
    before = snapshot(app_data)
    at.file_uploader(key="beheer_uploads").set_value(
        [("caseload.csv", PNG, "text/csv"), ("virus.exe", b"MZ\x90", "application/octet-stream")]
    )
    at.run()
    at.button(key="beheer_load").click().run()
    assert not at.exception
    [error] = [e.value for e in at.error]
    assert error.startswith(labels.ADMIN_UPLOAD_REFUSED.format(n=2))
    assert "- 'caseload.csv' is geen tekst maar een PNG-afbeelding." in error
    assert "- 'virus.exe' is een .exe-bestand." in error
    assert snapshot(app_data) == before


@pytest.mark.subprocess
def test_an_accepted_upload_on_the_beheer_page_loads_the_figures(app_data):
    at = open_app("app_pages/beheer.py", role="beheerder")
    teams = (
        (adc_settings.ROOT / "sample_data" / "teams.csv")
        .read_bytes()
        .replace(b"Werk en Inkomen Zuid", b"Werk en Inkomen Zuid-Oost")
    )
    at.file_uploader(key="beheer_uploads").set_value(("teams.csv", teams, "text/csv"))
    at.run()
    at.button(key="beheer_load").click().run()
    until_built(at)
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert [s.value for s in at.success][0].startswith("Geladen: ")
    assert (app_data / "bronnen" / "teams.csv").read_bytes() == teams
    assert db.figures().execute("select team_name from stg_teams where team_code = 'WI-ZUID'").fetchone() == (
        "Werk en Inkomen Zuid-Oost",
    )
