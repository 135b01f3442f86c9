"""What goes into a committee briefing: a cover, one FigureSection per chosen figure (value,
comparisons, chart, recent values, definition, and the stories beside it), the questions and an
appendix of sources, definitions and load dates.

Pure assembly: a figures connection and a viewer in, a `Briefing` out, every number read through
`queries` and every text already written in Dutch, so the PDF and the Markdown say
exactly the same. The briefing is written for the council committee, so it is always read with
the council's rules (small numbers suppressed, only stories published to the council), whoever
composes it: the document can never carry more than the committee may see, and never more than
its composer may see either (what the council sees is a subset of every role's view).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

import queries
from briefing.choices import (
    caseload_value,
    council_view,
    default_start,
    figure_choices,
    figure_stories,
    newest_per_figure,
)
from briefing.model import Briefing, Comparison, Definition, FigureSection, StoryItem, Table
from briefing.peers import peer_section
from briefing.texts import (
    CASELOAD,
    COMPARE_LABEL,
    HIDDEN_PERIODS,
    MARKER_NOTE,
    NORM_BAND_NOTE,
    RECENT_PERIODS,
    SOURCE_NAMES,
    SUPPRESSED_CELL,
    SUPPRESSED_NOTE,
    SUPPRESSED_VALUE,
    TOO_FEW_FOR_CHART,
    WHY_SUPPRESSED,
)
from kernel.access import Viewer
from kernel.format import MISSING, MONTHS_FULL, format_date, format_number, format_period, format_value
from kernel.vocabulary import DILEMMAS, NOTE_KINDS, STRATEGIES, VALUES
from presentation import charts, labels
from presentation.story_text import figure_then_now, scope_text, story_about
from presentation.tiles import tile_texts

# ---------------------------------------------------------------------------------------------
# The content, as the renderers read it


# ---------------------------------------------------------------------------------------------
# Choices the page offers


# ---------------------------------------------------------------------------------------------
# The briefing


def build_briefing(
    con,
    viewer: Viewer,
    theme: str,
    period: str,
    metric_keys: list[str] | None = None,
    story_ids: list[str] | None = None,
    questions: list[str] | tuple[str, ...] = (),
    *,
    start: dt.date | None = None,
    today: dt.date | None = None,
    store_path: Path | None = None,
) -> Briefing:
    """Everything a committee briefing on `theme` for the peilmaand `period` says.

    `metric_keys`: the figures in the order to print them (default: the theme's overview
    figures). `story_ids`: the stories to print (default: the newest STORIES_PER_FIGURE published
    stories for the council on each figure, with a period from `start` through the peilmaand); a story the
    council may not read is left out whatever is asked. `questions`: one per item, blanks
    dropped. `start`: where charts and stories begin (default: as the dashboard's charts).
    `store_path`: the story store (default: the configured one).
    """
    audience = council_view(viewer)
    threshold = queries.threshold()
    start = start or default_start(period)
    end = queries.month_end(period)
    catalog = queries.catalog_by_key(con)
    themes = {r["theme_code"]: r for r in queries.themes(con).iter_rows(named=True)}
    theme_row = themes.get(theme, {"name": theme, "law": ""})

    available = figure_choices(con, viewer, theme, period)["metric_key"].to_list()
    wanted = available if metric_keys is None else list(dict.fromkeys(metric_keys))
    keys = [k for k in wanted if k in available]

    stories = figure_stories(con, audience, theme, keys, start, end, store_path)
    if story_ids is not None:
        stories = stories.filter(pl.col("story_id").is_in(list(story_ids)))
    else:
        stories = newest_per_figure(stories)
    current = queries.current_values(con, audience, stories)
    names = queries.scope_names(con)
    figures = {r["metric_key"]: r for r in queries.key_figures(con, audience, theme, period).iter_rows(named=True)}

    sections = []
    whole_theme = scope_text(theme_name=theme_row["name"])
    for key in keys:
        # The charts draw the whole theme (caseload: one line per team, the story's own among
        # them): a story on a taakveld, team or regeling says the chart's value beside its own.
        on_key = stories.filter(pl.col("metric_key") == key)
        wider = (
            {}
            if key == CASELOAD
            else queries.chart_values_for_stories(con, audience, on_key, metric_key=key, theme=theme)
        )
        items = tuple(
            _story_item(
                s,
                catalog,
                current.get(s["story_id"]),
                names,
                (whole_theme, wider[s["story_id"]]) if s["story_id"] in wider else None,
            )
            for s in on_key.iter_rows(named=True)
        )
        markers = charts.prepare_stories(stories.filter(pl.col("metric_key") == key))
        if key == CASELOAD:
            sections.append(
                _caseload_section(con, audience, theme, period, catalog[key], start, end, markers, items, threshold)
            )
        else:
            sections.append(_figure_section(con, audience, theme, figures[key], start, end, markers, items, threshold))

    return Briefing(
        theme=theme,
        theme_name=theme_row["name"],
        law=theme_row["law"] or "",
        period=period,
        period_text=_month_full(period),
        window_text=f"{format_period(start.strftime('%Y-%m'))} tot en met {format_period(period)}",
        created_on=today or dt.date.today(),
        made_by=viewer.display_name or viewer.username,
        status_text=_status_text(sections),
        freshness=_freshness(con),
        loaded_at_text=_loaded_at(con),
        figures=tuple(sections),
        questions=tuple(q.strip() for q in questions if q and q.strip()),
        definitions=tuple(_definition(catalog[s.metric_key]) for s in sections),
        sources=_sources_table(con),
        threshold=threshold,
        note=labels.SYNTHETIC_NOTE,
        peers=peer_section(con, theme),
    )


def _figure_section(
    con,
    audience: Viewer,
    theme: str,
    row: dict,
    start: dt.date,
    end: dt.date,
    markers: pl.DataFrame,
    stories: tuple[StoryItem, ...],
    threshold: int,
) -> FigureSection:
    """A figure of the theme as a whole: its tile's texts, its course and its last values."""
    key, unit = row["metric_key"], row["unit"]
    grain = queries.metric_grain(key)
    texts = tile_texts(row, threshold)
    suppressed = bool(row["suppressed"])
    comparisons = [_last_year(row, texts.delta, texts.delta_color, threshold)]
    if suppressed:
        comparisons.insert(0, Comparison("Waarom niet getoond", WHY_SUPPRESSED.format(threshold=threshold)))
    elif texts.comparison:
        comparisons.append(
            Comparison(COMPARE_LABEL.get(key, "Vergeleken met"), texts.comparison, texts.comparison_alarm)
        )

    trend = queries.metric_trend(con, audience, key, theme, start=start, end=end)
    reference = reference_label = None
    if key == "budget_forecast_deviation":
        reference, reference_label = 0.0, "Precies volgens de gewijzigde begroting"
    elif key == "processing_time" and row.get("term_days"):
        reference = float(row["term_days"])
        reference_label = f"Wettelijke termijn: {row['term_days']} dagen"
    chart = None
    if trend.filter(pl.col("value").is_not_null()).height >= 2:
        chart = charts.trend_chart(
            charts.prepare_values(trend, unit, grain=grain),
            unit=unit,
            title=None,
            grain=grain,
            stories=markers,
            reference=reference,
            reference_label=reference_label,
        )
    notes = [] if chart is not None else [TOO_FEW_FOR_CHART]
    hidden = trend.filter(pl.col("suppressed")).height
    if hidden:
        notes.append(HIDDEN_PERIODS.format(hidden=hidden, total=trend.height, threshold=threshold))
    if chart is not None and not markers.is_empty():
        notes.append(MARKER_NOTE)

    return FigureSection(
        metric_key=key,
        name=row["name"],
        unit=unit,
        meta=texts.status,
        status=row.get("status"),
        value_text=SUPPRESSED_VALUE.format(threshold=threshold) if suppressed else texts.value,
        suppressed=suppressed,
        comparisons=tuple(comparisons),
        judgement=labels.HIGHER_IS_BETTER[row["higher_is_better"]],
        definition=row["definition"],
        source=row["source_system"],
        owner=row["owner"],
        chart=chart,
        notes=tuple(notes),
        tables=(_recent_table(trend, unit, threshold),),
        stories=stories,
    )


def _last_year(row: dict, delta: str | None, colour: str, threshold: int) -> Comparison:
    previous = row.get("previous_period")
    if not previous:
        return Comparison("Een jaar eerder", labels.NO_VALUE)
    label = f"Een jaar eerder ({format_period(previous)})"
    if row.get("previous_suppressed"):
        return Comparison(label, SUPPRESSED_VALUE.format(threshold=threshold))
    text = format_value(row.get("previous_value"), row["unit"])
    if delta:
        judgement = {"blue": "gunstig", "orange": "ongunstig"}.get(colour)
        text += f" · verandering {delta}" + (f" ({judgement})" if judgement else "")
    return Comparison(label, text)


def _recent_table(trend: pl.DataFrame, unit: str, threshold: int) -> Table:
    """The last periods up to the peilmaand, periods as columns (the chart's numbers)."""
    recent = trend.tail(RECENT_PERIODS)
    values = [
        SUPPRESSED_CELL if hidden else format_value(value, unit)
        for value, hidden in zip(recent["value"], recent["suppressed"])
    ]
    statuses = [labels.STATUS.get(s, s or MISSING) for s in recent["status"]]
    caption = SUPPRESSED_NOTE.format(threshold=threshold).capitalize() + "." if recent["suppressed"].any() else None
    return Table(
        header=("Periode", *[format_period(p) for p in recent["period"]]),
        rows=(("Waarde", *values), ("Status", *statuses)),
        align=("L", *["R"] * recent.height),
        caption=caption,
    )


def _norm_text(low: float, high: float) -> str:
    return format_number(low) if low == high else f"{format_number(low)}–{format_number(high)}"


def _caseload_section(
    con,
    audience: Viewer,
    theme: str,
    period: str,
    info: dict,
    start: dt.date,
    end: dt.date,
    markers: pl.DataFrame,
    stories: tuple[StoryItem, ...],
    threshold: int,
) -> FigureSection:
    """Caseload has no one value for a theme: each team against the norm of its role."""
    unit = info["unit"]
    over = queries.teams_over_norm(con, audience, period, theme).sort("team_code")
    month = queries.month_start(period)
    year_ago = month.replace(year=month.year - 1)
    before = queries.caseload_by_team(con, audience, theme=theme, start=year_ago, end=year_ago)
    before_by_team = {(r["team_code"], r["role"]): r for r in before.iter_rows(named=True)}

    rows = []
    for r in over.iter_rows(named=True):
        earlier = before_by_team.get((r["team_code"], r["role"]))
        if r["suppressed"]:
            now, verdict = SUPPRESSED_CELL, SUPPRESSED_CELL
        else:
            now = format_value(r["caseload_per_fte"], unit)
            if r["is_over_norm"]:
                verdict = f"boven de norm sinds {format_period(r['over_since'].strftime('%Y-%m'))}"
            elif r["caseload_per_fte"] < r["norm_low"]:
                verdict = "onder de norm"
            else:
                verdict = "binnen de norm"
        then = (
            MISSING
            if earlier is None
            else (SUPPRESSED_CELL if earlier["suppressed"] else format_value(earlier["caseload_per_fte"], unit))
        )
        rows.append((r["team_name"], now, then, _norm_text(r["norm_low"], r["norm_high"]), verdict))
    table = Table(
        header=("Team", format_period(period), format_period(year_ago.strftime("%Y-%m")), "Norm", "Oordeel"),
        rows=tuple(rows),
        align=("L", "R", "R", "R", "L"),
        weights=(3, 1.4, 1.4, 1, 3.4),
        caption=("Actieve dossiers per bezette fte op de peildatum, per team, tegen de norm van de rol."),
    )

    comparisons = []
    norms = queries.norm_history(con, theme).filter(pl.col("valid_from") <= month)
    for role in over["role"].unique(maintain_order=True):
        current = norms.filter(pl.col("role") == role).sort("valid_from").tail(1)
        if current.is_empty():
            continue
        n = current.row(0, named=True)
        comparisons.append(
            Comparison(
                f"Norm {role}",
                f"{_norm_text(n['norm_low'], n['norm_high'])} {n['unit']} per fte, "
                f"sinds {format_date(n['valid_from'])}. {n['rationale']}",
            )
        )

    caseload = queries.caseload_by_team(con, audience, theme=theme, start=start, end=end)
    trend = caseload.select(
        pl.col("month").alias("period_start"), pl.col("caseload_per_fte").alias("value"), "team_name", "suppressed"
    )
    norm = None
    if caseload["role"].n_unique() == 1:
        norm = (
            caseload.group_by("month")
            .agg(pl.col("norm_low").first(), pl.col("norm_high").first())
            .rename({"month": "x"})
            .sort("x")
        )
    chart = None
    if trend.filter(pl.col("value").is_not_null()).height >= 2:
        chart = charts.trend_chart(
            charts.prepare_values(trend, unit), unit=unit, title=None, stories=markers, norm=norm, series="team_name"
        )
    notes = [] if chart is not None else [TOO_FEW_FOR_CHART]
    if norm is not None and chart is not None:
        notes.append(NORM_BAND_NOTE)
    hidden = trend.filter(pl.col("suppressed")).height
    if hidden:
        notes.append(f"{hidden} teammaanden niet getoond: minder dan {threshold} actieve dossiers.")
    if chart is not None and not markers.is_empty():
        notes.append(MARKER_NOTE)

    status = info.get("latest_status")
    meta = " · ".join(
        [
            format_period(period),
            labels.STATUS.get(status, status or MISSING),
            labels.DATA_THROUGH.format(date=format_date(info.get("data_through"))),
        ]
    )
    return FigureSection(
        metric_key=CASELOAD,
        name=info["name"],
        unit=unit,
        meta=meta,
        status=status,
        value_text=caseload_value(over, threshold),
        suppressed=False,
        comparisons=tuple(comparisons),
        judgement=labels.HIGHER_IS_BETTER[info["higher_is_better"]],
        definition=info["definition"],
        source=info["source_system"],
        owner=info["owner"],
        chart=chart,
        notes=tuple(notes),
        tables=(table,),
        stories=stories,
    )


def _story_item(
    story: dict,
    catalog: dict[str, dict],
    current: float | None,
    names: dict[str, str],
    chart: tuple[str, float | None] | None = None,
) -> StoryItem:
    info = catalog.get(story["metric_key"], {})
    unit = info.get("unit", "")
    about = story_about(story, catalog, names)
    written = f"Geschreven op {format_date(story['written_on'])}"
    if story.get("author_team"):  # the team, never the person: the briefing travels
        written += f" door {names.get(story['author_team'], story['author_team'])}"
    tags = [(labels.STORY_NOTE_KIND, NOTE_KINDS.get(story["note_kind"], story["note_kind"]))]
    if story.get("dilemma_tags"):
        tags.append((labels.STORY_DILEMMAS, ", ".join(DILEMMAS.get(t, t) for t in story["dilemma_tags"])))
    if story.get("strategy"):
        tags.append((labels.STORY_STRATEGY, STRATEGIES.get(story["strategy"], story["strategy"])))
    if story.get("value_tags"):
        tags.append((labels.STORY_VALUES, ", ".join(VALUES.get(t, t) for t in story["value_tags"])))
    if story.get("free_tags"):
        tags.append((labels.STORY_FREE_TAGS, " ".join(f"#{t}" for t in story["free_tags"])))
    # the same words as the story card on screen, with the chart's value when it is another scope's
    then_now, _ = figure_then_now(story, unit=unit, current_value=current, names=names, chart=chart)
    return StoryItem(
        story_id=story["story_id"],
        title=story["title"],
        body=story["body"],
        about=about,
        written=written,
        tags=tuple(tags),
        figure_then_now=then_now,
    )


# ---------------------------------------------------------------------------------------------
# Cover and appendix


def _month_full(period: str) -> str:
    return f"{MONTHS_FULL[int(period[5:7]) - 1]} {period[:4]}"


def _status_text(sections: list[FigureSection]) -> str:
    provisional = sum(1 for s in sections if s.status == "voorlopig")
    if not sections:
        return "Er zijn geen cijfers gekozen."
    if provisional == 0:
        return "Alle cijfers in deze briefing zijn definitief."
    if provisional == len(sections):
        return "Alle cijfers in deze briefing zijn voorlopig: ze kunnen nog veranderen."
    return (
        f"{provisional} van de {len(sections)} cijfers zijn voorlopig (ze kunnen nog veranderen); "
        "de andere zijn definitief."
    )


def _freshness(con) -> tuple[tuple[str, str], ...]:
    sources = queries.briefing_sources(con).filter(pl.col("data_through").is_not_null())
    return tuple(
        (SOURCE_NAMES.get(r["source"], r["source"]), f"t/m {format_date(r['data_through'])}")
        for r in sources.iter_rows(named=True)
    )


def _loaded_at(con) -> str:
    stamp = queries.figures_loaded_at(con)
    if not stamp:
        return "onbekend"
    moment = dt.datetime.fromisoformat(stamp)
    return f"{format_date(moment)} om {moment:%H:%M}"


def _sources_table(con) -> Table:
    # No row counts: the briefing is for the council, which reads rounded counts only.
    rows = tuple(
        (
            SOURCE_NAMES.get(r["source"], r["source"]),
            r["file_name"],
            format_date(r["data_through"]) if r["data_through"] else "naslag",
        )
        for r in queries.briefing_sources(con).iter_rows(named=True)
    )
    return Table(header=("Bron", "Bestand", "Gegevens t/m"), rows=rows, align=("L", "L", "R"), weights=(3.4, 2.6, 1.5))


def _definition(info: dict) -> Definition:
    status = labels.STATUS.get(info["latest_status"], info["latest_status"] or MISSING).lower()
    meta = " · ".join(
        [
            f"{labels.UNIT}: {info['unit']}",
            f"{labels.SOURCE}: {info['source_system']}",
            f"{labels.OWNER}: {info['owner']}",
            f"{labels.PEILDATUM}: {format_date(info['data_through'])} ({status})",
            labels.HIGHER_IS_BETTER[info["higher_is_better"]],
        ]
    )
    return Definition(name=info["name"], definition=info["definition"], meta=meta)
