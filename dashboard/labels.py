"""Every piece of Dutch text the dashboard shows that is not data: titles, labels, messages."""

APP_TITLE = "Achter de cijfers"
SYNTHETIC_NOTE = "Voorbeeldgemeente Koggenwaard — alle gegevens zijn verzonnen."

# Navigation sections, by audience.
SECTION_RAAD = "Raad en college"
SECTION_MANAGEMENT = "Management"
SECTION_PROFESSIONAL = "Professional"
SECTION_DATA = "Over de data"

# Page titles (each page shows its own title; the smoke tests assert them).
TITLE_OVERVIEW = "Overzicht per thema"
TITLE_BUDGET = "Budget"
TITLE_DECISIONS = "Besluiten"
TITLE_CASELOAD = "Caseload en normen"
TITLE_COVERAGE = "Cijfers zonder verhaal"
TITLE_STORIES = "Verhalen"
TITLE_ADD_STORY = "Verhaal toevoegen"
TITLE_DATA = "Over de data"
TITLE_REVIEW = "Beoordelen"
TITLE_BRIEFING = "Commissiebriefing"
TITLE_ADMIN = "Beheer"
TITLE_AUDIT = "Auditlog"
SECTION_ADMIN = "Beheer"

# Sidebar filters.
FILTERS_HEADER = "Wat wilt u zien?"
TITLE_LOGIN = "Inloggen"
USERNAME = "Gebruikersnaam"
PASSWORD = "Wachtwoord"
LOGIN = "Inloggen"
LOGIN_SSO = "Inloggen met uw organisatie-account"
LOGOUT = "Uitloggen"
LOGGED_IN_AS = "Ingelogd als **{name}** · {role}"
SESSION_EXPIRED = "Uw sessie is verlopen omdat u een tijd niets heeft gedaan. Log opnieuw in."
SSO_UNKNOWN = ("U bent aangemeld, maar uw e-mailadres is niet bekend in Achter de cijfers. "
               "Vraag de functioneel beheerder om een account.")
THEME = "Thema"
PERIOD = "Peilmaand"
PERIOD_HELP = "De maand waarover de tegels gaan; de grafieken lopen tot en met deze maand."
FROM_YEAR = "Grafieken vanaf"
TEAM = "Team"
ALL_TEAMS = "Alle teams"
SHARE_HINT = "Kopieer de adresregel om precies deze weergave te delen."

# Messages when the address holds something we cannot use.
INVALID_VALUE = "'{value}' is geen geldige keuze voor {what}; we tonen {fallback}."
TEAM_NOT_IN_THEME = "Team {team} hoort niet bij het thema {theme}; we tonen alle teams."

# Tiles and figures.
CHANGE_LAST_YEAR = "t.o.v. {period}"
NO_VALUE = "Geen gegevens"
SUPPRESSED_SHORT = "Niet getoond: berekend over minder dan {threshold} inwoners of besluiten"
SUPPRESSED_HELP = ("Niet getoond: het aantal waarop dit cijfer rust is kleiner dan {threshold}. "
                   "Zo blijven inwoners onherkenbaar.")
STATUS = {"voorlopig": "Voorlopig", "definitief": "Definitief"}
DATA_THROUGH = "gegevens t/m {date}"
NORM_BAND = "Norm {low}–{high} per fte"
NORM_SINGLE = "Norm {value} per fte"
BUDGET_LINE = "Gewijzigde begroting {amount}"
OVERSPEND = "nadelig (overschrijding)"
UNDERSPEND = "voordelig (onderbesteding)"
ADD_STORY = "Voeg een verhaal toe aan dit cijfer"
CHOOSE_FIGURE = "Kies een cijfer"
SHOW_TREND = "Toon verloop en verhalen"
TEAMS_OVER_NORM = "Teams boven de norm"

# About a figure.
ABOUT_FIGURE = "Over dit cijfer"
DEFINITION = "Definitie"
SOURCE = "Bron"
OWNER = "Eigenaar"
PEILDATUM = "Gegevens tot en met"
UNIT = "Eenheid"
HIGHER_IS_BETTER = {True: "Hoger is beter", False: "Lager is beter", None: "Geen oordeel: hoger is niet vanzelf beter of slechter"}

