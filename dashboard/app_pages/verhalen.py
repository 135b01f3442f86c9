"""Professional — Verhalen: every story this viewer may read, filtered by theme, figure, tag,
team and period, searchable in full text (Dutch stemming, best match first, hits highlighted),
each with the figure it explains: its value then and now, and a revision said out loud.
`?verhaal=<id>` shows that one story (the link after saving one); `?zoek=…` holds the search."""

import polars as pl
import streamlit as st

import queries
from dashboard import components
from dashboard import story_components as sc
from dashboard.filters import bound_select, bound_text
from dashboard.pagination import page_of
from dashboard.session import page_context
from kernel.format import format_date, format_period, texts
from kernel.vocabulary import DILEMMAS, NOTE_KINDS, STATUSES, STRATEGIES, VALUES
from presentation import labels
from stories import search

ctx = page_context()
con, viewer, f = ctx.con, ctx.viewer, ctx.filters
catalog = queries.catalog_by_key(con)

st.title(labels.TITLE_STORIES, anchor=False)
names = queries.scope_names(con)

only = st.query_params.get(components.STORY_PARAM)
if only:  # one story, as linked after saving it: read through the same door, no other filter
    stories = queries.visible_stories(viewer, figures_con=con, story_id=only)
    st.caption(labels.ONE_STORY)
    st.page_link("app_pages/verhalen.py", label=labels.ALL_STORIES, icon=":material/forum:")
    if stories.is_empty():
        components.empty_state(labels.STORY_NOT_FOUND)
    current = queries.current_values(con, viewer, stories)
    for story in stories.iter_rows(named=True):
        sc.story_card(story, catalog=catalog, viewer=viewer, current_value=current.get(story["story_id"]), names=names)
    st.stop()

team_text = labels.STORIES_TEAM.format(team=sc.literal(ctx.options.teams[f.team][0])) if f.team else ""
st.caption(
    labels.STORIES_INTRO.format(
        theme=ctx.theme_name, team=team_text, from_year=f.from_year, period=format_period(f.period)
    )
    + (labels.STORIES_COUNCIL_ONLY if viewer.is_council else "")
)

left, middle, right = st.columns(3)
figures = {"": labels.STORIES_ALL_FIGURES} | {k: v["name"] for k, v in catalog.items()}
with left:
    metric = (
        bound_select(st, labels.STORIES_FIGURE, figures, param="cijfer", default="", what=labels.WHAT_FIGURE) or None
    )
tags = {"": labels.STORIES_ALL_TAGS}
tags |= {k: labels.STORIES_TAG_KIND.format(tag=v) for k, v in NOTE_KINDS.items()}
tags |= {k: labels.STORIES_TAG_DILEMMA.format(tag=v) for k, v in DILEMMAS.items()}
tags |= {k: labels.STORIES_TAG_STRATEGY.format(tag=v) for k, v in STRATEGIES.items()}
tags |= {k: labels.STORIES_TAG_VALUE.format(tag=v) for k, v in VALUES.items()}
with middle:
    tag = bound_select(st, labels.STORIES_TAG, tags, param="label", default="", what=labels.WHAT_TAG) or None
status = None
if not viewer.is_council:
    with right:
        status = (
            bound_select(
                st,
                labels.STORIES_STATUS,
                {"": labels.STORIES_ALL_STATUSES} | STATUSES,
                param="status",
                default="",
                what=labels.WHAT_STATUS,
            )
            or None
        )

query = bound_text(st, labels.SEARCH, param="zoek", placeholder=labels.SEARCH_PLACEHOLDER, help=labels.SEARCH_HELP)

stories = queries.visible_stories(
    viewer,
    figures_con=con,
    theme=f.theme,
    metrics=[metric] if metric else None,
    team=f.team,
    start=f.start,
    end=f.end,
    tag=tag,
    status=status,
    brief=True,
)  # in full: the page that is shown
stems: set[str] = set()
if query:  # ranks the stories the filters left, so a search never reaches past them
    stories = queries.search_stories(stories, query).drop("score")
    stems = search.matched_stems(query)

if query:
    st.markdown(
        f"**{labels.SEARCH_RESULT_ONE.format(query=sc.escape(query))}**"
        if stories.height == 1
        else f"**{labels.SEARCH_RESULTS.format(n=stories.height, query=sc.escape(query))}**"
    )
else:
    st.markdown(labels.STORIES_COUNT.get(stories.height) or labels.STORIES_COUNT_MANY.format(n=stories.height))
if stories.is_empty():
    components.empty_state(labels.NO_STORIES_FOUND)
shown = queries.full_rows(viewer, page_of(stories, key="verhalen", param="pagina"), figures_con=con)
current = queries.current_values(con, viewer, shown)
for story in shown.iter_rows(named=True):
    sc.story_card(
        story,
        catalog=catalog,
        viewer=viewer,
        current_value=current.get(story["story_id"]),
        names=names,
        stems=stems,
        highlighter=search.highlight,
    )


def export_table() -> pl.DataFrame:
    """Every story the filters and the search left (not only this page), as a table; made
    only when the reader downloads it."""
    every = queries.full_rows(viewer, stories, figures_con=con)
    now = queries.current_values(con, viewer, every)
    return every.select(
        pl.col("title"),
        pl.col("metric_key").replace_strict({k: v["name"] for k, v in catalog.items()}, default=None),
        texts(every["period"], format_period),
        pl.col("team_code"),
        pl.col("regeling_code"),
        pl.col("taakveld_code"),
        pl.col("note_kind").replace_strict(NOTE_KINDS, default=None),
        pl.col("dilemma_tags").list.join("; "),
        pl.col("value_tags").list.join("; "),
        pl.col("figure_value"),
        pl.col("story_id").replace_strict(now, default=None, return_dtype=pl.Float64),
        texts(every["written_on"], format_date),
        pl.col("author"),
        pl.col("body"),
    ).rename(labels.STORIES_EXPORT_COLUMNS)


if not stories.is_empty():
    components.download_csv(
        export_table,
        file_name=f"verhalen_{f.theme}",
        key="verhalen_csv",
        viewer=viewer,
        label=labels.STORIES_DOWNLOAD,
    )
