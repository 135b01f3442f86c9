"""Importing stories from a spreadsheet: validated, idempotent, and apart from the figures."""

from __future__ import annotations

import pytest

from accounts import users
from etl import __main__ as etl_cli
from etl import build, stories_import
from kernel import adc_settings
from stories import current, search, store
from tests.sources import write_sources

HEADER = (
    "Verhaal-id,Titel,Tekst,Cijfer,Periode,Teamcode,Regeling,Taakveld,Soort notitie,"
    "Dilemma's,Strategie,Waarden,Vrije tags,Zichtbaarheid,Auteur,Beoordeeld door,Status,"
    "Geschreven op\n"
)
PUBLISHED = (
    'V-1,Drukte,"Veel aanvragen,\nook in de avond.",caseload_per_fte,2024-01,t-a,,,'
    "werkdruk,zorgen_activeren;vertrouwen_controle,sluikwerk,menselijkheid,drukte; winter,"
    "raad,t-a-1,t-b-1,gepubliceerd,2024-02-05\n"
)
# The same file with the column of the manager step.
HEADER_WITH_MANAGER = HEADER.replace("Beoordeeld door,", "Beoordeeld door,Vrijgegeven door,")
BUDGET = (
    "V-2,Jeugd,Meer complexe casussen.,budget_exhaustion,2024-q1,,,6.71a,"
    "beleidswijziging,,,,,organisatie,t-b-1,,ter_beoordeling,2024-04-10\n"
)


pytestmark = pytest.mark.slow  # each test builds figures of its own first


@pytest.fixture
def figures(tmp_path, monkeypatch):
    monkeypatch.setenv(adc_settings.DATA_DIR.env, str(tmp_path / "data"))
    build.build_file(adc_settings.figures_db_path(), write_sources(tmp_path / "src"))
    return tmp_path


def import_text(folder, text: str) -> stories_import.ImportReport:
    path = folder / "verhalen.csv"
    path.write_text(text, encoding="utf-8")
    return stories_import.import_file(path)


def test_import_stores_story_with_tags_lifecycle_and_figure_value(figures):
    assert import_text(figures, HEADER + PUBLISHED + BUDGET).added == 2
    with store.connect() as con:
        version = con.execute(
            "select title, body, period, theme_code, team_code, dilemma_tags, free_tags, "
            "figure_value, figure_status from story_versions join stories using (story_id) "
            "where external_ref = 'V-1'"
        ).fetchone()
        events = con.execute(
            "select status, actor from story_events join stories using (story_id) "
            "where external_ref = 'V-1' order by event_id"
        ).fetchall()
        budget_period = con.execute(
            "select period, theme_code from story_versions join stories using (story_id) where external_ref = 'V-2'"
        ).fetchone()
    assert version == (
        "Drukte",
        "Veel aanvragen,\nook in de avond.",
        "2024-01",
        "participatie",
        "T-A",
        ["zorgen_activeren", "vertrouwen_controle"],
        ["drukte", "winter"],
        pytest.approx(470 / 5.5),
        "definitief",
    )
    # Published for the council by a colleague, without a manager of the team: it waits for one.
    assert events == [("concept", "t-a-1"), ("ter_beoordeling", "t-a-1"), ("wacht_op_manager", "t-b-1")]
    assert budget_period == ("2024-K1", "wmo")


def council_story(reviewer: str = "t-b-1", manager: str = "") -> str:
    return (
        f'V-1,Drukte,"Veel aanvragen in de avond.",caseload_per_fte,2024-01,t-a,,,werkdruk,,,,,'
        f"raad,t-a-1,{reviewer},{manager},gepubliceerd,2024-02-05\n"
    )


def events_of(ref: str) -> list[tuple[str, str]]:
    with store.connect() as con:
        return con.execute(
            "select status, actor from story_events join stories using (story_id) "
            "where external_ref = ? order by event_id",
            [ref],
        ).fetchall()


