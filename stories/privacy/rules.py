"""The privacy check's own rules: patterns and checksums (11-proef, IBAN mod-97), no external data."""

from __future__ import annotations

import re

from stories.privacy.findings import Finding, make_finding, merge_findings

# --------------------------------------------------------------------------------------
# Validators (checksums)
# --------------------------------------------------------------------------------------


def is_valid_bsn(value: str) -> bool:
    """The 11-proef: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is divisible by 11 (not all zeros)."""
    digits = re.sub(r"\D", "", value)
    if len(digits) != 9 or set(digits) == {"0"}:
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(int(d) * w for d, w in zip(digits, weights)) % 11 == 0


def is_valid_iban(value: str) -> bool:
    """ISO 13616: move the first four characters to the end, letters to 10..35, mod 97 == 1."""
    iban = re.sub(r"\s", "", value).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", iban):
        return False
    if iban[2:4] in ("00", "01", "99"):  # never issued as check digits
        return False
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


# --------------------------------------------------------------------------------------
# RuleChecker
# --------------------------------------------------------------------------------------

# A BSN as 9 digits, or grouped the way people write it (1234.56.782, 123 456 782).
# Not glued to words, codes ("B-2021-...") or decimals, so amounts and case numbers are
# not candidates; the 11-proef then rejects ten out of eleven random 9-digit numbers.
_BSN = re.compile(
    r"(?<![\w.,/€-])"
    r"(\d{4}\.\d{2}\.\d{3}|\d{3}\.\d{3}\.\d{3}|\d{4} \d{2} \d{3}|\d{3} \d{3} \d{3}|\d{9})"
    r"(?![\w/-]|[.,]\d)"
)
_MONEY_BEFORE = re.compile(r"(?:€|EUR|euro)\s*$", re.IGNORECASE)

# IBAN candidates: country code, check digits, 11-30 characters, optionally in groups.
# The greedy match may run into a following word; _match_iban trims it back.
_IBAN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]){11,30}(?![A-Za-z0-9])")

_EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])")

# Dutch phone numbers: a country prefix (+31, 0031, optionally "(0)") or the trunk 0,
# then digits with single spaces, hyphens or a closing bracket in between. The digit
# count is checked afterwards. Candidates must not be glued to a word, a code or an
# amount, which keeps "B-2021-000123", "€ 1.250,00" and years out.
_PHONE = re.compile(
    r"(?<![\w+/€.,-])"
    r"(?:(?:\+|00)31[ -]?(?:\(0\)[ -]?)?|\(0|0)"
    r"\d(?:(?:\)? ?|-| - )\d){6,11}"
    r"(?![\w/-]|[.,]\d)"
)
_LEADING_DATE = re.compile(r"^\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d\d(?!\d)")

# Postcode: four digits (not starting with 0) and two capitals; SA, SD and SS are never
# issued. A following house number (12, 12a, 12-2, 12 bis) is part of the finding.
_POSTCODE = re.compile(
    r"(?<![\w-])[1-9]\d{3} ?[A-Z]{2}(?![\w-])"
    r"(?P<number> \d{1,5}(?: ?[a-zA-Z](?![\w])|-\d{1,4}| ?(?:hs|bis|I{1,3})\b)?"
    r"(?![\w%]|[,.]\d|\s*(?:jaar|keer|euro|%)))?"
    r"|(?<![\w-])[1-9]\d{3}[a-z]{2}(?P<number2> \d{1,5}[a-z]?)(?![\w%]|[,.]\d)"
)
# Capital pairs that after four digits are usually a unit or a code, not a postcode;
# only skipped when no house number follows.
_POSTCODE_UNLIKELY = {
    "SA",
    "SD",
    "SS",
    "KG",
    "MG",
    "GR",
    "EU",
    "NL",
    "CM",
    "MM",
    "KM",
    "ML",
    "CL",
    "KB",
    "MB",
    "GB",
    "TB",
    "MW",
    "KW",
    "PC",
    "BC",
    "AD",
    "NC",
}

