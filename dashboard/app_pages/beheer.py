"""Beheer: load new source files (with progress and the full rejection report), the load log,
caseload norms with their history, and users. Only in the beheerder's navigation; every command
below checks the viewer again (etl/workspace.py, accounts/admin.py)."""

import datetime as dt

import polars as pl
import streamlit as st

import queries
from accounts import admin, users
from dashboard import components, tables
from dashboard.session import page_context
from etl import build, workspace
from etl.tabular import rejection_count
from kernel import adc_settings
from kernel.access import ROLES
from kernel.format import format_date, format_number, texts
from kernel.inert import literal, visible_columns
from kernel.vocabulary import LOAD_FAILED, LOAD_OK, LOAD_REFUSED
from presentation import labels

ctx = page_context()
viewer, con = ctx.viewer, ctx.con  # con is None before the first data has been loaded

st.title(labels.TITLE_ADMIN, anchor=False)


def run_staged(staged: workspace.Staged, what: str) -> None:
    """Check, build and swap in, in a process of its own (etl/isolated.py): this session follows
    its progress while the server keeps serving everyone else."""
    st.session_state["beheer_build"] = (workspace.start_commit(viewer, staged), what)
    st.session_state.pop("beheer_rejections", None)
    st.session_state.pop("beheer_outcome", None)
    st.rerun()  # the progress is shown above the tabs, whichever tab started the build


@st.fragment(run_every=0.5)
def follow_build() -> None:
    """The running build's steps, redrawn every half second; when it is done, its outcome is
    kept for the page and the whole page runs again (new figures, new source list)."""
    running = st.session_state.get("beheer_build")
    if running is None:
        return
    job, what = running
    outcome = job.outcome()
    if outcome is None:
        with st.status(labels.BEHEER_BUILD_RUNNING.format(what=what), expanded=True, state="running"):
            for number, step in enumerate(job.progress(), start=1):
                st.write(labels.BEHEER_BUILD_STEP.format(number=number, total=len(build.STEPS), step=step))
        return
    del st.session_state["beheer_build"]
    st.session_state["beheer_outcome"] = outcome
    if outcome.status == LOAD_REFUSED:
        st.session_state["beheer_rejections"] = outcome.rejections
    st.rerun(scope="app")


def show_outcome(outcome) -> None:
    if outcome.status == LOAD_OK:
        st.success(
            labels.ADMIN_LOADED.format(
                rows=format_number(sum(outcome.row_counts.values())), seconds=f"{outcome.seconds:.1f}".replace(".", ",")
            ),
            icon=":material/check:",
        )
    elif outcome.status == LOAD_FAILED:
        st.error(outcome.message, icon=":material/error:")


if "beheer_build" in st.session_state:
    follow_build()
if outcome := st.session_state.get("beheer_outcome"):
    show_outcome(outcome)

tab_load, tab_log, tab_norms, tab_definitions, tab_users = st.tabs(
    [
        labels.BEHEER_TAB_LOAD,
        labels.BEHEER_TAB_LOG,
        labels.BEHEER_TAB_NORMS,
        labels.BEHEER_TAB_DEFINITIONS,
        labels.BEHEER_TAB_USERS,
    ]
)

