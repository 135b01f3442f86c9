"""The dashboard in AppTest: every page renders its own title, and the filters, the address
and the story markers behave. Runs against the database built from sample_data/."""

import datetime as dt
import json

import polars as pl
import pyarrow as pa
import pytest

from accounts import users
from dashboard import navigation
from kernel import adc_settings
from kernel.format import format_period
from presentation import labels
from presentation.tiles import story_count_text
from tests.apptest import DEMO_VIEWERS, open_app

# Every page with the first role that may open it, and its title.
PAGES = [(f"app_pages/{file}", title, roles[0]) for _, file, title, _, _, roles in navigation.PAGES]
JEUGD_OVERSPEND_STORY = "Duurder ambulant, maar geen uithuisplaatsing"


@pytest.fixture(autouse=True)
def sample_app(sample_data_dir, monkeypatch, fresh_caches):
    """Every test reads the session's sample databases, with caches cleared around it."""
    monkeypatch.setenv(adc_settings.DATA_DIR.env, str(sample_data_dir))


def texts(at) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [t.value for t in at.text])


def chart_specs(at) -> list[dict]:
    """Each Vega-Lite chart on the page: its spec with the datasets as row lists."""
    specs = []
    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        spec["datasets"] = {
            d.name: pa.ipc.open_stream(d.data.data).read_all().to_pylist() for d in chart.proto.datasets
        }
        spec["selection_mode"] = list(chart.proto.selection_mode)
        specs.append(spec)
    return specs


def marker_titles(spec: dict) -> list[str]:
    return [row["titel"] for rows in spec["datasets"].values() for row in rows if "titel" in row]


# --- every page -----------------------------------------------------------------------------


@pytest.mark.parametrize("page,title,role", PAGES, ids=[p for p, _, _ in PAGES])
@pytest.mark.slow
def test_every_page_shows_its_own_title(page, title, role):
    at = open_app(page, role=role)
    assert [t.value for t in at.title] == [title]


@pytest.mark.parametrize("role", ["raad", "manager", "professional", "beheerder"])
@pytest.mark.slow
def test_every_role_sees_exactly_its_own_pages(role):
    at = open_app(role=role)
    allowed = [f"app_pages/{file}" for _, file, _, _, _, roles in navigation.PAGES if role in roles]
    for page, title, _ in PAGES:
        if page in allowed:
            assert [t.value for t in at.switch_page(page).run().title] == [title]
        else:
            with pytest.raises(ValueError):  # not in this role's navigation: cannot be opened
                at.switch_page(page).run()


def test_without_a_database_the_app_says_so_in_dutch(tmp_path, monkeypatch):
    monkeypatch.setenv(adc_settings.DATA_DIR.env, str(tmp_path))
    users.create_user("setup", "wethouder", "raad", password="paars-fietsrek-onder-de-linde")  # an account
    at = open_app()
    assert at.error[0].value == labels.FIGURES_MISSING


# --- filters and the address ----------------------------------------------------------------


def test_the_chosen_view_is_written_to_the_query_string():
    at = open_app()
    assert {k: at.query_params[k] for k in ("thema", "periode", "vanaf")} == {
        "thema": "participatie",
        "periode": "2026-10",
        "vanaf": "2023",
    }
    assert "rol" not in at.query_params  # the login decides the role, never the address
    assert "team" not in at.query_params


def test_a_shared_link_reopens_the_same_view():
    params = {"thema": "jeugd", "periode": "2024-12", "vanaf": "2022", "team": "JGD-OOST", "cijfer": "caseload_per_fte"}
    at = open_app(role="manager", **params)
    assert {k: at.selectbox(key=f"url_{k}").value for k in ("thema", "periode", "vanaf", "team")} == {
        "thema": "jeugd",
        "periode": "2024-12",
        "vanaf": "2022",
        "team": "JGD-OOST",
    }
    assert at.selectbox(key="url_cijfer").value == "caseload_per_fte"
    assert "Jeugdhulp · peilmaand dec 2024 · team Jeugdteam Oost" in texts(at)
    assert {k: at.query_params[k] for k in params} == params