def test_a_council_story_goes_through_the_manager_step_the_file_names(figures):
    report = import_text(figures, HEADER_WITH_MANAGER + council_story(manager="t-a-manager"))
    assert report.held_for_manager == []
    assert events_of("V-1") == [
        ("concept", "t-a-1"),
        ("ter_beoordeling", "t-a-1"),
        ("wacht_op_manager", "t-b-1"),
        ("gepubliceerd", "t-a-manager"),
    ]


def test_a_council_story_without_a_manager_step_waits_for_one_and_the_command_says_so(figures, capsys):
    path = figures / "verhalen.csv"
    path.write_text(HEADER + PUBLISHED, encoding="utf-8")
    assert etl_cli.main(["import-stories", str(path)]) == 0
    said = capsys.readouterr().out
    assert "1 verhaal/verhalen staan in het bestand als gepubliceerd voor de raad" in said
    assert "geïmporteerd als 'wacht op manager': V-1." in said
    with store.connect() as con:
        assert con.execute("select status from story_current").fetchall() == [("wacht_op_manager",)]


def test_a_known_account_must_really_manage_the_team(figures):
    users.create_user("beheer", "t-b-manager", "manager", ("T-B",), email="b@voorbeeld.nl")
    users.create_user("beheer", "t-a-manager", "manager", ("T-A",), email="a@voorbeeld.nl")
    report = import_text(figures, HEADER_WITH_MANAGER + council_story(manager="t-b-manager"))
    assert report.held_for_manager == ["V-1"]  # manages another team: the step did not happen
    assert events_of("V-1")[-1] == ("wacht_op_manager", "t-b-1")
    # The reviewer was the team's manager: one step, as in the dashboard.
    import_text(figures, HEADER_WITH_MANAGER + council_story(reviewer="t-a-manager").replace("V-1", "V-2"))
    assert events_of("V-2")[-1] == ("gepubliceerd", "t-a-manager")


def test_without_the_manager_rule_a_reviewer_publishes_for_the_council(figures, monkeypatch):
    monkeypatch.setenv(adc_settings.RAAD_NEEDS_MANAGER.env, "nee")
    assert import_text(figures, HEADER + PUBLISHED).held_for_manager == []
    assert events_of("V-1")[-1] == ("gepubliceerd", "t-b-1")


def test_a_manager_step_is_refused_on_other_stories_and_by_the_author(figures):
    other = (
        "V-2,Jeugd,Meer complexe casussen.,budget_exhaustion,2024-q1,,,6.71a,beleidswijziging,"
        ",,,,organisatie,t-b-1,t-a-1,t-c-1,gepubliceerd,2024-04-10\n"
    )
    with pytest.raises(stories_import.ImportRefused) as refused:
        import_text(figures, HEADER_WITH_MANAGER + council_story(manager="t-a-1") + other)
    found = [r.message() for r in refused.value.rejections]
    assert len(found) == 2 and all("kolom 'Vrijgegeven door'" in m for m in found)
    assert "niet zelf schreef (vier ogen)" in found[0]
    assert "alleen bij een verhaal dat voor de raad is gepubliceerd" in found[1]


def test_importing_twice_adds_nothing_and_changes_nothing(figures):
    import_text(figures, HEADER + PUBLISHED)
    with store.connect() as con:
        before = con.execute("select * from story_versions order by all").fetchall()
    report = import_text(figures, HEADER + PUBLISHED + BUDGET)
    assert (report.added, report.already_present) == (1, 1)
    with store.connect() as con:
        assert con.execute("select count(*) from stories").fetchone() == (2,)
        kept = con.execute(
            "select * from story_versions join stories using (story_id) where external_ref = 'V-1'"
        ).fetchall()
    assert [row[: len(before[0])] for row in kept] == before


