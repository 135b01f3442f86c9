"""Professional — Verhaal toevoegen: write a story to one figure (prefilled from a tile's link,
`?metric=…&period=…&team=…&regeling=…&taakveld=…`), tag it, check it for personal data, save
it as a concept or send it for review. `?verhaal=<id>` opens a concept or returned story for a
new version. Every rule (who may write, the privacy gate, four eyes) is in stories.service.

Field values live in session state under `vt_*` keys and are copied to `vt_draft` each run, so
a half-written story survives a visit to another page.
"""

import streamlit as st

import queries
from dashboard import story_components as sc
from dashboard.session import page_context
from kernel.access import MANAGER, PROFESSIONAL
from kernel.format import format_date, format_period, format_value
from kernel.vocabulary import DILEMMAS, NOTE_KINDS, STATUSES, STRATEGIES, VALUES, VISIBILITIES
from presentation import labels
from stories import service
from stories.privacy import replace_with_placeholder
from stories.service import NotAllowed, StoryDraft

STORIES_PAGE = "app_pages/verhalen.py"
REVIEW_PAGE = "app_pages/beoordelen.py"
# story field -> widget key
FIELDS = {
    "metric": "vt_metric",
    "period": "vt_period",
    "team": "vt_team",
    "regeling": "vt_regeling",
    "taakveld": "vt_taakveld",
    "title": "vt_title",
    "body": "vt_body",
    "note_kind": "vt_note_kind",
    "dilemmas": "vt_dilemmas",
    "strategy": "vt_strategy",
    "values": "vt_values",
    "free_tags": "vt_free_tags",
    "visibility": "vt_visibility",
}
EMPTY = {
    "metric": None,
    "period": None,
    "team": "",
    "regeling": "",
    "taakveld": "",
    "title": "",
    "body": "",
    "note_kind": None,
    "dilemmas": [],
    "strategy": "",
    "values": [],
    "free_tags": "",
    "visibility": "team",
}
FIGURE_FIELDS = ("metric", "period", "team", "regeling", "taakveld")
SOURCE, STORY, DRAFT, HARMLESS, CHECKED = "vt_source", "vt_story_id", "vt_draft", "vt_harmless", "vt_checked"
JUST_SAVED, START_NEW, SAVED = "vt_just_saved", "vt_start_new", "vt_saved"
PRIVACY_PREFIXES = ("vt_ok::", "vt_why::", "vt_rep::")

ctx = page_context()
con, viewer = ctx.con, ctx.viewer
state = st.session_state

st.title(labels.TITLE_ADD_STORY, anchor=False)
if viewer.is_council:
    st.info(labels.ADD_STORY_COUNCIL, icon=":material/info:")
    st.stop()
if viewer.role not in (PROFESSIONAL, MANAGER):
    st.info(labels.ADD_STORY_NOT_WRITER, icon=":material/info:")
    st.stop()

catalog = queries.catalog_by_key(con)
names = queries.scope_names(con)


# --- where the form's values come from -------------------------------------------------------


def seed(values: dict, story_id: str | None, harmless: dict[str, str]) -> None:
    """Put a story's (or a new story's) values in the widgets, before they are drawn."""
    for key in [k for k in state if str(k).startswith(PRIVACY_PREFIXES)]:
        del state[key]
    for field, key in FIELDS.items():
        state[key] = values[field]
    state[DRAFT] = dict(values)
    state[STORY] = story_id
    state[HARMLESS] = dict(harmless)
    state[CHECKED] = bool(story_id)  # an opened story shows its findings straight away


def figure_params() -> dict:
    params = st.query_params
    metric = params.get("metric")
    if metric is not None and metric not in catalog:
        st.info(
            labels.INVALID_VALUE.format(
                value=sc.literal(metric), what=labels.WHAT_FIGURE, fallback=labels.ADD_STORY_NO_FIGURE
            )
        )
        metric = None
    team = params.get("team")
    if not (team or params.get("regeling") or params.get("taakveld")) and len(viewer.teams) == 1:
        # A story belongs to a team, regeling or taakveld (that is how it finds its theme); a
        # professional writes about their own team, so a link from a whole-theme tile starts there.
        team = viewer.teams[0]
    return EMPTY | {
        "metric": metric,
        "period": params.get("period"),
        "team": team or "",
        "regeling": params.get("regeling") or "",
        "taakveld": params.get("taakveld") or "",
    }


