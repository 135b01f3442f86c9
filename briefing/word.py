"""The committee briefing as an accessible Word document (.docx): real headings, tables with a
header row, charts with alt text, Dutch as the document's language. The same content as the PDF.

fpdf2 2.8.9 does not tag a PDF's text (only an image's alt text gets a structure element), so a
screen reader cannot find the PDF's headings or table headers; this document has them, and a
griffie edits it anyway. python-docx writes it; nothing here is markdown or HTML, so user text
goes in as plain text and needs no escaping.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from briefing import texts
from briefing.model import Briefing, FigureSection, StoryItem, Table
from briefing.pdf import chart_alt_text, chart_images, chart_png
from kernel.format import format_date, visible_text
from presentation import labels

LANGUAGE = "nl-NL"
BLUE = RGBColor(0x01, 0x68, 0x9B)


def render_docx(briefing: Briefing, pngs: list[bytes | None] | None = None) -> bytes:
    """The briefing as .docx bytes. `pngs`: the figures' charts when already drawn (for the PDF)."""
    if pngs is None:
        pngs = chart_images([f.chart for f in briefing.figures])
    document = Document()
    _set_up(document, briefing)
    _cover(document, briefing)
    for number, (figure, png) in enumerate(zip(briefing.figures, pngs), start=1):
        _figure(document, figure, number, png, briefing.window_text)
    if briefing.peers:
        _peers(document, briefing.peers)
    _questions(document, briefing)
    _appendix(document, briefing)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _text(value) -> str:
    """User and source text as it is, with control and invisible characters written out."""
    return visible_text(value)


def _set_up(document, b: Briefing) -> None:
    properties = document.core_properties
    properties.title = f"Commissiebriefing: {b.theme_name}, peilmaand {b.period_text}"
    properties.subject = f"Commissiebriefing {b.theme_name}"
    properties.author = "Achter de cijfers"
    properties.language = LANGUAGE
    # The language of every run (the default run properties), so spelling and speech are Dutch.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for old in run_defaults.findall(qn("w:lang")):
        run_defaults.remove(old)
    lang = OxmlElement("w:lang")
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), LANGUAGE)
    run_defaults.append(lang)
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    for section in document.sections:
        section.left_margin = section.right_margin = Cm(2.2)


def _paragraph(
    document,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    style: str | None = None,
    size: float | None = None,
):
    paragraph = document.add_paragraph(style=style)
    run = paragraph.add_run(_text(text))
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)
    return paragraph


def _labelled(document, label: str, text: str, style: str = "List Bullet", alarm: str | None = None):
    paragraph = document.add_paragraph(style=style)
    paragraph.add_run(f"{label}: ").bold = True
    paragraph.add_run(_text(text))
    if alarm:
        paragraph.add_run(f" Let op: {_text(alarm)}").bold = True
    return paragraph


def _cover(document, b: Briefing) -> None:
    document.add_heading(f"Commissiebriefing: {_text(b.theme_name)}", level=1)
    law = f"{_text(b.law)} · " if b.law else ""
    _paragraph(
        document,
        f"{law}peilmaand {b.period_text} · grafieken en verhalen {b.window_text} · "
        f"opgesteld op {format_date(b.created_on)} door {_text(b.made_by)}",
        italic=True,
    )
    paragraph = document.add_paragraph()
    paragraph.add_run("Status en actualiteit van de cijfers. ").bold = True
    paragraph.add_run(b.status_text)
    for source, through in b.freshness:
        _labelled(document, _text(source), f"gegevens {through}")
    _paragraph(document, f"Cijfers geladen op {b.loaded_at_text}.", style="List Bullet")
    _paragraph(document, texts.COVER_RULES.format(threshold=b.threshold))
    if b.figures:
        _labelled(document, "In deze briefing", " · ".join(f.name for f in b.figures), style=None)


