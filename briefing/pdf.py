"""The committee briefing as a PDF: A4, DejaVu Sans (every Dutch character), page numbers.

Page 1 is the cover with the status and freshness of the data and the contents (drawn last,
when the page numbers are known); then one section per figure (value, comparisons, chart
image, last values, definition, and its stories in shaded boxes); a page of questions; an
appendix of definitions, sources and load dates. Charts are the dashboard's own Altair
builders, rendered offline to PNG by vl-convert.
"""

from __future__ import annotations

import io
import struct
import threading
from pathlib import Path

import vl_convert
from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos
from fpdf.fonts import FontFace

from briefing import texts
from briefing.model import Briefing, Comparison, FigureSection, StoryItem, Table
from kernel.format import format_date, visible_text
from presentation import labels

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = "DejaVu"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
CHART_FONT = "DejaVu Sans"
CHART_WIDTH, CHART_HEIGHT = 640, 210  # Vega-Lite pixels; drawn 170 mm wide at scale 2 (~190 dpi)

# The dashboard's palette (presentation/charts.py), as RGB.
BLUE = (1, 104, 155)
DARK = (49, 49, 59)
GREY = (96, 94, 88)  # secondary text, 6:1 on white
RULE = (200, 204, 208)
VERMILLION = (213, 94, 0)  # stories, as their markers in the charts
ORANGE = (179, 89, 0)  # an unfavourable comparison
STORY_FILL = (248, 244, 240)
PANEL_FILL = (234, 242, 248)

MARGIN = 20
BODY, SMALL, TINY = 10, 8.5, 7.5  # point sizes: body text, captions, labels and footers


class FontMissing(RuntimeError):
    """The DejaVu fonts are not on this machine."""


def render_pdf(briefing: Briefing, pngs: list[bytes | None] | None = None) -> bytes:
    """The briefing as PDF bytes (`pngs`: the figures' charts, when already drawn)."""
    pdf = _Document(briefing)  # first: fails at once, in Dutch, when the fonts are missing
    if pngs is None:
        pngs = chart_images([f.chart for f in briefing.figures])
    pdf.add_page()
    pdf.insert_toc_placeholder(_cover, pages=1)
    for figure, png in zip(briefing.figures, pngs):
        _figure(pdf, figure, png)
    if briefing.peers:
        _peers(pdf, briefing.peers)
    _questions(pdf, briefing)
    _appendix(pdf, briefing)
    return bytes(pdf.output())


# ---------------------------------------------------------------------------------------------
# Charts


def chart_alt_text(figure: FigureSection, window_text: str) -> str:
    """What a chart shows, for a reader who cannot see it (the PDF's and the Word document's);
    its last values are in the table under it."""
    markers = (
        f" Oranje stippen op de tijdlijn markeren de verhalen bij dit cijfer ({len(figure.stories)})."
        if figure.stories
        else ""
    )
    return (
        f"Grafiek van {figure.name}, {window_text}. Nu: {figure.value_text}.{markers} "
        "De laatste waarden staan in de tabel onder de grafiek."
    )


_font_lock = threading.Lock()
_registered = False


def chart_png(chart) -> bytes:
    """One Altair chart as PNG: fixed size, the PDF's font, no title (the section has one)."""
    global _registered
    with _font_lock:
        if not _registered:
            vl_convert.register_font_directory(str(FONT_DIR))
            _registered = True
    spec = _visible_strings(chart.to_dict())
    spec.pop("title", None)
    spec["width"], spec["height"] = CHART_WIDTH, CHART_HEIGHT
    spec.setdefault("config", {})["font"] = CHART_FONT
    return vl_convert.vegalite_to_png(spec, scale=2)


