"""The committee briefing as Markdown, for reuse in a raadsinformatiebrief: the same content as
the PDF, with each chart given as a table of its last values instead of an image."""

from __future__ import annotations

import re

from briefing import texts
from briefing.model import Briefing, FigureSection, StoryItem, Table
from kernel.format import format_date
from kernel.inert import defuse
from presentation import labels

# Only what a Markdown reader would take for markup, so that the text pastes cleanly into Word:
# '#late_declaraties' stays as it is ('#' is a heading only at the start of a line, and '_'
# inside a word emphasises nothing), '*', '[', '<', '|', '$' and the like get a backslash
# wherever they stand ($ starts a formula in GitHub and pandoc).
_SPECIAL = re.compile(r"([\\`*\[\]{}<>|~$])")
_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")  # at a word's edge, where it emphasises
_ENTITY = re.compile(r"&(?=#?\w+;)")  # '&lt;script&gt;' would be shown as '<script>'
# A heading, list item or quote, or the '===' / '---' under a line that makes it a heading.
_LINE_START = re.compile(r"^(\s*)([-+>=#]|\d+[.)](?=\s))", re.MULTILINE)


def escape(text: str, *, opens_line: bool = True) -> str:
    """User text stays text: no heading, list, link, emphasis, formula, entity, emoji or table
    cell of its own, in any Markdown viewer and in the page's own preview.

    `defuse` first: control and invisible characters written out as [U+XXXX], and an invisible
    word joiner inside what viewers turn into a link or an icon by its text alone (a bare
    https://…, www.…, an e-mail address, :shortcode:), where a backslash does not help.
    Text that does not open its line (a tag after '**Trefwoorden:**') keeps its first mark.
    """
    text = _UNDERSCORE.sub(r"\\_", _SPECIAL.sub(r"\\\1", defuse(text)))
    # A backslash before a digit is no escape in Markdown: '1.' becomes '1\.', '-' becomes '\-'.
    return _LINE_START.sub(lambda match: _defuse_line_start(match, opens_line), _ENTITY.sub(r"\\&", text))


def _defuse_line_start(match: re.Match, opens_line: bool) -> str:
    if match.start() == 0 and not opens_line:
        return match.group(0)
    indent, mark = match.groups()
    return indent + (mark[:-1] + "\\" + mark[-1] if mark[0].isdigit() else "\\" + mark)


def render_markdown(briefing: Briefing) -> str:
    """The briefing as one Markdown document."""
    out: list[str] = []
    out += _cover(briefing)
    for number, figure in enumerate(briefing.figures, start=1):
        out += _figure(figure, number)
    if briefing.peers:
        out += _peers(briefing.peers)
    out += _questions(briefing)
    out += _appendix(briefing)
    return "\n".join(out).rstrip() + "\n"


def _cover(b: Briefing) -> list[str]:
    law = f"{escape(b.law)} · " if b.law else ""
    lines = [
        f"# Commissiebriefing: {escape(b.theme_name)}",
        "",
        f"{law}peilmaand {b.period_text} · grafieken en verhalen {b.window_text} · opgesteld op "
        f"{format_date(b.created_on)} door {escape(b.made_by)}",
        "",
        f"> **Status en actualiteit van de cijfers.** {b.status_text}",
        ">",
    ]
    lines += [f"> - {escape(source)}: gegevens {through}" for source, through in b.freshness]
    lines += [
        f"> - Cijfers geladen op {b.loaded_at_text}.",
        ">",
        f"> {texts.COVER_RULES.format(threshold=b.threshold)}",
        "",
    ]
    if b.figures:
        lines += ["**In deze briefing:** " + " · ".join(escape(f.name) for f in b.figures), ""]
    return lines