def _figure(document, figure: FigureSection, number: int, png: bytes | None, window_text: str) -> None:
    document.add_heading(f"{number}. {_text(figure.name)}", level=2)
    _paragraph(document, figure.meta, italic=True)
    _paragraph(document, figure.value_text, bold=True, size=16)
    for comparison in figure.comparisons:
        _labelled(document, comparison.label, comparison.text, alarm=comparison.alarm)
    if png:
        _picture(document, png, chart_alt_text(figure, window_text))
    for table in figure.tables:
        _table(document, table)
    for note in figure.notes:
        _paragraph(document, note, italic=True)
    _labelled(document, labels.DEFINITION, figure.definition, style=None)
    _paragraph(document, f"{labels.SOURCE}: {figure.source} · {labels.OWNER}: {figure.owner} · {figure.judgement}")
    document.add_heading(labels.STORIES_BESIDE, level=3)
    if not figure.stories:
        _paragraph(document, texts.NO_STORIES, italic=True)
    for story in figure.stories:
        _story(document, story)


def _peers(document, section) -> None:
    """Similar municipalities (briefing/peers.py), as in the PDF: lines, chart, tables, sources."""
    document.add_heading(_text(section.title), level=2)
    _paragraph(document, section.intro, italic=True)
    for line in section.lines:
        document.add_paragraph(_text(line), style="List Bullet")
    if section.chart is not None:
        _picture(document, chart_png(section.chart), section.text_alternative)
    for table in section.tables:
        _table(document, table)
    for note in section.notes + section.sources:
        _paragraph(document, note, italic=True)


def _picture(document, png: bytes, alt_text: str) -> None:
    document.add_picture(io.BytesIO(png), width=Cm(16))
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.LEFT
    # Word reads a picture's alt text from its drawing properties (wp:docPr/@descr).
    for properties in document.inline_shapes[-1]._inline.iter(qn("wp:docPr")):
        properties.set("descr", alt_text)
        properties.set("title", alt_text.split(".")[0])


def _table(document, table: Table) -> None:
    grid = document.add_table(rows=1, cols=len(table.header))
    grid.style = "Table Grid"
    header = grid.rows[0]
    # The first row is the table's header: repeated on every page and announced as such.
    row_properties = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    row_properties.append(repeat)
    for cell, text in zip(header.cells, table.header):
        cell.paragraphs[0].add_run(_text(text)).bold = True
    for values in table.rows:
        cells = grid.add_row().cells
        for cell, text, align in zip(cells, values, table.align):
            cell.text = _text(text)
            if align == "R":
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if table.caption:
        _paragraph(document, table.caption, italic=True)
    else:
        document.add_paragraph()


def _story(document, story: StoryItem) -> None:
    document.add_heading(_text(story.title), level=4)
    _paragraph(document, story.about, italic=True)
    for text in story.body.split("\n\n"):
        if text.strip():
            _paragraph(document, text.strip())
    for group, value in story.tags:
        _labelled(document, group, value)
    if story.figure_then_now:
        _paragraph(document, story.figure_then_now)
    _paragraph(document, story.written, italic=True)


def _questions(document, b: Briefing) -> None:
    document.add_heading(labels.BRIEFING_QUESTIONS, level=2)
    _paragraph(document, texts.QUESTIONS_INTRO)
    if not b.questions:
        _paragraph(document, texts.NO_QUESTIONS, italic=True)
    for question in b.questions:
        _paragraph(document, question, style="List Number")


def _appendix(document, b: Briefing) -> None:
    document.add_heading(texts.APPENDIX_TITLE, level=2)
    document.add_heading("Definities van de cijfers", level=3)
    for definition in b.definitions:
        _labelled(document, definition.name, definition.definition, style=None)
        _paragraph(document, definition.meta, italic=True)
    document.add_heading("Bronnen en laaddatums", level=3)
    _paragraph(document, f"De cijfers zijn geladen op {b.loaded_at_text}, uit deze bestanden:")
    _table(document, b.sources)
    document.add_heading("Kleine aantallen", level=3)
    _paragraph(document, texts.APPENDIX_SMALL_NUMBERS.format(threshold=b.threshold))
    document.add_heading("Over de verhalen", level=3)
    _paragraph(document, texts.APPENDIX_STORIES)
    _paragraph(document, b.note, italic=True)
