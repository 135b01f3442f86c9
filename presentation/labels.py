"""Every piece of Dutch text the dashboard shows that is not data: titles, labels, messages."""

from etl.disclosure import SHARE_MIN_BASE

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
SSO_UNKNOWN = (
    "U bent aangemeld, maar uw e-mailadres is niet bekend in Achter de cijfers. "
    "Vraag de functioneel beheerder om een account."
)
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
DISCLOSURE_METHOD = (
    "De cijfers gaan over kwetsbare inwoners. Daarom ziet de raad ze zoals het CBS ze publiceert:\n\n"
    "- **Afgerond op {base}.** Elk aantal wordt één keer afgerond op een veelvoud van {base}, op het "
    "fijnste niveau (per maand, team en regeling). Een aantal als 7 wordt meestal 5 en soms 10, "
    "met een kans die afhangt van hoe dichtbij het ligt; opgeteld over veel cellen klopt het "
    "gemiddeld. Kwartalen, jaren, totalen, percentages en caseload per fte worden uit die "
    "afgeronde aantallen berekend. Wie totalen, perioden of percentages van elkaar aftrekt, komt "
    "dus altijd uit op afgeronde aantallen, nooit op het echte aantal.\n"
    "- **Kleine aantallen niet getoond.** Een aantal onder de {threshold} wordt niet getoond, ook "
    "niet als doorlooptijd die erop berust; een percentage pas vanaf {share_min} aanvragen of "
    "besluiten, want over minder is het vooral afrondingsruis. Een verhaal bij een niet getoond "
    "cijfer ook niet. Is een maand te klein, dan ziet u het kwartaal of het jaar.\n"
    "- **Bedragen niet.** Begrotingsbedragen gaan niet over personen en worden niet afgerond.\n\n"
    "Managers, professionals en de beheerder zien de echte aantallen. Daardoor kan een cijfer "
    "voor de raad iets afwijken van wat een team zelf telt."
)
LATEST_MONTH = "{period}, de laatste maand met gegevens voor dit cijfer"
COARSER_PERIOD = "{period} (de maand {month} is te klein om apart te tonen)"
COARSER_TREND = {
    "quarter": "Per kwartaal: de maandcijfers rusten hier op te weinig inwoners of besluiten.",
    "year": "Per jaar: de maand- en kwartaalcijfers rusten hier op te weinig inwoners of besluiten.",
}
SUPPRESSED_HELP = (
    "Niet getoond: het aantal waarop dit cijfer rust is kleiner dan {threshold} "
    f"(bij een percentage: kleiner dan {SHARE_MIN_BASE}). Zo blijven inwoners "
    "onherkenbaar."
)
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
HIGHER_IS_BETTER = {
    True: "Hoger is beter",
    False: "Lager is beter",
    None: "Geen oordeel: hoger is niet vanzelf beter of slechter",
}

# Stories.
STORIES_BESIDE = "Verhalen bij dit cijfer"
NO_STORIES = "Nog geen verhalen bij dit cijfer."  # staff get the link to add one below it
NO_STORIES_FOUND = "Geen verhalen gevonden met deze keuzes."
PICKER_NEWEST = (
    "De {shown} nieuwste van {total} verhalen staan hieronder; kies een markering in de "
    "grafiek voor een ander verhaal, of zoek ze allemaal op de pagina Verhalen."
)
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
FIGURES_MISSING = (
    "Er zijn nog geen cijfers geladen. Vraag de functioneel beheerder om de cijfers te laden (python -m etl build)."
)
STORES_BUSY = "De verhalen zijn even niet bereikbaar; probeer het over een paar seconden opnieuw."

# Commissiebriefing (page and documents).
BRIEFING_INTRO = (
    "Stel de briefing samen die u meeneemt naar de raadscommissie: de cijfers van het "
    "thema met de gepubliceerde verhalen ernaast, en uw vragen voor de commissie."
)
BRIEFING_AUDIENCE_NOTE = (
    "De briefing is voor de raadscommissie: kleine aantallen (minder dan "
    "{threshold}) worden niet getoond en alleen verhalen die voor de raad zijn "
    "gepubliceerd komen erin, ook als u zelf meer mag zien."
)
BRIEFING_TEAM_NOTE = "De briefing gaat over het hele thema; de teamkeuze in de zijbalk telt hier niet mee."
BRIEFING_FIGURES = "Cijfers"
BRIEFING_FIGURES_HELP = "Vink uit wat niet mee moet en geef met 'Volgorde' de volgorde in de briefing aan (laag eerst)."
BRIEFING_INCLUDE = "Opnemen"
BRIEFING_ORDER = "Volgorde"
BRIEFING_FIGURE = "Cijfer"
BRIEFING_LATEST = "Laatste waarde"
BRIEFING_STORIES = "Verhalen"
BRIEFING_STORIES_HELP = "Gepubliceerde verhalen bij de gekozen cijfers, van {start} tot en met {end}."
BRIEFING_STORIES_NEWEST = (
    "De {shown} nieuwste van {total} verhalen bij dit cijfer; de {ticked} nieuwste "
    "zijn aangevinkt. De andere vindt u op de pagina Verhalen."
)
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
BRIEFING_DOWNLOAD_DOCX = "Download Word (toegankelijk)"
BRIEFING_DOCX_HELP = (
    "Dezelfde briefing als Word-document, met echte koppen, tabellen met kopregels en "
    "beschrijvingen bij de grafieken: leesbaar met een schermlezer en te bewerken."
)
BRIEFING_PREVIEW = "Voorbeeld van de tekst (Markdown, voor een raadsinformatiebrief)"
BRIEFING_LINK = "Maak een commissiebriefing"
BRIEFING_FONT_MISSING = (
    "Het lettertype DejaVu Sans ontbreekt ({path}); zonder dat lettertype kan de PDF "
    "niet alle Nederlandse tekens tonen. Installeer het pakket fonts-dejavu-core."
)