_MONTHS = (
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
    "jan|feb|mrt|apr|jun|jul|aug|sept|sep|okt|nov|dec"
)
_DATE = re.compile(
    r"(?<![\w-])(?:"
    r"(?:0?[1-9]|[12]\d|3[01])(?P<sep>[-/.])(?:0?[1-9]|1[0-2])(?P=sep)(?P<y1>(?:19|20)\d\d|'?\d\d)"
    r"|(?:0?[1-9]|[12]\d|3[01])[ -]?(?:" + _MONTHS + r")\.?(?:[ -](?P<y2>(?:19|20)\d\d))?"
    r"|(?P<y3>(?:19|20)\d\d)-(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12]\d|3[01])"
    r")(?![\w-]|[.,/]\d)",
    re.IGNORECASE,
)
# A bare year is a birth date only right after an explicit cue ("geboren in 1962").
_BIRTH_YEAR = re.compile(r"\b(?:geboren\s+in|geboortejaar:?|geb\.?)\s*((?:19|20)\d\d)(?!\d)", re.IGNORECASE)
_BIRTH_CUE = re.compile(r"\b(?:geboren|geboorte\w*|geb\b\.?)|(?<![\w-])jarig\b", re.IGNORECASE)
# A date counts as a birth date when a cue stands within this many characters before it
# ("geboren op 3 april 1962", "geb. 12-05-1950") or after it ("3-4-1962 geboren") ...
_CUE_BEFORE = 40
_CUE_AFTER = 25
# ... or, for a full date of a year up to this one, anywhere in the same sentence:
# "Haar geboortedatum staat in het dossier: ze kwam op 1-2-1960 ter wereld" is a birth
# date, "op 12 maart 2024 hadden we overleg" is not (no cue, recent year).
_SENTENCE_CUE_MAX_YEAR = 2015
_SENTENCE_END = re.compile(r"[.!?;]\s+(?=[A-Z\"'(])|\n")

