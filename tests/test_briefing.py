"""The committee briefing built from the sample data: the PDF read back as text (figures, Dutch
numbers, stories, definitions; no drafts, no suppressed numbers), the same content as Markdown,
the page, and one audit record per download."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import polars as pl
import pytest

import queries
from briefing import choices, content, export, markdown, pdf, texts
from kernel import adc_settings
from kernel.access import BEHEERDER, MANAGER, RAAD, Viewer
from kernel.format import format_value
from presentation import labels
from queries import db
from stories import audit, store
from tests.apptest import open_app

COUNCIL = Viewer("wethouder", RAAD, (), "Wethouder sociaal domein")
EVERYTHING = Viewer("controle", BEHEERDER)  # reads without suppression, to know what is hidden
THEME = "jeugd"
QUESTIONS = [
    "Is de norm van 40 gezinnen per consulent nog haalbaar?",
    "Wat betekent de overschrijding voor de begroting van 2027 — en wie beslist daarover?",
]
PAGE = "app_pages/briefing.py"

needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext ontbreekt: apt-get install -y poppler-utils"
)


def pdf_text(data: bytes, tmp_path) -> str:
    """The PDF's text as pdftotext reads it, whitespace folded (lines wrap anywhere)."""
    path = tmp_path / "briefing.pdf"
    path.write_bytes(data)
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return flat(out)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def sample(sample_data_dir):
    """(figures cursor, stories path, latest month) of the session's sample databases."""
    con = db.figures(sample_data_dir / "figures.duckdb")
    yield con, sample_data_dir / "stories.duckdb", queries.available_months(con)[0]
    con.close()


@pytest.fixture(scope="module")
def jeugd(sample):
    """The default jeugd briefing for the council, with its PDF text and Markdown (built once)."""
    con, stories_path, period = sample
    briefing = content.build_briefing(
        con, COUNCIL, THEME, period, questions=QUESTIONS + ["  "], store_path=stories_path
    )
    return briefing, pdf.render_pdf(briefing), markdown.render_markdown(briefing)


def council_stories(sample) -> pl.DataFrame:
    con, stories_path, period = sample
    return queries.visible_stories(
        COUNCIL,
        figures_con=con,
        store_path=stories_path,
        theme=THEME,
        start=choices.default_start(period),
        end=queries.month_end(period),
    )


def not_for_the_council(sample) -> list[str]:
    """Titles of jeugd stories that exist but are drafts, in review, or not published to the council."""
    con, stories_path, _ = sample
    every = queries.visible_stories(EVERYTHING, figures_con=con, store_path=stories_path, theme=THEME)
    shown = set(council_stories(sample)["story_id"])
    return every.filter(~pl.col("story_id").is_in(list(shown)))["title"].to_list()


# --- what the briefing holds -------------------------------------------------------------


@pytest.mark.slow
def test_the_default_jeugd_briefing_holds_the_overview_figures_in_order_with_their_stories(sample, jeugd):
    briefing, _, _ = jeugd
    keys = [f.metric_key for f in briefing.figures]
    assert keys[:4] == ["active_dossiers", "caseload_per_fte", "budget_forecast_deviation", "budget_exhaustion"]
    assert keys == [k for k in queries.OVERVIEW_METRICS if k in keys]
    printed = {s.story_id for f in briefing.figures for s in f.stories}
    assert printed == set(council_stories(sample)["story_id"]) and len(printed) >= 4
    assert briefing.questions == tuple(QUESTIONS)  # blank lines dropped


def test_a_story_shows_its_team_never_its_author(sample, jeugd):
    briefing, _, text = jeugd
    authors = set(council_stories(sample)["author"])
    story = next(s for f in briefing.figures for s in f.stories if "door Jeugdteam" in s.written)
    assert story.written.startswith("Geschreven op ")
    assert not any(re.search(rf"\b{re.escape(a)}\b", text) for a in authors)


def test_chosen_figures_come_in_the_chosen_order_and_unticked_stories_stay_out(sample):
    con, stories_path, period = sample
    stories = council_stories(sample).filter(pl.col("metric_key") == "budget_forecast_deviation")
    keep = stories["story_id"][0]
    briefing = content.build_briefing(
        con,
        COUNCIL,
        THEME,
        period,
        metric_keys=["processing_time", "budget_forecast_deviation", "nonsense"],
        story_ids=[keep],
        store_path=stories_path,
    )
    assert [f.metric_key for f in briefing.figures] == ["processing_time", "budget_forecast_deviation"]
    assert [s.story_id for s in briefing.figures[1].stories] == [keep]


