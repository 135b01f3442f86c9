"""The committee briefing for a reader with a screen reader: the Word document (briefing/word.py)
opened for real with python-docx, and the PDF's language, title and chart descriptions read
from the file itself (pdfinfo and the PDF's objects)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile

import docx
import pytest
from docx.oxml.ns import qn

from briefing import content, pdf, texts, word
from tests.test_briefing import COUNCIL, QUESTIONS, THEME, council_stories, sample  # noqa: F401


@pytest.fixture(scope="module")
def made(sample):
    """The default Jeugd briefing as Word and PDF, the charts drawn once for both."""
    con, stories_path, period = sample
    briefing = content.build_briefing(con, COUNCIL, THEME, period, questions=QUESTIONS, store_path=stories_path)
    pngs = pdf.chart_images([f.chart for f in briefing.figures])
    return briefing, word.render_docx(briefing, pngs), pdf.render_pdf(briefing, pngs)


def test_the_word_document_has_real_headings_in_the_briefing_s_order(made, sample):
    briefing, data, _ = made
    document = docx.Document(io.BytesIO(data))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == ("Heading 1", f"Commissiebriefing: {briefing.theme_name}")
    assert [h for h in headings if h[0] == "Heading 1"] == [headings[0]]  # one title
    figures = [text for style, text in headings if style == "Heading 2"]
    assert figures[: len(briefing.figures)] == [f"{n}. {f.name}" for n, f in enumerate(briefing.figures, 1)]
    peers = [briefing.peers.title] if briefing.peers else []  # similar municipalities, as in the PDF
    assert figures[len(briefing.figures) :] == [*peers, "Vragen voor de commissie", texts.APPENDIX_TITLE]
    stories = {text for style, text in headings if style == "Heading 4"}
    assert set(council_stories(sample)["title"]) <= stories
    questions = [p.text for p in document.paragraphs if p.style.name == "List Number"]
    assert questions == QUESTIONS


def test_the_word_document_is_dutch_with_a_title(made):
    briefing, data, _ = made
    document = docx.Document(io.BytesIO(data))
    assert document.core_properties.language == "nl-NL"
    assert document.core_properties.title.startswith(f"Commissiebriefing: {briefing.theme_name}")
    defaults = document.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "nl-NL"


def test_every_chart_in_the_word_document_has_alt_text_and_every_table_a_header_row(made):
    briefing, data, _ = made
    document = docx.Document(io.BytesIO(data))
    drawn = [f for f in briefing.figures if f.chart is not None]
    peer_chart = briefing.peers is not None and briefing.peers.chart is not None
    assert len(document.inline_shapes) == len(drawn) + peer_chart > 0
    for shape, figure in zip(document.inline_shapes, drawn):
        [properties] = list(shape._inline.iter(qn("wp:docPr")))
        assert properties.get("descr").startswith(f"Grafiek van {figure.name}, ")
        assert figure.value_text in properties.get("descr")
    assert len(document.tables) >= len(drawn)
    for table in document.tables:
        first = table.rows[0]._tr
        assert first.trPr is not None and first.trPr.find(qn("w:tblHeader")) is not None
        assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)
    sources = document.tables[-1]
    assert [c.text for c in sources.rows[0].cells] == list(briefing.sources.header)


def test_the_word_document_holds_user_text_as_text_without_markdown_escapes(made):
    _, data, _ = made
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = archive.read("word/document.xml").decode()
    text = " ".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", body))
    assert "#late_declaraties" in text and "\\#" not in text and "\\_" not in text


def test_the_pdf_says_its_language_and_title_and_describes_its_charts(made):
    briefing, _, data = made
    assert b"/Lang (nl-NL)" in data
    assert b"/StructTreeRoot" in data and b"/MarkInfo" in data
    # One /Alt per chart; fpdf2 writes a text with '€' or 'ë' as UTF-16, so count them all.
    charts = len([f for f in briefing.figures if f.chart is not None])
    charts += briefing.peers is not None and briefing.peers.chart is not None  # similar municipalities
    assert len(re.findall(rb"/Alt\s*[(<]", data)) == charts
    assert b"/Alt (Grafiek van Actieve dossiers, " in data
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True).stdout.decode()
        assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE)
        assert f"Title:           {briefing.title_line}" in info


def test_the_word_document_compares_with_similar_municipalities_as_the_pdf_does(made):
    briefing, data, _ = made
    assert briefing.peers is not None, "the sample has a CBS snapshot for this theme"
    document = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    assert briefing.peers.title in text and all(line in text for line in briefing.peers.lines)
    assert all(source in text for source in briefing.peers.sources)
    assert set(briefing.peers.tables[0].header) <= cells
    alts = [d.get("descr") for shape in document.inline_shapes for d in shape._inline.iter(qn("wp:docPr"))]
    assert briefing.peers.text_alternative in alts
