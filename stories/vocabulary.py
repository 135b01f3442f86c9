"""The fixed tag vocabulary for stories (DOMAIN.md), as codes with their Dutch labels."""

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
VISIBILITIES = {
    "team": "Team",
    "organisatie": "Organisatie",
    "raad": "Raad en college",
}
STATUSES = {
    "concept": "Concept",
    "ter_beoordeling": "Ter beoordeling",
    # A colleague approved a story for the council; a manager of the team still has to publish it.
    "wacht_op_manager": "Goedgekeurd, wacht op manager",
    "gepubliceerd": "Gepubliceerd",
    "teruggestuurd": "Teruggestuurd",
    "ingetrokken": "Ingetrokken",
}