# Stories.
STORIES_BESIDE = "Verhalen bij dit cijfer"
NO_STORIES = "Nog geen verhalen bij dit cijfer — voeg er een toe."
NO_STORIES_FOUND = "Geen verhalen gevonden met deze keuzes."
CHOOSE_STORY = "Kies een verhaal"
CHOOSE_STORY_HELP = "U kunt ook op een oranje markering in de grafiek klikken."
NO_STORY_CHOSEN = "Geen verhaal gekozen"
STORY_MARKERS_NOTE = "Oranje markeringen in de grafiek zijn verhalen; klik erop om het verhaal te lezen."
STORY_ABOUT = "Over {figure}, {period}"
STORY_WRITTEN = "Geschreven op {date} door {author}"
STORY_FIGURE_THEN = "Waarde toen het verhaal werd geschreven: {then}"
STORY_FIGURE_NOW = "nu: {now}"
STORY_STATUS = "Status"
STORY_VISIBILITY = "Zichtbaar voor"
STORY_TEAM = "Team"
STORY_NOTE_KIND = "Soort toelichting"
STORY_DILEMMAS = "Dilemma's"
STORY_STRATEGY = "Aanpak"
STORY_VALUES = "Waarden"
STORY_FREE_TAGS = "Trefwoorden"

# Charts and tables.
TAB_CHART = "Grafiek"
TAB_TABLE = "Tabel"
DOWNLOAD_CSV = "Download als CSV"
AXIS_PERIOD = "Periode"
AXIS_MONTH = "Maand"
AXIS_QUARTER = "Kwartaal"
LEGEND_TEAM = "Team"
LEGEND_SERIES = "Reeks"
NORM_LEGEND = "Normband"
STORY_LEGEND = "Verhaal"

# Errors.
FIGURES_MISSING = ("Er zijn nog geen cijfers geladen. Vraag de functioneel beheerder om de cijfers "
                   "te laden (python -m etl build).")
STORES_BUSY = "De verhalen zijn even niet bereikbaar; probeer het over een paar seconden opnieuw."

# Commissiebriefing (page and documents).
BRIEFING_INTRO = ("Stel de briefing samen die u meeneemt naar de raadscommissie: de cijfers van het "
                  "thema met de gepubliceerde verhalen ernaast, en uw vragen voor de commissie.")
BRIEFING_AUDIENCE_NOTE = ("De briefing is voor de raadscommissie: kleine aantallen (minder dan "
                          "{threshold}) worden niet getoond en alleen verhalen die voor de raad zijn "
                          "gepubliceerd komen erin, ook als u zelf meer mag zien.")
BRIEFING_TEAM_NOTE = "De briefing gaat over het hele thema; de teamkeuze in de zijbalk telt hier niet mee."
BRIEFING_FIGURES = "Cijfers"
BRIEFING_FIGURES_HELP = ("Vink uit wat niet mee moet en geef met 'Volgorde' de volgorde in de briefing "
                         "aan (laag eerst).")
BRIEFING_INCLUDE = "Opnemen"
BRIEFING_ORDER = "Volgorde"
BRIEFING_FIGURE = "Cijfer"
BRIEFING_LATEST = "Laatste waarde"
BRIEFING_STORIES = "Verhalen"
BRIEFING_STORIES_HELP = "Gepubliceerde verhalen bij de gekozen cijfers, van {start} tot en met {end}."
BRIEFING_NO_STORIES = "Geen gepubliceerde verhalen voor de raad bij de gekozen cijfers in deze periode."
BRIEFING_QUESTIONS = "Vragen voor de commissie"
BRIEFING_QUESTIONS_HELP = "Eén vraag per regel. Ze komen op een eigen pagina in de briefing."
BRIEFING_BUILD = "Briefing opstellen"
BRIEFING_BUILDING = "Briefing opstellen…"
BRIEFING_READY = "De briefing is klaar: {figures} cijfers, {stories} verhalen, {questions} vragen, {pages} pagina's."
BRIEFING_STALE = "U hebt de keuzes veranderd. Stel de briefing opnieuw op om de nieuwe versie te downloaden."
BRIEFING_NOTHING = "Kies ten minste één cijfer."
BRIEFING_DOWNLOAD_PDF = "Download PDF"
BRIEFING_DOWNLOAD_MD = "Download Markdown"
BRIEFING_PREVIEW = "Voorbeeld van de tekst (Markdown, voor een raadsinformatiebrief)"
BRIEFING_LINK = "Maak een commissiebriefing"
BRIEFING_FONT_MISSING = ("Het lettertype DejaVu Sans ontbreekt ({path}); zonder dat lettertype kan de PDF "
                         "niet alle Nederlandse tekens tonen. Installeer het pakket fonts-dejavu-core.")
