"""Management — Caseload en normen: caseload per fte per team and role over time against the
norm band, the teams over their norm first, the norm's own history and rationale, and the
workload stories of those teams."""

import polars as pl
import streamlit as st

import queries
from dashboard import components
from dashboard.session import page_context
from kernel.format import format_date, format_number, format_period, visible_text
from kernel.inert import literal
from presentation import charts, labels

ctx = page_context()
con, viewer, f = ctx.con, ctx.viewer, ctx.filters
catalog = queries.catalog_by_key(con)
unit = catalog["caseload_per_fte"]["unit"]

st.title(labels.TITLE_CASELOAD, anchor=False)
st.caption(literal(labels.CASELOAD_INTRO.format(theme=ctx.theme_name, period=format_period(f.period))))


def show_theme(theme: str) -> None:
    """Open the theme of a team in the summary (the sidebar's theme follows)."""
    st.session_state["url_thema"] = theme
    st.session_state["url_team"] = ""


# First, whatever theme is chosen: the viewer's own teams over their norm in every theme, and
# since when (the first month of the current unbroken run over it).
# One read for both: a team belongs to one theme, so the theme's rows below are a filter of these.
all_themes = queries.teams_over_norm(con, viewer, f.period)
everywhere = all_themes
if viewer.teams:
    everywhere = everywhere.filter(pl.col("team_code").is_in(list(viewer.teams)))
over_anywhere = everywhere.filter(pl.col("is_over_norm").fill_null(False))
with st.container(border=True, key="teams_boven_norm_overal"):
    st.markdown(f"**{labels.MY_TEAMS_OVER_NORM if viewer.teams else labels.ALL_TEAMS_OVER_NORM}**")
    if over_anywhere.is_empty():
        st.caption(labels.MY_TEAMS_NONE_OVER.format(period=format_period(f.period)))
    for row in over_anywhere.iter_rows(named=True):
        low, high = format_number(row["norm_low"]), format_number(row["norm_high"])
        theme_name = ctx.options.themes.get(row["theme_code"], row["theme_code"])
        # The button under its line, not beside it: in a narrow column its label was cut off.
        st.markdown(
            labels.MY_TEAM_OVER.format(
                team=literal(f"{row['team_name']} ({row['team_code']})"),
                theme=literal(theme_name),
                value=format_number(row["caseload_per_fte"], 1),
                norm=low if low == high else f"{low}–{high}",
                since=format_period(row["over_since"].strftime("%Y-%m")),
                months=row["months_over"],
                months_word="maand" if row["months_over"] == 1 else "maanden",
            )
        )
        if row["theme_code"] != f.theme:
            st.button(
                labels.SHOW_THEME.format(team=row["team_code"], theme=theme_name),
                key=f"toon_thema_{row['team_code']}",
                on_click=show_theme,
                args=(row["theme_code"],),
            )

status = all_themes.filter(pl.col("theme_code") == f.theme)
if f.team:
    status = status.filter(pl.col("team_code") == f.team)
if status.is_empty():
    components.empty_state(labels.CASELOAD_EMPTY)
    st.stop()

over_teams = status.filter(pl.col("is_over_norm"))["team_code"].to_list()

# One tile per team, the teams over their norm first.
columns = st.columns(min(3, status.height))
for index, row in enumerate(status.iter_rows(named=True)):
    with columns[index % len(columns)], st.container(border=True, key=f"team_{row['team_code']}"):
        low, high = format_number(row["norm_low"]), format_number(row["norm_high"])
        norm = low if low == high else f"{low}–{high}"
        value = format_number(row["caseload_per_fte"], 1) if not row["suppressed"] else "—"
        # Team names, codes, roles and norm units come from teams.csv and normen.csv.
        st.metric(
            literal(f"{row['team_name']} ({row['team_code']})"),
            value,
            help=literal(catalog["caseload_per_fte"]["definition"]),
        )
        if row["is_over_norm"]:
            st.badge(labels.CASELOAD_OVER_BADGE, color="orange", icon=":material/warning:")
            st.caption(
                labels.CASELOAD_OVER_SINCE.format(
                    norm=norm,
                    unit=literal(row["norm_unit"]),
                    since=format_period(row["over_since"].strftime("%Y-%m")),
                    months=row["months_over"],
                )
            )
        else:
            st.caption(labels.CASELOAD_WITHIN.format(norm=norm, unit=literal(row["norm_unit"])))
        st.caption(f"{literal(row['role'])} · {format_period(f.period)}")
        components.add_story_link("caseload_per_fte", f.period, team=row["team_code"])

