"""The project's codes, each declared once with its Dutch label: story tags, statuses and
visibility (DOMAIN.md), audit actions and load statuses. Code uses the constants, never the literal."""

NOTE_KINDS = {
    "registratie": "Registratie- of meetartefact",
    "beleidswijziging": "Beleidswijziging",
    "uitvoeringspraktijk": "Uitvoeringspraktijk",
    "ervaring_inwoner": "Ervaring van de inwoner",
    "werkdruk": "Werkdruk",
}
DILEMMAS = {
    "maatwerk_gelijkheid": "Maatwerk of gelijke behandeling",
    "zorg_recht": "Zorgethiek of rechtenethiek",
    "autonomie_veiligheid": "Autonomie of veiligheid",
    "zorgen_activeren": "Zorgen of activeren",
    "vertrouwen_controle": "Vertrouwen of controle",
}
STRATEGIES = {
    "aanpassing": "Aanpassing (de regel volgen)",
    "sluikwerk": "Sluikwerk (er stil omheen werken)",
    "normatieve_professionalisering": "Normatieve professionalisering (bespreekbaar maken)",
}
VALUES = {
    "gelijkheid": "Gelijkheid",
    "rechtmatigheid": "Rechtmatigheid",
    "eigen_kracht": "Eigen kracht",
    "autonomie": "Autonomie",
    "menselijkheid": "Menselijkheid",
    "respect": "Respect",
    "betrouwbaarheid": "Betrouwbaarheid",
}

# Who may read a story once it is published.
TEAM, ORGANISATION, COUNCIL = "team", "organisatie", "raad"
VISIBILITIES = {
    TEAM: "Team",
    ORGANISATION: "Organisatie",
    COUNCIL: "Raad en college",
}

# A story's status: the status of its latest event (stories/service.py moves it along).
CONCEPT, SUBMITTED, AWAITING_MANAGER, PUBLISHED, RETURNED, WITHDRAWN = (
    "concept",
    "ter_beoordeling",
    "wacht_op_manager",
    "gepubliceerd",
    "teruggestuurd",
    "ingetrokken",
)
STATUSES = {
    CONCEPT: "Concept",
    SUBMITTED: "Ter beoordeling",
    # A colleague approved a story for the council; a manager of the team still has to publish it.
    AWAITING_MANAGER: "Goedgekeurd, wacht op manager",
    PUBLISHED: "Gepubliceerd",
    RETURNED: "Teruggestuurd",
    WITHDRAWN: "Ingetrokken",
}

# The outcome of a data load, as the load log (etl/load_log.py) stores it.
LOAD_OK, LOAD_REFUSED, LOAD_FAILED = "geslaagd", "afgewezen", "mislukt"
LOAD_STATUSES = {
    LOAD_OK: "Geslaagd",
    LOAD_REFUSED: "Afgewezen",
    LOAD_FAILED: "Mislukt",
}

# Audit actions (stories/audit.py). The codes are Dutch; `export_csv` and `export_briefing`
# predate that rule and stay as they are: each stored record's hash (stories/audit_chain.py)
# covers its action, so rewriting stored rows would break the chain the log relies on.
LOGIN = "inloggen"
LOGIN_FAILED = "inloggen_mislukt"
LOGIN_BLOCKED = "inloggen_geblokkeerd"  # a locked account or address tried again
LOGIN_LOCKED = "inloggen_vergrendeld"  # too many failures locked a name or address
LOGIN_UNLOCKED = "inloggen_vrijgegeven"
LOGOUT = "uitloggen"
SESSION_EXPIRED = "sessie_verlopen"
SESSION_ENDED = "sessie_beeindigd"
USER_CREATED = "gebruiker_aangemaakt"
USER_ENABLED = "gebruiker_ingeschakeld"
USER_DISABLED = "gebruiker_uitgeschakeld"
STORY_CREATED = "verhaal_aangemaakt"
STORY_EDITED = "verhaal_bewerkt"
STORY_SUBMITTED = "verhaal_ingediend"
STORY_APPROVED = "verhaal_goedgekeurd"  # for the council: a manager of the team still publishes
STORY_PUBLISHED = "verhaal_gepubliceerd"
STORY_RETURNED = "verhaal_teruggestuurd"
STORY_WITHDRAWN = "verhaal_ingetrokken"
STORY_IMPORTED = "verhaal_geimporteerd"
DATA_LOADED = "data_geladen"
DATA_REFUSED = "data_afgewezen"
NORM_CHANGED = "norm_gewijzigd"
DEFINITION_CHANGED = "definitie_gewijzigd"
EXPORT_CSV = "export_csv"
EXPORT_BRIEFING = "export_briefing"
BACKUP_MADE = "backup_gemaakt"
RESTORE_DONE = "herstel_uitgevoerd"
AUDIT_ACTIONS = {
    LOGIN: "Ingelogd",
    LOGIN_FAILED: "Inloggen mislukt",
    LOGIN_BLOCKED: "Inloggen geweigerd (geblokkeerd)",
    LOGIN_LOCKED: "Inloggen geblokkeerd na te veel pogingen",
    LOGIN_UNLOCKED: "Inloggen vrijgegeven",
    LOGOUT: "Uitgelogd",
    SESSION_EXPIRED: "Sessie verlopen",
    SESSION_ENDED: "Sessie beëindigd",
    USER_CREATED: "Gebruiker aangemaakt",
    USER_ENABLED: "Gebruiker ingeschakeld",
    USER_DISABLED: "Gebruiker uitgeschakeld",
    STORY_CREATED: "Verhaal aangemaakt",
    STORY_EDITED: "Verhaal bewerkt",
    STORY_SUBMITTED: "Verhaal ingediend",
    STORY_APPROVED: "Verhaal goedgekeurd, wacht op manager",
    STORY_PUBLISHED: "Verhaal gepubliceerd",
    STORY_RETURNED: "Verhaal teruggestuurd",
    STORY_WITHDRAWN: "Verhaal ingetrokken",
    STORY_IMPORTED: "Verhaal geïmporteerd",
    DATA_LOADED: "Data geladen",
    DATA_REFUSED: "Data afgewezen",
    NORM_CHANGED: "Norm gewijzigd",
    DEFINITION_CHANGED: "Definitie gewijzigd",
    EXPORT_CSV: "Cijfers geëxporteerd (CSV)",
    EXPORT_BRIEFING: "Briefing geëxporteerd",
    BACKUP_MADE: "Back-up gemaakt",
    RESTORE_DONE: "Herstel uitgevoerd",
}
