"""Who is looking: the viewer every query and command takes, and what each role may read.

Enforcement lives in the data-access layer (queries.py and the story service), which takes a
Viewer on every call; pages only pass it along.
"""

from __future__ import annotations

from dataclasses import dataclass

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

    @property
    def is_council(self) -> bool:
        # Council views suppress small counts and show only stories published to the council.
        return self.role == RAAD