@pytest.mark.slow
def test_changing_a_filter_changes_the_figures_and_the_address():
    at = open_app()
    before = at.metric[0].value
    at.selectbox(key="url_thema").select("wmo").run()
    assert at.query_params["thema"] == "wmo"
    assert at.metric[0].label == "Actieve dossiers" and at.metric[0].value != before
    at.selectbox(key="url_periode").select("2024-03").run()
    assert at.query_params["periode"] == "2024-03"
    assert "peilmaand mrt 2024" in texts(at)


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_the_team_list_follows_the_theme():
    at = open_app(thema="jeugd")
    assert at.selectbox(key="url_team").options == [
        "Alle teams",
        "Jeugdteam Oost (JGD-OOST)",
        "Jeugdteam West (JGD-WEST)",
    ]


def test_an_invalid_value_in_the_address_falls_back_with_a_dutch_notice():
    at = open_app(thema="onzin", periode="1999-01")
    notices = [i.value for i in at.info]
    assert "'onzin' is geen geldige keuze voor thema; we tonen Werk en inkomen." in notices
    assert any(n.startswith("'1999-01' is geen geldige keuze voor peilmaand") for n in notices)
    assert at.query_params["thema"] == "participatie" and at.query_params["periode"] == "2026-10"


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_a_team_outside_the_theme_falls_back_to_all_teams():
    at = open_app(thema="jeugd", team="WI-ZUID")
    assert any("'WI-ZUID' is geen geldige keuze voor team" in i.value for i in at.info)
    assert at.selectbox(key="url_team").value == "" and "team" not in at.query_params


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_a_year_in_the_address_means_its_last_month_with_figures():
    at = open_app(periode="2024", vanaf="2021")
    assert at.query_params["periode"] == "2024-12" and at.query_params["vanaf"] == "2021"


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_a_year_range_in_the_address_sets_the_chart_start_and_the_last_month():
    at = open_app(periode="2022..2024")
    assert at.query_params["periode"] == "2024-12" and at.query_params["vanaf"] == "2022"
    assert not [i for i in at.info if "geen geldige keuze" in i.value]


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_the_filters_survive_a_page_switch_that_clears_the_address():
    at = open_app(thema="jeugd", periode="2025-06")
    at.query_params.clear()  # the sidebar navigation clears the query string
    at.switch_page("app_pages/budget.py").run()
    assert at.title[0].value == labels.TITLE_BUDGET
    assert at.selectbox(key="url_thema").value == "jeugd"
    assert at.query_params["thema"] == "jeugd" and at.query_params["periode"] == "2025-06"


@pytest.mark.slow
def test_the_login_role_decides_which_stories_are_shown():
    view = dict(thema="participatie", cijfer="caseload_per_fte", team="WI-ZUID", vanaf="2021")
    council = open_app(role="raad", **view)
    manager = open_app(role="manager", **view)
    council_stories = council.radio(key="url_verhaal").options
    manager_stories = manager.radio(key="url_verhaal").options
    assert any("Wat 95 niet zegt" in o for o in manager_stories)  # a concept of the manager's team
    assert not any("Wat 95 niet zegt" in o for o in council_stories)
    assert len(council_stories) < len(manager_stories)


# --- tiles, markers and stories -------------------------------------------------------------


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_a_tile_button_chooses_the_figure_shown_below():
    at = open_app(thema="jeugd")
    at.button(key="toon_budget_forecast_deviation").click().run()
    assert at.query_params["cijfer"] == "budget_forecast_deviation"
    assert at.selectbox(key="url_cijfer").value == "budget_forecast_deviation"


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_the_stories_of_a_figure_are_markers_on_its_time_axis():
    at = open_app(thema="jeugd", cijfer="budget_forecast_deviation")
    spec = chart_specs(at)[0]
    assert spec["selection_mode"] == ["verhaal"]
    assert spec["params"][0]["select"]["fields"] == ["story_id"]
    assert sorted(marker_titles(spec)) == sorted(o.split(" — ", 1)[1] for o in at.radio(key="url_verhaal").options)
    assert JEUGD_OVERSPEND_STORY in marker_titles(spec)


