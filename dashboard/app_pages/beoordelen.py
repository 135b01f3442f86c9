"""Professional — Beoordelen: the review queue (four eyes: publish or return with a reason; a story
for the council then waits for a manager of the author's team, who sees it in the same queue),
the viewer's own stories with their status and return reasons, and for managers the stories
of their teams. Each story has its history (every version and every status change) and a
published story can be withdrawn with a reason; nothing is deleted. The rules themselves are
in stories.service; the queue is read through queries.visible_stories, like every story.
"""

import polars as pl
import streamlit as st

import queries
from dashboard import pagination
from dashboard import story_components as sc
from dashboard.pagination import page_of
from dashboard.session import page_context
from kernel.access import BEHEERDER, MANAGER
from kernel.format import format_period
from kernel.vocabulary import (
    AWAITING_MANAGER,
    CONCEPT,
    PUBLISHED,
    RETURNED,
    STATUSES,
    SUBMITTED,
    VISIBILITIES,
    WITHDRAWN,
)
from presentation import labels
from stories import service, store
from stories.service import NotAllowed

ADD_STORY_PAGE = "app_pages/verhaal_toevoegen.py"
STATUS_COLOURS = {
    CONCEPT: "gray",
    SUBMITTED: "blue",
    AWAITING_MANAGER: "violet",
    PUBLISHED: "green",
    RETURNED: "orange",
    WITHDRAWN: "red",
}

ctx = page_context()
con, viewer = ctx.con, ctx.viewer
state = st.session_state

st.title(labels.TITLE_REVIEW, anchor=False)
if viewer.is_council:
    st.info(labels.ADD_STORY_COUNCIL, icon=":material/info:")
    st.stop()
st.caption(labels.REVIEW_INTRO)
sc.show_flash()

