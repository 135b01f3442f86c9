"""Building blocks of the story pages: the privacy check shown in the text, a story card with
search hits and revised figures, the history of a story, and small state helpers.

Like `components`, these render what they are given and never query. The pure helpers
(`escape`, `literal`, `highlight_findings`, `revision_note`, `version_diff`, `markdown_text`,
`distinct_findings`) are separate so they can be tested without Streamlit. Every text a user or
a source file wrote goes through `escape` or `literal` before it reaches Streamlit's markdown.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import polars as pl
import streamlit as st

from dashboard import tables
from kernel.access import Viewer
from kernel.format import MISSING, format_date, format_value, visible_text
from kernel.inert import escape, literal, markdown_text, visible_columns
from kernel.vocabulary import (
    AWAITING_MANAGER,
    DILEMMAS,
    NOTE_KINDS,
    PUBLISHED,
    RETURNED,
    STATUSES,
    STRATEGIES,
    VALUES,
    VISIBILITIES,
)
from presentation import labels
from presentation.story_text import figure_then_now, scope_text, story_about
from stories.privacy import Finding, PrivacyChecker, get_checker, placeholder

FLASH_KEY = "_story_flash"
try:
    LOCAL_TIME = ZoneInfo("Europe/Amsterdam")
except ZoneInfoNotFoundError:  # a machine without time zone data: show UTC rather than fail
    LOCAL_TIME = dt.UTC


# ---------------------------------------------------------------------------------------------
# The privacy checker


@st.cache_resource(show_spinner=labels.PRIVACY_STARTING)
def privacy_checker() -> PrivacyChecker:
    """One checker per process: the real one (deduce) holds about 1 GB and takes seconds to build."""
    checker = get_checker()
    warm = getattr(checker, "warm", None)
    if warm is not None:  # build deduce now, under the spinner, not halfway a save
        warm()
    return checker


# ---------------------------------------------------------------------------------------------
# Pure helpers


def highlight_findings(text: str, findings: list[Finding]) -> str:
    """The text as markdown with every finding on a red background, its kind beside it.

    Offsets are string indices into `text` (the checker's contract); a finding that no longer
    matches the text is skipped.
    """
    parts, position = [], 0
    for f in sorted(findings, key=lambda f: f.start):
        if f.start < position or text[f.start : f.end] != f.text:
            continue
        parts.append(escape(text[position : f.start]))
        parts.append(f":red-background[:red[**{escape(f.text)}**]] :red-badge[{escape(f.label)}]")
        position = f.end
    parts.append(escape(text[position:]))
    return markdown_text("".join(parts))


def distinct_findings(findings: list[Finding]) -> list[Finding]:
    """One finding per distinct text, in order of first appearance.

    The author decides per text (the service marks a text harmless, wherever it occurs), and
    one widget per text keeps the widget keys unique when a phone number appears twice.
    """
    seen: dict[str, Finding] = {}
    for f in findings:
        seen.setdefault(f.text, f)
    return list(seen.values())


def version_diff(old: str, new: str, *, old_name: str, new_name: str) -> str:
    """What changed in the text from one version to the next, as a unified diff (per line)."""
    lines = difflib.unified_diff(
        old.splitlines(), new.splitlines(), fromfile=old_name, tofile=new_name, lineterm="", n=1
    )
    return "\n".join(lines)


def parse_free_tags(raw: str) -> list[str]:
    """'wachtlijst, Wijk noord ,wachtlijst' -> ['wachtlijst', 'wijk noord'] (lower case, once)."""
    tags: list[str] = []
    for part in raw.replace(";", ",").split(","):
        tag = " ".join(part.strip().lstrip("#").lower().split())
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def yes_no(value: bool | None) -> str:
    return MISSING if value is None else ("ja" if value else "nee")


def format_moment(value) -> str:
    """A moment as '3 mrt 2026 14:05', on the municipality's clock (the store keeps UTC)."""
    if value is None:
        return MISSING
    if value.tzinfo is not None:
        value = value.astimezone(LOCAL_TIME)
    return f"{format_date(value)} {value:%H:%M}"


# ---------------------------------------------------------------------------------------------
# State helpers


def flash(kind: str, text: str) -> None:
    """A message to show on the next run (after a callback has saved or reviewed)."""
    st.session_state.setdefault(FLASH_KEY, []).append((kind, text))


def show_flash() -> None:
    icons = {
        "success": ":material/check_circle:",
        "error": ":material/error:",
        "warning": ":material/warning:",
        "info": ":material/info:",
    }
    for kind, text in st.session_state.pop(FLASH_KEY, []):
        # Messages quote story titles and the service's refusals; none is meant as markdown.
        getattr(st, kind)(literal(text), icon=icons[kind])


# ---------------------------------------------------------------------------------------------
# A story


def story_card(
    story: dict,
    *,
    catalog: dict[str, dict],
    viewer: Viewer,
    current_value: float | None = None,
    names: dict[str, str] | None = None,
    stems: set[str] | None = None,
    highlighter=None,
    key: str | None = None,
    border: bool = True,
    chart: tuple[str, float | None] | None = None,
) -> None:
    """One story in full: what it is about, who wrote it when, the text, its tags, the figure's
    value then and now (a revised figure said out loud: "was X, nu Y"), and search hits
    highlighted (`stems` with `highlighter(text, stems)`, e.g. stories.search.highlight).
    `border=False` inside a container that has one already. `chart`: (scope, value) of the
    chart beside the card when the story is pinned to a narrower scope (`figure_then_now`)."""
    names = names or {}
    info = catalog.get(story["metric_key"], {})
    unit = info.get("unit", "")

    def text(value: str) -> str:
        escaped = escape(value)
        return highlighter(escaped, stems) if stems and highlighter else escaped

    with st.container(border=border, key=key or f"verhaal_{story['story_id']}"):
        st.markdown(f"#### {text(story['title'])}")
        st.caption(literal(story_about(story, catalog, names)))  # names from the source files
        st.markdown(markdown_text(text(story["body"])))
        badges = [(NOTE_KINDS.get(story["note_kind"], story["note_kind"]), "blue")]
        badges += [(DILEMMAS.get(t, t), "orange") for t in story.get("dilemma_tags") or []]
        if story.get("strategy"):
            badges.append((STRATEGIES.get(story["strategy"], story["strategy"]), "violet"))
        badges += [(VALUES.get(t, t), "gray") for t in story.get("value_tags") or []]
        badges += [(f"#{t}", "gray") for t in story.get("free_tags") or []]
        st.markdown(" ".join(f":{colour}-badge[{escape(label)}]" for label, colour in badges))
        figure_line(story, unit=unit, current_value=current_value, names=names, chart=chart)
        written = labels.STORY_WRITTEN.format(date=format_date(story["written_on"]), author=literal(story["author"]))
        if not viewer.is_council:
            written += (
                f" · {labels.STORY_STATUS}: {STATUSES.get(story['status'], story['status'])}"
                f" · {labels.STORY_VISIBILITY}: "
                f"{VISIBILITIES.get(story['visibility'], story['visibility']).lower()}"
            )
        st.caption(written)


def with_value_texts(
    stories: pl.DataFrame,
    *,
    catalog: dict[str, dict],
    names: dict[str, str] | None = None,
    chart_scope: tuple[str, dict[str, float | None]] | None = None,
) -> pl.DataFrame:
    """The stories with what their chart markers say about the value: `waarde_verhaal` (the
    story's own value, with its scope when that is not the chart's) and `grafiek_toen` (the
    chart's value at that period, with the chart's scope). `chart_scope` = (the chart's scope,
    `queries.chart_values_for_stories`)."""
    if stories.is_empty() or "figure_value" not in stories.columns:
        return stories
    label, values = chart_scope or (None, {})
    # At city scale a chart has thousands of stories and far fewer distinct values and scopes.
    value_text = functools.cache(format_value)
    scope_of = functools.cache(
        lambda team, regeling, taakveld: scope_text(team=team, regeling=regeling, taakveld=taakveld, names=names)
    )
    own, chart = [], []
    for story in stories.select(
        "story_id", "metric_key", "team_code", "regeling_code", "taakveld_code", "figure_value"
    ).iter_rows(named=True):
        unit = catalog.get(story["metric_key"], {}).get("unit", "")
        value = value_text(story["figure_value"], unit) if story["figure_value"] is not None else None
        if story["story_id"] in values:
            scope = scope_of(story["team_code"], story["regeling_code"], story["taakveld_code"])
            own.append(labels.STORY_SCOPE_VALUE.format(scope=scope, value=value) if value else None)
            found = values[story["story_id"]]
            chart.append(
                labels.STORY_CHART_THEN.format(
                    scope=label, value=value_text(found, unit) if found is not None else MISSING
                )
            )
        else:
            own.append(value)
            chart.append(None)
    return stories.with_columns(
        pl.Series("waarde_verhaal", own, dtype=pl.String), pl.Series("grafiek_toen", chart, dtype=pl.String)
    )


def figure_line(
    story: dict,
    *,
    unit: str,
    current_value: float | None,
    names: dict[str, str] | None = None,
    chart: tuple[str, float | None] | None = None,
) -> None:
    """The figure's value when the story was written, and now; a revision stands out; beside a
    chart of a wider scope, the chart's value too (see `figure_then_now`)."""
    text, revised = figure_then_now(story, unit=unit, current_value=current_value, names=names, chart=chart)
    if text is None:
        return
    if revised:
        # team, regeling and taakveld names come from the source files
        st.markdown(f":orange-badge[:material/published_with_changes: {labels.FIGURE_REVISED_BADGE}] {literal(text)}")
        st.caption(labels.FIGURE_REVISED_HELP)
        return
    st.caption(literal(text))


def history(story_id: str, versions: pl.DataFrame, events: pl.DataFrame, *, unit: str = "") -> None:
    """Every version (who, when, what changed in the text) and every status change of a story."""
    mine = versions.filter(pl.col("story_id") == story_id).sort("version")
    steps = events.filter(pl.col("story_id") == story_id).sort("event_id")
    if mine.is_empty() and steps.is_empty():
        st.caption(labels.HISTORY_NONE)
        return
    st.markdown(f"**{labels.HISTORY_EVENTS}**")
    tables.show(
        visible_columns(
            pl.DataFrame(
                {
                    "status": [STATUSES.get(s, s) for s in steps["status"]],
                    "actor": steps["actor"].to_list(),
                    "occurred_at": [format_moment(t) for t in steps["occurred_at"]],
                    "version": steps["version"].to_list(),
                    "reason": [r or "" for r in steps["reason"]],
                    "other_discipline": [
                        yes_no(v) if s in (PUBLISHED, RETURNED, AWAITING_MANAGER) else ""
                        for v, s in zip(steps["other_discipline"], steps["status"])
                    ],
                }
            ).rename(labels.HISTORY_EVENT_COLUMNS)
        ),
    )
    st.markdown(f"**{labels.HISTORY_VERSIONS}**")
    tables.show(
        visible_columns(
            pl.DataFrame(
                {
                    "version": mine["version"].to_list(),
                    "edited_by": mine["edited_by"].to_list(),
                    "edited_at": [format_moment(t) for t in mine["edited_at"]],
                    "title": mine["title"].to_list(),
                    "visibility": [VISIBILITIES.get(v, v) for v in mine["visibility"]],
                    "figure_value": [format_value(v, unit) for v in mine["figure_value"]],
                    "unresolved_findings": mine["unresolved_findings"].to_list(),
                }
            ).rename(labels.HISTORY_VERSION_COLUMNS)
        ),
    )
    rows = list(mine.iter_rows(named=True))
    for before, after in zip(rows, rows[1:]):
        old = f"{before['title']}\n\n{before['body']}"
        new = f"{after['title']}\n\n{after['body']}"
        name = labels.HISTORY_DIFF.format(old=before["version"], new=after["version"])
        diff = version_diff(old, new, old_name=f"versie {before['version']}", new_name=f"versie {after['version']}")
        st.caption(name)
        if diff:
            st.code(visible_text(diff), language="diff", wrap_lines=True)
        else:
            st.caption(labels.HISTORY_SAME_TEXT)


def findings_panel(title: str, body: str, findings: dict[str, list[Finding]], harmless: dict[str, str]) -> None:
    """The text with every finding highlighted, and per distinct finding: replace it by its
    placeholder, or mark it harmless with a reason.

    `findings` maps 'title'/'body' to the checker's findings in that field; `harmless` holds
    the reasons already given (text -> reason), which prefill the widgets. Widget keys:
    `vt_rep::<text>` (replace), `vt_ok::<text>` (harmless) and `vt_why::<text>` (reason).
    """
    everything = findings["title"] + findings["body"]
    if findings["title"]:
        st.markdown(f"**{labels.PRIVACY_IN_TITLE}** {highlight_findings(title, findings['title'])}")
    with st.container(border=True, key="vt_privacy_text"):
        st.markdown(highlight_findings(body, findings["body"]) if body.strip() else MISSING)
    for index, finding in enumerate(distinct_findings(everything)):
        text = finding.text
        ok_key, why_key, rep_key = f"vt_ok::{text}", f"vt_why::{text}", f"vt_rep::{text}"
        if ok_key not in st.session_state:
            st.session_state[ok_key] = bool(harmless.get(text))
        if why_key not in st.session_state:
            st.session_state[why_key] = harmless.get(text, "")
        with st.container(border=True, key=f"vt_finding_{index}"):
            left, middle, right = st.columns([3, 3, 4], vertical_alignment="top")
            times = sum(f.text == text for f in everything)
            left.markdown(
                f":red-background[:red[**{escape(text)}**]]  \n{escape(finding.label)}"
                + (f" · {times}×" if times > 1 else "")
            )
            marked = st.session_state[ok_key]
            middle.checkbox(
                labels.PRIVACY_REPLACE.format(placeholder=placeholder(finding.kind)),
                key=rep_key,
                value=not marked,
                disabled=marked,
            )
            right.checkbox(labels.PRIVACY_HARMLESS, key=ok_key)
            if st.session_state[ok_key]:
                right.text_input(
                    labels.PRIVACY_HARMLESS_REASON, key=why_key, placeholder=labels.PRIVACY_HARMLESS_PLACEHOLDER
                )
                if not st.session_state.get(why_key, "").strip():
                    right.caption(labels.PRIVACY_REASON_NEEDED)