def test_a_figure_without_stories_has_no_markers_and_invites_one():
    at = open_app(thema="schuldhulp", cijfer="active_dossiers", role="manager")
    assert marker_titles(chart_specs(at)[0]) == []
    assert labels.NO_STORIES in [i.value for i in at.info]


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_choosing_a_story_shows_it_beside_the_figure_and_puts_it_in_the_address():
    at = open_app(thema="jeugd", cijfer="budget_forecast_deviation")
    picker = at.radio(key="url_verhaal")
    # stories first (issue 16): the newest story is shown until another is chosen
    newest = [m.value for m in at.markdown if m.value.startswith("#### ")]
    assert picker.value is not None
    assert len(newest) == 1 and f"#### {JEUGD_OVERSPEND_STORY}" not in newest
    assert "verhaal" not in at.query_params  # the default is no order for another page
    story_id = story_ids(at)[JEUGD_OVERSPEND_STORY]
    picker.set_value(story_id).run()
    assert f"#### {JEUGD_OVERSPEND_STORY}" in [m.value for m in at.markdown]
    assert at.query_params["verhaal"] == story_id
    assert "Over Verwachte over- of onderbesteding, K4 2024 · taakveld 6.72a Jeugdhulp begeleiding" in texts(at)


def story_ids(at) -> dict[str, str]:
    """Story title -> id, read from the markers in the page's first chart."""
    rows = [row for rows in chart_specs(at)[0]["datasets"].values() for row in rows if "titel" in row]
    return {row["titel"]: row["story_id"] for row in rows}


@pytest.mark.slow
def test_a_story_in_the_address_opens_with_the_view():
    first = open_app(thema="jeugd", cijfer="budget_forecast_deviation")
    story_id = story_ids(first)[JEUGD_OVERSPEND_STORY]
    at = open_app(thema="jeugd", cijfer="budget_forecast_deviation", verhaal=story_id)
    assert at.radio(key="url_verhaal").value == story_id
    assert f"#### {JEUGD_OVERSPEND_STORY}" in [m.value for m in at.markdown]


@pytest.mark.slow
def test_the_picker_lists_the_newest_stories_and_keeps_the_chosen_one(monkeypatch):
    from dashboard import components

    every = story_ids(open_app(thema="jeugd", cijfer="budget_forecast_deviation"))
    assert len(every) >= 2
    monkeypatch.setattr(components, "PICKER_STORIES", 1)
    at = open_app(thema="jeugd", cijfer="budget_forecast_deviation")
    assert len(at.radio(key="url_verhaal").options) == 1
    assert any(c.value == labels.PICKER_NEWEST.format(shown=1, total=len(every)) for c in at.caption)
    assert len(story_ids(at)) == len(every)  # the chart keeps every marker
    chosen = open_app(thema="jeugd", cijfer="budget_forecast_deviation", verhaal=list(every.values())[-1])
    assert chosen.radio(key="url_verhaal").value == list(every.values())[-1]  # a marker or a link


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_the_council_reads_no_small_numbers_and_gets_no_add_story_link():
    council = open_app(role="raad", thema="leerlingenvervoer", periode="2025-10")
    manager = open_app(role="manager", thema="leerlingenvervoer", periode="2025-10")
    # The month rests on too few requests: the council's tile shows a coarser period, labelled.
    month = labels.COARSER_PERIOD.split("(")[1].format(month="okt 2025")
    assert any(month in c.value for c in council.caption)
    assert not any(month in c.value for c in manager.caption)
    assert {m.label: m.value for m in manager.metric}["Toekenningspercentage"].endswith("%")
    assert not [p for p in council.get("page_link") if p.proto.label.startswith(labels.ADD_STORY)]
    add_links = [p for p in manager.get("page_link") if p.proto.label.startswith(labels.ADD_STORY)]
    # Each tile's link names its figure, so that a screen reader tells ten links apart.
    assert len({p.proto.label for p in add_links}) == len(add_links) > 1
    assert add_links and add_links[0].proto.page == "verhaal-toevoegen"
    assert "metric=" in add_links[0].proto.query_string