def test_a_figure_with_many_stories_offers_the_newest_and_prints_the_newest_few(sample, monkeypatch):
    con, stories_path, period = sample
    key = "budget_forecast_deviation"
    every = council_stories(sample).filter(pl.col("metric_key") == key)
    assert every.height >= 3  # the sample's overspend has several; a city's figures thousands
    monkeypatch.setattr(choices, "STORY_CHOICES_PER_FIGURE", 2)
    monkeypatch.setattr(choices, "STORIES_PER_FIGURE", 1)
    offered = choices.story_choices(con, COUNCIL, THEME, period, [key], store_path=stories_path)
    assert offered["story_id"].to_list() == every["story_id"].head(2).to_list()  # newest first
    assert offered["preselected"].to_list() == [True, False]
    assert set(offered["total"]) == {every.height}
    briefing = content.build_briefing(con, COUNCIL, THEME, period, metric_keys=[key], store_path=stories_path)
    assert {s.story_id for s in briefing.figures[0].stories} == set(every["story_id"].head(1))


def test_figures_are_taken_in_the_order_the_reader_numbered_them():
    picked = pl.DataFrame(
        {
            "include": [True, False, True, True, None],
            "order": [3, 1, 1, None, 2],
            "metric_key": ["a", "b", "c", "d", "e"],
        }
    )
    assert choices.chosen_in_order(picked) == ["c", "a", "d"]


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_whoever_composes_it_the_briefing_is_what_the_council_may_see(sample, jeugd):
    con, stories_path, period = sample
    manager = Viewer("manager-zorg", MANAGER, ("JGD-OOST", "JGD-WEST"), "Teamleider Zorg")
    own_drafts = queries.visible_stories(manager, figures_con=con, store_path=stories_path, theme=THEME).filter(
        pl.col("status") != "gepubliceerd"
    )
    assert own_drafts.height  # the manager does see unpublished stories of the own teams elsewhere
    briefing = content.build_briefing(con, manager, THEME, period, store_path=stories_path)
    printed = {s.story_id for f in briefing.figures for s in f.stories}
    assert printed == {s.story_id for f in jeugd[0].figures for s in f.stories}
    assert [f.value_text for f in briefing.figures] == [f.value_text for f in jeugd[0].figures]


def test_every_chart_embeds_its_data(jeugd):
    briefing, _, _ = jeugd
    drawn = [f.chart for f in briefing.figures if f.chart is not None]
    assert len(drawn) >= 8
    for chart in drawn:
        spec = json.dumps(chart.to_dict())
        assert '"url"' not in spec and '"datasets"' in spec


def test_every_chart_in_the_briefing_starts_its_value_axis_at_0(jeugd):
    briefing, _, _ = jeugd
    for section in (f for f in briefing.figures if f.chart is not None):
        layers = section.chart.to_dict()["layer"]
        scales = [
            layer["encoding"]["y"].get("scale")
            for layer in layers
            if layer.get("encoding", {}).get("y", {}).get("field") == "y"
        ]
        assert scales and all(scale == {"zero": True} for scale in scales), section.metric_key


# --- the PDF, read back --------------------------------------------------------------------


@needs_pdftotext
def test_the_pdf_holds_figures_dutch_values_stories_and_definitions(sample, jeugd, tmp_path):
    con, _, period = sample
    briefing, data, _ = jeugd
    text = pdf_text(data, tmp_path)
    tiles = queries.key_figures(con, COUNCIL, THEME, period)
    for row in tiles.filter(~pl.col("suppressed")).iter_rows(named=True):
        assert row["name"] in text
        assert format_value(row["value"], row["unit"]) in text, row["metric_key"]
        assert flat(row["definition"]) in text
    assert "Caseload per fte" in text and "boven de norm" in text
    assert "€ 20,8 mln" in text  # the amended budget, the Dutch way
    assert not re.search(r"\d\.\d%", text)  # no decimal points in percentages
    for title in council_stories(sample)["title"]:
        assert flat(title) in text
    for question in QUESTIONS:
        assert question in text
    assert "Bijlage: bronnen, definities en laaddatums" in text and "beschikkingen.csv" in text


@needs_pdftotext
def test_a_story_on_a_taakveld_says_its_value_and_the_theme_charts_value_in_pdf_and_markdown(sample, jeugd, tmp_path):
    con, _, _ = sample
    briefing, data, text = jeugd
    section = next(f for f in briefing.figures if f.metric_key == "budget_forecast_deviation")
    trend = queries.metric_trend(con, COUNCIL, section.metric_key, THEME)
    line = dict(zip(trend["period"], trend["value"]))
    stories = council_stories(sample).filter(
        (pl.col("metric_key") == section.metric_key) & pl.col("taakveld_code").is_not_null()
    )
    assert stories.height >= 2
    printed = pdf_text(data, tmp_path)
    for story in stories.iter_rows(named=True):
        item = next(i for i in section.stories if i.story_id == story["story_id"])
        own = f"taakveld {story['taakveld_code']} "
        chart = f"heel Jeugdhulp toen: {format_value(line[story['period']], 'euro')}"
        assert own in item.figure_then_now and item.figure_then_now.endswith(chart)
        assert format_value(story["figure_value"], "euro") in item.figure_then_now
        assert flat(item.figure_then_now) in printed
        assert markdown.escape(item.figure_then_now) in text


