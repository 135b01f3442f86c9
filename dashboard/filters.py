"""The shared filters (theme, month, charts-from year, team) and their place in the address.

Every choice lives in the query string (`?rol=raad&thema=jeugd&periode=2025-10&vanaf=2023&team=
WI-ZUID`), so a copied link reopens the same view. The sync rule, per parameter: a value in the
address that differs from what this session last wrote there came from outside (a shared link,
a page link, the browser's back button) and wins; otherwise the widget wins and is written
back. Streamlit clears the query string when the reader switches pages through the sidebar; the
widgets keep their values, so the next run writes them back.

`periode` also takes a year (`periode=2024` is the last month of 2024 with figures) or a year
range (`periode=2022..2024`, the same as `vanaf=2022&periode=2024`). Invalid values fall back to
the default with a Dutch notice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

import queries
from kernel.format import format_period
from kernel.inert import literal
from presentation import labels
from presentation.charts import TREND_YEARS
from queries import db

WRITTEN = "_url_written"
THEME, PERIOD, FROM_YEAR, TEAM = "thema", "periode", "vanaf", "team"
ALL = ""  # the option meaning "no team chosen"


@dataclass(frozen=True)
class FilterOptions:
    """What the filters may hold, from the figures database."""

    themes: dict[str, str]  # theme_code -> name
    teams: dict[str, tuple[str, str]]  # team_code -> (team_name, theme_code)
    months: list[str]  # 'jjjj-mm', newest first

    @property
    def years(self) -> list[int]:
        return sorted({int(m[:4]) for m in self.months})

    def teams_in(self, theme: str) -> dict[str, str]:
        return {code: name for code, (name, th) in self.teams.items() if th == theme}


def load_options(con) -> FilterOptions:
    """Every run of every page asks: remembered per figures file (queries.db.remembered), and
    copied, so no session can change what another one reads."""

    def read() -> FilterOptions:
        themes = queries.themes(con)
        teams = queries.teams(con)
        return FilterOptions(
            themes=dict(zip(themes["theme_code"], themes["name"])),
            teams={r["team_code"]: (r["team_name"], r["theme_code"]) for r in teams.iter_rows(named=True)},
            months=queries.available_months(con),
        )

    shared = db.remembered(con, "filter_options", read)
    return FilterOptions(themes=dict(shared.themes), teams=dict(shared.teams), months=list(shared.months))


@dataclass(frozen=True)
class Filters:
    theme: str
    period: str  # the peilmaand, 'jjjj-mm'
    from_year: int
    team: str | None  # None: all teams of the theme

    @property
    def start(self) -> dt.date:
        """First day shown in charts."""
        return dt.date(self.from_year, 1, 1)

    @property
    def end(self) -> dt.date:
        """Last day of the peilmaand."""
        return queries.month_end(self.period)

    @property
    def period_start(self) -> dt.date:
        return queries.month_start(self.period)

    def as_params(self) -> dict[str, str]:
        params = {THEME: self.theme, PERIOD: self.period, FROM_YEAR: str(self.from_year)}
        if self.team:
            params[TEAM] = self.team
        return params


# ---------------------------------------------------------------------------------------------
# Pure parsing of address values


def resolve_period(raw: str | None, months: list[str]) -> str | None:
    """'2025-10' when that month has figures; '2024' -> the last month of 2024 with figures."""
    if not raw:
        return None
    raw = raw.strip()
    if raw in months:
        return raw
    if len(raw) == 4 and raw.isdigit():
        in_year = [m for m in months if m.startswith(raw + "-")]
        return max(in_year) if in_year else None
    return None


def expand_year_range(raw: str | None) -> dict[str, str] | None:
    """'2022..2024' -> {'vanaf': '2022', 'periode': '2024'}; anything else -> None."""
    if raw and len(raw) == 10 and raw[4:6] == ".." and raw[:4].isdigit() and raw[6:].isdigit():
        first, last = sorted((raw[:4], raw[6:]))
        return {FROM_YEAR: first, PERIOD: last}
    return None


def resolve_year(raw: str | None, years: list[int]) -> str | None:
    if raw and raw.strip().isdigit() and int(raw) in years:
        return str(int(raw))
    return None


def resolve_page_number(raw: str | None) -> int | None:
    """'3' -> 3; anything but a plain number of a sensible size (such as '../../etc', '²' or a
    hundred digits) -> None."""
    raw = (raw or "").strip()
    return int(raw) if raw.isascii() and raw.isdecimal() and len(raw) <= 6 and int(raw) > 0 else None


def default_theme(options: FilterOptions, viewer_teams: tuple[str, ...]) -> str:
    """The theme of the viewer's own team, else the first theme."""
    for team in viewer_teams:
        if team in options.teams:
            return options.teams[team][1]
    return next(iter(options.themes))


def default_from_year(period: str, years: list[int]) -> int:
    wanted = int(period[:4]) - TREND_YEARS
    return max([y for y in years if y <= wanted] or [min(years)])


# ---------------------------------------------------------------------------------------------
# Widgets bound to the address


