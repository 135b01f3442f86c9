"""Who is looking and what they chose: the viewer, the filters, and the run's figures cursor.

`current_viewer()` is the one stand-in for a login: a "Bekijk als" selector with demo viewers.
The access issue replaces this function's body and nothing else. The role is in the address
(`rol=raad`), so a shared link reopens the view the sender saw, with the sender's rules.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from dashboard import labels
from dashboard.access import BEHEERDER, MANAGER, PROFESSIONAL, RAAD, Viewer
from dashboard.filters import FilterOptions, Filters, bound_select

ROLE_PARAM = "rol"
DEMO_VIEWERS = {
    RAAD: Viewer("wethouder", RAAD, (), "Wethouder sociaal domein"),
    MANAGER: Viewer("manager-participatie", MANAGER, ("WI-NOORD", "WI-ZUID", "HANDH"),
                    "Manager Werk en Inkomen"),
    PROFESSIONAL: Viewer("wi-zuid-1", PROFESSIONAL, ("WI-ZUID",), "Klantmanager Werk en Inkomen Zuid"),
    BEHEERDER: Viewer("beheerder", BEHEERDER, (), "Functioneel beheerder"),
}
DEMO_LABELS = {
    RAAD: "Wethouder (raad en college)",
    MANAGER: "Manager Werk en Inkomen",
    PROFESSIONAL: "Klantmanager Werk en Inkomen Zuid",
    BEHEERDER: "Functioneel beheerder",
}
DEFAULT_ROLE = RAAD  # the most restricted view, until a login says otherwise


def current_viewer() -> Viewer:
    """The viewer of this session (for now: chosen under "Bekijk als" in the sidebar)."""
    role = bound_select(st.sidebar, labels.VIEW_AS, DEMO_LABELS, param=ROLE_PARAM,
                        default=DEFAULT_ROLE, what="rol", help=labels.VIEW_AS_HELP, shared=True)
    return DEMO_VIEWERS[role]


@dataclass(frozen=True)
class PageContext:
    """What every page gets from the router: a cursor for this run, who looks, what they chose."""

    con: object
    viewer: Viewer
    filters: Filters
    options: FilterOptions

    @property
    def theme_name(self) -> str:
        return self.options.themes.get(self.filters.theme, self.filters.theme)


_CONTEXT = "_page_context"


def set_context(context: PageContext) -> None:
    st.session_state[_CONTEXT] = context


def page_context() -> PageContext:
    return st.session_state[_CONTEXT]