@needs_pdftotext
def test_the_pdf_leaves_out_drafts_and_stories_not_published_for_the_council(sample, jeugd, tmp_path):
    text = pdf_text(jeugd[1], tmp_path)
    hidden = not_for_the_council(sample)
    assert "Praktijkondersteuner jeugd bij de huisarts" in hidden  # in review, visible to the organisation
    assert not [title for title in hidden if flat(title) in text]


@needs_pdftotext
def test_the_pdf_has_a_cover_contents_page_numbers_and_every_dutch_character(jeugd, tmp_path):
    briefing, data, _ = jeugd
    pages = export.page_count(data)
    text = pdf_text(data, tmp_path)
    assert text.startswith("ACHTER DE CIJFERS · GEMEENTE KOGGENWAARD Commissiebriefing Jeugdhulp Jeugdwet")
    assert briefing.status_text in text and "In deze briefing" in text
    assert f"Pagina 1 van {pages}" in text and f"Pagina {pages} van {pages}" in text
    for characters in ("Cliëntvolgsysteem", "financiële", "€", "—", "één", "'s avonds"):
        assert characters in text


@needs_pdftotext
def test_a_percentage_over_fewer_than_ten_objections_stays_out_of_the_pdf(sample, tmp_path):
    con, stories_path, period = sample
    raw = queries.metric_trend(con, EVERYTHING, "objection_upheld_share", THEME, end=queries.month_end(period)).tail(
        texts.RECENT_PERIODS
    )
    seen = queries.metric_trend(con, COUNCIL, "objection_upheld_share", THEME, end=queries.month_end(period)).tail(
        texts.RECENT_PERIODS
    )
    small = raw.filter(seen["suppressed"])  # too few (rounded) objections for the council
    assert small.height and small["value"].is_not_null().all()  # there is something to hide
    briefing = content.build_briefing(
        con, COUNCIL, THEME, period, metric_keys=["objection_upheld_share"], store_path=stories_path
    )
    text = pdf_text(pdf.render_pdf(briefing), tmp_path)
    assert "niet getoond: berekend over minder dan 10" in text
    assert text.count("niet getoond") >= small.height
    # (that no hidden value can be worked out from what is shown: tests/test_disclosure_attack.py)


@pytest.mark.slow  # over a second: the full suite, not the quick tier
@needs_pdftotext
def test_a_suppressed_count_and_the_stories_beside_it_stay_out_of_the_pdf(sample, jeugd, tmp_path, monkeypatch):
    con, stories_path, period = sample
    caseload_titles = council_stories(sample).filter(pl.col("metric_key") == "caseload_per_fte")["title"]
    assert caseload_titles.len() and all(t in jeugd[2] for t in caseload_titles)  # normally there
    raw = queries.metric_trend(con, EVERYTHING, "active_dossiers", THEME, end=queries.month_end(period)).tail(
        texts.RECENT_PERIODS
    )
    monkeypatch.setenv(adc_settings.SUPPRESSION_THRESHOLD.env, "1000")  # every jeugd count is small now
    briefing = content.build_briefing(
        con, COUNCIL, THEME, period, metric_keys=["active_dossiers", "caseload_per_fte"], store_path=stories_path
    )
    text = pdf_text(pdf.render_pdf(briefing), tmp_path)
    assert "niet getoond (minder dan 1000)" in text
    for value in raw["value"]:
        assert re.search(rf"(?<![\d.]){format_value(value, 'dossiers')}(?![\d.,])", text) is None, value
    for title in caseload_titles:
        assert flat(title) not in text


def test_without_the_dejavu_font_the_pdf_fails_with_a_dutch_message(jeugd, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "FONT_DIR", tmp_path)
    with pytest.raises(pdf.FontMissing, match="Het lettertype DejaVu Sans ontbreekt"):
        pdf.render_pdf(jeugd[0])


# --- the Markdown ----------------------------------------------------------------------------


