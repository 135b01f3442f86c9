"""User and source text as markdown that shows exactly its characters: no formatting, link,
icon, formula or hidden control character can come from a story, a name or a source file.

Pure functions (tests need no Streamlit): `escape` for story text, `literal` for names, codes
and definitions, `visible_columns` for tables; `defuse` is what both escapes start from.
"""

from __future__ import annotations

import re

import polars as pl

from kernel.format import INVISIBLE_MARKERS, visible_text

# Streamlit's markdown turns some sequences into a link, an icon or a symbol after the backslash
# escapes are resolved (its plugins match the text, not the source), so a backslash does not stop
# ':material/warning:', ':streamlit:', 'https://…', 'www.…', 'iemand@voorbeeld.nl' or '->'. An
# invisible word joiner inside each sequence does: after a colon or an at sign that something
# follows, between 'www' and its dot, and inside the arrows and comparisons Streamlit typesets.
WORD_JOINER = "\u2060"
_BREAK = re.compile(r"(?<=[:@])(?=\S)|(?<=[wW]{3})(?=\.)|(?<=[-<>~])(?=[-<>=])")
# Four spaces at the start of a paragraph make a code block: indentation is kept as no-break
# spaces, which read the same and which markdown does not count as indentation.
_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)
_EVERY_PUNCTUATION = frozenset("\\`*_{}[]()#+-.!|<>$~:&=")
_ALWAYS = re.compile(r"([\\`*\[\]{}<>|$~])")  # format, link, typeset or quote wherever they stand
_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")  # not inside a word, where it cannot emphasise
_ENTITY = re.compile(r"&(?=#?\w+;)")  # '&lt;' would show as '<'
_LINE_START = re.compile(r"^([#=+-]|\d+(?=[.)](?:\s|$)))", re.MULTILINE)  # heading, underline, list


def defuse(text: str) -> str:
    """What every escape starts from (also the briefing's, briefing/markdown.py): controls and
    invisible characters written out, links and icons broken with a word joiner, indents kept."""
    text = _BREAK.sub(WORD_JOINER, visible_text(text))
    return _INDENT.sub(lambda m: "\u00a0" * len(m.group(0).expandtabs(4)), text)


def escape(text: str) -> str:
    """Markdown-escape user text so it cannot format, link or typeset itself: a story's title,
    text and tags. Every markdown punctuation character gets a backslash."""
    return "".join("\\" + c if c in _EVERY_PUNCTUATION else c for c in defuse(text))


def literal(text: str) -> str:
    """Text as markdown that shows exactly these characters, and is no heading, list, link,
    emphasis, icon or formula: for names, codes, units and definitions from the source files in
    labels, captions, radio options, expanders and help texts (a selectbox shows its options
    as plain text: give it the text itself). Unlike `escape` it leaves the characters that
    cannot act where they stand, so 'Werk en Inkomen Zuid (WI-ZUID)' stays as it is."""
    text = _ALWAYS.sub(r"\\\1", defuse(text))
    text = _ENTITY.sub(r"\\&", _UNDERSCORE.sub(r"\\_", text))
    # A backslash before a digit is no escape: '1.' becomes '1\.', '-' becomes '\-'.
    return _LINE_START.sub(lambda m: m.group(0) + "\\" if m.group(0)[0].isdigit() else "\\" + m.group(0), text)


def markdown_text(text: str) -> str:
    """Already escaped text as markdown that keeps the author's line breaks."""
    return text.replace("\r\n", "\n").replace("\n", "  \n")


def visible_columns(table: pl.DataFrame) -> pl.DataFrame:
    """A table for st.dataframe with the control and invisible characters of its text cells
    written out (`visible_text`). A grid cell is never markdown, but a right-to-left override
    still turns the rest of the cell around."""
    text = [name for name, dtype in table.schema.items() if dtype == pl.String]
    if not text:
        return table
    return table.with_columns(visible_text_columns(pl.col(text)))


# Made once: given the mapping, polars builds both lists anew on every call (0.3 ms a table).
_INVISIBLE_FROM = pl.lit(pl.Series(list(INVISIBLE_MARKERS), dtype=pl.String)).implode()
_INVISIBLE_TO = pl.lit(pl.Series(list(INVISIBLE_MARKERS.values()), dtype=pl.String)).implode()


def visible_text_columns(text: pl.Expr) -> pl.Expr:
    """`visible_columns` as an expression over text columns, to use inside a larger query."""
    return (
        text.str.replace_all("\r\n", "\n", literal=True)
        .str.replace_all("\r", "\n", literal=True)
        .str.replace_many(_INVISIBLE_FROM, _INVISIBLE_TO)
    )
