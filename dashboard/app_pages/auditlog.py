"""Auditlog: who did what, when, on which object; filtered, and downloadable as CSV (audited).
Only the beheerder reads it (accounts/admin.py checks the viewer). The page first checks the
log's hash chain (stories/audit_watch.py) and says plainly whether it is intact, and when the
whole chain was last checked."""

import datetime as dt

import polars as pl
import streamlit as st

from accounts import admin
from dashboard import components, pagination, tables
from dashboard.session import page_context
from dashboard.story_components import format_moment
from kernel import adc_settings
from kernel.format import format_datetime_column, format_number
from kernel.inert import literal, visible_columns
from presentation import labels
from stories import audit_watch, store

viewer = page_context().viewer
st.title(labels.TITLE_AUDIT, anchor=False)
st.caption(labels.AUDIT_INTRO)

# One connection to the story store for every read of this render (stories/store.py).
with store.one_reading():
    total, actors, actions = admin.audit_choices(viewer)  # checks that the viewer is the beheerder
    # The whole chain periodically and on the button; in between only what changed (stories/audit_watch.py).
    checked = audit_watch.check(full=st.session_state.pop("audit_full_check", False))
    problems = checked.problems
    if problems:
        st.error(
            labels.AUDIT_BROKEN.format(first=literal(str(problems[0])))
            + (labels.AUDIT_BROKEN_COUNT.format(n=len(problems)) if len(problems) > 1 else "")
            + labels.AUDIT_BROKEN_ADVICE,
            icon=":material/gpp_bad:",
        )
    else:
        st.success(
            labels.AUDIT_INTACT.format(n=format_number(total)),
            icon=":material/verified_user:",
        )
    col_when, col_button = st.columns([4, 1], vertical_alignment="center")
    col_when.caption(
        labels.AUDIT_LAST_FULL_CHECK.format(
            moment=format_moment(checked.full.at),
            result=labels.AUDIT_FULL_CHECK_BROKEN.format(n=format_number(checked.full.breaks))
            if checked.full.breaks
            else labels.AUDIT_FULL_CHECK_INTACT,
            minutes=format_number(adc_settings.audit_full_check_minutes()),
        )
    )
    col_button.button(
        labels.AUDIT_FULL_CHECK,
        key="audit_full_check_button",
        on_click=lambda: st.session_state.update(audit_full_check=True),
        icon=":material/fact_check:",
    )
    col_actor, col_action, col_since = st.columns(3)
    actor = col_actor.selectbox(
        labels.AUDIT_WHO,
        ["", *actors],
        format_func=lambda v: v or labels.AUDIT_EVERYONE,
        key="audit_actor",
    )
    action = col_action.selectbox(
        labels.AUDIT_ACTION,
        ["", *actions],
        format_func=lambda v: v.replace("_", " ") if v else labels.AUDIT_ALL_ACTIONS,
        key="audit_action",
    )
    since = col_since.date_input(
        labels.AUDIT_SINCE, value=dt.date.today() - dt.timedelta(days=30), format="DD-MM-YYYY", key="audit_since"
    )
    shown = admin.read_audit(viewer, actor=actor or None, action=action or None, since=since)
    if shown.is_empty():
        components.empty_state(labels.AUDIT_EMPTY)
    else:

        def readable(records: pl.DataFrame) -> pl.DataFrame:
            return records.select(
                format_datetime_column(
                    pl.col("occurred_at").dt.convert_time_zone("Europe/Amsterdam"), seconds=True
                ).alias(labels.AUDIT_COLUMNS["occurred_at"]),
                pl.col("actor").alias(labels.AUDIT_COLUMNS["actor"]),
                pl.col("action").str.replace_all("_", " ").alias(labels.AUDIT_COLUMNS["action"]),
                *(  # an empty cell, not Streamlit's "None"
                    pl.col(column).fill_null("").alias(labels.AUDIT_COLUMNS[column])
                    for column in ("object_type", "object_id", "detail")
                ),
            )

        # The newest records on screen, every record in the CSV, made only when it is downloaded:
        # a month of a city's log is a hundred thousand records, and formatting, drawing and
        # writing them all on every run was most of this page's time.
        if shown.height > pagination.AUDIT_ROWS_SHOWN:
            st.caption(
                labels.AUDIT_ROWS_NEWEST.format(
                    shown=format_number(pagination.AUDIT_ROWS_SHOWN), n=format_number(shown.height)
                )
            )
        else:
            st.caption(labels.AUDIT_ROWS.format(n=format_number(shown.height)))
        table = readable(shown.head(pagination.AUDIT_ROWS_SHOWN))
        tables.show(visible_columns(table))  # reasons are user text
        components.download_csv(lambda: readable(shown), file_name="auditlog", key="audit_csv", viewer=viewer)
