"""The briefing's own Dutch texts: notes, rules on the cover, appendix paragraphs, source names."""

from __future__ import annotations

CASELOAD = "caseload_per_fte"

RECENT_PERIODS = 6  # the last values printed under each chart (and instead of it in Markdown)

SUPPRESSED_VALUE = "niet getoond (minder dan {threshold})"

SUPPRESSED_CELL = "niet getoond"

SUPPRESSED_NOTE = (
    "niet getoond: berekend over minder dan {threshold} inwoners of besluiten, zodat niemand herkenbaar is"
)

HIDDEN_PERIODS = (
    "{hidden} van de {total} perioden niet getoond: berekend over minder dan {threshold} inwoners of besluiten."
)

WHY_SUPPRESSED = (
    "Het aantal inwoners of besluiten waarop dit cijfer rust is kleiner dan "
    "{threshold}; zo blijven inwoners onherkenbaar."
)

TOO_FEW_FOR_CHART = "Geen grafiek: te weinig perioden die getoond mogen worden."

MARKER_NOTE = "Oranje markeringen in de grafiek: de perioden waarover een verhaal hieronder gaat."

NORM_BAND_NOTE = "De blauwe band is de norm die in die maand gold."

CHART_NOTES = (TOO_FEW_FOR_CHART, MARKER_NOTE, NORM_BAND_NOTE)  # about the image only

# Fixed texts both documents print.
COVER_RULES = (
    "Aantallen onder de {threshold} en percentages daarover zijn niet getoond; alleen "
    "verhalen die voor de raad zijn gepubliceerd staan erin."
)

QUESTIONS_INTRO = "Om met de commissie te bespreken, bij de cijfers en verhalen in deze briefing."

NO_QUESTIONS = "Er zijn geen vragen opgesteld."

NO_STORIES = "Geen gepubliceerde verhalen bij dit cijfer in deze periode."

APPENDIX_TITLE = "Bijlage: bronnen, definities en laaddatums"

APPENDIX_SMALL_NUMBERS = (
    "Een aantal kleiner dan {threshold}, een percentage dat over zo'n klein aantal is berekend en een "
    "totaal waaruit een verborgen aantal terug te rekenen is, staan niet in deze briefing, zoals het "
    "CBS dat ook doet. Er staat dan 'niet getoond'. Een verhaal dat bij zo'n cijfer hoort, staat er "
    "ook niet in."
)

APPENDIX_STORIES = (
    "De verhalen zijn geschreven door professionals van de gemeente en pas gepubliceerd nadat een "
    "tweede persoon ze heeft beoordeeld (vier-ogenprincipe). Ze gaan over één cijfer, periode en soms "
    "één team, en noemen geen inwoners. In deze briefing staat bij elk verhaal het team, niet de naam "
    "van de schrijver. Bij elk verhaal staat de waarde van het cijfer toen het werd geschreven en nu, "
    "zodat een latere correctie zichtbaar is."
)

COMPARE_LABEL = {
    "budget_forecast_deviation": "Begroting",
    "budget_exhaustion": "Verwachting",
    "processing_time": "Termijn",
}

SOURCE_NAMES = {
    "caseload": "Caseload (cliëntvolgsysteem)",
    "beschikkingen": "Beschikkingen (zaaksysteem)",
    "begroting": "Begroting en realisatie (financiële administratie)",
    "teams": "Teams",
    "normen": "Caseloadnormen",
    "regelingen": "Regelingen",
    "cbs_vergelijking": "CBS StatLine: vergelijkbare gemeenten",
}