def _visible_strings(value):
    """The spec with the control characters in its texts written out (`visible_text`): a team
    name or story title with a bell or a terminal escape in it makes vl-convert panic, which
    aborts the whole process (the dashboard's server with it), not just this briefing."""
    if isinstance(value, str):
        return visible_text(value)
    if isinstance(value, dict):
        return {key: _visible_strings(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_visible_strings(item) for item in value]
    return value


def chart_images(charts: list) -> list[bytes | None]:
    """Every chart as PNG (about 0.1 s each; threads do not make vl-convert faster)."""
    return [None if chart is None else chart_png(chart) for chart in charts]


def _png_size(png: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk
    return width, height


# ---------------------------------------------------------------------------------------------
# The document


class _Document(FPDF):
    def __init__(self, briefing: Briefing):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.briefing = briefing
        for style, file in FONT_FILES.items():
            path = FONT_DIR / file
            if not path.exists():
                raise FontMissing(labels.BRIEFING_FONT_MISSING.format(path=path))
            self.add_font(FONT, style, str(path))
        self.set_margins(MARGIN, 22, MARGIN)
        self.set_auto_page_break(True, margin=20)
        self.alias_nb_pages()
        self.set_title(briefing.title_line)
        self.set_author("Achter de cijfers")
        self.set_creator("Achter de cijfers — commissiebriefing")
        self.set_lang("nl-NL")
        self.set_text_color(*DARK)

    def header(self):
        if self.page_no() == 1:
            return
        self.set_font(FONT, "", TINY)
        self.set_text_color(*GREY)
        self.set_xy(MARGIN, 10)
        self.cell(self.epw / 2, 4, self.briefing.title_line)
        self.cell(self.epw / 2, 4, "Achter de cijfers", align="R")
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        self.line(MARGIN, 15, self.w - MARGIN, 15)
        self.set_xy(MARGIN, 22)
        self.set_text_color(*DARK)

    def footer(self):
        self.set_y(-13)
        self.set_font(FONT, "", TINY)
        self.set_text_color(*GREY)
        self.cell(self.epw * 0.7, 4, self.briefing.note)
        self.cell(self.epw * 0.3, 4, f"Pagina {self.page_no()} van {{nb}}", align="R")
        self.set_text_color(*DARK)

    def normalize_text(self, text: str) -> str:
        """Every text fpdf2 sets or measures passes here: a control or invisible character in a
        story or a source file (a bell, a terminal escape, a right-to-left override) is printed
        as [U+XXXX], the same as on screen, instead of a missing glyph or reversed text."""
        return super().normalize_text(visible_text(text))

    # -- text helpers ---------------------------------------------------------------------

    def text_block(
        self,
        text: str,
        size: float = BODY,
        style: str = "",
        colour=DARK,
        line: float | None = None,
        w: float = 0,
        x: float | None = None,
        after: float = 0,
    ):
        self.set_font(FONT, style, size)
        self.set_text_color(*colour)
        if x is not None:
            self.set_x(x)
        self.multi_cell(w, line or size * 0.48, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if x is not None:
            self.set_x(x)
        self.set_text_color(*DARK)
        if after:
            self.ln(after)

    def measure(self, text: str, w: float, size: float, style: str = "", line: float | None = None) -> float:
        self.set_font(FONT, style, size)
        return self.multi_cell(w, line or size * 0.48, text, align="L", dry_run=True, output=MethodReturnValue.HEIGHT)

    def label(self, text: str, x: float | None = None, w: float = 0, colour=GREY):
        """A small bold label above a value ("EEN JAAR EERDER")."""
        self.text_block(text.upper(), TINY, "B", colour, line=3.6, w=w, x=x)

    def heading(self, text: str, size: float = 18, colour=BLUE, after: float = 2):
        self.text_block(text, size, "B", colour, line=size * 0.5, after=after)

    def room(self) -> float:
        return self.page_break_trigger - self.get_y()

    def rule(self, colour=RULE, width: float = 0.2):
        self.set_draw_color(*colour)
        self.set_line_width(width)
        self.line(MARGIN, self.get_y(), self.w - MARGIN, self.get_y())


# ---------------------------------------------------------------------------------------------
# Cover and contents (drawn at the end, on page 1)


def _cover(pdf: _Document, outline) -> None:
    b = pdf.briefing
    pdf.set_y(26)
    pdf.label("Achter de cijfers · gemeente Koggenwaard", colour=BLUE)
    pdf.ln(3)
    pdf.text_block("Commissiebriefing", 30, "B", DARK, line=13)
    pdf.text_block(b.theme_name, 20, "B", BLUE, line=10)
    if b.law:
        pdf.text_block(b.law, 12, "", GREY, line=6)
    pdf.ln(4)
    pdf.rule(BLUE, 0.8)
    pdf.ln(5)

    rows = [
        ("Peilmaand", b.period_text),
        ("Grafieken en verhalen", b.window_text),
        ("Opgesteld op", format_date(b.created_on)),
        ("Samengesteld door", b.made_by),
    ]
    for name, value in rows:
        pdf.set_font(FONT, "", SMALL)
        pdf.set_text_color(*GREY)
        pdf.cell(48, 6, name)
        pdf.set_font(FONT, "B", 11)
        pdf.set_text_color(*DARK)
        pdf.cell(0, 6, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(5)

    # Status and freshness: a panel, because a figure without them is not to be trusted.
    lines = [(b.status_text, BODY, "")]
    lines += [(f"{source}: gegevens {through}", SMALL, "") for source, through in b.freshness]
    lines += [
        (f"Cijfers geladen op {b.loaded_at_text}.", SMALL, ""),
        (texts.COVER_RULES.format(threshold=b.threshold), SMALL, ""),
    ]
    pad, inner = 5, pdf.epw - 10
    height = 2 * pad + 5 + sum(pdf.measure(t, inner, s, st) + 1 for t, s, st in lines)
    top = pdf.get_y()
    pdf.set_fill_color(*PANEL_FILL)
    pdf.rect(MARGIN, top, pdf.epw, height, style="F")
    pdf.set_fill_color(*BLUE)
    pdf.rect(MARGIN, top, 1.2, height, style="F")
    pdf.set_fill_color(255, 255, 255)
    pdf.set_y(top + pad)
    pdf.label("Status en actualiteit van de cijfers", x=MARGIN + pad, colour=BLUE)
    pdf.ln(1.4)
    for text, size, style in lines:
        pdf.text_block(text, size, style, DARK if size == BODY else GREY, w=inner, x=MARGIN + pad, after=1)
    pdf.set_y(top + height + 8)

    pdf.heading("In deze briefing", 13, DARK, after=2)
    stories = {f.name: len(f.stories) for f in b.figures}
    for section in outline:
        if section.level:
            continue
        pdf.set_font(FONT, "", BODY)
        name = section.name
        pdf.cell(100, 6.2, name, link=pdf.add_link(page=section.page_number))
        count = stories.get(name)
        pdf.set_font(FONT, "", SMALL)
        pdf.set_text_color(*GREY)
        pdf.cell(
            55,
            6.2,
            ""
            if count is None
            else ("geen verhalen" if count == 0 else f"{count} verhaal" if count == 1 else f"{count} verhalen"),
        )
        pdf.set_font(FONT, "", BODY)
        pdf.set_text_color(*DARK)
        pdf.cell(0, 6.2, str(section.page_number), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_draw_color(*RULE)
        pdf.set_line_width(0.1)
        pdf.line(MARGIN, pdf.get_y(), pdf.w - MARGIN, pdf.get_y())


# ---------------------------------------------------------------------------------------------
# A figure


VALUE_W, VALUE_GAP = 52, 6  # the value on the left, what it is held against on the right


def _value_size(figure: FigureSection) -> float:
    return 22 if len(figure.value_text) <= 14 else 13


def _source_line(figure: FigureSection) -> str:
    return f"{labels.SOURCE}: {figure.source} · {labels.OWNER}: {figure.owner} · {figure.judgement}"


def _head_height(pdf: _Document, figure: FigureSection, chart_h: float) -> float:
    """How tall a figure is from its heading to its definition (measured, as it will be drawn)."""
    right_w = pdf.epw - VALUE_W - VALUE_GAP
    height = pdf.measure(figure.name, pdf.epw, 16, "B", 8) + 0.5 + pdf.measure(figure.meta, pdf.epw, SMALL) + 3
    size = _value_size(figure)
    left = pdf.measure(figure.value_text, VALUE_W, size, "B", size * 0.46)
    right = sum(
        3.6
        + pdf.measure(c.text, right_w, 9.5, "", 4.6)
        + 2
        + (pdf.measure(f"Let op: {c.alarm}", right_w, SMALL, "B") if c.alarm else 0)
        for c in figure.comparisons
    )
    height += max(left, right) + 3
    height += (chart_h + 1 if chart_h else 0) + sum(pdf.measure(n, pdf.epw, SMALL) for n in figure.notes) + 2
    height += sum(_table_height(pdf, t) for t in figure.tables)
    height += 3.6 + pdf.measure(figure.definition, pdf.epw, 9) + 0.5
    return height + pdf.measure(_source_line(figure), pdf.epw, SMALL) + 4


def _figure(pdf: _Document, figure: FigureSection, png: bytes | None) -> None:
    chart_h = 0.0
    if png:
        width, height = _png_size(png)
        chart_h = pdf.epw * height / width
    # Keep the heading, the numbers, the chart, the table and the definition on one page; the
    # stories may flow on.
    needed = _head_height(pdf, figure, chart_h)
    at_top = pdf.get_y() <= pdf.t_margin + 1
    if not at_top and pdf.room() < needed + 11 and needed < pdf.eph:
        pdf.add_page()
    elif not at_top:
        pdf.ln(6)
        pdf.rule(BLUE, 0.6)
        pdf.ln(5)
    pdf.start_section(figure.name)
    pdf.heading(figure.name, 16, BLUE, after=0.5)
    pdf.text_block(figure.meta, SMALL, "", GREY, after=3)

    top = pdf.get_y()
    right_x, right_w = MARGIN + VALUE_W + VALUE_GAP, pdf.epw - VALUE_W - VALUE_GAP
    size = _value_size(figure)
    pdf.text_block(figure.value_text, size, "B", GREY if figure.suppressed else DARK, line=size * 0.46, w=VALUE_W)
    left_end = pdf.get_y()
    pdf.set_y(top)
    for comparison in figure.comparisons:
        _comparison(pdf, comparison, right_x, right_w)
    pdf.set_y(max(left_end, pdf.get_y()) + 3)

    if png:
        # fpdf2 gives an image with alt text a Figure in the PDF's structure tree.
        pdf.image(
            io.BytesIO(png), x=MARGIN, w=pdf.epw, h=chart_h, alt_text=chart_alt_text(figure, pdf.briefing.window_text)
        )
        pdf.ln(1)
    for note in figure.notes:
        pdf.text_block(note, SMALL, "", GREY)
    pdf.ln(2)
    for table in figure.tables:
        _table(pdf, table)

    pdf.label("Definitie")
    pdf.text_block(figure.definition, 9, after=0.5)
    pdf.text_block(_source_line(figure), SMALL, "", GREY, after=4)

    if figure.stories:
        first = _story_height(pdf, figure.stories[0])
        if pdf.room() < 12 + first and first + 12 < pdf.eph:  # the heading stays with its first story
            pdf.add_page()
        pdf.text_block(f"{labels.STORIES_BESIDE} ({len(figure.stories)})", 11.5, "B", DARK, after=2)
        for story in figure.stories:
            _story(pdf, story)
    else:
        pdf.text_block(texts.NO_STORIES, SMALL, "I", GREY)


def _peers(pdf: _Document, section) -> None:
    """Similar municipalities (briefing/peers.py) on a page of their own, chart and tables."""
    pdf.add_page()
    pdf.start_section(section.title)
    pdf.heading(section.title, 16, BLUE, after=1)
    pdf.text_block(section.intro, 9, "", GREY, after=3)
    for line in section.lines:
        pdf.text_block(line, 9.5, "", DARK, line=4.6, after=1)
    pdf.ln(2)
    if section.chart is not None:
        png = chart_png(section.chart)
        width, height = _png_size(png)
        pdf.image(io.BytesIO(png), x=MARGIN, w=pdf.epw, h=pdf.epw * height / width, alt_text=section.text_alternative)
        pdf.ln(2)
    for table in section.tables:
        if pdf.room() < _table_height(pdf, table):
            pdf.add_page()
        _table(pdf, table)
    for note in section.notes:
        pdf.text_block(note, SMALL, "", GREY, after=1)
    for source in section.sources:
        pdf.text_block(source, SMALL, "", GREY)


def _comparison(pdf: _Document, comparison: Comparison, x: float, w: float) -> None:
    pdf.label(comparison.label, x=x, w=w)
    pdf.text_block(comparison.text, 9.5, "", DARK, line=4.6, w=w, x=x)
    if comparison.alarm:
        pdf.text_block(f"Let op: {comparison.alarm}", SMALL, "B", ORANGE, w=w, x=x)
    pdf.ln(2)
    pdf.set_x(x)


TABLE_LINE, TABLE_PAD = 4.6, 1.2


def _table_widths(pdf: _Document, table: Table) -> tuple[float, ...]:
    if table.weights:
        return tuple(pdf.epw * w / sum(table.weights) for w in table.weights)
    first, others = 24, len(table.header) - 1
    return (first, *[(pdf.epw - first) / others] * others)


def _table_height(pdf: _Document, table: Table) -> float:
    widths = _table_widths(pdf, table)
    height = sum(
        max(
            pdf.measure(cell, w - 2 * TABLE_PAD, SMALL, "B" if row is table.header else "", TABLE_LINE)
            for cell, w in zip(row, widths)
        )
        + 2 * TABLE_PAD
        for row in (table.header, *table.rows)
    )
    if table.caption:
        height += 0.5 + pdf.measure(table.caption, pdf.epw, TINY)
    return height + 3


def _table(pdf: _Document, table: Table) -> None:
    pdf.set_font(FONT, "", SMALL)
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.15)
    pdf.set_fill_color(255, 255, 255)
    heading = FontFace(family=FONT, emphasis="BOLD", color=DARK, fill_color=PANEL_FILL, size_pt=SMALL)
    with pdf.table(
        col_widths=_table_widths(pdf, table),
        text_align=table.align,
        borders_layout="HORIZONTAL_LINES",
        line_height=TABLE_LINE,
        headings_style=heading,
        padding=TABLE_PAD,
        width=pdf.epw,
        first_row_as_headings=True,
        cell_fill_mode="NONE",
    ) as grid:
        for cells in (table.header, *table.rows):
            row = grid.row()
            for cell in cells:
                row.cell(cell)
    if table.caption:
        pdf.ln(0.5)
        pdf.text_block(table.caption, TINY, "", GREY)
    pdf.ln(3)


STORY_PAD, STORY_BAR, TAG_LABEL_W = 4, 1.2, 34


def _story_parts(story: StoryItem) -> list[tuple[str, float, str, float, float]]:
    """(text, size, style, line height, space after) of the paragraphs in a story box."""
    parts = [(story.title, 11, "B", 5.2, 1), (story.about, SMALL, "", 4, 2), (story.body, 9.5, "", 4.7, 2)]
    if story.figure_then_now:
        parts.append((story.figure_then_now, SMALL, "", 4, 1.5))
    return parts


def _story_height(pdf: _Document, story: StoryItem) -> float:
    inner = pdf.epw - STORY_BAR - 2 * STORY_PAD
    height = 2 * STORY_PAD + sum(
        pdf.measure(t, inner, s, st, lh) + after for t, s, st, lh, after in _story_parts(story)
    )
    height += sum(max(4, pdf.measure(value, inner - TAG_LABEL_W, SMALL, "", 4)) for _, value in story.tags)
    return height + 1.5 + pdf.measure(story.written, inner, TINY, "", 3.6)


def _story(pdf: _Document, story: StoryItem) -> None:
    """One story in a shaded box with a vermillion edge, like its marker in the chart."""
    x = MARGIN + STORY_BAR + STORY_PAD
    inner = pdf.epw - STORY_BAR - 2 * STORY_PAD
    height = _story_height(pdf, story)
    if height > pdf.room() and height < pdf.eph:
        pdf.add_page()
    top = pdf.get_y()
    boxed = height <= pdf.room()  # a story longer than a page flows on without its box
    if boxed:
        pdf.set_fill_color(*STORY_FILL)
        pdf.rect(MARGIN, top, pdf.epw, height, style="F")
        pdf.set_fill_color(*VERMILLION)
        pdf.rect(MARGIN, top, STORY_BAR, height, style="F")
        pdf.set_fill_color(255, 255, 255)
    pdf.set_y(top + STORY_PAD)
    parts = _story_parts(story)
    for text, size, style, line, after in parts[:3]:
        colour = GREY if text == story.about else DARK
        pdf.text_block(text, size, style, colour, line=line, w=inner, x=x, after=after)
    for group, value in story.tags:
        row_top = pdf.get_y()
        pdf.set_xy(x, row_top)
        pdf.set_font(FONT, "B", SMALL)
        pdf.set_text_color(*GREY)
        pdf.cell(TAG_LABEL_W, 4, group)
        pdf.text_block(value, SMALL, "", DARK, line=4, w=inner - TAG_LABEL_W, x=x + TAG_LABEL_W)
        pdf.set_y(max(pdf.get_y(), row_top + 4))
    pdf.ln(1.5)
    for text, size, style, line, after in parts[3:]:
        pdf.text_block(text, size, style, DARK, line=line, w=inner, x=x, after=after)
    pdf.text_block(story.written, TINY, "", GREY, line=3.6, w=inner, x=x)
    pdf.set_y((top + height if boxed else pdf.get_y() + STORY_PAD) + 4)
    pdf.set_x(MARGIN)


# ---------------------------------------------------------------------------------------------
# Questions and appendix


def _questions(pdf: _Document, briefing: Briefing) -> None:
    pdf.add_page()
    pdf.start_section(labels.BRIEFING_QUESTIONS)
    pdf.heading(labels.BRIEFING_QUESTIONS)
    pdf.text_block(texts.QUESTIONS_INTRO, 9.5, "", GREY, after=5)
    if not briefing.questions:
        pdf.text_block(texts.NO_QUESTIONS, BODY, "I", GREY, after=4)
    for number, question in enumerate(briefing.questions, start=1):
        top = pdf.get_y()
        pdf.set_font(FONT, "B", 11)
        pdf.set_text_color(*BLUE)
        pdf.cell(10, 5.6, f"{number}.")
        pdf.text_block(question, 11, "", DARK, line=5.6, w=pdf.epw - 10, x=MARGIN + 10)
        pdf.set_y(max(pdf.get_y(), top + 5.6) + 4)
    # Room for notes during the meeting.
    pdf.ln(4)
    if pdf.room() > 30:
        pdf.label("Aantekeningen")
        pdf.ln(3)
        pdf.set_draw_color(*RULE)
        pdf.set_line_width(0.2)
        y = pdf.get_y() + 8
        while y < pdf.page_break_trigger - 2:
            pdf.line(MARGIN, y, pdf.w - MARGIN, y)
            y += 9


def _appendix(pdf: _Document, briefing: Briefing) -> None:
    pdf.add_page()
    pdf.start_section(texts.APPENDIX_TITLE)
    pdf.heading(texts.APPENDIX_TITLE, after=4)

    pdf.heading("Definities van de cijfers", 12, DARK, after=2)
    for definition in briefing.definitions:
        if pdf.room() < 22:
            pdf.add_page()
        pdf.text_block(definition.name, BODY, "B", DARK, line=5)
        pdf.text_block(definition.definition, 9, line=4.4, after=0.5)
        pdf.text_block(definition.meta, TINY, "", GREY, line=3.6, after=3)

    if pdf.room() < 60:
        pdf.add_page()
    pdf.ln(2)
    pdf.heading("Bronnen en laaddatums", 12, DARK, after=2)
    pdf.text_block(f"De cijfers zijn geladen op {briefing.loaded_at_text}, uit deze bestanden:", 9, after=2)
    _table(pdf, briefing.sources)

    if pdf.room() < 50:
        pdf.add_page()
    pdf.heading("Kleine aantallen", 12, DARK, after=1.5)
    pdf.text_block(texts.APPENDIX_SMALL_NUMBERS.format(threshold=briefing.threshold), 9, line=4.4, after=4)
    pdf.heading("Over de verhalen", 12, DARK, after=1.5)
    pdf.text_block(texts.APPENDIX_STORIES, 9, line=4.4, after=4)
    pdf.text_block(briefing.note, SMALL, "I", GREY)