# --- Story pages: writing a story, the privacy check, review, history and search.
ADD_STORY_INTRO = (
    "Schrijf wat achter dit cijfer zit: wat u in de praktijk ziet, welk dilemma speelde "
    "en wat u deed. Een collega leest mee voordat het verhaal verder gaat dan uw team."
)
ADD_STORY_COUNCIL = (
    "Verhalen worden geschreven door professionals en managers; de raad leest ze als ze zijn gepubliceerd."
)
ADD_STORY_NOT_WRITER = "Alleen professionals en managers schrijven verhalen."
STORY_FIGURE_HEADER = "1. Bij welk cijfer hoort het verhaal?"
STORY_TEXT_HEADER = "2. Het verhaal"
STORY_TAGS_HEADER = "3. Labels en zichtbaarheid"
PRIVACY_HEADER = "4. Controle op persoonsgegevens"
STORY_SAVE_HEADER = "5. Opslaan"
FIELD_METRIC = "Cijfer"
FIELD_METRIC_PLACEHOLDER = "Kies een cijfer"
FIELD_PERIOD = "Periode"
FIELD_TEAM = "Team"
FIELD_REGELING = "Regeling"
FIELD_TAAKVELD = "Taakveld"
FIELD_NONE = "—"
FIELD_TITLE = "Titel"
FIELD_TITLE_HELP = "Kort en zonder namen: wat zou een raadslid moeten weten?"
FIELD_BODY = "Tekst"
FIELD_BODY_HELP = (
    "Geen naam, BSN, adres, geboortedatum, telefoonnummer, e-mailadres of rekeningnummer "
    "van een inwoner. De controle hieronder helpt, maar lees zelf ook na."
)
FIELD_NOTE_KIND = "Soort toelichting"
FIELD_NOTE_KIND_HELP = "Zo weet een lezer wat het cijfer verklaart."
FIELD_NOTE_KIND_PLACEHOLDER = "Kies wat voor toelichting het is"
FIELD_DILEMMAS = "Dilemma's"
FIELD_STRATEGY = "Aanpak"
FIELD_STRATEGY_HELP = "Hoe ging u met het dilemma om? (Kunneman)"
FIELD_VALUES = "Waarden die op het spel stonden"
FIELD_FREE_TAGS = "Trefwoorden"
FIELD_FREE_TAGS_HELP = "Eigen trefwoorden, gescheiden door komma's (bijvoorbeeld: wachtlijst, herindeling)."
FIELD_VISIBILITY = "Zichtbaar voor (na publicatie)"
FIELD_VISIBILITY_HELP = (
    "Team: alleen uw team. Organisatie: alle medewerkers. Raad en college: ook de "
    "raad, behalve naast cijfers die voor de raad verborgen zijn."
)
FIGURE_NOW = "Waarde nu: **{value}** ({status}) · {period}"
FIGURE_NOW_SUPPRESSED = "Dit cijfer wordt voor de raad niet getoond (kleine aantallen)."
FIGURE_NO_CELL = (
    "Voor deze combinatie is er geen cijfer. U kunt het verhaal toch opslaan; het wordt dan "
    "zonder waarde van het cijfer bewaard."
)
FIGURE_SCOPE_NEEDED = "Kies een {what}: daarmee komt het verhaal bij het juiste thema en het juiste cijfer te staan."
FIGURE_RECORDED = (
    "Bij het opslaan wordt deze waarde bij het verhaal bewaard, zodat een latere herziening zichtbaar wordt."
)
EDITING_STORY = (
    "U bewerkt **{title}** (versie {version}, {status}). Opslaan maakt een nieuwe versie; eerdere "
    "versies blijven bewaard."
)
STORY_RETURNED_REASON = "Teruggestuurd door {actor} op {date}: **{reason}**"
STORY_NOT_FOUND = "Dit verhaal bestaat niet, of u mag het niet zien."
STORY_NOT_EDITABLE = "Dit verhaal is {status} en kan niet meer worden bewerkt."
STORY_UNDER_REVIEW = (
    "Dit verhaal staat ter beoordeling bij een collega. Stuurt die het terug, dan kunt u het hier weer bewerken."
)
FIELD_CHOOSE_SOME = "Kies er een of meer"
STORY_NOT_YOURS = "Alleen de schrijver of een manager van het team kan dit verhaal bewerken."
NEW_STORY = "Nieuw verhaal schrijven"
PRIVACY_STARTING = "De controle op persoonsgegevens wordt gestart…"
PRIVACY_CHECK = "Controleer op persoonsgegevens"
PRIVACY_NOT_YET = "Controleer de tekst voordat u het verhaal ter beoordeling aanbiedt."
PRIVACY_CLEAN = (
    "Geen persoonsgegevens gevonden. De controle is een hulpmiddel en mist soms iets "
    "(zoals namen van instellingen of straten): lees zelf ook na."
)
PRIVACY_FOUND = (
    "{n} mogelijk persoonsgegeven(s) gevonden. Vervang ze door een aanduiding of markeer "
    "ze met een reden als onschuldig. Zolang er een open staat, blijft het verhaal binnen uw team."
)
PRIVACY_OPEN = "Nog open: {n}. Als onschuldig gemarkeerd: {harmless}."
PRIVACY_IN_TITLE = "In de titel:"
PRIVACY_REPLACE = "Vervang door {placeholder}"
PRIVACY_HARMLESS = "Markeer als onschuldig"
PRIVACY_HARMLESS_REASON = "Waarom is dit geen persoonsgegeven?"
PRIVACY_HARMLESS_PLACEHOLDER = "bijvoorbeeld: zaaknummer, geen telefoonnummer"
PRIVACY_REASON_NEEDED = "Geef een reden; zonder reden blijft de bevinding open."
PRIVACY_REPLACE_SELECTED = "Vervang geselecteerde"
PRIVACY_REPLACED = "{n} bevinding(en) vervangen door een aanduiding."
PRIVACY_NOTHING_SELECTED = "Er is niets geselecteerd om te vervangen."
SAVE_DRAFT = "Opslaan als concept"
SAVE_AND_SUBMIT = "Opslaan en ter beoordeling aanbieden"
SAVE_HELP = "Een concept kunt u altijd opslaan, ook met open bevindingen; het blijft binnen uw team."
SAVED_DRAFT = "Opgeslagen als concept (versie {version})."
SAVED_OPEN_FINDINGS = (
    "Er staan nog {n} bevinding(en) open: het verhaal blijft binnen uw team tot ze zijn "
    "vervangen of als onschuldig gemarkeerd."
)
SUBMITTED = (
    "Opgeslagen (versie {version}) en ter beoordeling aangeboden. Een collega leest het en "
    "publiceert het of stuurt het terug met een reden."
)
SAVED_NOT_SUBMITTED = "Versie {version} is opgeslagen als concept, maar niet ter beoordeling aangeboden."
OPEN_STORY = "Bekijk het verhaal"
TO_REVIEW_PAGE = "Naar beoordelen en mijn verhalen"
EDIT_STORY = "Bewerken"