# --- the other pages ------------------------------------------------------------------------


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_the_caseload_page_puts_the_team_over_its_norm_first_with_its_workload_stories():
    at = open_app("app_pages/caseload.py", role="manager", thema="participatie")
    assert at.metric[0].label == "Werk en Inkomen Zuid (WI-ZUID)"
    assert ":orange-badge[:material/warning: boven de norm]" in [m.value for m in at.markdown]
    stories = at.radio(key="url_verhaal").options
    assert "WI-ZUID" in stories[0]
    assert any("Er kwam een halve wijk bij" in s for s in stories)
    assert "Verhoogd na de invoering van de nieuwe werkwijze" in texts(at)  # the norm's rationale


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_the_budget_page_shows_the_jeugd_taakvelden_and_the_overspend_story():
    at = open_app("app_pages/budget.py", thema="jeugd", periode="2024-12")
    table = next(d.value for d in at.dataframe if "Taakveld" in d.value.columns)
    assert "6.72a" in table["Taakveld"].to_list()
    row = table[table["Taakveld"] == "6.72a"].iloc[0]
    assert row["Verwachte afwijking"].endswith("N")
    assert any(JEUGD_OVERSPEND_STORY in o for o in at.radio(key="url_verhaal").options)


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_the_decisions_page_shows_maatwerk_per_team():
    at = open_app("app_pages/besluiten.py", role="manager", thema="participatie", periode="2024-12")
    specs = chart_specs(at)
    bars = next(s for s in specs if "Aandeel maatwerk per team" in json.dumps(s.get("title")))
    shares = {row["team_code"]: row["y"] for rows in bars["datasets"].values() for row in rows if "team_code" in row}
    assert shares["WI-NOORD"] > 2 * shares["WI-ZUID"]


def test_the_stories_page_filters_by_label_and_shows_the_figure_each_explains():
    at = open_app("app_pages/verhalen.py", role="manager", thema="participatie", vanaf="2021", label="werkdruk")
    count = next(m.value for m in at.markdown if m.value.endswith("verhalen**"))
    titles = [m.value for m in at.markdown if m.value.startswith("#### ")]
    assert count == f"**{len(titles)} verhalen**" and len(titles) >= 3
    assert "Over Caseload per fte" in texts(at)