# One connection to the story store for every read of this render (stories/store.py).
with store.one_reading():
    catalog = queries.catalog_by_key(con)
    names = queries.scope_names(con)
    stories = queries.visible_stories(viewer, figures_con=con, brief=True)  # in full: the page shown
    reviewer_roles = queries.team_roles(con, viewer.teams)

    # --- actions (callbacks: they run before the page is drawn again) ----------------------------

    def publish(story: dict, author_roles: tuple[str, ...]) -> None:
        try:
            status = service.approve(viewer, story["story_id"], reviewer_roles, author_roles)
        except NotAllowed as refused:
            sc.flash("error", str(refused))
            return
        if status == service.AWAITING_MANAGER:
            sc.flash("success", labels.REVIEW_AWAITING_MANAGER.format(title=story["title"], team=story["author_team"]))
            return
        sc.flash(
            "success",
            labels.REVIEW_PUBLISHED.format(
                title=story["title"], visibility=VISIBILITIES.get(story["visibility"], story["visibility"]).lower()
            ),
        )

    def send_back(story: dict, author_roles: tuple[str, ...]) -> None:
        reason = state.get(f"reden_{story['story_id']}", "")
        try:
            service.return_to_author(viewer, story["story_id"], reason, reviewer_roles, author_roles)
        except NotAllowed as refused:
            sc.flash("error", str(refused))
            return
        sc.flash("success", labels.REVIEW_RETURNED.format(title=story["title"], author=story["author"]))

    def withdraw(story: dict) -> None:
        reason = state.get(f"intrekreden_{story['story_id']}", "")
        try:
            service.withdraw(viewer, story["story_id"], reason)
        except NotAllowed as refused:
            sc.flash("error", str(refused))
            return
        sc.flash("success", labels.WITHDRAWN.format(title=story["title"]))

    # --- the review queue -----------------------------------------------------------------------

    # Submitted stories, and for a manager the council stories of their teams a colleague approved.
    awaiting = stories.filter(pl.col("status") == service.AWAITING_MANAGER)
    awaiting = awaiting.filter(
        pl.Series([service.is_team_manager(viewer, s) for s in awaiting.iter_rows(named=True)], dtype=pl.Boolean)
    )
    queue = pl.concat([stories.filter(pl.col("status") == service.SUBMITTED), awaiting]).sort("status_at")
    st.subheader(f"{labels.REVIEW_QUEUE} ({queue.height})", anchor=False)
    if queue.is_empty():
        st.info(labels.REVIEW_QUEUE_EMPTY, icon=":material/inbox:")
    queue = queries.full_rows(
        viewer, page_of(queue, key="wachtrij", per_page=pagination.PER_PAGE_DETAILED), figures_con=con
    )
    current = queries.current_values(con, viewer, queue)
    marks_of = queries.privacy_marks_of(viewer, queue["story_id"].to_list(), figures_con=con)
    first_reviewers = {
        row["story_id"]: row["actor"]
        for row in queries.story_history(viewer, awaiting["story_id"].to_list(), figures_con=con)[1]
        .filter(pl.col("status") == service.AWAITING_MANAGER)
        .iter_rows(named=True)
    }  # the latest wins
    for story in queue.iter_rows(named=True):
        sid = story["story_id"]
        with st.container(border=True, key=f"beoordeling_{sid}"):
            sc.story_card(
                story,
                catalog=catalog,
                viewer=viewer,
                current_value=current.get(sid),
                names=names,
                key=f"wachtrij_kaart_{sid}",
                border=False,
            )
            author_roles = queries.team_roles(con, [story["author_team"]])
            if viewer.username == story["author"]:
                st.info(labels.REVIEW_OWN, icon=":material/hourglass_top:")
                continue
            if story["status"] == service.AWAITING_MANAGER:
                st.markdown(
                    labels.REVIEW_AWAITING_MANAGER_BADGE
                    + labels.REVIEW_MANAGER_STEP.format(
                        reviewer=sc.literal(first_reviewers.get(sid, labels.REVIEW_A_COLLEAGUE)),
                        team=sc.literal(story["author_team"] or ""),
                    )
                )
            elif service.needs_manager_step(viewer, story):
                st.caption(labels.REVIEW_NEEDS_MANAGER.format(team=sc.literal(story["author_team"] or "")))
            other = not set(reviewer_roles) & set(author_roles)
            author_text = sc.literal(", ".join(author_roles) or labels.REVIEW_ROLE_UNKNOWN)  # roles come from teams.csv
            if other:
                st.markdown(
                    labels.REVIEW_OTHER_DISCIPLINE_BADGE
                    + labels.REVIEW_DISCIPLINE_OTHER.format(
                        reviewer=sc.literal(", ".join(reviewer_roles) or viewer.role), author=author_text
                    )
                )
            else:
                st.markdown(
                    labels.REVIEW_SAME_DISCIPLINE_BADGE + labels.REVIEW_DISCIPLINE_SAME.format(author=author_text)
                )
            marks = marks_of.get(sid, {})
            if marks:
                st.caption(
                    labels.REVIEW_HARMLESS
                    + " "
                    + "; ".join(f"'{sc.escape(text)}' ({sc.escape(reason)})" for text, reason in marks.items())
                )
            left, middle, right = st.columns([1, 3, 1], vertical_alignment="bottom")
            with left:
                st.button(
                    labels.REVIEW_PUBLISH,
                    key=f"publiceer_{sid}",
                    on_click=publish,
                    args=(story, author_roles),
                    type="primary",
                    icon=":material/publish:",
                )
            with middle:
                st.text_input(labels.REVIEW_RETURN_REASON, key=f"reden_{sid}")
            with right:
                st.button(
                    labels.REVIEW_RETURN,
                    key=f"terug_{sid}",
                    on_click=send_back,
                    args=(story, author_roles),
                    icon=":material/undo:",
                )

    # --- my stories and my teams' stories, with their history ------------------------------------

    def story_list(rows: pl.DataFrame, *, key: str, open_returned: bool = False) -> None:
        """Each story as an expander: status, the return reason, edit or withdraw, and its history.
        An expander's content is read and drawn only while it is open (one rerun to open it):
        ten stories with their versions, diffs and history were most of this page's work, and a
        reviewer opens one or two. With `open_returned` a returned story starts open, so that
        its author sees the reason at once."""
        rows = page_of(rows, key=key, per_page=pagination.PER_PAGE_DETAILED)
        # Streamlit forgets an expander's state when its label changes (a story withdrawn here
        # changes its status): whether each one is open is remembered here and given back.
        remembered = state.setdefault("beoordelen_open", {})
        boxes = {}
        for story in rows.iter_rows(named=True):
            sid = story["story_id"]
            status = STATUSES.get(story["status"], story["status"])
            team = f" · {story['team_code']}" if story.get("team_code") else ""
            # An expander's label is markdown: the title and team code as plain text.
            label = f"{sc.literal(story['title'])} — {status} · {format_period(story['period'])}{sc.literal(team)}"
            name = f"{key}_{sid}"
            expanded = remembered.get(name, open_returned and story["status"] == RETURNED)
            boxes[sid] = st.expander(label, expanded=expanded, key=name, on_change="rerun")
            remembered[name] = bool(boxes[sid].open)
        opened = [sid for sid, box in boxes.items() if box.open]
        if not opened:
            return
        rows = queries.full_rows(viewer, rows.filter(pl.col("story_id").is_in(opened)), figures_con=con)
        current = queries.current_values(con, viewer, rows)
        versions, events = queries.story_history(viewer, opened, figures_con=con)
        reasons = queries.latest_returns(events)
        for story in rows.iter_rows(named=True):
            sid = story["story_id"]
            status = STATUSES.get(story["status"], story["status"])
            with boxes[sid]:
                st.markdown(
                    f":{STATUS_COLOURS.get(story['status'], 'gray')}-badge[{status}] "
                    + labels.REVIEW_VERSION_BY.format(version=story["version"], author=sc.escape(story["author"]))
                )
                if sid in reasons:
                    returned = reasons[sid]
                    st.warning(
                        labels.STORY_RETURNED_REASON.format(
                            actor=sc.literal(returned["actor"]),
                            date=sc.format_moment(returned["occurred_at"]),
                            reason=sc.escape(returned["reason"] or ""),
                        ),
                        icon=":material/undo:",
                    )
                sc.story_card(
                    story,
                    catalog=catalog,
                    viewer=viewer,
                    current_value=current.get(sid),
                    names=names,
                    key=f"{key}_kaart_{sid}",
                    border=False,
                )
                if queries.may_edit_story(viewer, story):
                    st.page_link(
                        ADD_STORY_PAGE, label=labels.EDIT_STORY, icon=":material/edit:", query_params={"verhaal": sid}
                    )
                if story["status"] == service.PUBLISHED and queries.may_withdraw_story(viewer, story):
                    left, right = st.columns([3, 1], vertical_alignment="bottom")
                    with left:
                        st.text_input(labels.WITHDRAW_REASON, key=f"intrekreden_{sid}")
                    with right:
                        st.button(
                            labels.WITHDRAW,
                            key=f"intrekken_{sid}",
                            on_click=withdraw,
                            args=(story,),
                            icon=":material/unpublished:",
                        )
                if queries.may_see_history(viewer, story):
                    st.markdown(f"##### {labels.HISTORY}")
                    unit = catalog.get(story["metric_key"], {}).get("unit", "")
                    sc.history(sid, versions, events, unit=unit)

    st.subheader(labels.MY_STORIES, anchor=False)
    mine = stories.filter(pl.col("author") == viewer.username).sort("status_at", descending=True)
    if mine.is_empty():
        st.caption(labels.MY_STORIES_EMPTY)
    else:
        story_list(mine, key="mijn", open_returned=True)

    if viewer.role in (MANAGER, BEHEERDER):
        st.subheader(labels.TEAM_STORIES if viewer.role == MANAGER else labels.TEAM_STORIES_ALL, anchor=False)
        others = stories.filter(pl.col("author") != viewer.username)
        if viewer.role == MANAGER:
            others = others.filter(
                pl.col("author_team").is_in(list(viewer.teams)) | pl.col("team_code").is_in(list(viewer.teams))
            )
        others = others.sort("status_at", descending=True)
        if others.is_empty():
            st.caption(labels.TEAM_STORIES_EMPTY)
        else:
            story_list(others, key="team")