REVIEW_INTRO = (
    "Publiceren vraagt een tweede paar ogen: u kunt een verhaal publiceren of terugsturen "
    "als u er geen versie van hebt geschreven. Bij voorkeur leest iemand uit een andere discipline mee. "
    "Een verhaal voor de raad gaat na uw goedkeuring nog langs een manager van het team."
)
REVIEW_QUEUE = "Ter beoordeling"
REVIEW_QUEUE_EMPTY = "Er wachten geen verhalen op beoordeling."
REVIEW_OWN = "Wacht op een collega: u kunt uw eigen verhaal niet publiceren of terugsturen."
REVIEW_DISCIPLINE_OTHER = "U werkt in een andere discipline ({reviewer}) dan de schrijver ({author})."
REVIEW_DISCIPLINE_SAME = "U werkt in dezelfde discipline als de schrijver ({author})."
REVIEW_HARMLESS = "De schrijver markeerde als onschuldig:"
REVIEW_PUBLISH = "Publiceren"
REVIEW_RETURN = "Terugsturen"
REVIEW_RETURN_REASON = "Reden voor terugsturen (de schrijver ziet deze)"
REVIEW_PUBLISHED = "'{title}' is gepubliceerd ({visibility})."
REVIEW_RETURNED = "'{title}' is teruggestuurd naar {author}."
REVIEW_AWAITING_MANAGER = (
    "'{title}' is goedgekeurd. Omdat het voor de raad is, beslist nu een manager "
    "van team {team} of het gepubliceerd wordt."
)
REVIEW_NEEDS_MANAGER = (
    "Voor de raad: na uw goedkeuring beslist een manager van team {team} of het verhaal gepubliceerd wordt."
)
REVIEW_MANAGER_STEP = (
    "Goedgekeurd door {reviewer}. Het is voor de raad: als manager van team {team} "
    "publiceert u het of stuurt u het terug."
)
MY_STORIES = "Mijn verhalen"
MY_STORIES_EMPTY = "U hebt nog geen verhalen geschreven."
TEAM_STORIES = "Verhalen van uw team(s)"
TEAM_STORIES_ALL = "Alle verhalen"
TEAM_STORIES_EMPTY = "Geen andere verhalen van uw team(s)."
HISTORY = "Geschiedenis"
HISTORY_NONE = "Geen geschiedenis beschikbaar."
HISTORY_EVENTS = "Wie deed wat, wanneer"
HISTORY_VERSIONS = "Versies"
HISTORY_DIFF = "Wijzigingen van versie {old} naar versie {new}:"
HISTORY_SAME_TEXT = "De tekst bleef gelijk; alleen labels, cijfer of zichtbaarheid kunnen zijn veranderd."
WITHDRAW = "Intrekken"
WITHDRAW_REASON = "Reden voor intrekken"
WITHDRAWN = "'{title}' is ingetrokken; het blijft in de geschiedenis bewaard."

SEARCH = "Zoek in de verhalen"
SEARCH_PLACEHOLDER = "bijvoorbeeld: wachtlijst aanvragen huisbezoek"
SEARCH_HELP = (
    "Zoekt in titel en tekst, ook naar andere vormen van een woord (aanvraag vindt ook "
    "aanvragen). Het beste resultaat staat bovenaan; de zoekwoorden zijn gemarkeerd."
)
SEARCH_RESULTS = "{n} verhalen gevonden voor '{query}', beste resultaat eerst"
SEARCH_RESULT_ONE = "1 verhaal gevonden voor '{query}'"
ONE_STORY = "U ziet één verhaal."
ALL_STORIES = "Toon alle verhalen"
FIGURE_REVISED = "Het cijfer is herzien: was {then}, nu {now}."
FIGURE_REVISED_BADGE = "Cijfer herzien"
FIGURE_REVISED_ROUNDED = "Het cijfer is herzien sinds het verhaal is geschreven; nu {now} (afgerond)."
FIGURE_REVISED_HELP = "Het verhaal is geschreven bij de oude waarde; de tekst kan daarover gaan."