with tab_load:
    st.markdown(labels.ADMIN_LOAD_INTRO)
    current = workspace.source_files()
    tables.show(
        components.display_table(
            current.select(pl.col(column).alias(name) for column, name in labels.BEHEER_SOURCE_COLUMNS.items())
        )
    )
    # No `type=`: Streamlit would refuse another extension in the browser, in English and
    # without naming what it expected. etl/workspace.py checks every file and says it in Dutch.
    limits = labels.ADMIN_UPLOAD_LIMITS.format(mb=format_number(adc_settings.max_upload_mb()))
    uploads = st.file_uploader(labels.ADMIN_UPLOAD, accept_multiple_files=True, key="beheer_uploads", help=limits)
    st.caption(limits)
    # Under the drop zone Streamlit writes its own limit in English ("1GB per file", from
    # server.maxUploadSize): not the limit that counts, which is in the caption above.
    st.html("<style>.st-key-beheer_uploads [data-testid='stFileUploaderDropzoneInstructions'] {display: none;}</style>")
    building = "beheer_build" in st.session_state  # one build at a time per beheerder
    if st.button(labels.ADMIN_LOAD, type="primary", disabled=not uploads or building, key="beheer_load"):
        try:
            staged = workspace.stage(viewer, [(u.name, u.getvalue()) for u in uploads])
        except workspace.UploadRefused as refused:
            # The messages quote the file names as uploaded: text, not markdown.
            st.error(
                labels.ADMIN_UPLOAD_REFUSED.format(n=len(refused.problems))
                + "\n\n"
                + "\n".join(f"- {literal(problem)}" for problem in refused.problems),
                icon=":material/error:",
            )
        except ValueError as problem:
            st.error(literal(str(problem)), icon=":material/error:")
        else:
            run_staged(staged, labels.BEHEER_BUILD_LOAD)
    if rejections := st.session_state.get("beheer_rejections"):
        st.error(labels.ADMIN_REFUSED.format(n=format_number(rejection_count(rejections))), icon=":material/error:")
        table = components.rejection_table(rejections)
        tables.show(visible_columns(table))  # the source's own values
        components.download_csv(table, file_name="afgewezen-waarden", key="beheer_rejections_csv", viewer=viewer)

with tab_log:
    # The rejections of a refused load are listed once: in the first tab while it shows them.
    components.load_log(queries.load_runs(), show_rejections="beheer_rejections" not in st.session_state)

with tab_norms:
    st.markdown(labels.ADMIN_NORMS_INTRO)
    if con is not None:
        history = queries.norm_history(con)
        tables.show(components.display_table(components.norm_table(history)))
        roles = sorted(history["role"].unique().to_list()) if "role" in history.columns else []
    else:
        roles = []
    with st.form("beheer_norm", border=True):
        st.markdown(labels.BEHEER_NORM_FORM)
        role = st.selectbox(labels.NORM_COLUMNS["role"], roles, accept_new_options=True, key="norm_role")
        low_col, high_col = st.columns(2)
        # Whole numbers: a decimal would show with an English point (Streamlit has no comma).
        low = low_col.number_input(labels.BEHEER_NORM_LOW, min_value=1, value=75, step=1)
        high = high_col.number_input(labels.BEHEER_NORM_HIGH, min_value=1, value=80, step=1)
        unit = st.text_input(labels.NORM_COLUMNS["unit"], value=labels.BEHEER_NORM_UNIT_DEFAULT)
        counting = st.selectbox(
            labels.NORM_COLUMNS["counting"],
            ["actief_op_peildatum", "per_jaar"],
            format_func=labels.BEHEER_COUNTING.get,
        )
        valid_from = st.date_input(
            labels.NORM_COLUMNS["valid_from"], value=dt.date.today().replace(day=1), format="DD-MM-YYYY"
        )
        rationale = st.text_area(labels.NORM_COLUMNS["rationale"], help=labels.BEHEER_NORM_RATIONALE_HELP)
        if st.form_submit_button(labels.BEHEER_NORM_SUBMIT, type="primary"):
            try:
                staged = workspace.stage_norm(
                    viewer, role or "", float(low), float(high), unit, counting, valid_from, rationale
                )
            except ValueError as problem:
                st.error(literal(str(problem)), icon=":material/error:")
            else:
                run_staged(staged, labels.BEHEER_BUILD_NORM)

