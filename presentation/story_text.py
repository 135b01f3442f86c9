"""What is said about a story's figure, in Dutch: which figure and scope it is about, its value
then and now (pure, no Streamlit; the story card and the briefing say the same)."""

from __future__ import annotations

from kernel.format import MISSING, format_period, format_value
from presentation import labels


def story_about(story: dict, catalog: dict[str, dict], names: dict[str, str]) -> str:
    """'Over Caseload per fte, aug 2023 · team Werk en Inkomen Zuid': the figure a story explains."""
    info = catalog.get(story["metric_key"], {})
    about = [
        labels.STORY_ABOUT.format(figure=info.get("name", story["metric_key"]), period=format_period(story["period"]))
    ]
    scope = scope_text(
        team=story.get("team_code"),
        regeling=story.get("regeling_code"),
        taakveld=story.get("taakveld_code"),
        names=names,
    )
    return " · ".join(about + ([scope] if scope else []))


def scope_text(
    *,
    team: str | None = None,
    regeling: str | None = None,
    taakveld: str | None = None,
    names: dict[str, str] | None = None,
    theme_name: str | None = None,
) -> str | None:
    """'team Jeugdteam Oost · regeling Jeugd-ggz', 'taakveld 6.72a Jeugdhulp ambulant', or for
    none of them 'heel Jeugd' (with `theme_name`, else None): the part of a theme a value is for."""
    names = names or {}
    parts = [
        f"{prefix} {names.get(code, code)}"
        for code, prefix in ((team, "team"), (regeling, "regeling"), (taakveld, "taakveld"))
        if code
    ]
    if parts:
        return " · ".join(parts)
    return labels.WHOLE_THEME.format(theme=theme_name) if theme_name else None


def figure_then_now(
    story: dict,
    *,
    unit: str,
    current_value: float | None,
    names: dict[str, str] | None = None,
    chart: tuple[str, float | None] | None = None,
) -> tuple[str | None, bool]:
    """What a story card (and the briefing) says about the figure's value: (text, revised).

    Then and now are always of the story's own scope. `chart` = (the chart's scope, its value
    at the story's period) when the story sits on a chart of a wider scope: then both are said,
    each with its scope ("taakveld 6.72a: € 425.511; heel Jeugd toen: € 694.953"), so the
    number in the story never passes for the line it is drawn on."""
    then = story.get("figure_value")
    if then is None:
        return None, False
    own = None
    chart_text = None
    if chart is not None:
        own = scope_text(
            team=story.get("team_code"),
            regeling=story.get("regeling_code"),
            taakveld=story.get("taakveld_code"),
            names=names,
        )
        chart_text = labels.STORY_CHART_THEN.format(
            scope=chart[0], value=format_value(chart[1], unit) if chart[1] is not None else MISSING
        )
    revised = revision_note(then, current_value, unit)
    if story.get("figure_revised"):  # the council: rounded figures, so no old number (queries)
        revised = labels.FIGURE_REVISED_ROUNDED.format(now=format_value(current_value, unit))
    if revised:
        if own and chart_text:
            revised += " " + labels.STORY_REVISED_SCOPE.format(scope=own, chart=chart_text)
        return revised, True
    value = format_value(then, unit)
    line = labels.STORY_FIGURE_THEN.format(
        then=labels.STORY_SCOPE_VALUE.format(scope=own, value=value) if own else value
    )
    if story.get("figure_status"):
        line += f" ({story['figure_status']})"
    if current_value is not None:
        line += " · " + labels.STORY_FIGURE_NOW.format(now=format_value(current_value, unit))
    if chart_text:
        line += "; " + chart_text
    return line, False


def revision_note(then: float | None, now: float | None, unit: str) -> str | None:
    """'was 593, nu 601' when the figure now reads differently from when the story was written.

    Compared as written (format_value), so a change in a far decimal is not called a revision.
    """
    if then is None or now is None:
        return None
    was, is_now = format_value(then, unit), format_value(now, unit)
    if was == is_now:
        return None
    return labels.FIGURE_REVISED.format(then=was, now=is_now)