# Beheer.
ADMIN_LOAD_INTRO = (
    "Upload één of meer bronbestanden (CSV of XLSX, met dezelfde namen als hieronder). "
    "Ze worden eerst gecontroleerd; pas als alles klopt, worden de cijfers opnieuw "
    "gebouwd. Bij een fout blijven de huidige cijfers en bestanden zoals ze waren, en "
    "ziet u elke afgewezen waarde. Verhalen worden nooit geraakt."
)
ADMIN_UPLOAD = "Bronbestanden"
ADMIN_UPLOAD_LIMITS = (
    "Alleen .csv of .xlsx, maximaal {mb} MB per bestand, met de naam van een bron uit de tabel hierboven."
)
ADMIN_UPLOAD_REFUSED = "Niet geladen: {n} bestand(en) geweigerd. De huidige cijfers en bronbestanden zijn ongewijzigd."
ADMIN_LOAD = "Controleren en laden"
ADMIN_REFUSED = "Niet geladen: {n} afgewezen waarde(n). De huidige cijfers zijn ongewijzigd."
ADMIN_LOADED = "Geladen: {rows} rijen in {seconds} s. De nieuwe cijfers zijn direct zichtbaar."
ADMIN_NORMS_INTRO = (
    "Er is geen landelijke caseloadnorm: de gemeente stelt ze zelf vast en herziet "
    "ze. Een nieuwe norm geldt vanaf de gekozen datum; eerdere normen blijven in de "
    "geschiedenis staan."
)
ADMIN_DEFINITIONS_INTRO = (
    "Een herziene definitie geldt vanaf de gekozen datum en staat overal waar het "
    "cijfer wordt uitgelegd; eerdere definities blijven in de geschiedenis staan."
)
EXPORT_NOT_AUDITED = (
    "De download is niet in het auditlog gezet: de opslag was bezet. Meld dit aan de functioneel beheerder."
)

# Sessions, errors and defaults (issue 14)
SESSION_ENDED = (
    "Uw sessie is beëindigd (uitgelogd in een ander venster, of uw account is gewijzigd "
    "of uitgeschakeld). Log opnieuw in."
)
LOGGED_OUT = "U bent uitgelogd. Niet opgeslagen invoer is gewist."
TO_LOGIN = "Naar inloggen"
SOMETHING_WENT_WRONG = (
    "Er ging iets mis (referentie {reference}). Probeer het opnieuw; blijft het "
    "gebeuren, geef de functioneel beheerder deze referentie door."
)
UNKNOWN_PAGE = "'{value}' is geen pagina van dit dashboard; we tonen het overzicht."
DEMO_PASSWORD_BANNER = (
    "Let op: {count} account(s) hebben nog het openbare demo-wachtwoord uit de "
    "README ({names}). Alleen bedoeld voor de voorbeelddata; geef ze een eigen "
    "wachtwoord of schakel ze uit voordat er echte gegevens in staan."
)
ADMIN_UNLOCK = "Inloggen vrijgeven"
ADMIN_UNLOCK_HELP = (
    "Na vijf mislukte pogingen binnen 15 minuten is inloggen voor een gebruikersnaam 15 "
    "minuten geblokkeerd. Hier geeft u het eerder vrij."
)
ADMIN_UNLOCKED = "Inloggen voor '{name}' is vrijgegeven."
ADMIN_NOT_LOCKED = "'{name}' was niet geblokkeerd; de mislukte pogingen zijn gewist."

# Stories first, like with like (issue 16)
WHOLE_THEME = "heel {theme}"
STORY_SCOPE_VALUE = "{scope}: {value}"
STORY_CHART_THEN = "{scope} toen: {value}"
STORY_REVISED_SCOPE = "Dat is de waarde voor {scope}; {chart}."
MARKER_STORY_VALUE = "Waarde in het verhaal"
MARKER_CHART_VALUE = "In de grafiek"
TILE_STORIES = {0: "Nog geen verhalen", 1: "1 verhaal"}
TILE_STORIES_MANY = "{n} verhalen"
TILE_STORIES_HELP = "Verhalen bij dit cijfer die u mag lezen, in de periode van de grafiek."
MY_TEAMS_OVER_NORM = "Uw teams boven de norm, in alle thema's"
MY_TEAMS_NONE_OVER = "Geen van uw teams zit in {period} boven de norm."
MY_TEAM_OVER = (
    "**{team}** ({theme}): {value} per fte, norm {norm} · boven de norm sinds {since} ({months} {months_word})"
)
SHOW_THEME = "Toon {team} in {theme}"
ALL_TEAMS_OVER_NORM = "Teams boven de norm, in alle thema's"

