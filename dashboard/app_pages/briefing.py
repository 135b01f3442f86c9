"""Raad en college — Commissiebriefing: the document a wethouder takes into the council
committee. The theme's figures and their published stories are preselected; the reader drops or
reorders them, adds questions, and downloads the briefing as PDF or Markdown (each download is
recorded in the audit log)."""

import hashlib
import json

import polars as pl
import streamlit as st

import queries
from briefing import choices, content, export, markdown, pdf, word
from dashboard import components
from dashboard.peer_components import briefing_note
from dashboard.session import page_context
from kernel.format import format_period
from kernel.inert import literal
from presentation import labels

FILES = "_briefing_files"  # the last briefing built in this session, with what it was built from

ctx = page_context()
con, viewer, f = ctx.con, ctx.viewer, ctx.filters

st.title(labels.TITLE_BRIEFING, anchor=False)
st.caption(labels.BRIEFING_CONTEXT.format(theme=ctx.theme_name, period=format_period(f.period), from_year=f.from_year))
st.markdown(labels.BRIEFING_INTRO)
st.info(labels.BRIEFING_AUDIENCE_NOTE.format(threshold=queries.threshold()), icon=":material/shield_person:")
if f.team:
    st.caption(labels.BRIEFING_TEAM_NOTE)

offered = choices.figure_choices(con, viewer, f.theme, f.period)
if offered.is_empty():
    components.empty_state(labels.NO_VALUE)
    st.stop()
scope = f"{f.theme}_{f.period}_{f.from_year}"  # new theme or month: a fresh preselection

# 1. Figures: all preselected in the overview's order; untick to drop, renumber to reorder.
st.subheader(labels.BRIEFING_FIGURES, anchor=False)
st.caption(labels.BRIEFING_FIGURES_HELP)
table = offered.with_columns(
    pl.lit(True).alias("include"), pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("order")
).select("include", "order", "name", "latest", "metric_key")
edited = st.data_editor(
    table,
    key=f"briefing_cijfers_{scope}",
    hide_index=True,
    width="stretch",
    num_rows="fixed",
    disabled=["name", "latest", "metric_key"],
    column_config={
        "include": st.column_config.CheckboxColumn(labels.BRIEFING_INCLUDE, width="small"),
        "order": st.column_config.NumberColumn(labels.BRIEFING_ORDER, min_value=1, step=1, width="small"),
        "name": st.column_config.TextColumn(labels.BRIEFING_FIGURE),
        "latest": st.column_config.TextColumn(labels.BRIEFING_LATEST),
        "metric_key": None,
    },
)
edited = pl.DataFrame(edited) if not isinstance(edited, pl.DataFrame) else edited
selected = choices.chosen_in_order(edited)
names = dict(zip(offered["metric_key"], offered["name"]))

briefing_note(con, f.theme)  # similar municipalities (CBS) come along when a snapshot was loaded

# 2. Stories: every published story for the council on those figures, each can be left out.
st.subheader(labels.BRIEFING_STORIES, anchor=False)
st.caption(
    labels.BRIEFING_STORIES_HELP.format(start=format_period(f.start.strftime("%Y-%m")), end=format_period(f.period))
)
stories = choices.story_choices(con, viewer, f.theme, f.period, selected, start=f.start)
chosen: list[str] = []
if stories.is_empty():
    st.caption(labels.BRIEFING_NO_STORIES)
for key in selected:
    group = stories.filter(pl.col("metric_key") == key)
    if group.is_empty():
        continue
    st.markdown(f"**{literal(names[key])}**")  # Streamlit's markdown: its own escape, not the file's
    total = group["total"][0]
    if total > group.height:
        st.caption(
            labels.BRIEFING_STORIES_NEWEST.format(shown=group.height, total=total, ticked=choices.STORIES_PER_FIGURE)
        )
    for story in group.iter_rows(named=True):
        team = f" · {story['team']}" if story["team"] else ""
        if st.checkbox(
            f"{literal(story['title'])} — {story['period']}{literal(team)}",
            value=story["preselected"],
            key=f"briefing_verhaal_{scope}_{story['story_id']}",
        ):
            chosen.append(story["story_id"])

# 3. Questions for the committee.
text = st.text_area(
    labels.BRIEFING_QUESTIONS,
    key="briefing_vragen",
    help=labels.BRIEFING_QUESTIONS_HELP,
    placeholder=labels.BRIEFING_QUESTIONS_PLACEHOLDER,
)
questions = [line.strip() for line in (text or "").splitlines() if line.strip()]

# Build on request (it takes a few seconds: every chart is drawn), then offer both downloads.
request = {
    "theme": f.theme,
    "period": f.period,
    "start": f.start.isoformat(),
    "figures": selected,
    "stories": chosen,
    "questions": questions,
    "viewer": viewer.username,
}
fingerprint = hashlib.sha256(json.dumps(request, sort_keys=True).encode()).hexdigest()
if not selected:
    st.warning(labels.BRIEFING_NOTHING, icon=":material/warning:")
if st.button(
    labels.BRIEFING_BUILD,
    type="primary",
    icon=":material/description:",
    disabled=not selected,
    key="briefing_opstellen",
):
    with st.spinner(labels.BRIEFING_BUILDING):
        built = content.build_briefing(con, viewer, f.theme, f.period, selected, chosen, questions, start=f.start)
        pngs = pdf.chart_images([figure.chart for figure in built.figures])  # drawn once, used twice
        st.session_state[FILES] = {
            "fingerprint": fingerprint,
            "briefing": built,
            "pdf": pdf.render_pdf(built, pngs),
            "md": markdown.render_markdown(built),
            "docx": word.render_docx(built, pngs),
        }

files = st.session_state.get(FILES)
if files and files["fingerprint"] == fingerprint:
    built = files["briefing"]
    st.success(
        labels.BRIEFING_READY.format(
            figures=len(built.figures),
            stories=built.story_count,
            questions=len(built.questions),
            pages=export.page_count(files["pdf"]),
        ),
        icon=":material/check_circle:",
    )
    left, middle, right, _ = st.columns([1, 1, 1, 1])
    left.download_button(
        labels.BRIEFING_DOWNLOAD_PDF,
        files["pdf"],
        file_name=f"{built.file_stem}.pdf",
        mime="application/pdf",
        key="briefing_pdf",
        type="primary",
        icon=":material/picture_as_pdf:",
        on_click=export.record_export,
        args=(viewer, built, "pdf"),
    )
    middle.download_button(
        labels.BRIEFING_DOWNLOAD_DOCX,
        files["docx"],
        file_name=f"{built.file_stem}.docx",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        key="briefing_docx",
        icon=":material/description:",
        help=labels.BRIEFING_DOCX_HELP,
        on_click=export.record_export,
        args=(viewer, built, "docx"),
    )
    right.download_button(
        labels.BRIEFING_DOWNLOAD_MD,
        files["md"],
        file_name=f"{built.file_stem}.md",
        mime="text/markdown",
        key="briefing_md",
        icon=":material/markdown:",
        on_click=export.record_export,
        args=(viewer, built, "markdown"),
    )
    with st.expander(labels.BRIEFING_PREVIEW):
        st.markdown(files["md"])
elif files:
    st.info(labels.BRIEFING_STALE, icon=":material/refresh:")
