"""Who is looking: the viewer every query and command takes, and what each role may read.

Enforcement lives in the data-access layer (queries.py and the story service), which takes a
Viewer on every call; pages only pass it along.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PROFESSIONAL, MANAGER, RAAD, BEHEERDER = "professional", "manager", "raad", "beheerder"
ROLES = {
    PROFESSIONAL: "Professional",
    MANAGER: "Manager / teamleider",
    RAAD: "Raad en college",
    BEHEERDER: "Functioneel beheerder",
}


@dataclass(frozen=True)
class Viewer:
    username: str
    role: str
    teams: tuple[str, ...] = ()  # professional: exactly one; manager: one or more
    display_name: str = ""
    # The browser session this viewer acts in (accounts/sessions.py); None outside a browser
    # (command line, import, tests), where there is no session to end.
    session_id: str | None = field(default=None, compare=False, repr=False)

    @property
    def is_council(self) -> bool:
        # Council views suppress small counts and show only stories published to the council.
        return self.role == RAAD