def story_values(story: dict) -> dict:
    return {
        "metric": story["metric_key"],
        "period": story["period"],
        "team": story["team_code"] or "",
        "regeling": story["regeling_code"] or "",
        "taakveld": story["taakveld_code"] or "",
        "title": story["title"],
        "body": story["body"],
        "note_kind": story["note_kind"],
        "dilemmas": list(story["dilemma_tags"] or []),
        "strategy": story["strategy"] or "",
        "values": list(story["value_tags"] or []),
        "free_tags": ", ".join(story["free_tags"] or []),
        "visibility": story["visibility"],
    }


def find_story(story_id: str) -> dict | None:
    found = queries.visible_stories(viewer, figures_con=con, story_id=story_id)
    return found.row(0, named=True) if found.height else None


if state.pop(JUST_SAVED, None):  # the address names the story just saved, so a reload reopens it
    st.query_params["verhaal"] = state[STORY]
if state.pop(START_NEW, None):
    if "verhaal" in st.query_params:
        del st.query_params["verhaal"]
    state[SOURCE] = None

params = st.query_params
if params.get("verhaal"):
    source = ("verhaal", params["verhaal"])
elif params.get("metric") or state.get(SOURCE) is None:
    source = ("cijfer",) + tuple(params.get(k) for k in ("metric", "period", "team", "regeling", "taakveld"))
else:
    source = state.get(SOURCE)  # back from another page without an address: keep the draft
if source != state.get(SOURCE):
    if source[0] == "verhaal":
        opened = find_story(source[1])
        if opened is None:
            sc.flash("warning", labels.STORY_NOT_FOUND)
            seed(figure_params(), None, {})
        else:
            seed(
                story_values(opened),
                opened["story_id"],
                queries.privacy_marks(viewer, opened["story_id"], figures_con=con),
            )
    elif state.get(SOURCE) and state[SOURCE][0] == "cijfer" and state.get(STORY) is None:
        # Another figure for the draft being written (a tile link, or the sidebar's team filter,
        # which shares the `team` parameter): move the draft, keep what was written.
        for field, value in figure_params().items():
            if field in FIGURE_FIELDS:
                state[FIELDS[field]] = value
    else:
        seed(figure_params(), None, {})
    state[SOURCE] = source
for field, key in FIELDS.items():  # widgets forget their state on other pages; the draft does not
    if key not in state:
        state[key] = state.get(DRAFT, {}).get(field, EMPTY[field])

sc.show_flash()

story_id = state.get(STORY)
story = find_story(story_id) if story_id else None
if story_id and story is None:
    st.warning(labels.STORY_NOT_FOUND, icon=":material/warning:")
    st.stop()


def start_new() -> None:
    state[START_NEW] = True


def story_links(sid: str) -> None:
    with st.container(horizontal=True, gap="large"):
        st.page_link(STORIES_PAGE, label=labels.OPEN_STORY, icon=":material/article:", query_params={"verhaal": sid})
        st.page_link(REVIEW_PAGE, label=labels.TO_REVIEW_PAGE, icon=":material/rate_review:")


if story is not None and not queries.may_edit_story(viewer, story):
    status = STATUSES.get(story["status"], story["status"]).lower()
    if story["status"] in service.EDITABLE:
        st.info(labels.STORY_NOT_YOURS, icon=":material/info:")
    elif story["status"] == service.SUBMITTED:
        st.info(labels.STORY_UNDER_REVIEW, icon=":material/hourglass_top:")
    else:
        st.info(labels.STORY_NOT_EDITABLE.format(status=status), icon=":material/info:")
    story_links(story["story_id"])
    st.button(labels.NEW_STORY, on_click=start_new, icon=":material/add:", key="vt_new")
    now = queries.figure_now(
        con,
        viewer,
        story["metric_key"],
        story["period"],
        team=story["team_code"],
        regeling=story["regeling_code"],
        taakveld=story["taakveld_code"],
        theme=story["theme_code"],
    )
    sc.story_card(story, catalog=catalog, viewer=viewer, names=names, current_value=(now or {}).get("value"))
    st.stop()