st.divider()

caseload = queries.caseload_by_team(con, viewer, theme=f.theme, team=f.team, start=f.start, end=f.end)
teams_shown = caseload["team_code"].unique().to_list()
stories = queries.workload_stories(viewer, teams=teams_shown, start=f.start, end=f.end, figures_con=con)
left, right = st.columns([3, 2], gap="large")
with left:
    roles = sorted(
        caseload["role"].unique(maintain_order=True).to_list(),
        key=lambda r: not status.filter((pl.col("role") == r) & pl.col("is_over_norm")).height,
    )
    for role in roles:
        part = caseload.filter(pl.col("role") == role)
        values = charts.prepare_values(
            part.select(
                pl.col("month").alias("period_start"),
                pl.col("caseload_per_fte").alias("value"),
                pl.format(
                    "{} ({}){}",
                    pl.col("team_name"),
                    pl.col("team_code"),
                    pl.when(pl.col("team_code").is_in(over_teams))
                    .then(pl.lit(labels.CASELOAD_NOW_OVER))
                    .otherwise(pl.lit("")),
                ).alias("team"),
                pl.col("team_code").is_in(over_teams).alias("boven_norm"),
            ),
            unit,
        )
        norm = (
            part.group_by("month")
            .agg(pl.col("norm_low").first(), pl.col("norm_high").first())
            .rename({"month": "x"})
            .sort("x")
        )
        role_stories = stories.filter(pl.col("team_code").is_in(part["team_code"].unique().to_list()))
        chart = charts.trend_chart(
            values,
            unit=unit,
            title=labels.CASELOAD_CHART_TITLE.format(role=role),
            stories=charts.prepare_stories(role_stories),
            norm=norm,
            series="team",
            y_title=labels.CASELOAD_Y_TITLE,
            emphasis="boven_norm",
        )
        table = part.select(pl.col(column).alias(name) for column, name in labels.CASELOAD_COLUMNS.items())
        components.chart_block(
            chart,
            table,
            key=f"caseload_{role}",
            file_name=f"caseload_{role}",
            viewer=viewer,
            units={labels.CASELOAD_COLUMNS["caseload_per_fte"]: unit},
            selectable=not role_stories.is_empty(),
            caption=labels.CASELOAD_NORM_BAND,
        )
with right:
    st.subheader(labels.CASELOAD_STORIES, anchor=False)
    if over_teams:
        st.caption(
            labels.CASELOAD_OVER_FIRST.format(
                teams=literal(", ".join(status.filter(pl.col("is_over_norm"))["team_name"].to_list()))
            )
        )
        stories = stories.sort(pl.col("team_code").is_in(over_teams), descending=True, maintain_order=True)
    if not stories.is_empty():
        st.caption(labels.STORY_MARKERS_NOTE)
    chosen = components.story_picker(stories)
    if chosen:
        components.story_card(
            stories.filter(pl.col("story_id") == chosen).row(0, named=True),
            catalog=catalog,
            viewer=viewer,
            names=queries.scope_names(con),
            current_value=queries.current_values(con, viewer, stories).get(chosen),
        )

st.divider()
st.subheader(labels.CASELOAD_NORMS, anchor=False)
st.caption(labels.CASELOAD_NORMS_INTRO)
norms = queries.norm_history(con, f.theme)
for row in norms.iter_rows(named=True):
    low, high = format_number(row["norm_low"]), format_number(row["norm_high"])
    band = low if low == high else f"{low}–{high}"
    until = (
        labels.CASELOAD_NORM_UNTIL.format(date=format_date(row["valid_to"]))
        if row["valid_to"]
        else labels.CASELOAD_NORM_CURRENT
    )
    with st.container(border=True):
        st.markdown(
            labels.CASELOAD_NORM_LINE.format(
                role=literal(row["role"]),
                band=band,
                unit=literal(row["unit"]),
                since=format_date(row["valid_from"]),
                until=until,
            )
        )
        st.caption(labels.CASELOAD_COUNTING.format(counting=literal(row["counting"].replace("_", " "))))
        st.text(visible_text(row["rationale"]))  # st.text is no markdown; controls still shown
norm_table = components.norm_table(norms)
components.download_csv(norm_table, file_name=f"normen_{f.theme}", key="normen_csv", viewer=viewer)