def test_bad_rows_are_all_reported_and_nothing_is_imported(figures):
    bad = "V-3,Titel,Tekst,geen_cijfer,2024-13,,,,werkdruk,dilemma_x,,,,raad,a,a,gepubliceerd,2024-02-30\n"
    with pytest.raises(stories_import.ImportRefused) as refused:
        import_text(figures, HEADER + PUBLISHED + bad)
    found = [r.message() for r in refused.value.rejections]
    assert [m.split(": waarde")[0] for m in found] == [
        "verhalen.csv, rij 3, kolom 'Cijfer'",
        "verhalen.csv, rij 3, kolom 'Periode'",
        "verhalen.csv, rij 3, kolom 'Dilemma's'",
        "verhalen.csv, rij 3, kolom 'Beoordeeld door'",
        "verhalen.csv, rij 3, kolom 'Geschreven op'",
    ]
    assert "een beoordelaar die niet de auteur is (vier ogen)" in found[3]
    with store.connect() as con:
        assert con.execute("select count(*) from stories").fetchone() == (0,)


def test_a_story_with_personal_data_is_refused_without_repeating_the_data(figures):
    leaky = (
        'V-9,Moeder belde,"Ze belde van 06-12345678 met haar BSN 111222333 erbij.",'
        "caseload_per_fte,2024-01,T-A,,,werkdruk,,,,,team,t-a-1,,concept,2024-02-01\n"
    )
    with pytest.raises(stories_import.ImportRefused) as refused:
        import_text(figures, HEADER + PUBLISHED + leaky)
    found = [r.message() for r in refused.value.rejections]
    assert len(found) == 2 and all(m.startswith("verhalen.csv, rij 3, kolom 'Tekst'") for m in found)
    assert any("gevonden: BSN); vervang door [BSN]" in m for m in found)
    assert not any("111222333" in m or "12345678" in m for m in found)
    with store.connect() as con:
        assert con.execute("select count(*) from stories").fetchone() == (0,)


def test_a_bulk_import_fills_the_history_the_current_table_and_the_search_index(figures):
    rows = "".join(
        f'V-{n},Drukte {n},"Een wachtlijst bij de aanbieders, week {n}.",caseload_per_fte,2024-01,t-a,,,'
        f"werkdruk,,,,,raad,t-a-1,t-b-1,{'t-a-manager' if status == 'gepubliceerd' else ''},{status},2024-02-05\n"
        for n, status in enumerate(["gepubliceerd", "teruggestuurd", "ingetrokken", "concept", "wacht_op_manager"] * 4)
    )
    assert import_text(figures, HEADER_WITH_MANAGER + rows).added == 20
    with store.connect() as con:
        steps = con.execute("""
            select external_ref, list(status order by event_id) from story_events
            join stories using (story_id) group by external_ref""").fetchall()
        now = con.execute(
            "select external_ref, status from story_current join stories using (story_id, external_ref)"
        ).fetchall()
        assert (
            current.derived(con)
            .sort("story_id")
            .equals(
                con.execute("select * from story_current order by story_id").pl().select(current.derived(con).columns)
            )
        )
        visible = con.execute("select story_id, version from story_current").pl()
        found = search.search(con, visible, "wachtlijsten")
    lifecycle = {
        "gepubliceerd": ["concept", "ter_beoordeling", "wacht_op_manager", "gepubliceerd"],
        "teruggestuurd": ["concept", "ter_beoordeling", "teruggestuurd"],
        "ingetrokken": ["concept", "ingetrokken"],
        "concept": ["concept"],
        "wacht_op_manager": ["concept", "ter_beoordeling", "wacht_op_manager"],
    }
    statuses = ["gepubliceerd", "teruggestuurd", "ingetrokken", "concept", "wacht_op_manager"] * 4
    expected = {f"V-{n}": lifecycle[s] for n, s in enumerate(statuses)}
    assert dict(steps) == expected  # each story's events in lifecycle order, ids in that order too
    assert dict(now) == {ref: events[-1] for ref, events in expected.items()}
    assert found.height == 20