def bound_select(
    container,
    label: str,
    options: dict[str, str],
    *,
    param: str,
    default: str | None,
    what: str,
    help: str | None = None,
    widget: str = "selectbox",
    parse: Callable[[str], str | None] | None = None,
    shared: bool = False,
    default_in_address: bool = True,
) -> str | None:
    """A selectbox (or radio) whose value is also the query parameter `param`.

    `options` maps the value written in the address to the label shown. Returns the chosen
    value; `None` only for a radio with `default=None` and nothing chosen. A `shared` widget
    (the sidebar filters) keeps its value when the reader switches pages. With
    `default_in_address=False` the default is left out of the address (it means the same, and
    another page may read the parameter as an order, as Verhaal toevoegen reads `verhaal`).
    """
    key = f"url_{param}"
    raw = _from_address(param)
    if raw is not None:
        value = parse(raw) if parse else (raw if raw in options else None)
        if value in options:
            st.session_state[key] = value
        else:
            fallback = st.session_state.get(key) if st.session_state.get(key) in options else default
            # The address comes from whoever made the link: shown as text, never as a link.
            fallback_label = options.get(fallback, "niets")
            st.info(
                labels.INVALID_VALUE.format(
                    value=literal(raw[:40]),
                    what=what,
                    fallback=fallback_label if widget == "radio" else literal(fallback_label),
                )
            )
            st.session_state[key] = fallback
    elif st.session_state.get(key) not in options:
        st.session_state[key] = default
    codes = list(options)
    persist = "session" if shared else None
    if widget == "radio":
        value = container.radio(label, codes, format_func=options.get, key=key, help=help, persist_state=persist)
    else:
        value = container.selectbox(label, codes, format_func=options.get, key=key, help=help, persist_state=persist)
    _to_address(param, None if value == ALL or (value == default and not default_in_address) else value)
    return value


def bound_text(container, label: str, *, param: str, placeholder: str | None = None, help: str | None = None) -> str:
    """A text input whose value is also the query parameter `param` (as `bound_select`)."""
    key = f"url_{param}"
    raw = _from_address(param)
    if raw is not None:
        st.session_state[key] = raw
    value = container.text_input(label, key=key, placeholder=placeholder, help=help).strip()
    _to_address(param, value or None)
    return value


def _from_address(param: str) -> str | None:
    """The address's value when it came from outside (a shared link, the reader's own edit):
    one this session wrote itself is already in its widget, which then wins."""
    raw = st.query_params.get(param)
    return raw if raw is not None and raw != st.session_state.setdefault(WRITTEN, {}).get(param) else None


def _to_address(param: str, value: str | None) -> None:
    """Write the widget's value to the address (None: leave it out), remembering what we wrote."""
    if value is None:
        if param in st.query_params:
            del st.query_params[param]
    elif st.query_params.get(param) != value:
        st.query_params[param] = value
    st.session_state.setdefault(WRITTEN, {})[param] = value


def sidebar_filters(options: FilterOptions, viewer_teams: tuple[str, ...]) -> Filters:
    """The shared filters in the sidebar, in the order a reader narrows down."""
    side = st.sidebar
    side.markdown(f"**{labels.FILTERS_HEADER}**")
    year_range = expand_year_range(st.query_params.get(PERIOD))
    if year_range:  # a year range in one parameter becomes a start year and a last year
        for param, value in year_range.items():
            st.query_params[param] = value
    theme = bound_select(
        side,
        labels.THEME,
        options.themes,
        param=THEME,
        default=default_theme(options, viewer_teams),
        what=labels.WHAT_THEME,
        shared=True,
    )
    months = {m: format_period(m) for m in options.months}
    period = bound_select(
        side,
        labels.PERIOD,
        months,
        param=PERIOD,
        default=options.months[0],
        what=labels.WHAT_PERIOD,
        help=labels.PERIOD_HELP,
        shared=True,
        parse=lambda raw: resolve_period(raw, options.months),
    )
    years = {str(y): str(y) for y in options.years if y <= int(period[:4])}
    from_year = bound_select(
        side,
        labels.FROM_YEAR,
        years,
        param=FROM_YEAR,
        default=str(default_from_year(period, options.years)),
        what=labels.WHAT_FROM_YEAR,
        shared=True,
        parse=lambda raw: resolve_year(raw, [int(y) for y in years]),
    )
    teams = {ALL: labels.ALL_TEAMS} | {code: f"{name} ({code})" for code, name in options.teams_in(theme).items()}
    team = bound_select(side, labels.TEAM, teams, param=TEAM, default=ALL, what=labels.WHAT_TEAM, shared=True)
    side.caption(labels.SHARE_HINT)
    return Filters(theme=theme, period=period, from_year=int(from_year), team=team or None)


TOP = "filters_top"  # the container's key; dashboard/layout.css shows it on narrow screens only


def top_filters(options: FilterOptions, filters: Filters) -> None:
    """Theme and month again at the top of the page, for a phone: there the sidebar hides behind
    an icon. Shown only on narrow screens (dashboard/layout.css); a choice here is handed to the
    sidebar's widget (`url_…`), which stays the one that writes the address."""
    months = {m: format_period(m) for m in options.months}
    with st.container(key=TOP):
        for param, label, choices, value in (
            (THEME, labels.THEME, options.themes, filters.theme),
            (PERIOD, labels.PERIOD, months, filters.period),
        ):
            key = f"{TOP}_{param}"
            st.session_state[key] = value  # follows the sidebar (a link, the back button)
            st.selectbox(
                label,
                list(choices),
                format_func=choices.get,
                key=key,
                on_change=_hand_to_sidebar,
                args=(key, f"url_{param}"),
            )


def _hand_to_sidebar(top_key: str, sidebar_key: str) -> None:
    st.session_state[sidebar_key] = st.session_state[top_key]
