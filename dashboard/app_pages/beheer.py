"""Beheer: load new source files (with progress and the full rejection report), the load log,
caseload norms with their history, and users. Only in the beheerder's navigation; every command
below checks the viewer again (etl/workspace.py, accounts/admin.py)."""

import datetime as dt

import polars as pl
import streamlit as st

import queries
from accounts import admin, users
from dashboard import components
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


def rejection_table(rejections) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "Bestand": r.file,
                "Rij": r.row,
                "Kolom": r.column,
                "Verwacht": r.expected,
                # A summary row counts the values of its column that are not listed one by one.
                "Waarde": f"(en nog {format_number(r.more)} andere waarden)" if r.more else r.value,
            }
            for r in rejections
        ],
        schema={"Bestand": pl.String, "Rij": pl.Int64, "Kolom": pl.String, "Waarde": pl.String, "Verwacht": pl.String},
    )


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
        with st.status(f"{what}…", expanded=True, state="running"):
            for number, step in enumerate(job.progress(), start=1):
                st.write(f"{number} van {len(build.STEPS)} · {step}")
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
    ["Gegevens laden", "Laadlog", "Normen", "Definities", "Gebruikers"]
)

with tab_load:
    st.markdown(labels.ADMIN_LOAD_INTRO)
    current = workspace.source_files()
    st.dataframe(
        components.display_table(
            current.select(
                pl.col("file").alias("Bestand"), pl.col("bytes").alias("Bytes"), pl.col("modified").alias("Gewijzigd")
            )
        ),
        hide_index=True,
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
            run_staged(staged, "Gegevens laden")
    if rejections := st.session_state.get("beheer_rejections"):
        st.error(labels.ADMIN_REFUSED.format(n=format_number(rejection_count(rejections))), icon=":material/error:")
        table = rejection_table(rejections)
        st.dataframe(visible_columns(table), hide_index=True, width="stretch")  # the source's own values
        components.download_csv(table, file_name="afgewezen-waarden", key="beheer_rejections_csv", viewer=viewer)

with tab_log:
    # The rejections of a refused load are listed once: in the first tab while it shows them.
    components.load_log(queries.load_runs(), show_rejections="beheer_rejections" not in st.session_state)

with tab_norms:
    st.markdown(labels.ADMIN_NORMS_INTRO)
    if con is not None:
        history = queries.norm_history(con)
        st.dataframe(components.display_table(components.norm_table(history)), hide_index=True, width="stretch")
        roles = sorted(history["role"].unique().to_list()) if "role" in history.columns else []
    else:
        roles = []
    with st.form("beheer_norm", border=True):
        st.markdown("**Nieuwe norm**")
        role = st.selectbox("Rol", roles, accept_new_options=True, key="norm_role")
        low_col, high_col = st.columns(2)
        # Whole numbers: a decimal would show with an English point (Streamlit has no comma).
        low = low_col.number_input("Ondergrens (per fte)", min_value=1, value=75, step=1)
        high = high_col.number_input("Bovengrens (per fte)", min_value=1, value=80, step=1)
        unit = st.text_input("Eenheid", value="cliënten")
        counting = st.selectbox(
            "Telwijze",
            ["actief_op_peildatum", "per_jaar"],
            format_func={
                "actief_op_peildatum": "Actief op de peildatum per bezette fte",
                "per_jaar": "Per fte per jaar",
            }.get,
        )
        valid_from = st.date_input("Geldig vanaf", value=dt.date.today().replace(day=1), format="DD-MM-YYYY")
        rationale = st.text_area("Onderbouwing", help="Waarom deze norm? Er is geen landelijke norm.")
        if st.form_submit_button("Norm toevoegen en cijfers opnieuw bouwen", type="primary"):
            try:
                staged = workspace.stage_norm(
                    viewer, role or "", float(low), float(high), unit, counting, valid_from, rationale
                )
            except ValueError as problem:
                st.error(literal(str(problem)), icon=":material/error:")
            else:
                run_staged(staged, "Norm toevoegen")

with tab_definitions:
    st.markdown(labels.ADMIN_DEFINITIONS_INTRO)
    if con is None:
        components.empty_state("Laad eerst gegevens; daarna kunt u definities herzien.")
    else:
        catalog = queries.catalog_by_key(con)
        key = st.selectbox("Cijfer", list(catalog), format_func=lambda k: catalog[k]["name"], key="definition_metric")
        history = queries.definition_history(con).filter(pl.col("metric_key") == key)
        st.dataframe(
            visible_columns(
                history.select(
                    texts(history["valid_from"], format_date).fill_null("standaard").alias("Geldig vanaf"),
                    pl.col("definition").alias("Definitie"),
                    pl.col("owner").alias("Eigenaar"),
                    pl.col("reason").alias("Toelichting"),
                )
            ),
            hide_index=True,
            width="stretch",
        )
        current = catalog[key]
        with st.form("beheer_definition", border=True):
            st.markdown("**Herziene definitie**")
            name = st.text_input("Naam", value=current["name"])
            definition = st.text_area("Definitie", value=current["definition"])
            unit_col, source_col, owner_col = st.columns(3)
            unit = unit_col.text_input("Eenheid", value=current["unit"])
            source_system = source_col.text_input("Bron", value=current["source_system"])
            owner = owner_col.text_input("Eigenaar", value=current["owner"])
            valid_from = st.date_input(
                "Geldig vanaf", value=dt.date.today(), format="DD-MM-YYYY", key="definition_valid_from"
            )
            reason = st.text_area("Toelichting", help="Waarom verandert de definitie?", key="definition_reason")
            if st.form_submit_button("Definitie vastleggen en cijfers opnieuw bouwen", type="primary"):
                try:
                    staged = workspace.stage_definition(
                        viewer, key, name, definition, unit, source_system, owner, valid_from, reason
                    )
                except ValueError as problem:
                    st.error(literal(str(problem)), icon=":material/error:")
                else:
                    run_staged(staged, "Definitie vastleggen")

with tab_users:
    table = admin.list_users(viewer)
    st.dataframe(
        visible_columns(
            table.select(
                pl.col("username").alias("Gebruikersnaam"),
                pl.col("display_name").alias("Naam"),
                pl.col("role").replace_strict(ROLES, default=None).alias("Rol"),
                pl.col("teams").list.join(", ").alias("Teams"),
                pl.col("email").alias("E-mail"),
                pl.col("active").replace_strict({True: "actief", False: "uitgeschakeld"}).alias("Status"),
            )
        ),
        hide_index=True,
        width="stretch",
    )
    teams = queries.teams(con)["team_code"].to_list() if con is not None else []
    with st.form("beheer_user", border=True, clear_on_submit=True):
        st.markdown("**Gebruiker toevoegen**")
        username = st.text_input("Gebruikersnaam")
        display_name = st.text_input("Naam")
        role = st.selectbox("Rol", list(ROLES), format_func=ROLES.get)
        chosen = st.multiselect("Teams", teams, help="Eén team voor een professional, één of meer voor een manager.")
        email = st.text_input("E-mailadres (voor single sign-on)")
        password = st.text_input(
            "Wachtwoord (minstens 12 tekens, niet te raden; leeg bij single sign-on)", type="password"
        )
        if st.form_submit_button("Toevoegen", type="primary"):
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
                st.success(literal(f"Gebruiker '{username}' toegevoegd."), icon=":material/check:")
            except users.AccountError as refused:
                st.error(literal(str(refused)), icon=":material/error:")
    col_user, col_action = st.columns([2, 1])
    who = col_user.selectbox("Gebruiker", table["username"].to_list(), key="beheer_who")
    active = bool(table.filter(pl.col("username") == who)["active"].item()) if who else True
    if col_action.button("Uitschakelen" if active else "Inschakelen", key="beheer_toggle", disabled=not who):
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