# Ages. "N jaar" alone is mostly a duration in these stories ("al 3 jaar in de bijstand"),
# so an age needs a person word or an age form: "een jongen van 15 jaar", "87-jarige",
# "leeftijd 42", "Sanne (15)", "hij is 15", "15 jaar oud".
_PERSON = (
    r"jongen|meisje|man|vrouw|kind|zoon|dochter|zoontje|dochtertje|moeder|vader|inwoner|"
    r"inwoonster|cliënt|client|klant|meneer|mevrouw|heer|dame|oma|opa|broer|zus|broertje|"
    r"zusje|baby|peuter|kleuter|tiener|jongere|puber|jongeman|weduwe|weduwnaar|student|"
    r"studente|leerling|scholier|aanvrager|aanvraagster|bewoner|bewoonster|partner|"
    r"echtgenoot|echtgenote|vriend|vriendin|mantelzorger|statushouder|vluchteling|"
    r"alleenstaande|oudere|neef|nicht|kleinzoon|kleindochter|pleegkind|pleegzoon|"
    r"pleegdochter|stiefzoon|stiefdochter|gezinslid|buurman|buurvrouw|vrijwilliger"
)
_NOT_YEARS = r"(?!\s*(?:maanden|maand|weken|week|dagen|dag|uur|minuten|euro|%|procent|keer|kilo|kg|cm))"
# Ages written as words ("zestienjarige", "is vijftien", "op haar achttiende").
_UNITS = "een|twee|drie|vier|vijf|zes|zeven|acht|negen"
_TEENS = "tien|elf|twaalf|dertien|veertien|vijftien|zestien|zeventien|achttien|negentien"
_TENS = "twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig"
_NUMBER_WORD = rf"(?:(?:{_UNITS})(?:en|ën))?(?:{_TENS})|{_TEENS}|{_UNITS}|honderd"
_ORDINAL_WORD = (
    rf"(?:(?:{_UNITS})(?:en|ën))?(?:{_TENS})ste|(?:{_TEENS})de|honderdste|"
    r"tweede|derde|vierde|vijfde|zesde|zevende|achtste|negende"
)
_AGE_NUMBER = r"(?:1[01]\d|\d{1,2})"
_JARIG_NOT_AN_AGE = (
    r"(?!\s+(?:jubileum|bestaan|contract|traject|plan|programma|project|"
    r"dienstverband|huwelijk|samenwerking|periode|onderzoek|beleid|termijn|looptijd|"
    r"subsidie|opleiding|cursus|studie|pilot|proef|garantie|afspraak|overeenkomst))"
)
_AGE_PATTERNS = (
    # 87-jarige, 15 jarig, op 45-jarige leeftijd, de zestienjarige (not "het 25-jarig
    # jubileum", "een 4-jarig traject", "een tweejarige opleiding")
    re.compile(
        r"(?<![\w.,])(?:1[01]\d|\d{1,2})[ -]?jarige?n?\b" + _JARIG_NOT_AN_AGE,
        re.IGNORECASE,
    ),
    re.compile(rf"(?<![\w-])(?:{_NUMBER_WORD})-?jarige?n?\b" + _JARIG_NOT_AN_AGE, re.IGNORECASE),
    # toen hij 59 was, sinds ze 18 werd, als de jongen 16 wordt
    re.compile(
        r"\b(?:toen|sinds|als|voordat|nadat|zodra|omdat|tot)\s+(?:hij|zij|ze|(?:de|het)\s+(?:"
        + _PERSON
        + r"))\s+(?:nog\s+|pas\s+|net\s+|bijna\s+)?"
        r"(?P<age>" + _AGE_NUMBER + r"(?:\s*jaar)?(?:\s+oud)?)\s+(?:was|werd|wordt|is)\b",
        re.IGNORECASE,
    ),
    # Jansen was 59 toen ..., Was 59 toen ... (a name or no subject; "Het was 59" is a count)
    re.compile(
        r"(?:(?<![\w,;:] )(?<![\w,;:])|\b(?!(?:Het|Dat|Dit|Er|Wat|Dat)\b)[A-Z][\w'-]+\s+)"
        r"(?i:was|werd)\s+(?:(?i:toen|al|pas|net|bijna)\s+)?"
        r"(?P<age>" + _AGE_NUMBER + r"(?:\s*(?i:jaar))?)(?=\s+(?i:toen|oud)\b)"
    ),
    # op zijn 59e, op haar achttiende (not "op zijn tweede werkdag")
    re.compile(
        r"\bop\s+(?:zijn|haar|z'n|hun)\s+(?P<age>"
        + _AGE_NUMBER
        + r"(?:e|de|ste)|"
        + _ORDINAL_WORD
        + r")\b(?!\s+(?:dag|werkdag|week|poging|gesprek|keer|afspraak|plek|plaats|verjaardag|"
        r"aanvraag|kind|baan|huis|jaar|maand|dienstjaar|school|klas|ronde|brief))",
        re.IGNORECASE,
    ),
    # een jongen van 15 (jaar), mevrouw van bijna 90
    re.compile(
        r"\b(?:" + _PERSON + r")\s+van\s+(?:ongeveer\s+|bijna\s+|ruim\s+|net\s+|pas\s+)?"
        r"(?P<age>(?:1[01]\d|\d{1,2})(?:\s*(?:jaar|jr\.?))?(?:\s+oud)?)(?![\w,.]\d)" + _NOT_YEARS,
        re.IGNORECASE,
    ),
    # hij is 15, zij werd 80 jaar (not "het is 15 jaar geleden", "ze is 3 keer gebeld")
    re.compile(
        r"\b(?:hij|zij|ze|" + _PERSON + r")\s+(?:is|was|werd|wordt)\s+"
        r"(?:nu\s+|pas\s+|net\s+|bijna\s+|inmiddels\s+|al\s+|ongeveer\s+|ruim\s+|toen\s+)?"
        r"(?P<age>(?:1[01]\d|\d{1,2}|(?!een\b)(?:" + _NUMBER_WORD + r"))"
        r"(?:\s*(?:jaar|jr\.?)(?!\s+(?:geleden|getrouwd|in dienst|"
        r"werkzaam|bezig|lang|samen|bekend|cliënt|klant|ingeschreven))|"
        r"(?=\s*(?:[,.;:)!?]|$|\s+(?:en|toen|oud|geworden|jong|in|op)\b))))",
        re.IGNORECASE,
    ),
    # 15 jaar oud, 90 jaar jong
    re.compile(r"(?<![\w.,])(?P<age>(?:1[01]\d|\d{1,2})\s*(?:jaar|jr\.?)\s+(?:oud|jong))\b", re.IGNORECASE),
    # leeftijd 42, leeftijd: 42 jaar, op de leeftijd van 87
    re.compile(
        r"\bleeftijd\s*(?:van\s+)?:?\s*(?P<age>(?:1[01]\d|\d{1,2})(?:\s*(?:jaar|jr\.?))?)(?![\w,.]\d)" + _NOT_YEARS,
        re.IGNORECASE,
    ),
    # Mevrouw, 78 jaar, ... / Jansen, 78 jr)
    re.compile(
        r"(?:\b(?i:" + _PERSON + r")|\b[A-Z][\w'-]+),\s*(?P<age>(?:1[01]\d|\d{1,2})\s*(?i:jaar|jr\.?))"
        r"(?=\s*(?:[,;:)]|oud\b))"
    ),
    # Sanne (15), de moeder (42), (15 jaar)
    re.compile(r"(?:\b[A-Z][\w'-]+\s|\b(?:" + _PERSON + r")\s)\((?P<age>\d{1,3})\)"),
    re.compile(r"\((?P<age>(?:1[01]\d|\d{1,2})\s*(?:jaar|jr\.?))\)", re.IGNORECASE),
)


def _bsn_findings(text: str) -> list[Finding]:
    found = []
    for m in _BSN.finditer(text):
        if _MONEY_BEFORE.search(text, 0, m.start()) or re.match(r"\s*(?:euro|EUR)\b", text[m.end() :]):
            continue
        if is_valid_bsn(m.group(1)):
            found.append(make_finding(text, m.start(1), m.end(1), "bsn"))
    return found