def test_the_coverage_page_lists_the_managers_teams_only():
    at = open_app("app_pages/dekking.py", role="manager", periode="2025-10")
    table = at.dataframe[0].value
    assert set(table["Team"]) <= {"WI-NOORD", "WI-ZUID", "HANDH", "heel thema"}
    assert "Geen recent verhaal" in set(table["Signaal"])


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_about_the_data_explains_every_figure_of_the_catalog():
    at = open_app("app_pages/over_de_data.py")
    shown = [m.value for m in at.markdown]
    # A card: the figure's name in bold, its definition on the next line.
    cards = dict(m.split("  \n", 1) for m in shown if m.startswith("**") and "  \n" in m)
    for name in ("Caseload per fte", "Verwachte over- of onderbesteding", "Gegronde bezwaren"):
        assert cards[f"**{name}**"]
    assert cards["**Caseload per fte**"].startswith("Actieve dossiers op de peildatum gedeeld door de bezette fte")
    assert any("Afgerond op 5" in m for m in shown)  # how small numbers are protected
    assert not at.dataframe  # the council gets no load details (row counts, hashes, tables)
    beheer = open_app("app_pages/over_de_data.py", role="beheerder")
    assert "begroting" in set(beheer.dataframe[0].value["Bron"])


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_the_load_log_per_file_is_read_when_opened():
    at = open_app("app_pages/over_de_data.py", role="beheerder")
    closed = at.expander(key="laadlog_per_bestand")
    assert closed.label == labels.LOAD_LOG_PER_FILE and not closed.children
    at.session_state["laadlog_per_bestand"] = True
    at.run()
    files = at.expander(key="laadlog_per_bestand").dataframe[0].value
    assert {"teams.csv", "beschikkingen.csv"} <= set(files["Bestand"])


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_about_the_data_speaks_plain_dutch_to_the_council_and_keeps_the_technique_for_the_beheerder():
    def everything(at) -> str:
        parts = [e.value for kind in ("markdown", "caption", "subheader", "title") for e in at.get(kind)]
        parts += [e.proto.label for e in at.get("metric")] + [e.label for e in at.expander]
        parts += [str(cell) for table in at.dataframe for column in table.value for cell in table.value[column]]
        return "\n".join(parts)

    council = everything(open_app("app_pages/over_de_data.py"))
    for technical in (
        "SHA-256",
        "sha256",
        "mart_",
        "stg_",
        "ref_",
        "sleutel",
        "active\\_dossiers",
        "active_dossiers",
        "team en month",
        "month",
        "quarter",
        "taakveld en",
    ):
        assert technical not in council, technical
    assert "niveau: per team per maand" in council and "niveau: per taakveld per kwartaal" in council
    beheer = everything(open_app("app_pages/over_de_data.py", role="beheerder"))
    assert "SHA-256" in beheer and "mart_" in beheer and "sleutel" in beheer
    frames = [table.value for table in open_app("app_pages/over_de_data.py", role="beheerder").dataframe]
    tables = next(f for f in frames if "Inhoud" in f.columns)  # one row per table
    columns = next(f for f in frames if "Kolom" in f.columns)  # one row per column of every table
    assert {"mart_processing_medians", "stg_decisions", "ref_themes"} <= set(tables["Tabel"])
    assert set(columns["Tabel"]) == set(tables["Tabel"])
    assert "Soort periode: month, quarter of year." in set(columns["Betekenis"])


@pytest.mark.slow  # over a second: the full suite, not the quick tier
@pytest.mark.parametrize(
    "page", ["app_pages/raad_overzicht.py", "app_pages/budget.py", "app_pages/besluiten.py", "app_pages/caseload.py"]
)
def test_every_chart_has_a_table_view_and_a_csv_download(page):
    at = open_app(page, role="manager", thema="jeugd")
    charts = at.get("vega_lite_chart")
    assert charts
    assert len([t for t in at.tabs if t.label == labels.TAB_TABLE]) == len(charts)
    downloads = [b for b in at.get("download_button") if b.proto.label == labels.DOWNLOAD_CSV]
    assert len(downloads) >= len(charts)


# --- stories first, like with like, managers across themes (issue 16) ------------------------


def tile_badges(at) -> list[str]:
    """The story count on each tile, in tile order."""
    return [m.value for m in at.markdown if "-badge[" in m.value and "verha" in m.value]


def readable_per_figure(at, viewer, theme: str) -> dict[str, pl.DataFrame]:
    """The stories this viewer may read per tile figure, through the same door as the lists."""
    import queries

    period, start = at.query_params["periode"], dt.date(int(at.query_params["vanaf"]), 1, 1)
    every = queries.visible_stories(viewer, theme=theme, start=start, end=queries.month_end(period))
    return {m: every.filter(pl.col("metric_key") == m) for m in queries.OVERVIEW_METRICS}


@pytest.mark.slow  # over a second: the full suite, not the quick tier
@pytest.mark.parametrize("role", ["raad", "manager", "professional"])
def test_each_tile_counts_the_stories_this_viewer_may_read(role):
    at = open_app(role=role, thema="jeugd")
    readable = readable_per_figure(at, DEMO_VIEWERS[role], "jeugd")
    shown = [k.replace("toon_", "") for k in (b.key for b in at.button) if k and k.startswith("toon_")]
    expected = [story_count_text(readable[m].height) for m in shown]
    assert [b.split("[", 1)[1].rstrip("]") for b in tile_badges(at)] == expected
    assert labels.TILE_STORIES[0] in expected and any(readable[m].height for m in shown)