if story is None:
    st.markdown(labels.ADD_STORY_INTRO)
else:
    st.markdown(
        labels.EDITING_STORY.format(
            title=sc.escape(story["title"]),
            version=story["version"],
            status=STATUSES.get(story["status"], story["status"]).lower(),
        )
    )
    if story["status"] == service.RETURNED:
        returned = queries.return_reasons(viewer, [story["story_id"]], figures_con=con).get(story["story_id"])
        if returned:
            st.warning(
                labels.STORY_RETURNED_REASON.format(
                    actor=sc.literal(returned["actor"]),
                    date=format_date(returned["occurred_at"]),
                    reason=sc.escape(returned["reason"] or ""),
                ),
                icon=":material/undo:",
            )


# --- 1. the figure --------------------------------------------------------------------------


def options_with(codes: list[str], current: str) -> list[str]:
    """The empty choice, the codes, and the current value even when it is outside the list."""
    extra = [current] if current and current not in codes else []
    return [""] + codes + extra


st.subheader(labels.STORY_FIGURE_HEADER, anchor=False)
metric_col, period_col = st.columns([2, 1])
with metric_col:
    metric = st.selectbox(
        labels.FIELD_METRIC,
        list(catalog),
        key=FIELDS["metric"],
        format_func=lambda k: catalog[k]["name"],
        placeholder=labels.FIELD_METRIC_PLACEHOLDER,
    )
scopes: tuple[str, ...] = ()
figure = None
if metric:
    periods = queries.figure_periods(con, metric)
    if state[FIELDS["period"]] not in periods:  # another figure, or a period it does not have
        state[FIELDS["period"]] = periods[0] if periods else None
    with period_col:
        st.selectbox(labels.FIELD_PERIOD, periods, key=FIELDS["period"], format_func=format_period)
    scopes = queries.figure_scopes(con, metric)
    theme = ctx.filters.theme
    choices = {
        "team": (labels.FIELD_TEAM, queries.teams(con, theme)["team_code"].to_list()),
        "regeling": (labels.FIELD_REGELING, queries.regelingen(con, theme)["regeling_code"].to_list()),
        "taakveld": (labels.FIELD_TAAKVELD, queries.taakvelden(con, theme)["taakveld_code"].to_list()),
    }
    columns = st.columns(3)
    for column, scope in zip(columns, scopes):
        label, codes = choices[scope]
        key = FIELDS[scope]
        options = options_with(codes, state[key])
        with column:
            st.selectbox(label, options, key=key, format_func=lambda c: labels.FIELD_NONE if not c else names.get(c, c))
    chosen = {
        scope: (state[FIELDS[scope]] or None) if scope in scopes else None for scope in ("team", "regeling", "taakveld")
    }
    st.caption(sc.literal(catalog[metric]["definition"]))
    if scopes and not any(chosen.values()):
        st.warning(
            labels.FIGURE_SCOPE_NEEDED.format(
                what=" of ".join({"team": "team", "regeling": "regeling", "taakveld": "taakveld"}[s] for s in scopes)
            ),
            icon=":material/warning:",
        )
    else:
        figure = queries.figure_now(con, viewer, metric, state[FIELDS["period"]], **chosen, theme=ctx.filters.theme)
        if figure is None:
            st.info(labels.FIGURE_NO_CELL, icon=":material/info:")
        else:
            st.markdown(
                labels.FIGURE_NOW.format(
                    value=format_value(figure["value"], catalog[metric]["unit"]),
                    status=labels.STATUS.get(figure["status"], figure["status"] or "").lower(),
                    period=format_period(state[FIELDS["period"]]),
                )
            )
            st.caption(labels.FIGURE_RECORDED)
figure_ready = bool(metric) and (not scopes or any(state[FIELDS[s]] for s in scopes))