# Moved from the dashboard's modules (issue 17): every text a reader sees lives here.
# dashboard/components.py
ABOUT_JUDGEMENT = "Oordeel"
WHAT_STORY = "verhaal"
NORM_COLUMNS = {
    "role": "Rol",
    "norm_low": "Ondergrens",
    "norm_high": "Bovengrens",
    "unit": "Eenheid",
    "counting": "Telwijze",
    "valid_from": "Geldig vanaf",
    "valid_to": "Geldig tot en met",
    "rationale": "Onderbouwing",
}
LOAD_LOG_EMPTY = "Het laadlogboek is leeg: er is in deze map nog niet geladen."
LOAD_LOG_COLUMNS = {
    "finished_at": "Klaar om",
    "status": "Uitkomst",
    "seconds": "Seconden",
    "files": "Bestanden",
    "rejections": "Afgewezen waarden",
    "detail": "Toelichting",
}
LOAD_LOG_PER_FILE = "Per bestand"
LOAD_LOG_FILE_COLUMNS = {
    "finished_at": "Klaar om",
    "status": "Uitkomst",
    "file": "Bestand",
    "rows_read": "Gelezen",
    "rows_loaded": "Geladen",
    "rows_rejected": "Afgewezen regels",
}
LOAD_LOG_REJECTIONS = "Waarom regels werden afgewezen (laatste run met afwijzingen)"
# dashboard/story_components.py
HISTORY_EVENT_COLUMNS = {
    "status": "Status",
    "actor": "Door",
    "occurred_at": "Wanneer",
    "version": "Versie",
    "reason": "Reden",
    "other_discipline": "Andere discipline",
}
HISTORY_VERSION_COLUMNS = {
    "version": "Versie",
    "edited_by": "Door",
    "edited_at": "Wanneer",
    "title": "Titel",
    "visibility": "Zichtbaar voor",
    "figure_value": "Waarde cijfer",
    "unresolved_findings": "Open privacybevindingen",
}
# dashboard/peer_components.py
PEERS_TITLE = "Vergelijkbare gemeenten"
PEERS_TABLE_COLUMNS = ["Onderwerp", "Gemeente", "Aantal (CBS)", "Per 1.000 inwoners", "Periode", "CBS-tabel"]
PEERS_IN_BRIEFING = "De briefing krijgt ook de paragraaf '{title}': "
# dashboard/pagination.py
WHAT_PAGE_NUMBER = "het paginanummer"
FALLBACK_FIRST_PAGE = "de eerste pagina"
PAGE_OF = "Pagina (van {pages})"
# dashboard/filters.py (what a wrong value in the address was meant to be)
WHAT_THEME = "thema"
WHAT_PERIOD = "peilmaand"
WHAT_FROM_YEAR = "het beginjaar van de grafieken"
WHAT_TEAM = "team"
# dashboard/app_pages/over_de_data.py
DATA_GRAINS = {  # the grain of a figure as a reader says it (the catalog's grain is the code's name)
    "team_month": "per team per maand",
    "taakveld_quarter": "per taakveld per kwartaal",
    "theme_month": "per thema per maand",
    "regeling_month": "per regeling per maand",
}
DATA_INTRO = (
    " Elk cijfer komt uit de bronbestanden hieronder; verhalen staan apart en worden door het laden van"
    " cijfers nooit geraakt."
)
DATA_FRESHNESS = "Hoe vers zijn de gegevens?"
DATA_SOURCE_METRIC = "Bron: {source}"
DATA_THROUGH_HELP = "Gegevens tot en met"
DATA_LAST_LOADED = "Laatst geladen"
DATA_LOADED_AT = "om {time}"
DATA_UNKNOWN = "onbekend"
DATA_SOURCE_FILES = "Bronbestanden"
DATA_SOURCE_FILE_COLUMNS = {
    "source": "Bron",
    "file_name": "Bestand",
    "rows_read": "Gelezen regels",
    "rows_loaded": "Geladen regels",
    "sha256": "SHA-256",
}
DATA_SAME_HASH = "Dezelfde SHA-256 betekent precies hetzelfde bestand."
DATA_MEANINGS = "Wat betekent elk cijfer?"
DATA_UNIT = "Eenheid: {unit}"
DATA_SOURCE = "bron: {source}"
DATA_OWNER = "eigenaar: {owner}"
DATA_GRAIN = "niveau: {grain}"
DATA_GRAIN_JOIN = " en "
DATA_THROUGH_STATUS = "gegevens t/m {date} ({status})"
DATA_KEY = "sleutel {key}"
DATA_CATALOG_COLUMNS = {
    "metric_key": "Sleutel",
    "name": "Naam",
    "definition": "Definitie",
    "unit": "Eenheid",
    "source_system": "Bron",
    "owner": "Eigenaar",
    "data_through": "Gegevens t/m",
    "latest_status": "Status",
}
DATA_CATALOG_DOWNLOAD = "Download de catalogus als CSV"
DATA_SMALL_NUMBERS = "Kleine aantallen en afronding"
DATA_LOAD_LOG = "Laadlogboek"
DATA_TABLES = "Tabellen en kolommen"
DATA_TABLE_SUMMARY_COLUMNS = {"table_name": "Tabel", "table_comment": "Inhoud", "columns": "Kolommen"}
DATA_TABLE_COLUMNS = {"table_name": "Tabel", "column_name": "Kolom", "data_type": "Type", "column_comment": "Betekenis"}
DATA_TABLES_NOTE = "{tables} tabellen; de toelichtingen komen uit de database zelf (schema.sql en de marts)."
# dashboard/app_pages/dekking.py
COVERAGE_WINDOWS = {"3": "3 maanden", "6": "6 maanden", "12": "12 maanden"}
COVERAGE_WINDOW = "Recent is: de laatste"
WHAT_MONTHS = "aantal maanden"
COVERAGE_INTRO_MINE = "De cijfers van uw teams"
COVERAGE_INTRO_THEME = "De cijfers van de teams in {theme}"
COVERAGE_INTRO = (
    "{whose}: verhalen over {start} t/m {end}. "
    "Een cijfer zonder verhaal kan in orde zijn; het kan ook betekenen dat niemand het heeft uitgelegd."
)
COVERAGE_EMPTY = "Geen cijfers om te tonen."
COVERAGE_FIGURES = "Cijfers"
COVERAGE_UNCOVERED = "Zonder recent verhaal"
COVERAGE_IN_PROGRESS = "Met een verhaal in behandeling"
COVERAGE_URGENT = "Boven de norm en geen recent verhaal over de caseload: {teams}."
COVERAGE_COLUMNS = {
    "name": "Cijfer",
    "theme_code": "Thema",
    "team_code": "Team",
    "published": "Gepubliceerd",
    "in_progress": "In behandeling",
    "last_period": "Laatste verhaal over",
    "uncovered": "Signaal",
}
COVERAGE_WHOLE_THEME = "heel thema"
COVERAGE_NO_RECENT = "Geen recent verhaal"
COVERAGE_ADD = "Een verhaal toevoegen"
COVERAGE_ADD_FIRST = "Bij de eerste cijfers zonder recent verhaal:"
# dashboard/app_pages/raad_overzicht.py
OVERVIEW_TEAMS_OF = "{over} van {shown}"
OVERVIEW_OVER_NORM_BADGE = "boven de norm"
OVERVIEW_TEAM_OVER = "**{team}**: {value} per fte (norm {norm}), sinds {since}"
OVERVIEW_PER_TEAM = "{period} · per team, tegen de norm van de rol"
OVERVIEW_TO_CASELOAD = "Naar caseload en normen"
OVERVIEW_ROLES_DIFFER = "De teams hebben verschillende rollen en dus verschillende normen: zie Caseload en normen."
OVERVIEW_CASELOAD_COLUMNS = {
    "period_start": "Maand",
    "team_code": "Team",
    "value": "Caseload per fte",
    "norm_low": "Norm ondergrens",
    "norm_high": "Norm bovengrens",
}
OVERVIEW_TREND_COLUMNS = {"period": "Periode", "status": "Status", "n_basis": "Aantal waarover berekend"}
OVERVIEW_HIDDEN = "{hidden} periode(s) niet getoond: minder dan {threshold} inwoners of besluiten."
OVERVIEW_BUDGET_REFERENCE = "Precies volgens de gewijzigde begroting"
OVERVIEW_TERM_REFERENCE = "Wettelijke termijn: {days} dagen"
# dashboard/app_pages/caseload.py
CASELOAD_INTRO = (
    "{theme} · peilmaand {period} · actieve dossiers op de peildatum per bezette fte, tegen de norm die op die"
    " datum gold"
)
CASELOAD_EMPTY = "Geen caseloadcijfers voor dit thema in deze maand."
CASELOAD_OVER_BADGE = "boven de norm"
CASELOAD_OVER_SINCE = "Norm {norm} {unit} per fte · boven de norm sinds {since} ({months} maanden)"
CASELOAD_WITHIN = "Norm {norm} {unit} per fte · binnen of onder de norm"
CASELOAD_NOW_OVER = " — nu boven de norm"
CASELOAD_CHART_TITLE = "Caseload per fte — {role}"
CASELOAD_Y_TITLE = "Dossiers per fte"
CASELOAD_COLUMNS = {
    "month": "Maand",
    "team_code": "Team",
    "active_dossiers": "Actieve dossiers",
    "occupied_fte": "Bezette fte",
    "caseload_per_fte": "Caseload per fte",
    "norm_low": "Norm ondergrens",
    "norm_high": "Norm bovengrens",
    "is_over_norm": "Boven de norm",
}
CASELOAD_NORM_BAND = "Het gekleurde vlak is de normband die op dat moment gold."
CASELOAD_STORIES = "Werkdrukverhalen"
CASELOAD_OVER_FIRST = "Eerst de verhalen van teams boven de norm: {teams}."
CASELOAD_NORMS = "De normen en hun geschiedenis"
CASELOAD_NORMS_INTRO = (
    "Er is geen landelijke norm: de gemeente stelt de norm zelf vast en stelt hem bij. "
    "Hieronder elke norm die gold, met de onderbouwing."
)
CASELOAD_NORM_UNTIL = "t/m {date}"
CASELOAD_NORM_CURRENT = "nu geldig"
CASELOAD_NORM_LINE = "**{role}: {band} {unit} per fte** · vanaf {since}, {until}"
CASELOAD_COUNTING = "Telwijze: {counting}"
# dashboard/app_pages/verhalen.py
STORIES_TEAM = ", team {team}"
STORIES_INTRO = "{theme}{team} · verhalen over {from_year} t/m {period}"
STORIES_COUNCIL_ONLY = " · alleen verhalen die voor de raad zijn gepubliceerd"
STORIES_ALL_FIGURES = "Alle cijfers"
STORIES_FIGURE = "Cijfer"
WHAT_FIGURE = "cijfer"
STORIES_ALL_TAGS = "Alle labels"
STORIES_TAG_KIND = "Soort: {tag}"
STORIES_TAG_DILEMMA = "Dilemma: {tag}"
STORIES_TAG_STRATEGY = "Aanpak: {tag}"
STORIES_TAG_VALUE = "Waarde: {tag}"
STORIES_TAG = "Label"
WHAT_TAG = "label"
STORIES_STATUS = "Status"
STORIES_ALL_STATUSES = "Alle statussen"
WHAT_STATUS = "status"
STORIES_COUNT = {1: "**1 verhaal**"}
STORIES_COUNT_MANY = "**{n} verhalen**"
STORIES_EXPORT_COLUMNS = {
    "title": "Titel",
    "metric_key": "Cijfer",
    "period": "Periode",
    "team_code": "Team",
    "regeling_code": "Regeling",
    "taakveld_code": "Taakveld",
    "note_kind": "Soort toelichting",
    "dilemma_tags": "Dilemma's",
    "value_tags": "Waarden",
    "figure_value": "Waarde bij schrijven",
    "story_id": "Waarde nu",
    "written_on": "Geschreven op",
    "author": "Schrijver",
    "body": "Tekst",
}
STORIES_DOWNLOAD = "Download deze verhalen als CSV"
# dashboard/app_pages/auditlog.py
AUDIT_INTRO = (
    "Elke inlog (ook mislukt), elke handeling op een verhaal, elke export, elke lading gegevens "
    "en elke wijziging van normen en gebruikers. Het programma vult het log alleen aan; elk "
    "record draagt een hash over zijn inhoud en het vorige record, zodat verwijderen of "
    "wijzigen buiten het programma om opvalt."
)
AUDIT_BROKEN = "**Het auditlog is niet intact.** Eerste breuk: {first}"
AUDIT_BROKEN_COUNT = " ({n} breuken in totaal.)"
AUDIT_BROKEN_ADVICE = " Controleer met `python -m stories audit verify` en herstel zo nodig een back-up."
AUDIT_INTACT = "Het auditlog is intact: de hashketen van alle {n} records klopt."
AUDIT_WHO = "Wie"
AUDIT_EVERYONE = "Iedereen"
AUDIT_ACTION = "Handeling"
AUDIT_ALL_ACTIONS = "Alle handelingen"
AUDIT_SINCE = "Vanaf"
AUDIT_EMPTY = "Geen regels voor deze keuze."
AUDIT_COLUMNS = {
    "occurred_at": "Wanneer",
    "actor": "Wie",
    "action": "Handeling",
    "object_type": "Object",
    "object_id": "Sleutel",
    "detail": "Toelichting",
}
AUDIT_ROWS = "{n} regel(s)"
AUDIT_ROWS_NEWEST = (
    "De nieuwste {shown} van {n} regels; de CSV bevat ze allemaal. "
    "Kies een persoon, handeling of datum om er minder te zien."
)
AUDIT_FULL_CHECK = "Controleer de hele keten"
AUDIT_LAST_FULL_CHECK = (
    "Laatste controle van de hele keten: {moment}, {result}. Daarna worden bij elk bezoek de nieuwe "
    "records gecontroleerd, en of het al gecontroleerde deel nog op hetzelfde record eindigt met "
    "evenveel records; de hele keten opnieuw na {minutes} minuten of met de knop."
)
AUDIT_FULL_CHECK_INTACT = "de keten was intact"
AUDIT_FULL_CHECK_BROKEN = "{n} breuk(en) gevonden"
# dashboard/app_pages/briefing.py
BRIEFING_CONTEXT = "{theme} · peilmaand {period} · grafieken en verhalen vanaf {from_year}"
BRIEFING_QUESTIONS_PLACEHOLDER = "Bijvoorbeeld: Is de norm van 40 gezinnen per consulent nog haalbaar?"
# dashboard/app_pages/beoordelen.py
REVIEW_AWAITING_MANAGER_BADGE = ":violet-badge[:material/supervisor_account: wacht op manager] "
REVIEW_A_COLLEAGUE = "een collega"
REVIEW_ROLE_UNKNOWN = "onbekend"
REVIEW_OTHER_DISCIPLINE_BADGE = ":green-badge[:material/diversity_3: andere discipline] "
REVIEW_SAME_DISCIPLINE_BADGE = ":gray-badge[zelfde discipline] "
# dashboard/app_pages/verhaal_toevoegen.py
ADD_STORY_NO_FIGURE = "nog geen cijfer"
OVERVIEW_TEAM = " · team {team}"
OVERVIEW_CONTEXT = "{theme} · peilmaand {period}{team}"
REVIEW_VERSION_BY = "versie {version} · {author}"
# dashboard/app_pages/budget.py
BUDGET_EMPTY = "Er zijn nog geen begrotingscijfers tot en met deze maand."
BUDGET_INTRO = (
    "Lasten, stand {quarter} (het laatste kwartaal tot en met {period}). "
    "Prognose: de realisatie tot en met het kwartaal, lineair doorgetrokken naar het hele jaar."
)
BUDGET_PER_GROUP = "Per groep, {year}"
BUDGET_GROUPS_CHART = "Verwachte over- of onderbesteding {year} (stand {quarter})"
BUDGET_GROUP = "Groep"
BUDGET_PRIMITIVE = "Primitieve begroting"
BUDGET_AMENDED = "Gewijzigde begroting"
BUDGET_REALISATION = "Realisatie t/m K{quarter}"
BUDGET_FORECAST = "Prognose jaar"
BUDGET_DEVIATION = "Verwachte afwijking"
BUDGET_DEVIATION_PCT = "Afwijking (%)"
BUDGET_GROUPS_CAPTION = "Oranje: verwachte overschrijding (nadelig). Blauw: verwachte onderbesteding (voordelig)."
BUDGET_TAAKVELDEN = "Taakvelden van {theme}"
BUDGET_NO_TAAKVELDEN = "Voor {theme} zijn geen taakvelden in de begroting gevonden."
BUDGET_TAAKVELD = "Taakveld"
BUDGET_NAME = "Naam"
BUDGET_EXHAUSTION = "Uitputting"
BUDGET_ADVERSE = "N"
BUDGET_FAVOURABLE = "V"
BUDGET_DIRECTION = "V/N"
BUDGET_DIRECTION_NOTE = "V = voordelig (minder uitgegeven dan begroot), N = nadelig (overschrijding)."
BUDGET_WHOLE_THEME = "Heel {theme}"
BUDGET_SERIES = "{code} {name} (doorlopende reeks)"
BUDGET_TAAKVELD_CHOICE = "{code} {name}"
WHAT_TAAKVELD = "taakveld"
BUDGET_SUMMARY = (
    "Gewijzigde begroting {amended} · realisatie t/m K{quarter} {realisation} · prognose {forecast} · "
    "verwachte afwijking {deviation}"
)
BUDGET_QUARTER = "Kwartaal"
BUDGET_REALISATION_QUARTER = "Realisatie t/m kwartaal"
BUDGET_PROGRESS_CHART = "{scope}: besteding {year}"
BUDGET_STATUS = "Status"
BUDGET_TREND_CAPTION = "Boven de nullijn: verwachte overschrijding; eronder: verwachte onderbesteding."
BUDGET_QUARTER_SHORT = "K{}"  # a polars format: K1 … K4
# dashboard/app_pages/besluiten.py
DECISIONS_WINDOW = "{start} t/m {end}"
DECISIONS_CONTEXT = "{theme}{team} · de {months} maanden {window}"
DECISIONS_EMPTY = "Geen besluiten in deze periode."
DECISIONS_REQUESTS = "Besluiten op een aanvraag"
DECISIONS_REQUESTS_HELP = "Toekenningen, afwijzingen en buiten behandeling gestelde aanvragen."
DECISIONS_HIDDEN_MARK = " (—)."
DECISIONS_PROCESSING = "Doorlooptijd tegen de wettelijke termijn"
DECISIONS_DISTRIBUTION_COLUMNS = {
    "month": "Maand",
    "n_requests": "Aanvragen",
    "p10": "10% binnen (dagen)",
    "p25": "25% binnen (dagen)",
    "median": "Mediaan (dagen)",
    "p75": "75% binnen (dagen)",
    "p90": "90% binnen (dagen)",
    "term_days": "Termijn (dagen)",
    "on_time_pct": "Tijdig (%)",
}
DECISIONS_PROCESSING_CHART = "Dagen tussen aanvraag en besluit, per maand"
DECISIONS_PROCESSING_CAPTION = (
    "Donker vlak: de middelste helft van de aanvragen (25–75%); licht vlak: 10–90%; lijn: mediaan. "
    "De stippellijn is de wettelijke termijn."
)
DECISIONS_HISTOGRAM_CHART = "Verdeling van de doorlooptijd, {window}"
DECISIONS_HISTOGRAM_COLUMNS = {
    "days_from": "Beslist na (dagen, vanaf)",
    "n_requests": "Aanvragen",
    "share_pct": "Aandeel",
}
DECISIONS_HISTOGRAM_CAPTION = "Elke staaf is een week. Niet in de weergave voor de raad: kleine aantallen per week."
DECISIONS_TREND = "Verloop en verhalen"
DECISIONS_TERM = "Wettelijke termijn"
DECISIONS_TREND_COLUMNS = {"period": "Maand", "status": "Status", "n_basis": "Aantal waarover berekend"}
DECISIONS_HIDDEN = "{hidden} maand(en) niet getoond: minder dan {threshold} besluiten."
DECISIONS_TAILORING = "Maatwerk per team"
DECISIONS_TAILORING_INTRO = (
    "Het aandeel besluiten dat met een motivering afwijkt van het beleid. Verschillen tussen teams "
    "zijn niet vanzelf goed of fout; ze maken zichtbaar waar maatwerk wordt toegepast, zodat het "
    "besproken en gecontroleerd kan worden."
)
DECISIONS_TAILORING_CHART = "Aandeel maatwerk per team, {window}"
DECISIONS_THEME_SHARE = "{theme}: {share}"
DECISIONS_ALL_TEAMS = "Alle teams"
DECISIONS_TEAM_COLUMNS = {
    "team_code": "Team",
    "n_decisions": "Besluiten",
    "n_requests": "Op een aanvraag",
    "grant_rate": "Toegekend",
    "on_time_share": "Tijdig",
    "objection_rate": "Bezwaar",
    "objection_upheld_share": "Gegrond",
    "maatwerk_share": "Maatwerk",
}
DECISIONS_TAILORING_CAPTION = "De stippellijn is het aandeel voor het hele thema."
DECISIONS_REASONS = "Redenen van afwijken per team"
DECISIONS_REASON_COLUMNS = {"team_code": "Team", "departure_reason": "Reden", "n_decisions": "Besluiten"}
# dashboard/app_pages/beheer.py (the norm form's fields are the norm table's NORM_COLUMNS)
BEHEER_TAB_LOAD = "Gegevens laden"
BEHEER_TAB_LOG = "Laadlog"
BEHEER_TAB_NORMS = "Normen"
BEHEER_TAB_DEFINITIONS = "Definities"
BEHEER_TAB_USERS = "Gebruikers"
# What a build is doing, above its steps while it runs.
BEHEER_BUILD_LOAD = "Gegevens laden"
BEHEER_BUILD_NORM = "Norm toevoegen"
BEHEER_BUILD_DEFINITION = "Definitie vastleggen"
BEHEER_BUILD_RUNNING = "{what}…"
BEHEER_BUILD_STEP = "{number} van {total} · {step}"
BEHEER_SOURCE_COLUMNS = {"file": "Bestand", "bytes": "Bytes", "modified": "Gewijzigd"}
BEHEER_REJECTION_COLUMNS = {
    "file": "Bestand",
    "row": "Rij",
    "column": "Kolom",
    "value": "Waarde",
    "expected": "Verwacht",
}
BEHEER_REJECTION_MORE = "(en nog {n} andere waarden)"
BEHEER_NORM_FORM = "**Nieuwe norm**"
BEHEER_NORM_LOW = "Ondergrens (per fte)"
BEHEER_NORM_HIGH = "Bovengrens (per fte)"
BEHEER_NORM_UNIT_DEFAULT = "cliënten"
BEHEER_COUNTING = {
    "actief_op_peildatum": "Actief op de peildatum per bezette fte",
    "per_jaar": "Per fte per jaar",
}
BEHEER_NORM_RATIONALE_HELP = "Waarom deze norm? Er is geen landelijke norm."
BEHEER_NORM_SUBMIT = "Norm toevoegen en cijfers opnieuw bouwen"
BEHEER_DEFINITIONS_EMPTY = "Laad eerst gegevens; daarna kunt u definities herzien."
BEHEER_METRIC = "Cijfer"
# The definition form's fields, and the columns of the definition history.
BEHEER_DEFINITION_FIELDS = {
    "name": "Naam",
    "definition": "Definitie",
    "unit": "Eenheid",
    "source_system": "Bron",
    "owner": "Eigenaar",
    "valid_from": "Geldig vanaf",
    "reason": "Toelichting",
}
BEHEER_DEFINITION_FORM = "**Herziene definitie**"
BEHEER_DEFINITION_REASON_HELP = "Waarom verandert de definitie?"
BEHEER_DEFINITION_SUBMIT = "Definitie vastleggen en cijfers opnieuw bouwen"
# The user form's fields, and the columns of the user list.
BEHEER_USER_FIELDS = {
    "username": "Gebruikersnaam",
    "display_name": "Naam",
    "role": "Rol",
    "teams": "Teams",
    "email": "E-mail",
    "active": "Status",
}
BEHEER_USER_ACTIVE = {True: "actief", False: "uitgeschakeld"}
BEHEER_USER_FORM = "**Gebruiker toevoegen**"
BEHEER_USER_TEAMS_HELP = "Eén team voor een professional, één of meer voor een manager."
BEHEER_USER_EMAIL = "E-mailadres (voor single sign-on)"
BEHEER_USER_PASSWORD = "Wachtwoord (minstens 12 tekens, niet te raden; leeg bij single sign-on)"
BEHEER_USER_ADD = "Toevoegen"
BEHEER_USER_ADDED = "Gebruiker '{name}' toegevoegd."
BEHEER_USER = "Gebruiker"
BEHEER_DISABLE = "Uitschakelen"
BEHEER_ENABLE = "Inschakelen"
