"""The beheerder's pages in AppTest: users, norms, the load log and the audit log."""

from __future__ import annotations

import pytest

from presentation import labels
from stories import store
from tests.apptest import open_app
from tests.test_upload_limits import until_built

pytestmark = pytest.mark.usefixtures("app_data")


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_the_beheer_page_shows_sources_load_log_norms_and_users():
    at = open_app("app_pages/beheer.py", role="beheerder")
    assert [t.value for t in at.title] == [labels.TITLE_ADMIN]
    assert [t.label for t in at.tabs] == ["Gegevens laden", "Laadlog", "Normen", "Definities", "Gebruikers"]
    shown = [df.value for df in at.dataframe]
    assert any("caseload.csv" in df.to_string() for df in shown)  # the current source files
    assert any("wethouder" in df.to_string() for df in shown)  # the users


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_the_beheerder_adds_a_user_who_can_then_log_in():
    at = open_app("app_pages/beheer.py", role="beheerder")
    inputs = {t.label: t for t in at.text_input}
    inputs["Gebruikersnaam"].input("wmo-7")
    inputs["Naam"].input("Nieuwe consulent")
    role_box = next(s for s in at.selectbox if s.label == "Rol" and "Professional" in s.options)
    role_box.select("professional")
    next(m for m in at.multiselect if m.label == "Teams").select("WMO")
    next(t for label, t in inputs.items() if label.startswith("Wachtwoord")).input("paars-fietsrek-bij-wmo")
    next(b for b in at.button if b.label == "Toevoegen").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Gebruiker 'wmo-7' toegevoegd."]
    with store.connect() as con:
        assert con.execute("select role, teams from users where username = 'wmo-7'").fetchone() == (
            "professional",
            ["WMO"],
        )
        assert con.execute(
            "select actor, action, object_id from audit_log order by audit_id desc limit 1"
        ).fetchone() == ("beheerder", "gebruiker_aangemaakt", "wmo-7")


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_the_audit_log_page_lists_and_filters_records():
    at = open_app("app_pages/auditlog.py", role="beheerder")
    assert [t.value for t in at.title] == [labels.TITLE_AUDIT]
    table = at.dataframe[0].value
    assert "verhaal geimporteerd" in set(table["Handeling"])
    at.selectbox(key="audit_action").select("verhaal_geimporteerd").run()
    assert set(at.dataframe[0].value["Handeling"]) == {"verhaal geimporteerd"}


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_the_audit_log_shows_its_newest_records_and_offers_all_of_them_as_csv(monkeypatch):
    from streamlit.testing.v1 import app_test

    from dashboard import pagination

    with store.connect() as con:
        records = con.execute("select count(*) from audit_log").fetchone()[0]
    assert records > 2
    monkeypatch.setattr(pagination, "AUDIT_ROWS_SHOWN", 2)
    managers = []  # each AppTest run's media files, where a deferred download waits
    made = app_test.MediaFileManager
    monkeypatch.setattr(app_test, "MediaFileManager", lambda storage: managers.append(made(storage)) or managers[-1])
    at = open_app("app_pages/auditlog.py", role="beheerder")
    table = at.dataframe[0].value
    assert table.shape[0] == 2
    newest = [c.value for c in at.caption if c.value.startswith("De nieuwste 2 van ")]
    assert newest, [c.value for c in at.caption]
    # The CSV is made when it is downloaded (a deferred download), with every record.
    media = managers[-1]
    url = media.execute_deferred(at.download_button(key="audit_csv").proto.deferred_file_id)
    csv = media._storage.get_file(url.rsplit("/", 1)[-1].split(".")[0]).content.decode("utf-8-sig")
    assert len(csv.splitlines()) == records + 1  # a header and every record
    assert csv.splitlines()[0].split(";")[:3] == ["Wanneer", "Wie", "Handeling"]


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_a_deferred_csv_is_not_made_after_the_session_ended(monkeypatch):
    from streamlit.runtime.media_file_storage import MediaFileStorageError
    from streamlit.testing.v1 import app_test

    from accounts import sessions

    managers = []
    made = app_test.MediaFileManager
    monkeypatch.setattr(app_test, "MediaFileManager", lambda storage: managers.append(made(storage)) or managers[-1])
    from dashboard.session import VIEWER_KEY

    at = open_app("app_pages/auditlog.py", role="beheerder")
    file_id = at.download_button(key="audit_csv").proto.deferred_file_id
    assert managers[-1].execute_deferred(file_id)  # made while the session holds
    sessions.end(
        at.session_state[VIEWER_KEY].session_id, "uitgelogd"
    )  # logged out in another tab after the page was drawn
    with pytest.raises(MediaFileStorageError):
        managers[-1].execute_deferred(file_id)