# --- 2. and 3. the story and its tags --------------------------------------------------------

st.subheader(labels.STORY_TEXT_HEADER, anchor=False)
st.text_input(labels.FIELD_TITLE, key=FIELDS["title"], help=labels.FIELD_TITLE_HELP, max_chars=150)
st.text_area(labels.FIELD_BODY, key=FIELDS["body"], help=labels.FIELD_BODY_HELP, height=220)

st.subheader(labels.STORY_TAGS_HEADER, anchor=False)
left, right = st.columns(2)
with left:
    st.selectbox(
        labels.FIELD_NOTE_KIND,
        list(NOTE_KINDS),
        key=FIELDS["note_kind"],
        format_func=NOTE_KINDS.get,
        placeholder=labels.FIELD_NOTE_KIND_PLACEHOLDER,
        help=labels.FIELD_NOTE_KIND_HELP,
    )
    st.multiselect(
        labels.FIELD_DILEMMAS,
        list(DILEMMAS),
        key=FIELDS["dilemmas"],
        format_func=DILEMMAS.get,
        placeholder=labels.FIELD_CHOOSE_SOME,
    )
    st.selectbox(
        labels.FIELD_STRATEGY,
        [""] + list(STRATEGIES),
        key=FIELDS["strategy"],
        format_func=lambda c: STRATEGIES.get(c, labels.FIELD_NONE),
        help=labels.FIELD_STRATEGY_HELP,
    )
with right:
    st.multiselect(
        labels.FIELD_VALUES,
        list(VALUES),
        key=FIELDS["values"],
        format_func=VALUES.get,
        placeholder=labels.FIELD_CHOOSE_SOME,
    )
    st.text_input(labels.FIELD_FREE_TAGS, key=FIELDS["free_tags"], help=labels.FIELD_FREE_TAGS_HELP)
    st.radio(
        labels.FIELD_VISIBILITY,
        list(VISIBILITIES),
        key=FIELDS["visibility"],
        format_func=VISIBILITIES.get,
        horizontal=True,
        help=labels.FIELD_VISIBILITY_HELP,
    )


# --- 4. the privacy check -------------------------------------------------------------------


def harmless_now(texts) -> dict[str, str]:
    """The reasons given for these finding texts: from the widgets, else from earlier marks."""
    found = {}
    for text in texts:
        if f"vt_ok::{text}" in state:
            marked, reason = state[f"vt_ok::{text}"], state.get(f"vt_why::{text}", "")
        else:
            reason = state.get(HARMLESS, {}).get(text, "")
            marked = bool(reason)
        if marked and reason.strip():
            found[text] = reason.strip()
    return found


def check_now() -> None:
    state[CHECKED] = True


def replace_selected() -> None:
    """Replace every ticked finding by its placeholder, in title and text, in one step."""
    checker = sc.privacy_checker()
    replaced = 0
    for key in (FIELDS["title"], FIELDS["body"]):
        text = state.get(key, "")
        found = checker.check(text)
        chosen = [f for f in found if state.get(f"vt_rep::{f.text}", True) and not state.get(f"vt_ok::{f.text}")]
        if chosen:
            state[key] = replace_with_placeholder(text, found, chosen)
            replaced += len(chosen)
    if replaced:
        sc.flash("success", labels.PRIVACY_REPLACED.format(n=replaced))
    else:
        sc.flash("info", labels.PRIVACY_NOTHING_SELECTED)


st.subheader(labels.PRIVACY_HEADER, anchor=False)
st.button(labels.PRIVACY_CHECK, key="vt_check", on_click=check_now, icon=":material/policy:")
if state.get(CHECKED):
    checker = sc.privacy_checker()
    title, body = state[FIELDS["title"]], state[FIELDS["body"]]
    findings = {"title": checker.check(title), "body": checker.check(body)}
    distinct = sc.distinct_findings(findings["title"] + findings["body"])
    if not distinct:
        st.success(labels.PRIVACY_CLEAN, icon=":material/check_circle:")
    else:
        st.warning(labels.PRIVACY_FOUND.format(n=len(distinct)), icon=":material/warning:")
        sc.findings_panel(title, body, findings, state.get(HARMLESS, {}))
        st.button(
            labels.PRIVACY_REPLACE_SELECTED,
            key="vt_replace",
            on_click=replace_selected,
            type="primary",
            icon=":material/find_replace:",
        )
        marked = harmless_now(f.text for f in distinct)
        state[HARMLESS] = state.get(HARMLESS, {}) | marked
        st.caption(labels.PRIVACY_OPEN.format(n=len(distinct) - len(marked), harmless=len(marked)))
