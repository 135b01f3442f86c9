"""Every export of a briefing lands in the append-only audit log (DOMAIN.md): one record per
download, saying who exported which theme and month, in which format, with what in it."""

from __future__ import annotations

import re

from accounts.sessions import require_current
from briefing.model import Briefing
from kernel import vocabulary
from kernel.access import Viewer
from stories import audit

ACTION = vocabulary.EXPORT_BRIEFING
OBJECT_TYPE = "briefing"


def export_detail(briefing: Briefing, fmt: str, role: str) -> str:
    figures = ", ".join(f.metric_key for f in briefing.figures)
    stories = ", ".join(s.story_id for f in briefing.figures for s in f.stories)
    return (
        f"{fmt} · rol {role} · peilmaand {briefing.period} · cijfers: {figures or '-'} · "
        f"verhalen: {stories or '-'} · {len(briefing.questions)} vragen"
    )


def record_export(viewer: Viewer, briefing: Briefing, fmt: str) -> None:
    """One audit record for one download (the download button's on_click)."""
    require_current(viewer)
    audit.record_now(
        viewer.username,
        ACTION,
        OBJECT_TYPE,
        f"{briefing.theme}/{briefing.period}",
        export_detail(briefing, fmt, viewer.role),
    )


def page_count(pdf: bytes) -> int:
    """How many pages a PDF has (the page objects fpdf2 writes)."""
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