def _figure(figure: FigureSection, number: int) -> list[str]:
    lines = [f"## {number}. {escape(figure.name)}", "", f"*{figure.meta}*", "", f"**{escape(figure.value_text)}**", ""]
    for comparison in figure.comparisons:
        alarm = f" **Let op: {escape(comparison.alarm)}**" if comparison.alarm else ""
        lines.append(f"- {escape(comparison.label)}: {escape(comparison.text)}{alarm}")
    lines.append("")
    for table in figure.tables:
        lines += _table(table)
    notes = [note for note in figure.notes if note not in texts.CHART_NOTES]
    lines += [f"*{note}*" for note in notes] + ([""] if notes else [])
    lines += [
        f"**{labels.DEFINITION}.** {escape(figure.definition)}",
        "",
        f"{labels.SOURCE}: {escape(figure.source)} · {labels.OWNER}: {escape(figure.owner)} · {figure.judgement}",
        "",
    ]
    lines += [f"### {labels.STORIES_BESIDE}", ""]
    if not figure.stories:
        lines += [f"*{texts.NO_STORIES}*", ""]
    for story in figure.stories:
        lines += _story(story)
    return lines


def _peers(section) -> list[str]:
    """Similar municipalities (briefing/peers.py): the chart's text alternative stands in for it."""
    lines = [f"## {escape(section.title)}", "", escape(section.intro), ""]
    lines += [f"- {escape(line)}" for line in section.lines] + [""]
    for table in section.tables:
        lines += _table(table)
    lines += [f"*{escape(note)}*" for note in section.notes] + ([""] if section.notes else [])
    lines += [f"{escape(source)}  " for source in section.sources] + [""]
    return lines


def _table(table: Table) -> list[str]:
    rule = {"L": "---", "R": "---:", "C": ":---:"}

    def cell(text: str) -> str:  # a line end in a name (a quoted CSV value) would end the row
        return " ".join(escape(text).split("\n"))

    lines = [
        "| " + " | ".join(cell(h) for h in table.header) + " |",
        "|" + "|".join(rule.get(a, "---") for a in table.align) + "|",
    ]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in table.rows]
    lines.append("")
    if table.caption:
        lines += [f"*{escape(table.caption)}*", ""]
    return lines


def _story(story: StoryItem) -> list[str]:
    lines = [f"#### {escape(story.title)}", "", f"*{escape(story.about)}*", ""]
    for paragraph in story.body.split("\n\n"):
        if paragraph.strip():
            lines += [escape(paragraph.strip()).replace("\n", "  \n"), ""]
    lines += [f"- **{group}:** {escape(value, opens_line=False)}" for group, value in story.tags]
    lines.append("")
    if story.figure_then_now:
        lines += [escape(story.figure_then_now), ""]
    lines += [f"*{escape(story.written)}*", ""]
    return lines


def _questions(b: Briefing) -> list[str]:
    lines = [f"## {labels.BRIEFING_QUESTIONS}", "", texts.QUESTIONS_INTRO, ""]
    if not b.questions:
        return lines + [f"*{texts.NO_QUESTIONS}*", ""]
    lines += [f"{number}. {escape(question)}" for number, question in enumerate(b.questions, start=1)]
    return lines + [""]


def _appendix(b: Briefing) -> list[str]:
    lines = [f"## {texts.APPENDIX_TITLE}", "", "### Definities van de cijfers", ""]
    for definition in b.definitions:
        lines += [
            f"**{escape(definition.name)}.** {escape(definition.definition)}  ",
            f"*{escape(definition.meta)}*",
            "",
        ]
    lines += [
        "### Bronnen en laaddatums",
        "",
        f"De cijfers zijn geladen op {b.loaded_at_text}, uit deze bestanden:",
        "",
    ]
    lines += _table(b.sources)
    lines += [
        "### Kleine aantallen",
        "",
        texts.APPENDIX_SMALL_NUMBERS.format(threshold=b.threshold),
        "",
        "### Over de verhalen",
        "",
        texts.APPENDIX_STORIES,
        "",
        "---",
        "",
        f"*{b.note}*",
    ]
    return lines
