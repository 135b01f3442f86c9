"""Which pages each role sees, in which section: the one list the router and links share.

What a role may *read* is enforced in queries.py and the story service; this list only keeps
pages a role cannot use out of its navigation (and links to them off its pages).
"""

from __future__ import annotations

import streamlit as st

from kernel.access import BEHEERDER, MANAGER, PROFESSIONAL, RAAD, Viewer
from presentation import labels

ALL = (RAAD, MANAGER, PROFESSIONAL, BEHEERDER)
STAFF = (MANAGER, PROFESSIONAL, BEHEERDER)

# (section, file, title, url path, icon, roles that see it)
PAGES = (
    (labels.SECTION_RAAD, "raad_overzicht.py", labels.TITLE_OVERVIEW, "overzicht", "dashboard", ALL),
    (labels.SECTION_RAAD, "budget.py", labels.TITLE_BUDGET, "budget", "euro", ALL),
    (labels.SECTION_RAAD, "besluiten.py", labels.TITLE_DECISIONS, "besluiten", "gavel", ALL),
    (
        labels.SECTION_RAAD,
        "briefing.py",
        labels.TITLE_BRIEFING,
        "briefing",
        "picture_as_pdf",
        (RAAD, MANAGER, BEHEERDER),
    ),
    (labels.SECTION_MANAGEMENT, "caseload.py", labels.TITLE_CASELOAD, "caseload", "groups", STAFF),
    (
        labels.SECTION_MANAGEMENT,
        "dekking.py",
        labels.TITLE_COVERAGE,
        "verhaaldekking",
        "fact_check",
        (MANAGER, BEHEERDER),
    ),
    (labels.SECTION_PROFESSIONAL, "verhalen.py", labels.TITLE_STORIES, "verhalen", "forum", ALL),
    (
        labels.SECTION_PROFESSIONAL,
        "verhaal_toevoegen.py",
        labels.TITLE_ADD_STORY,
        "verhaal-toevoegen",
        "edit_note",
        (MANAGER, PROFESSIONAL),
    ),
    (labels.SECTION_PROFESSIONAL, "beoordelen.py", labels.TITLE_REVIEW, "beoordelen", "rate_review", STAFF),
    (labels.SECTION_DATA, "over_de_data.py", labels.TITLE_DATA, "over-de-data", "dataset", ALL),
    (labels.SECTION_ADMIN, "beheer.py", labels.TITLE_ADMIN, "beheer", "settings", (BEHEERDER,)),
    (labels.SECTION_ADMIN, "auditlog.py", labels.TITLE_AUDIT, "auditlog", "history", (BEHEERDER,)),
)


def pages_for(role: str | None) -> dict[str, list]:
    """The navigation of `role`, by section; every page for None (before the login)."""
    sections: dict[str, list] = {}
    for section, file, title, url_path, icon, roles in PAGES:
        if role is None or role in roles:
            sections.setdefault(section, []).append(
                st.Page(
                    f"app_pages/{file}",
                    title=title,
                    url_path=url_path,
                    icon=f":material/{icon}:",
                    default=file == "raad_overzicht.py",
                )
            )
    return sections


def can_open(viewer: Viewer, file: str) -> bool:
    """Whether `app_pages/<file>` is in this viewer's navigation (links to it may be shown)."""
    return any(f == file and viewer.role in roles for _, f, _, _, _, roles in PAGES)