@pytest.mark.subprocess
def test_the_beheerder_revises_a_definition_and_the_catalog_follows():
    at = open_app("app_pages/beheer.py", role="beheerder")
    at.selectbox(key="definition_metric").select("grant_rate").run()
    at.text_area(key="definition_reason").input("Ingetrokken aanvragen tellen niet meer mee.")
    next(b for b in at.button if b.label.startswith("Definitie vastleggen")).click().run()
    until_built(at)
    assert not at.exception
    from queries import db as figures_db

    row = (
        figures_db.figures()
        .execute("select definition_valid_from is not null from mart_metric_catalog where metric_key = 'grant_rate'")
        .fetchone()
    )
    assert row == (True,)
    with store.connect() as con:
        assert con.execute("select action from audit_log order by audit_id desc limit 1").fetchone() == (
            "definitie_gewijzigd",
        )


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_every_csv_download_writes_exactly_one_audit_record():
    at = open_app(role="raad", thema="jeugd")
    assert at.download_button, "the overview offers its chart data as CSV"
    with store.connect() as con:
        before = con.execute("select count(*) from audit_log").fetchone()[0]
    at.download_button[0].click().run()
    with store.connect() as con:
        rows = con.execute("select actor, action from audit_log order by audit_id").fetchall()
    assert len(rows) == before + 1 and rows[-1] == ("wethouder", "export_csv")


# --- Beheer in plain Dutch: one file per source, each rejection once, Dutch numbers and dates ---


def _upload(at, files) -> None:
    at.file_uploader(key="beheer_uploads").set_value(files)
    at.run()
    at.button(key="beheer_load").click().run()


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_two_files_of_the_same_source_in_one_batch_are_refused_naming_both(app_data):
    at = open_app("app_pages/beheer.py", role="beheerder")
    sources = app_data / "bronnen"
    before = {p.name: p.read_bytes() for p in sources.iterdir()}
    teams = (sources / "teams.csv").read_bytes()
    # Two files called teams.csv (from two folders): before, the second silently won.
    _upload(at, [("teams.csv", teams, "text/csv"), ("teams.csv", teams.replace(b"Zuid", b"Zuid-Oost"), "text/csv")])
    assert not at.exception
    [error] = [e.value for e in at.error]
    assert error.startswith(labels.ADMIN_UPLOAD_REFUSED.format(n=1))
    assert "'teams.csv' en nog een 'teams.csv' zijn allebei het bronbestand teams" in error
    assert "Verwacht: één bestand per bron." in error
    assert {p.name: p.read_bytes() for p in sources.iterdir()} == before
    assert "beheer_build" not in at.session_state  # no build was started


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_a_refused_load_lists_each_rejection_once_with_dutch_numbers_and_dates(app_data):
    at = open_app("app_pages/beheer.py", role="beheerder")
    wrong = b"team_code;team_name;theme_code\nWI-ZUID;Zuid;onbekend\n"  # English headers
    _upload(at, [("teams.csv", wrong, "text/csv")])
    until_built(at)
    assert not at.exception
    [error] = [e.value for e in at.error]
    assert error.startswith("Niet geladen: ") and "afgewezen waarde(n)" in error
    count = error.removeprefix("Niet geladen: ").split(" ")[0]
    assert int(count.replace(".", "")) >= 1000 and "." in count  # thousands separated the Dutch way
    # The rejections are in the table of the first tab (with its CSV), and not a second time as
    # text in the load log's tab on the same page.
    listed = [df.value for df in at.dataframe if "Verwacht" in df.value.columns]
    assert len(listed) == 1 and "teams.csv" in set(listed[0]["Bestand"])
    assert not any("afgewezen; verwacht" in t.value for t in at.get("text"))
    # Every date reads as '3 dec 2026' (with a time: '3 dec 2026 14:05'), every count with dots.
    log = next(df.value for df in at.dataframe if "Klaar om" in df.value.columns)
    sources = next(df.value for df in at.dataframe if "Gewijzigd" in df.value.columns)
    moment = r"^\d{1,2} (jan|feb|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec) \d{4} \d{2}:\d{2}$"
    assert log["Klaar om"].str.match(moment).all(), log["Klaar om"].tolist()
    assert sources["Gewijzigd"].str.match(moment).all(), sources["Gewijzigd"].tolist()
    assert sources["Bytes"].str.match(r"^\d{1,3}(\.\d{3})*$").all()
    assert any("." in b for b in sources["Bytes"])  # the sample files are over 1.000 bytes


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_the_audit_log_writes_moments_and_counts_the_dutch_way():
    from stories import audit

    audit.record_now("beheerder", "inloggen")  # no object and no detail: empty cells, not "None"
    at = open_app("app_pages/auditlog.py", role="beheerder")
    table = at.dataframe[0].value
    assert not table[["Object", "Sleutel", "Toelichting"]].isna().any().any()
    assert "" in set(table["Toelichting"])
    assert (
        table["Wanneer"]
        .str.match(r"^\d{1,2} (jan|feb|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec) \d{4} \d{2}:\d{2}:\d{2}$")
        .all()
    )