@pytest.mark.slow  # over a second: the full suite, not the quick tier
@pytest.mark.parametrize("role", ["raad", "manager"])
def test_a_theme_opens_on_the_figure_with_the_newest_readable_story_with_that_story_shown(role):
    at = open_app(role=role, thema="jeugd")
    readable = pl.concat(readable_per_figure(at, DEMO_VIEWERS[role], "jeugd").values()).sort(
        "period_start", "written_on", descending=True
    )
    newest = readable.row(0, named=True)
    assert at.selectbox(key="url_cijfer").value == newest["metric_key"]
    assert at.radio(key="url_verhaal").value == newest["story_id"]
    assert f"#### {newest['title']}" in [m.value for m in at.markdown]
    # a shared link still wins over the default
    linked = open_app(role=role, thema="jeugd", cijfer="active_dossiers")
    assert linked.selectbox(key="url_cijfer").value == "active_dossiers"


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_another_theme_opens_on_its_own_newest_story():
    at = open_app(thema="jeugd")
    before = at.selectbox(key="url_cijfer").value
    at.selectbox(key="url_thema").set_value("participatie").run()
    readable = pl.concat(readable_per_figure(at, DEMO_VIEWERS["raad"], "participatie").values()).sort(
        "period_start", "written_on", descending=True
    )
    assert at.radio(key="url_verhaal").value == readable["story_id"][0]
    assert at.selectbox(key="url_cijfer").value == readable["metric_key"][0] != before


@pytest.mark.slow  # over a second: the full suite, not the quick tier
@pytest.mark.parametrize("role", ["raad", "manager"])
def test_a_story_on_a_taakveld_says_its_own_value_and_the_charts_value_at_that_period(role):
    first = open_app(role=role, thema="jeugd", cijfer="budget_forecast_deviation")
    story_id = story_ids(first)[JEUGD_OVERSPEND_STORY]
    at = open_app(role=role, thema="jeugd", cijfer="budget_forecast_deviation", verhaal=story_id)
    spec = chart_specs(at)[0]
    line = {
        row["periode"]: row["waarde"]
        for rows in spec["datasets"].values()
        for row in rows
        if "waarde" in row and "titel" not in row
    }
    marker = next(row for rows in spec["datasets"].values() for row in rows if row.get("story_id") == story_id)
    chart_text = f"heel Jeugdhulp toen: {line[marker['periode']]}"
    card = next(c.value for c in at.caption if c.value.startswith("Waarde toen"))
    assert chart_text in card and "taakveld 6.72a Jeugdhulp begeleiding: € " in card
    assert marker["grafiek_toen"] == chart_text and marker["waarde_verhaal"] in card
    assert marker["waarde_verhaal"] != line[marker["periode"]]  # two numbers, each with its scope


def test_the_caseload_page_opens_with_the_managers_teams_over_their_norm_in_any_theme():
    import queries
    from accounts.demo import demo_viewer
    from queries import db

    manager = demo_viewer("manager-zorg")
    at = open_app("app_pages/caseload.py", viewer=manager)
    assert at.selectbox(key="url_thema").value == "wmo"
    over = queries.teams_over_norm(db.figures(), manager, at.query_params["periode"]).filter(
        pl.col("team_code").is_in(list(manager.teams)) & pl.col("is_over_norm")
    )
    assert over.height >= 2 and set(over["theme_code"]) == {"jeugd"}
    summary = [m.value for m in at.markdown if "boven de norm sinds" in m.value]
    for row in over.iter_rows(named=True):
        since = f"boven de norm sinds {format_period(row['over_since'].strftime('%Y-%m'))}"
        assert any(row["team_code"] in line and since in line and "Jeugdhulp" in line for line in summary)
    at.button(key=f"toon_thema_{over['team_code'][0]}").click().run()
    assert at.selectbox(key="url_thema").value == "jeugd"
    assert over["team_code"][0] in [m.label for m in at.metric][0] + [m.label for m in at.metric][1]