with tab_definitions:
    st.markdown(labels.ADMIN_DEFINITIONS_INTRO)
    if con is None:
        components.empty_state(labels.BEHEER_DEFINITIONS_EMPTY)
    else:
        catalog = queries.catalog_by_key(con)
        key = st.selectbox(
            labels.BEHEER_METRIC, list(catalog), format_func=lambda k: catalog[k]["name"], key="definition_metric"
        )
        definition_fields = labels.BEHEER_DEFINITION_FIELDS
        history = queries.definition_history(con).filter(pl.col("metric_key") == key)
        tables.show(
            visible_columns(
                history.select(
                    texts(history["valid_from"], format_date)
                    .fill_null("standaard")
                    .alias(definition_fields["valid_from"]),
                    *(pl.col(column).alias(definition_fields[column]) for column in ("definition", "owner", "reason")),
                )
            ),
        )
        current = catalog[key]
        with st.form("beheer_definition", border=True):
            st.markdown(labels.BEHEER_DEFINITION_FORM)
            name = st.text_input(definition_fields["name"], value=current["name"])
            definition = st.text_area(definition_fields["definition"], value=current["definition"])
            unit_col, source_col, owner_col = st.columns(3)
            unit = unit_col.text_input(definition_fields["unit"], value=current["unit"])
            source_system = source_col.text_input(definition_fields["source_system"], value=current["source_system"])
            owner = owner_col.text_input(definition_fields["owner"], value=current["owner"])
            valid_from = st.date_input(
                definition_fields["valid_from"], value=dt.date.today(), format="DD-MM-YYYY", key="definition_valid_from"
            )
            reason = st.text_area(
                definition_fields["reason"], help=labels.BEHEER_DEFINITION_REASON_HELP, key="definition_reason"
            )
            if st.form_submit_button(labels.BEHEER_DEFINITION_SUBMIT, type="primary"):
                try:
                    staged = workspace.stage_definition(
                        viewer, key, name, definition, unit, source_system, owner, valid_from, reason
                    )
                except ValueError as problem:
                    st.error(literal(str(problem)), icon=":material/error:")
                else:
                    run_staged(staged, labels.BEHEER_BUILD_DEFINITION)

with tab_users:
    table = admin.list_users(viewer)
    user_fields = labels.BEHEER_USER_FIELDS
    tables.show(
        visible_columns(
            table.select(
                pl.col("username").alias(user_fields["username"]),
                pl.col("display_name").alias(user_fields["display_name"]),
                pl.col("role").replace_strict(ROLES, default=None).alias(user_fields["role"]),
                pl.col("teams").list.join(", ").alias(user_fields["teams"]),
                pl.col("email").alias(user_fields["email"]),
                pl.col("active").replace_strict(labels.BEHEER_USER_ACTIVE).alias(user_fields["active"]),
            )
        ),
    )
    teams = queries.teams(con)["team_code"].to_list() if con is not None else []
    with st.form("beheer_user", border=True, clear_on_submit=True):
        st.markdown(labels.BEHEER_USER_FORM)
        username = st.text_input(user_fields["username"])
        display_name = st.text_input(user_fields["display_name"])
        role = st.selectbox(user_fields["role"], list(ROLES), format_func=ROLES.get)
        chosen = st.multiselect(user_fields["teams"], teams, help=labels.BEHEER_USER_TEAMS_HELP)
        email = st.text_input(labels.BEHEER_USER_EMAIL)
        password = st.text_input(labels.BEHEER_USER_PASSWORD, type="password")
        if st.form_submit_button(labels.BEHEER_USER_ADD, type="primary"):
            try:
                admin.create_user(
                    viewer,
                    username,
                    role,
                    tuple(chosen),
                    password=password or None,
                    display_name=display_name,
                    email=email,
                )
                st.success(literal(labels.BEHEER_USER_ADDED.format(name=username)), icon=":material/check:")
            except users.AccountError as refused:
                st.error(literal(str(refused)), icon=":material/error:")
    col_user, col_action = st.columns([2, 1])
    who = col_user.selectbox(labels.BEHEER_USER, table["username"].to_list(), key="beheer_who")
    active = bool(table.filter(pl.col("username") == who)["active"].item()) if who else True
    if col_action.button(
        labels.BEHEER_DISABLE if active else labels.BEHEER_ENABLE, key="beheer_toggle", disabled=not who
    ):
        try:
            admin.set_active(viewer, who, not active)
            st.rerun()
        except users.AccountError as refused:
            st.error(literal(str(refused)), icon=":material/error:")
    # Login locks after too many failures (accounts/throttle.py); lifting one is audited.
    if col_action.button(labels.ADMIN_UNLOCK, key="beheer_unlock", disabled=not who, help=labels.ADMIN_UNLOCK_HELP):
        try:
            message = labels.ADMIN_UNLOCKED if admin.unlock(viewer, who) else labels.ADMIN_NOT_LOCKED
            st.success(literal(message.format(name=who)), icon=":material/lock_open:")
        except users.AccountError as refused:
            st.error(literal(str(refused)), icon=":material/error:")
