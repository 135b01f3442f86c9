"""Stories a viewer may read, their values beside the figures, and the story pages' history and marks."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from pathlib import Path

import polars as pl

from kernel import adc_settings
from kernel.access import BEHEERDER, MANAGER, PROFESSIONAL, RAAD, Viewer
from kernel.adc_duckdb import registered
from kernel.vocabulary import COUNCIL, ORGANISATION, PUBLISHED, RETURNED, WITHDRAWN
from queries import db
from queries.catalog import metric_catalog, teams
from queries.common import BUDGET_METRICS, OVERVIEW_METRICS, ColumnTypes, metric_grain
from queries.council import cells_sql, suppression_params
from queries.figures import CELL_KEYS, cell_values, current_values, values_by_story
from queries.periods import month_end, months_back
from stories import search, service, store
from stories.figures import theme_of

# Stories

# `{columns}` and `{only_ids}` are filled from this module's constants only.
_STORIES = """
select {columns} from story_current
where {only_ids}
    -- who may read what (DOMAIN.md): fail closed for any role not named here
    -- (and a story with unresolved privacy findings never leaves its team)
    -- (roles, statuses and visibilities bound from kernel.access and kernel.vocabulary: _RULE_CODES)
    case $role::varchar
        when $raad::varchar then status = $published::varchar and visibility = $council::varchar
                                 and unresolved_findings = 0
        when $beheerder::varchar then true
        when $manager::varchar then (status = $published::varchar
                                     and visibility in ($organisation::varchar, $council::varchar)
                                     and unresolved_findings = 0)
            or list_contains($teams::varchar[], author_team)
        when $professional::varchar then (status = $published::varchar
                                          and visibility in ($organisation::varchar, $council::varchar)
                                          and unresolved_findings = 0)
            or list_contains($teams::varchar[], author_team)
        else false
    end
    and ($theme::varchar is null or theme_code = $theme::varchar or theme_code is null)
    and ($metrics::varchar[] is null or list_contains($metrics::varchar[], metric_key))
    and ($team::varchar is null or team_code = $team::varchar or team_code is null)
    and ($only_team::varchar is null or team_code = $only_team::varchar)
    and ($teams_any::varchar[] is null or list_contains($teams_any::varchar[], team_code))
    and ($taakvelden::varchar[] is null or list_contains($taakvelden::varchar[], taakveld_code))
    and ($start::date is null or period_start >= $start::date)
    and ($end::date is null or period_start <= $end::date)
    and ($tag::varchar is null or note_kind = $tag::varchar or strategy = $tag::varchar
         or list_contains(dilemma_tags, $tag::varchar) or list_contains(value_tags, $tag::varchar)
         or list_contains(free_tags, $tag::varchar))
    and ($note_kinds::varchar[] is null or list_contains($note_kinds::varchar[], note_kind))
    and ($either_metric::varchar is null or metric_key = $either_metric::varchar
         or note_kind = $either_note_kind::varchar)
    and ($status::varchar is null or status = $status::varchar)
