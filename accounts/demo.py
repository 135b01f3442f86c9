"""Demo accounts for the sample data (Koggenwaard); documented in the README."""

from __future__ import annotations

from accounts.users import AccountError, create_user
from dashboard.access import BEHEERDER, MANAGER, PROFESSIONAL, RAAD, Viewer

DEMO_PASSWORD = "koggenwaard-demo"

# username, display name, role, teams
DEMO_USERS = (
    ("wethouder", "Wethouder sociaal domein", RAAD, ()),
    ("raadslid", "Raadslid", RAAD, ()),
    ("manager-participatie", "Teamleider Werk en Inkomen", MANAGER, ("WI-NOORD", "WI-ZUID", "HANDH")),
    ("manager-zorg", "Teamleider Zorg en Jeugd", MANAGER, ("WMO", "JGD-OOST", "JGD-WEST", "SHV", "LLV")),
    ("wi-zuid-1", "Klantmanager WI-Zuid", PROFESSIONAL, ("WI-ZUID",)),
    ("wi-zuid-2", "Klantmanager WI-Zuid (2)", PROFESSIONAL, ("WI-ZUID",)),
    ("wi-noord-1", "Klantmanager WI-Noord", PROFESSIONAL, ("WI-NOORD",)),
    ("handh-1", "Handhaver", PROFESSIONAL, ("HANDH",)),
    ("wmo-1", "Wmo-consulent", PROFESSIONAL, ("WMO",)),
    ("jgd-oost-1", "Jeugdconsulent Oost", PROFESSIONAL, ("JGD-OOST",)),
    ("shv-1", "Schuldhulpverlener", PROFESSIONAL, ("SHV",)),
    ("llv-1", "Consulent leerlingenvervoer", PROFESSIONAL, ("LLV",)),
    ("beheerder", "Functioneel beheerder", BEHEERDER, ()),
)


def create_demo_users() -> int:
    """Create the demo accounts that do not exist yet; returns how many were added."""
    added = 0
    for username, display_name, role, teams in DEMO_USERS:
        try:
            create_user("setup", username, role, teams, password=DEMO_PASSWORD,
                        display_name=display_name)
            added += 1
        except AccountError:
            continue  # already there: a second set-up changes nothing
    return added


def demo_viewer(username: str) -> Viewer:
    """The Viewer a demo account logs in as (for tests and benchmarks that skip the login)."""
    for name, display_name, role, teams in DEMO_USERS:
        if name == username:
            return Viewer(name, role, teams, display_name)
    raise KeyError(username)


# One demo account per role: who a test or a benchmark opens the dashboard as.
ROLE_EXAMPLES = {RAAD: "wethouder", MANAGER: "manager-participatie", PROFESSIONAL: "wi-zuid-1",
                 BEHEERDER: "beheerder"}


def viewer_per_role() -> dict[str, Viewer]:
    return {role: demo_viewer(name) for role, name in ROLE_EXAMPLES.items()}