else:
    st.caption(labels.PRIVACY_NOT_YET)


# --- 5. saving ------------------------------------------------------------------------------


def draft_from_state() -> StoryDraft:
    metric_scopes = queries.figure_scopes(con, state[FIELDS["metric"]]) if state[FIELDS["metric"]] else ()
    scope_values = {
        s: (state.get(FIELDS[s]) or None) if s in metric_scopes else None for s in ("team", "regeling", "taakveld")
    }
    return StoryDraft(
        title=state[FIELDS["title"]].strip(),
        body=state[FIELDS["body"]].strip(),
        metric_key=state[FIELDS["metric"]],
        period=state[FIELDS["period"]],
        note_kind=state[FIELDS["note_kind"]] or "",
        visibility=state[FIELDS["visibility"]],
        team_code=scope_values["team"],
        regeling_code=scope_values["regeling"],
        taakveld_code=scope_values["taakveld"],
        dilemma_tags=list(state[FIELDS["dilemmas"]]),
        strategy=state[FIELDS["strategy"]] or None,
        value_tags=list(state[FIELDS["values"]]),
        free_tags=sc.parse_free_tags(state[FIELDS["free_tags"]]),
    )


def save(submit: bool) -> None:
    """Save a version (always allowed), then optionally submit it (refused while findings are open)."""
    draft = draft_from_state()
    checker = sc.privacy_checker()
    texts = {f.text for f in checker.check(draft.title) + checker.check(draft.body)}
    harmless = harmless_now(texts)
    try:
        result = service.save(viewer, draft, con, story_id=state.get(STORY), harmless=harmless, checker=checker)
    except NotAllowed as refused:
        sc.flash("error", str(refused))
        return
    state[STORY], state[SOURCE], state[JUST_SAVED], state[SAVED] = (
        result.story_id,
        ("verhaal", result.story_id),
        True,
        result.story_id,
    )
    state[HARMLESS] = state.get(HARMLESS, {}) | harmless
    state[CHECKED] = True
    if not submit:
        sc.flash("success", labels.SAVED_DRAFT.format(version=result.version))
        if result.unresolved:
            sc.flash("warning", labels.SAVED_OPEN_FINDINGS.format(n=len(result.unresolved)))
        return
    try:
        warnings = service.submit(viewer, result.story_id)
    except NotAllowed as refused:
        sc.flash("error", str(refused))
        sc.flash("info", labels.SAVED_NOT_SUBMITTED.format(version=result.version))
        return
    sc.flash("success", labels.SUBMITTED.format(version=result.version))
    for warning in warnings:  # e.g. "[BSN]" still in a sentence: better rewritten
        sc.flash("warning", warning)


st.subheader(labels.STORY_SAVE_HEADER, anchor=False)
left, right, _ = st.columns([1, 1, 1])
with left:
    st.button(
        labels.SAVE_DRAFT,
        key="vt_save",
        on_click=save,
        args=(False,),
        disabled=not figure_ready,
        help=labels.SAVE_HELP,
        icon=":material/save:",
        width="stretch",
    )
with right:
    st.button(
        labels.SAVE_AND_SUBMIT,
        key="vt_submit",
        on_click=save,
        args=(True,),
        disabled=not figure_ready,
        type="primary",
        icon=":material/send:",
        width="stretch",
    )
if state.get(SAVED) and state.get(SAVED) == story_id:
    story_links(story_id)

# Copy the values out of the widgets: Streamlit drops widget state when the reader leaves the page.
state[DRAFT] = {field: state.get(key, EMPTY[field]) for field, key in FIELDS.items()}