"""
# Newest period first. Sorted in Polars: DuckDB's sort of 60,000 stories took 47 ms, Polars 15.
_STORY_ORDER = {"by": ["period_start", "written_on", "story_id"], "descending": [True, True, False], "nulls_last": True}

STORY_COLUMNS: ColumnTypes = {
    "story_id": pl.String,
    "external_ref": pl.String,
    "author": pl.String,
    "author_team": pl.String,
    "written_on": pl.Date,
    "version": pl.Int32,
    "title": pl.String,
    "body": pl.String,
    "metric_key": pl.String,
    "period": pl.String,
    "theme_code": pl.String,
    "team_code": pl.String,
    "regeling_code": pl.String,
    "taakveld_code": pl.String,
    "note_kind": pl.String,
    "dilemma_tags": pl.List(pl.String),
    "strategy": pl.String,
    "value_tags": pl.List(pl.String),
    "free_tags": pl.List(pl.String),
    "visibility": pl.String,
    "figure_value": pl.Float64,
    "figure_status": pl.String,
    "unresolved_findings": pl.Int32,
    "status": pl.String,
    "status_at": pl.Datetime(time_zone="UTC"),
    "period_start": pl.Date,
    "doc_id": pl.Int32,
    "term_count": pl.Int32,  # for search ranking; never shown
}


# What a list needs to filter, count, sort and name its stories: no text, no tags.
BRIEF_COLUMNS = (
    "story_id",
    "author",
    "author_team",
    "written_on",
    "version",
    "title",
    "metric_key",
    "period",
    "theme_code",
    "team_code",
    "regeling_code",
    "taakveld_code",
    "note_kind",
    "visibility",
    "unresolved_findings",
    "status",
    "status_at",
    "period_start",
    "doc_id",
    "term_count",
)

# What a chart needs of every story beside it: the list's columns and the value the story
# remembers (its marker's tooltip). The one story a reader opens is then read in full
# (`full_rows`): at city scale a figure has thousands of stories, and their texts and tags
# were most of what the page read.
CHART_COLUMNS = (*BRIEF_COLUMNS, "figure_value", "figure_status")


def visible_stories(
    viewer: Viewer,
    *,
    figures_con=None,
    store_path: Path | None = None,
    story_id: str | None = None,
    story_ids: list[str] | None = None,
    theme: str | None = None,
    metrics: tuple[str, ...] | list[str] | None = None,
    team: str | None = None,
    only_team: str | None = None,
    teams_any: list[str] | None = None,
    taakvelden: list[str] | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    tag: str | None = None,
    note_kinds: list[str] | None = None,
    metric_or_note_kind: tuple[str, str] | None = None,
    status: str | None = None,
    brief: bool = False,
    chart: bool = False,
) -> pl.DataFrame:
    """Which stories may this viewer read (with these filters)? The one door to the stories.

    Raad: published with visibility raad, and never beside a figure the council sees
    suppressed. Professional and manager: published to the organisation or the council, plus
    every story of their own team(s) in any state. Beheerder: everything. Any other role:
    nothing. One row per story: its latest version and latest status.

    `team` keeps stories of that team and stories about no team; `only_team` keeps that team
    only; `teams_any` keeps stories of any of these teams; `taakvelden` keeps stories on any of
    these taakvelden (see `series_taakvelden`); `metric_or_note_kind` keeps stories on that
    figure or of that kind of note; `story_id` or `story_ids` keep only those.
    `brief=True` returns BRIEF_COLUMNS only (enough to filter, count, sort and list titles);
    `full_rows` then reads the page that is shown: texts and tags are most of what is read, and
    a city has tens of thousands of stories. `chart=True` returns CHART_COLUMNS (the list's
    columns and each story's remembered value, for the markers of a chart).
    """
    filters = {
        "theme": theme,
        "metrics": list(metrics) if metrics else None,
        "team": team,
        "only_team": only_team,
        "teams_any": list(teams_any) if teams_any is not None else None,
        "taakvelden": list(taakvelden) if taakvelden is not None else None,
        "start": start,
        "end": end,
        "tag": tag,
        "note_kinds": list(note_kinds) if note_kinds else None,
        "either_metric": metric_or_note_kind[0] if metric_or_note_kind else None,
        "either_note_kind": metric_or_note_kind[1] if metric_or_note_kind else None,
        "status": status,
    }
    with store.reading(store_path) as con:
        frame = _readable(con, viewer, [story_id] if story_id else story_ids, brief=brief, chart=chart, **filters)
    if viewer.is_council and frame.height:
        con = figures_con if figures_con is not None else db.figures()
        # One read of the council's cells gives both which stories to hide and the values the
        # rest show (as `suppressed_cells` and `current_values` would, in two round trips).
        council_cells = cell_values(con, viewer, frame)
        hidden = council_cells.filter(pl.col("suppressed")).select(CELL_KEYS)
        if hidden.height:
            frame = frame.join(hidden, on=CELL_KEYS, how="anti", nulls_equal=True)
        if "figure_value" in frame.columns:
            frame = _council_story_values(con, frame, values_by_story(frame, council_cells))
    elif viewer.is_council and "figure_value" in frame.columns:  # none: the same columns all the same
        frame = frame.with_columns(pl.lit(False).alias("figure_revised"))
    return frame


def _council_story_values(con, stories: pl.DataFrame, council_now: dict[str, float | None]) -> pl.DataFrame:
    """A story remembers the true value of its figure; the council reads the rounded value
    instead (a remembered true count or share would undo the rounding), and only whether the
    figure was revised since, not what it was. Budget amounts are not counts: kept as written.
    `council_now` is story_id -> the council's value of its cell now. Adds `figure_revised`."""
    true_now = current_values(con, Viewer("openbaarheidscontrole", "beheerder"), stories)
    controlled = ~pl.col("metric_key").is_in(list(BUDGET_METRICS))
    now = stories.select(
        pl.col("story_id").replace_strict(true_now, default=None, return_dtype=pl.Float64).alias("true_now"),
        pl.col("story_id").replace_strict(council_now, default=None, return_dtype=pl.Float64).alias("council_now"),
    )
    revised = (
        pl.col("figure_value").is_not_null()
        & now["true_now"].is_not_null()
        & ((pl.col("figure_value") - now["true_now"]).abs() > 1e-9)
    )
    return stories.with_columns(
        pl.when(controlled).then(now["council_now"]).otherwise(pl.col("figure_value")).alias("figure_value"),
        (controlled & revised).fill_null(False).alias("figure_revised"),
    )


# The codes the reading rule in _STORIES compares with, bound as parameters.
_RULE_CODES = {
    "raad": RAAD,
    "beheerder": BEHEERDER,
    "manager": MANAGER,
    "professional": PROFESSIONAL,
    "published": PUBLISHED,
    "council": COUNCIL,
    "organisation": ORGANISATION,
}

_NO_FILTERS = dict.fromkeys(
    (
        "theme",
        "metrics",
        "team",
        "only_team",
        "teams_any",
        "taakvelden",
        "start",
        "end",
        "tag",
        "note_kinds",
        "either_metric",
        "either_note_kind",
        "status",
    )
)


def _readable(
    con, viewer: Viewer, ids: list[str] | None, *, brief: bool = False, chart: bool = False, **filters
) -> pl.DataFrame:
    """The rules of `visible_stories` on an open story-store connection, before the council's
    suppression (which needs the figures): for functions that read more in the same unit of
    work, where opening the store again cost more than the query."""
    params = _NO_FILTERS | filters | _RULE_CODES | {"role": viewer.role, "teams": list(viewer.teams)}
    chosen = BRIEF_COLUMNS if brief else CHART_COLUMNS if chart else None
    columns = {k: STORY_COLUMNS[k] for k in chosen} if chosen else STORY_COLUMNS
    # With ids, the story table's index finds them (a list parameter would scan every story).
    only_ids = "story_id in (select unnest($ids::varchar[])) and" if ids is not None else ""
    if ids is not None:
        params["ids"] = list(ids)
    frame = con.execute(_STORIES.format(columns=", ".join(columns), only_ids=only_ids), params).pl()
    if not frame.height:
        return pl.DataFrame(schema=columns)
    return frame.cast(columns).sort(**_STORY_ORDER)


def full_rows(
    viewer: Viewer, stories: pl.DataFrame, *, figures_con=None, store_path: Path | None = None
) -> pl.DataFrame:
    """These stories (rows of `visible_stories(..., brief=True)`, e.g. one page of them) in
    full, in the same order; read through the same door, by id, so a page costs milliseconds."""
    if stories.is_empty():
        return pl.DataFrame(schema=STORY_COLUMNS)
    full = visible_stories(
        viewer, figures_con=figures_con, store_path=store_path, story_ids=stories["story_id"].to_list()
    )
    return stories.select("story_id").join(full, on="story_id", how="inner", maintain_order="left")


def search_stories(stories: pl.DataFrame, query: str, *, store_path: Path | None = None) -> pl.DataFrame:
    """Which of these stories (rows of `visible_stories`) match the query, best first? Adds
    `score`. Only the given stories are searched, so the viewer's rules and filters hold."""
    if store_path is None and adc_settings.store_url() is not None:
        # PostgreSQL: this process's read copy lives in memory, so there is no opening to save.
        with store.reading() as con:
            return search.search(con, stories, query)
    path = Path(store_path or adc_settings.stories_db_path())
    with contextlib.ExitStack() as units:  # the store is opened only when the search cache needs it
        opened = functools.cache(lambda: units.enter_context(store.connect(path)))
        return search.search_in_store(path, opened, stories, query)


def workload_stories(
    viewer: Viewer,
    *,
    teams: list[str],
    start: dt.date | None = None,
    end: dt.date | None = None,
    figures_con=None,
    store_path: Path | None = None,
) -> pl.DataFrame:
    """The stories about workload of these teams: on the caseload figure, or tagged werkdruk.
    Chosen in the store's query: a theme's teams have three times as many other stories, texts
    and all, which cost more to read than the page's charts."""
    return visible_stories(
        viewer,
        figures_con=figures_con,
        store_path=store_path,
        teams_any=teams,
        start=start,
        end=end,
        metric_or_note_kind=("caseload_per_fte", "werkdruk"),
    )


def story_coverage(
    con, viewer: Viewer, period: str, months: int = 6, theme: str | None = None, store_path: Path | None = None
) -> pl.DataFrame:
    """Which figures have no recent story? One row per figure and scope the viewer looks after.

    Scopes: every team figure per team (the manager's or professional's own teams, or every
    team of the theme for others) and every budget figure per theme. Columns: metric_key, name,
    theme_code, team_code, published (stories published in the last `months` months of
    periods), in_progress (not yet published), last_period (the most recent story period).
    """
    end = month_end(period)
    start = months_back(period, months)
    team_frame = teams(con, theme)
    if viewer.role in (MANAGER, PROFESSIONAL) and viewer.teams:
        team_frame = team_frame.filter(pl.col("team_code").is_in(list(viewer.teams)))
    catalog = metric_catalog(con).select("metric_key", "name")
    team_metrics = [m for m in OVERVIEW_METRICS if m not in BUDGET_METRICS]
    scopes = [
        {"metric_key": m, "theme_code": t["theme_code"], "team_code": t["team_code"]}
        for t in team_frame.iter_rows(named=True)
        for m in team_metrics
    ] + [
        {"metric_key": m, "theme_code": th, "team_code": None}
        for th in team_frame["theme_code"].unique(maintain_order=True)
        for m in BUDGET_METRICS
    ]
    scope_frame = pl.DataFrame(
        scopes, schema={"metric_key": pl.String, "theme_code": pl.String, "team_code": pl.String}
    )
    stories = visible_stories(viewer, figures_con=con, store_path=store_path, theme=theme, brief=True)
    stories = stories.filter(pl.col("period_start") <= end)  # nothing after the month looked at
    recent = stories.filter(pl.col("period_start") >= start)
    per_team = recent.group_by("metric_key", "theme_code", "team_code").agg(
        (pl.col("status") == PUBLISHED).sum().alias("published"),
        (~pl.col("status").is_in([PUBLISHED, WITHDRAWN])).sum().alias("in_progress"),
    )
    last = stories.group_by("metric_key", "theme_code", "team_code").agg(
        pl.col("period").sort_by("period_start").last().alias("last_period"),
        pl.col("period_start").max().alias("last_period_start"),
    )
    # A budget story may name a taakveld or team; for the theme scope any story on the figure counts.
    budget_recent = (
        recent.filter(pl.col("metric_key").is_in(list(BUDGET_METRICS)))
        .group_by("metric_key", "theme_code")
        .agg(
            (pl.col("status") == PUBLISHED).sum().alias("published_b"),
            (~pl.col("status").is_in([PUBLISHED, WITHDRAWN])).sum().alias("in_progress_b"),
        )
    )
    budget_last = (
        stories.filter(pl.col("metric_key").is_in(list(BUDGET_METRICS)))
        .group_by("metric_key", "theme_code")
        .agg(
            pl.col("period").sort_by("period_start").last().alias("last_period_b"),
            pl.col("period_start").max().alias("last_period_start_b"),
        )
    )
    keys = ["metric_key", "theme_code", "team_code"]
    frame = (
        scope_frame.join(per_team, on=keys, how="left", nulls_equal=True)
        .join(last, on=keys, how="left", nulls_equal=True)
        .join(budget_recent, on=["metric_key", "theme_code"], how="left")
        .join(budget_last, on=["metric_key", "theme_code"], how="left")
    )
    is_budget = pl.col("metric_key").is_in(list(BUDGET_METRICS))
    frame = frame.with_columns(
        pl.when(is_budget).then(pl.col("published_b")).otherwise(pl.col("published")).fill_null(0).alias("published"),
        pl.when(is_budget)
        .then(pl.col("in_progress_b"))
        .otherwise(pl.col("in_progress"))
        .fill_null(0)
        .alias("in_progress"),
        pl.when(is_budget).then(pl.col("last_period_b")).otherwise(pl.col("last_period")).alias("last_period"),
        pl.when(is_budget)
        .then(pl.col("last_period_start_b"))
        .otherwise(pl.col("last_period_start"))
        .alias("last_period_start"),
    ).drop("published_b", "in_progress_b", "last_period_b", "last_period_start_b")
    return (
        frame.join(catalog, on="metric_key", how="left")
        .with_columns(((pl.col("published") + pl.col("in_progress")) == 0).alias("uncovered"))
        .sort(
            "uncovered",
            "theme_code",
            "team_code",
            "metric_key",
            descending=[True, False, False, False],
            nulls_last=True,
        )
    )


# --- story pages
#
# Writing, reviewing and the history of stories. Every story read here starts from
# `visible_stories`, so these functions can never show a story the viewer may not read.

# Which scope columns a figure has at all, so the story form only asks for what exists.
SCOPE_COLUMNS = {"team": "team_code", "regeling": "regeling_code", "taakveld": "taakveld_code"}


def figure_periods(con, metric_key: str) -> list[str]:
    """Which periods does a figure have at the grain it is shown at? Newest first."""
    rows = con.execute(
        """
        select distinct period from mart_metric_values
        where metric_key = $metric_key and period_grain = $grain
        order by period desc
    """,
        {"metric_key": metric_key, "grain": metric_grain(metric_key)},
    ).fetchall()
    return [r[0] for r in rows]


def figure_scopes(con, metric_key: str) -> tuple[str, ...]:
    """Which of team, regeling and taakveld does a figure exist for? ('team', 'regeling')"""
    row = con.execute(
        """
        select count(team_code) > 0, count(regeling_code) > 0, count(taakveld_code) > 0
        from mart_metric_values where metric_key = $metric_key
    """,
        {"metric_key": metric_key},
    ).fetchone()
    return tuple(name for name, present in zip(SCOPE_COLUMNS, row or ()) if present)


def figure_now(
    con,
    viewer: Viewer,
    metric_key: str,
    period: str | None,
    *,
    team: str | None = None,
    regeling: str | None = None,
    taakveld: str | None = None,
    theme: str | None = None,
) -> dict | None:
    """One figure cell as it is now: value (null when suppressed for this viewer), status,
    suppressed and theme_code; None when the figures hold no such cell.

    The theme follows from the team, regeling or taakveld (as the story service records it);
    `theme` is only used for a cell without any of those.
    """
    if not metric_key or not period:
        return None
    theme = theme_of(con, team, regeling, taakveld) or theme
    sql = (
        cells_sql(viewer, "metric_key = $metric_key and period = $period and ($theme is null or theme_code = $theme)")
        + """
        select value, status, suppressed, theme_code from cells
        where team_code is not distinct from $team
            and regeling_code is not distinct from $regeling
            and taakveld_code is not distinct from $taakveld
        order by theme_code
        limit 1
    """
    )
    row = con.execute(
        sql,
        {
            "metric_key": metric_key,
            "period": period,
            "theme": theme,
            "team": team,
            "regeling": regeling,
            "taakveld": taakveld,
            **suppression_params(viewer),
        },
    ).fetchone()
    if row is None:
        return None
    return dict(zip(("value", "status", "suppressed", "theme_code"), row))


def team_roles(con, teams) -> tuple[str, ...]:
    """The professional roles (disciplines) of these teams, e.g. ('handhaver', 'klantmanager')."""
    rows = con.execute(
        """
        select distinct role from stg_teams where list_contains($teams::varchar[], team_code)
        order by role
    """,
        {"teams": [t for t in teams if t]},
    ).fetchall()
    return tuple(r[0] for r in rows)


# Who may edit, withdraw or read the history of a story: the story service's own rules.
may_edit_story, may_withdraw_story, may_see_history = (service.may_edit, service.may_withdraw, service.may_see_history)


HISTORY_VERSION_COLUMNS: ColumnTypes = {
    "story_id": pl.String,
    "version": pl.Int32,
    "title": pl.String,
    "body": pl.String,
    "metric_key": pl.String,
    "period": pl.String,
    "team_code": pl.String,
    "visibility": pl.String,
    "figure_value": pl.Float64,
    "figure_status": pl.String,
    "edited_by": pl.String,
    "edited_at": pl.Datetime(time_zone="UTC"),
    "unresolved_findings": pl.Int32,
}
HISTORY_EVENT_COLUMNS: ColumnTypes = {
    "event_id": pl.Int64,
    "story_id": pl.String,
    "version": pl.Int32,
    "status": pl.String,
    "actor": pl.String,
    "occurred_at": pl.Datetime(time_zone="UTC"),
    "reason": pl.String,
    "other_discipline": pl.Boolean,
}


def story_history(
    viewer: Viewer, story_ids: list[str], *, figures_con=None, store_path: Path | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Who did what when: every version and every status event of these stories, oldest first.

    Only for stories the viewer may read (`visible_stories`) and whose history they may see
    (`may_see_history`); others are left out silently. Returns (versions, events).
    """
    empty = (pl.DataFrame(schema=HISTORY_VERSION_COLUMNS), pl.DataFrame(schema=HISTORY_EVENT_COLUMNS))
    if not story_ids or viewer.is_council:
        return empty
    with store.reading(store_path) as con:
        readable = _readable(con, viewer, list(story_ids), brief=True)  # enough for the rule
        allowed = [row["story_id"] for row in readable.iter_rows(named=True) if may_see_history(viewer, row)]
        if not allowed:
            return empty
        versions = con.execute(
            f"""
            select {", ".join(HISTORY_VERSION_COLUMNS)} from story_versions
            where story_id in (select unnest($ids::varchar[])) order by story_id, version
        """,
            {"ids": allowed},
        ).pl()
        events = con.execute(
            f"""
            select {", ".join(HISTORY_EVENT_COLUMNS)} from story_events
            where story_id in (select unnest($ids::varchar[])) order by story_id, event_id
        """,
            {"ids": allowed},
        ).pl()
    return (
        versions.cast(HISTORY_VERSION_COLUMNS) if versions.height else empty[0],
        events.cast(HISTORY_EVENT_COLUMNS) if events.height else empty[1],
    )


def return_reasons(
    viewer: Viewer, story_ids: list[str], *, figures_con=None, store_path: Path | None = None
) -> dict[str, dict]:
    """Why was each of these stories sent back? story_id -> {reason, actor, occurred_at} of its
    latest return, for returned stories whose history the viewer may see (the author)."""
    _, events = story_history(viewer, story_ids, figures_con=figures_con, store_path=store_path)
    return latest_returns(events)


def latest_returns(events: pl.DataFrame) -> dict[str, dict]:
    """From `story_history` events: story_id -> {reason, actor, occurred_at} of each story whose
    latest event is a return (for a page that has the history already)."""
    latest = events.group_by("story_id").agg(pl.all().sort_by("event_id").last())
    returned = latest.filter(pl.col("status") == RETURNED)
    return {
        row["story_id"]: {k: row[k] for k in ("reason", "actor", "occurred_at")}
        for row in returned.iter_rows(named=True)
    }


def privacy_marks(viewer: Viewer, story_id: str, *, figures_con=None, store_path: Path | None = None) -> dict[str, str]:
    """What the author marked harmless in the story's latest version: marked text -> reason.

    For whoever may read the story (the marked text is in the story itself): a reviewer sees
    what was let through, and an author editing again finds the marks already made.
    """
    return privacy_marks_of(viewer, [story_id], figures_con=figures_con, store_path=store_path).get(story_id, {})


def privacy_marks_of(
    viewer: Viewer, story_ids: list[str], *, figures_con=None, store_path: Path | None = None
) -> dict[str, dict[str, str]]:
    """`privacy_marks` for a page of stories at once: story_id -> {marked text -> reason}."""
    if viewer.is_council or not story_ids:
        return {}
    with store.reading(store_path) as con:
        readable = _readable(con, viewer, list(story_ids), brief=True)
        if readable.is_empty():
            return {}
        with registered(con, "readable_versions", readable.select("story_id", "version")):
            rows = con.execute("""
                select m.story_id, m.marked_text, m.reason from story_privacy_marks as m
                semi join readable_versions as r using (story_id, version)
                order by m.occurred_at
            """).fetchall()
    marks: dict[str, dict[str, str]] = {}
    for story_id, text, reason in rows:
        marks.setdefault(story_id, {})[text] = reason
    return marks