def test_the_markdown_says_what_the_pdf_says_with_tables_for_charts(sample, jeugd):
    con, _, period = sample
    briefing, _, text = jeugd
    assert text.startswith("# Commissiebriefing: Jeugdhulp\n")
    tiles = queries.key_figures(con, COUNCIL, THEME, period)
    for row in tiles.filter(~pl.col("suppressed")).iter_rows(named=True):
        assert row["name"] in text
        assert markdown.escape(format_value(row["value"], row["unit"])) in text
        assert row["definition"] in text
    for title in council_stories(sample)["title"]:
        assert f"#### {markdown.escape(title)}" in text
    assert not [t for t in not_for_the_council(sample) if markdown.escape(t) in text]
    assert "| Periode |" in text and "![" not in text  # the last values as a table, no images
    assert "1. Is de norm van 40 gezinnen per consulent nog haalbaar?" in text
    assert "| Waarde | niet getoond |" in text  # gegronde bezwaren: every recent month too small


def test_markdown_keeps_user_text_from_formatting_itself():
    assert (
        markdown.escape("# Kop *vet* [link](x) | _nadruk_ cel_1") == r"\# Kop \*vet\* \[link\](x) \| \_nadruk\_ cel_1"
    )
    assert (
        markdown.escape("eerste regel\n- geen lijst\n1. geen opsomming")
        == "eerste regel\n\\- geen lijst\n1\\. geen opsomming"
    )


def test_markdown_pastes_cleanly_into_word_tags_and_words_are_not_over_escaped(jeugd):
    """Only what Markdown would misread gets a backslash: a tag reads '#late_declaraties'."""
    assert (
        markdown.escape("#late_declaraties en #wachtlijst_jeugd") == "\\#late_declaraties en #wachtlijst_jeugd"
    )  # a '#' opening a line could be a heading
    assert markdown.escape("Tags: #late_declaraties, 50% meer (K4)") == "Tags: #late_declaraties, 50% meer (K4)"
    text = markdown.render_markdown(jeugd[0])
    tags = [line for line in text.splitlines() if line.startswith("- **") and "#" in line]
    assert tags, "the Jeugd briefing's stories have tags"
    assert not [line for line in tags if "\\#" in line or "\\_" in line], tags


# --- the audit log ----------------------------------------------------------------------------


def test_a_download_records_exactly_one_audit_row(data_dir, jeugd):
    briefing = jeugd[0]
    with store.connect() as con:
        before = audit.read(con, action=export.ACTION).height
    export.record_export(COUNCIL, briefing, "pdf")
    with store.connect() as con:
        rows = audit.read(con, action=export.ACTION)
    assert rows.height == before + 1
    row = rows.row(0, named=True)
    assert (row["actor"], row["object_type"], row["object_id"]) == ("wethouder", "briefing", f"jeugd/{briefing.period}")
    assert row["detail"].startswith("pdf · rol raad") and "budget_forecast_deviation" in row["detail"]


# --- the page ---------------------------------------------------------------------------------


def open_briefing(page: str = PAGE, **params):
    """A page logged in as the council: the one place in this file that knows how to log in."""
    return open_app(page, role=RAAD, **params)


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_the_briefing_page_shows_its_title(sample_data_dir, monkeypatch, fresh_caches):
    monkeypatch.setenv(adc_settings.DATA_DIR.env, str(sample_data_dir))
    at = open_briefing(thema=THEME)
    assert [t.value for t in at.title] == [labels.TITLE_BRIEFING]
    assert len(at.checkbox) >= 4  # the published stories, preselected
    assert all(c.value for c in at.checkbox)


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_the_overview_links_to_the_briefing(sample_data_dir, monkeypatch, fresh_caches):
    monkeypatch.setenv(adc_settings.DATA_DIR.env, str(sample_data_dir))
    at = open_briefing("app_pages/raad_overzicht.py")
    assert labels.BRIEFING_LINK in [link.label for link in at.get("page_link")]


@pytest.mark.slow
def test_building_on_the_page_and_downloading_records_one_export(data_dir, fresh_caches):
    at = open_briefing(thema=THEME)
    dropped = at.checkbox[0]
    dropped.uncheck().run()
    at.text_area(key="briefing_vragen").input("Eerste vraag\n\nTweede vraag").run()
    at.button(key="briefing_opstellen").click().run(timeout=120)
    assert not at.exception, [e.value for e in at.exception]
    stories = len(at.checkbox) - 1
    assert at.success[0].value.startswith(f"De briefing is klaar: 10 cijfers, {stories} verhalen, 2 vragen")
    assert [b.label for b in at.download_button] == [
        labels.BRIEFING_DOWNLOAD_PDF,
        labels.BRIEFING_DOWNLOAD_DOCX,
        labels.BRIEFING_DOWNLOAD_MD,
    ]
    with store.connect() as con:
        before = audit.read(con, action=export.ACTION).height
    at.download_button(key="briefing_pdf").click().run(timeout=60)
    assert not at.exception
    with store.connect() as con:
        rows = audit.read(con, action=export.ACTION)
    assert rows.height == before + 1
    assert rows["detail"][0].startswith("pdf · rol raad") and "2 vragen" in rows["detail"][0]