def _iban_findings(text: str) -> list[Finding]:
    found = []
    for m in _IBAN.finditer(text):
        candidate = m.group(0)
        # Try the whole candidate, then cut back at each space: "NL91 ABNA 0417 1643 00 OK"
        # should yield the IBAN without the trailing word.
        cuts = [len(candidate)] + [i for i in range(len(candidate) - 1, 0, -1) if candidate[i] == " "]
        for cut in cuts:
            if is_valid_iban(candidate[:cut]):
                found.append(make_finding(text, m.start(), m.start() + cut, "iban"))
                break
    return found


def _phone_findings(text: str) -> list[Finding]:
    found = []
    for m in _PHONE.finditer(text):
        raw = m.group(0)
        if _LEADING_DATE.match(raw):  # "01-02-2023 12 gesprekken" is a date and a count
            continue
        digits = re.sub(r"\D", "", raw.replace("(0)", ""))
        if digits.startswith("0031"):
            digits = "0" + digits[4:]
        elif raw.startswith("+31"):
            digits = "0" + digits[2:]
        service = digits[:4] in ("0800", "0900", "0906", "0909")
        if (service and len(digits) in (8, 11)) or (not service and len(digits) == 10 and digits[1] != "0"):
            found.append(make_finding(text, m.start(), m.end(), "telefoon"))
    return found


def _email_findings(text: str) -> list[Finding]:
    return [make_finding(text, m.start(), m.end(), "email") for m in _EMAIL.finditer(text)]


def _postcode_findings(text: str) -> list[Finding]:
    found = []
    for m in _POSTCODE.finditer(text):
        letters = re.sub(r"[^A-Za-z]", "", m.group(0)[4:7]).upper()[:2]
        has_number = bool(m.group("number") or m.group("number2"))
        if letters in ("SA", "SD", "SS") or (not has_number and letters in _POSTCODE_UNLIKELY):
            continue
        found.append(make_finding(text, m.start(), m.end(), "postcode_huisnummer"))
    return found


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.end() <= pos:
            start = m.end()
        else:
            return start, m.start() + 1
    return start, len(text)


def has_birth_cue_near(text: str, start: int, end: int, year: int | None = None) -> bool:
    """Whether a date at text[start:end] reads as a birth date: a birth cue in the same
    sentence, close by (see _CUE_BEFORE), or anywhere in it for an older full date."""
    s_start, s_end = _sentence_bounds(text, start)
    if _BIRTH_CUE.search(text, max(s_start, start - _CUE_BEFORE), start):
        return True
    if _BIRTH_CUE.search(text, end, min(s_end, end + _CUE_AFTER)):
        return True
    if year is not None and year <= _SENTENCE_CUE_MAX_YEAR:
        return bool(_BIRTH_CUE.search(text, s_start, s_end))
    return False


def year_of(date_text: str) -> int | None:
    m = re.search(r"(?:19|20)\d\d(?!\d)", date_text)
    return int(m.group(0)) if m else None


def _birth_date_findings(text: str) -> list[Finding]:
    found = []
    for m in _DATE.finditer(text):
        year = year_of(m.group(0)) if (m.group("y1") or m.group("y2") or m.group("y3")) else None
        if has_birth_cue_near(text, m.start(), m.end(), year):
            found.append(make_finding(text, m.start(), m.end(), "geboortedatum"))
    for m in _BIRTH_YEAR.finditer(text):
        found.append(make_finding(text, m.start(1), m.end(1), "geboortedatum"))
    return found


def _age_findings(text: str) -> list[Finding]:
    found = []
    for pattern in _AGE_PATTERNS:
        for m in pattern.finditer(text):
            group = "age" if "age" in pattern.groupindex else 0
            start, end = m.span(group)
            digits = re.match(r"\d+", text[start:end])
            if digits is None or int(digits.group(0)) <= 120:  # words: at most "honderd"
                found.append(make_finding(text, start, end, "leeftijd"))
    return found


# Every rule needs a digit, an "@" or an age in words.
_WORTH_CHECKING = re.compile(
    rf"[\d@]|jarig|\b(?:is|was|werd|wordt|zijn|haar|z'n|hun)\s+"
    rf"(?:{_NUMBER_WORD}|{_ORDINAL_WORD})\b",
    re.IGNORECASE,
)


class RuleChecker:
    """Our own validators: regular expressions and checksums, no external data."""

    def check(self, text: str) -> list[Finding]:
        # Every rule needs a digit or an "@"; most stories have neither, and checking 100,000
        # of them took over a minute without this shortcut (the age patterns are costly).
        if not _WORTH_CHECKING.search(text):
            return []
        found: list[Finding] = []
        for rule in (
            _bsn_findings,
            _iban_findings,
            _phone_findings,
            _email_findings,
            _postcode_findings,
            _birth_date_findings,
            _age_findings,
        ):
            found.extend(rule(text))
        return merge_findings(text, found)
