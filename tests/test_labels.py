"""The dashboard's Dutch text lives in presentation/: each label declared once, none inline in a page."""

from __future__ import annotations

import ast
import re

import pytest

from kernel import adc_settings

LABELS = adc_settings.ROOT / "presentation" / "labels.py"
DASHBOARD = adc_settings.ROOT / "dashboard"
# The modules that draw pages (issue 17 moved their text to presentation/).
PAGE_MODULES = sorted(
    [*DASHBOARD.glob("app_pages/*.py")]
    + [DASHBOARD / name for name in ("app.py", "components.py", "story_components.py", "peer_components.py")]
    + [DASHBOARD / name for name in ("filters.py", "pagination.py")]
)
# Prose: two words of letters with a space between, or a capitalised word. What is not text a
# reader sees but looks like it: a time zone, a date format, and styling inside st.html.
PROSE = re.compile(r"[A-Za-zëéï]{2,} [A-Za-zëéï]{2,}|^[A-Z][a-zëé]{2,}")
TECHNICAL = re.compile(r"^(Europe/Amsterdam|DD-MM-YYYY)$|<style>|<div |style=")


def _strings(tree: ast.AST) -> list[tuple[int, str]]:
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def test_every_label_is_declared_once():
    """A second assignment to a name would silently replace the first text wherever it is used."""
    names = [
        target.id
        for node in ast.parse(LABELS.read_text(encoding="utf-8")).body
        for target in (node.targets if isinstance(node, ast.Assign) else [])
        if isinstance(target, ast.Name)
    ]
    assert sorted({n for n in names if names.count(n) > 1}) == []


@pytest.mark.parametrize("module", PAGE_MODULES, ids=lambda m: m.name)
def test_pages_take_their_text_from_presentation(module):
    inline = [
        f"{module.name}:{line}: {text!r}"
        for line, text in _strings(ast.parse(module.read_text(encoding="utf-8")))
        if PROSE.search(text) and not TECHNICAL.search(text)
    ]
    assert inline == []
