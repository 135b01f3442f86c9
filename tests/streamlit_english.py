"""Streamlit's English default texts that could reach a reader of this dashboard (its widgets,
chart menus, sidebar and the Vega charts it draws), found in its frontend bundle
(streamlit/static/static/js/*.js). The browser test (tests/test_browser_dutch.py) asserts that
none of them is in a page's text or ARIA labels; dashboard/page_script.js translates them.

Only texts that are English and not also Dutch: "Open", "Stop" and "Upload" are Dutch words
too, so a Dutch sentence would match them.
"""

from __future__ import annotations

import re
from pathlib import Path

import streamlit

BUNDLE = Path(streamlit.__file__).parent / "static" / "static" / "js"

ENGLISH = (
    # widgets
    "Choose an option",
    "Choose options",
    "Select all",
    "No results",
    "No options to select",
    "Clear value",
    "Clear all",
    "Clear selection",
    "Press Enter to",
    "Show password",
    "Hide password",
    "Increment",
    "Decrement",
    "Choose date",
    "Previous month",
    "Selected Date",
    "Selected Range",
    "Use arrow keys",
    "Next month",
    "Drag and drop files here",
    "Drag and drop a file here",
    "per file",
    "Add files",
    # page, sidebar and menus
    "Skip to main content",
    "Collapse sidebar",
    "Expand sidebar",
    "Sidebar",
    "App pages",
    "Main menu",
    "Running...",
    "Link to heading",
    "Page not found",
    "does not seem to exist",
    "Running the app's main page",
    "Copy to clipboard",
    "Copied!",
    # charts and tables
    "Show data",
    "Show chart",
    "Download as CSV",
    "Download as PNG",
    "Save as SVG",
    "Save as PNG",
    "Copy Vega-Lite spec",
    "View Source",
    "Open in Vega Editor",
    "Fullscreen",
    "Close fullscreen",
    "Toggle fullscreen",
    "Show/hide columns",
    "Search",
    "Close Search",
    "Previous page",
    "Next page",
    "Help for",
    "Vega visualization",
    "scale with",
    "Title text",
    "icon",  # the alert icons' labels ("warning icon")
)

_WORDS = re.compile("|".join(rf"(?<![\w-]){re.escape(s)}(?![\w-])" for s in ENGLISH))


def english_in(text: str) -> list[str]:
    """The listed English texts in `text` (whole words, case as Streamlit writes them)."""
    return sorted(set(_WORDS.findall(text)))


def bundle_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in BUNDLE.glob("*.js"))
