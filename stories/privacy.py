"""Privacy check for stories: finds personal data before a story is saved.

Professionals write short stories about vulnerable residents. A story must not carry
anything that points to one person, so before saving, the text is checked and every
finding is shown to the author, who decides per finding whether to replace it by a
placeholder such as "[naam]". The check is an aid, not a guarantee: it misses some
things and flags some harmless ones, which is why the author reviews every finding.

Two checkers share one interface (``PrivacyChecker.check(text) -> list[Finding]``):

- ``RuleChecker``: our own validators, regular expressions plus checksums (11-proef for
  BSN, ISO 13616 mod-97 for IBAN). Fast, no dependencies; used alone in tests and when
  ``ADC_PRIVACY_CHECKER=rules``.
- ``DeduceChecker``: the Dutch de-identifier ``deduce`` (names, addresses, institutions,
  dates, ages, phone numbers, ...) plus the RuleChecker's findings. Building deduce's
  lookup structures takes minutes the first time, so one instance is shared per process
  and its cache lives in ``ADC_DEDUCE_CACHE_DIR``. That instance holds about 1 GB of
  memory and takes about 10 s to tear down at interpreter exit. The cache is a pickle, and
  loading a pickle runs whatever code it names: it is loaded only when it matches the sha256
  written beside it when it was built (see ``trusted_or_set_aside``).

Offsets are Python string indices into the checked text (``text[start:end] == finding.text``).
"""

from __future__ import annotations

import logging
import os
import pickle
import re
import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from kernel import adc_settings
from kernel.adc_files import FILE_MODE, file_sha256, private_dir, private_file

SOURCE_DEDUCE = "deduce"
SOURCE_RULE = "regel"

# kind code -> (Dutch label for the author, placeholder written into the story)
KINDS: dict[str, tuple[str, str]] = {
    "bsn": ("BSN", "[BSN]"),
    "iban": ("IBAN (rekeningnummer)", "[IBAN]"),
    "telefoon": ("Telefoonnummer", "[telefoonnummer]"),
    "email": ("E-mailadres", "[e-mail]"),
    "postcode_huisnummer": ("Postcode (en huisnummer)", "[postcode]"),
    "geboortedatum": ("Geboortedatum", "[geboortedatum]"),
    "leeftijd": ("Leeftijd", "[leeftijd]"),
    "naam": ("Naam (persoon)", "[naam]"),
    "adres": ("Adres of plaats", "[adres]"),
    "instelling": ("Instelling (zorg of ziekenhuis)", "[instelling]"),
    "url": ("Webadres", "[webadres]"),
    # Fallback for a deduce tag this module does not know (a newer deduce may add
    # some): better shown to the author than silently dropped.
    "overig": ("Mogelijk persoonsgegeven", "[verwijderd]"),
}


@dataclass(frozen=True)
class Finding:
    """One piece of (possible) personal data in a text."""

    start: int
    end: int
    text: str
    kind: str  # a key of KINDS
    source: str  # SOURCE_DEDUCE or SOURCE_RULE
    label: str  # Dutch label shown to the author


class PrivacyChecker(Protocol):
    def check(self, text: str) -> list[Finding]: ...


def _finding(text: str, start: int, end: int, kind: str, source: str = SOURCE_RULE) -> Finding:
    return Finding(start, end, text[start:end], kind, source, KINDS[kind][0])


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

_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])"
)

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
_POSTCODE_UNLIKELY = {"SA", "SD", "SS", "KG", "MG", "GR", "EU", "NL", "CM", "MM", "KM", "ML",
                      "CL", "KB", "MB", "GB", "TB", "MW", "KW", "PC", "BC", "AD", "NC"}

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
_BIRTH_YEAR = re.compile(
    r"\b(?:geboren\s+in|geboortejaar:?|geb\.?)\s*((?:19|20)\d\d)(?!\d)", re.IGNORECASE
)
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
_ORDINAL_WORD = (rf"(?:(?:{_UNITS})(?:en|ën))?(?:{_TENS})ste|(?:{_TEENS})de|honderdste|"
                 r"tweede|derde|vierde|vijfde|zesde|zevende|achtste|negende")
_AGE_NUMBER = r"(?:1[01]\d|\d{1,2})"
_JARIG_NOT_AN_AGE = (r"(?!\s+(?:jubileum|bestaan|contract|traject|plan|programma|project|"
                     r"dienstverband|huwelijk|samenwerking|periode|onderzoek|beleid|termijn|looptijd|"
                     r"subsidie|opleiding|cursus|studie|pilot|proef|garantie|afspraak|overeenkomst))")
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
        + _PERSON + r"))\s+(?:nog\s+|pas\s+|net\s+|bijna\s+)?"
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
        r"\bop\s+(?:zijn|haar|z'n|hun)\s+(?P<age>" + _AGE_NUMBER + r"(?:e|de|ste)|" + _ORDINAL_WORD
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
        r"\bleeftijd\s*(?:van\s+)?:?\s*(?P<age>(?:1[01]\d|\d{1,2})(?:\s*(?:jaar|jr\.?))?)(?![\w,.]\d)"
        + _NOT_YEARS,
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
        if _MONEY_BEFORE.search(text, 0, m.start()) or re.match(r"\s*(?:euro|EUR)\b", text[m.end():]):
            continue
        if is_valid_bsn(m.group(1)):
            found.append(_finding(text, m.start(1), m.end(1), "bsn"))
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
                found.append(_finding(text, m.start(), m.start() + cut, "iban"))
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
        if (service and len(digits) in (8, 11)) or (
            not service and len(digits) == 10 and digits[1] != "0"
        ):
            found.append(_finding(text, m.start(), m.end(), "telefoon"))
    return found


def _email_findings(text: str) -> list[Finding]:
    return [_finding(text, m.start(), m.end(), "email") for m in _EMAIL.finditer(text)]


def _postcode_findings(text: str) -> list[Finding]:
    found = []
    for m in _POSTCODE.finditer(text):
        letters = re.sub(r"[^A-Za-z]", "", m.group(0)[4:7]).upper()[:2]
        has_number = bool(m.group("number") or m.group("number2"))
        if letters in ("SA", "SD", "SS") or (not has_number and letters in _POSTCODE_UNLIKELY):
            continue
        found.append(_finding(text, m.start(), m.end(), "postcode_huisnummer"))
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


def _year_of(date_text: str) -> int | None:
    m = re.search(r"(?:19|20)\d\d(?!\d)", date_text)
    return int(m.group(0)) if m else None


def _birth_date_findings(text: str) -> list[Finding]:
    found = []
    for m in _DATE.finditer(text):
        year = _year_of(m.group(0)) if (m.group("y1") or m.group("y2") or m.group("y3")) else None
        if has_birth_cue_near(text, m.start(), m.end(), year):
            found.append(_finding(text, m.start(), m.end(), "geboortedatum"))
    for m in _BIRTH_YEAR.finditer(text):
        found.append(_finding(text, m.start(1), m.end(1), "geboortedatum"))
    return found


def _age_findings(text: str) -> list[Finding]:
    found = []
    for pattern in _AGE_PATTERNS:
        for m in pattern.finditer(text):
            group = "age" if "age" in pattern.groupindex else 0
            start, end = m.span(group)
            digits = re.match(r"\d+", text[start:end])
            if digits is None or int(digits.group(0)) <= 120:  # words: at most "honderd"
                found.append(_finding(text, start, end, "leeftijd"))
    return found


# Every rule needs a digit, an "@" or an age in words.
_WORTH_CHECKING = re.compile(rf"[\d@]|jarig|\b(?:is|was|werd|wordt|zijn|haar|z'n|hun)\s+"
                             rf"(?:{_NUMBER_WORD}|{_ORDINAL_WORD})\b", re.IGNORECASE)


class RuleChecker:
    """Our own validators: regular expressions and checksums, no external data."""

    def check(self, text: str) -> list[Finding]:
        # Every rule needs a digit or an "@"; most stories have neither, and checking 100,000
        # of them took over a minute without this shortcut (the age patterns are costly).
        if not _WORTH_CHECKING.search(text):
            return []
        found: list[Finding] = []
        for rule in (_bsn_findings, _iban_findings, _phone_findings, _email_findings,
                     _postcode_findings, _birth_date_findings, _age_findings):
            found.extend(rule(text))
        return merge_findings(text, found)


# --------------------------------------------------------------------------------------
# Merging
# --------------------------------------------------------------------------------------

# When findings overlap, the checksum-validated kinds win: deduce sees part of an IBAN
# as a phone number ("0417164300" in NL91ABNA0417164300), and a BSN is a BSN however
# wide the other finding is.
_VALIDATED_KINDS = ("bsn", "iban")


def merge_findings(text: str, findings: Iterable[Finding]) -> list[Finding]:
    """Overlapping findings become one: the union of their spans, so nothing is left half
    replaced, with the kind of the widest finding (a rule finding on a tie), except that a
    rule BSN or IBAN finding always gives its kind. Sorted by position."""
    ordered = sorted(findings, key=lambda f: (f.start, -f.end))
    merged: list[Finding] = []
    cluster: list[Finding] = []
    cluster_end = -1

    def flush() -> None:
        if not cluster:
            return
        start = min(f.start for f in cluster)
        end = max(f.end for f in cluster)
        validated = [f for f in cluster if f.source == SOURCE_RULE and f.kind in _VALIDATED_KINDS]
        pool = validated or cluster
        best = max(pool, key=lambda f: (f.end - f.start, f.source == SOURCE_RULE))
        merged.append(Finding(start, end, text[start:end], best.kind, best.source, best.label))

    for f in ordered:
        if f.start < cluster_end:
            cluster.append(f)
            cluster_end = max(cluster_end, f.end)
        else:
            flush()
            cluster = [f]
            cluster_end = f.end
    flush()
    return merged


# --------------------------------------------------------------------------------------
# DeduceChecker
# --------------------------------------------------------------------------------------

# deduce 3.0.6 tag -> our kind. Tags not listed here map to "overig" (shown, not dropped).
_DEDUCE_KINDS = {
    "persoon": "naam",
    "patient": "naam",
    "locatie": "adres",
    "ziekenhuis": "instelling",
    "zorginstelling": "instelling",
    "datum": "geboortedatum",  # only kept near a birth cue, see DeduceChecker.check
    "leeftijd": "leeftijd",  # annotator disabled, see _DEDUCE_DISABLED
    "telefoonnummer": "telefoon",
    "emailadres": "email",
    "bsn": "bsn",
    "url": "url",
}
# Two deduce annotators are switched off before deduce resolves overlaps (where they
# could otherwise win over a better finding, e.g. "id" over a phone number):
# - "identifier" tags every run of 7+ digits as "id": amounts written without
#   separators, registration numbers, 9-digit numbers that fail the 11-proef. Our
#   validators cover the numbers that matter (BSN, IBAN, phone).
# - "age" tags any number before "jaar"/"jarig" that is not in a short list of duration
#   contexts, so "de aanvraag duurde 2 jaar", "jongeren tot 27 jaar" and "het 25-jarig
#   jubileum" become ages. Durations are everywhere in these stories; our own age rule
#   needs a person word or an age form ("een jongen van 15", "87-jarige", "Mevrouw, 78 jaar,").
_DEDUCE_DISABLED = {"identifier", "age"}
# deduce's phone pattern also fires on digits inside a longer token, such as the account
# part of an IBAN with wrong check digits ("NL92ABNA0417164300" -> "0417164300").
_GLUED = re.compile(r"[A-Za-z0-9]")

_deduce_lock = threading.Lock()
_deduce_instance: Any = None


def deduce_cache_dir() -> Path:
    path = Path(adc_settings.DEDUCE_CACHE_DIR.get())
    return path if path.is_absolute() else adc_settings.ROOT / path


def _import_deduce() -> Any:
    # deduce calls logging.basicConfig(stream=sys.stdout, level=DEBUG) when imported,
    # which would make every library in the process (streamlit, duckdb, urllib3) log
    # debug lines to stdout. Undo that: keep the root logger as it was.
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    import deduce  # noqa: PLC0415 - deliberately lazy: importing and building is slow

    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)
    return deduce


def deduce_cache_file() -> Path:
    """Where deduce 3.0.6 keeps its lookup structures under the cache directory."""
    return deduce_cache_dir() / "cache" / "lookup_structs.pickle"


def deduce_checksum_file(cache_file: Path | None = None) -> Path:
    """The sha256 of the pickle, written by us when deduce built it (mode 0600)."""
    cache_file = cache_file or deduce_cache_file()
    return cache_file.with_name(cache_file.name + ".sha256")


def cache_is_trusted(cache_file: Path) -> bool:
    """Whether the pickle is the one whose checksum we wrote: read as bytes, never unpickled."""
    try:
        expected = deduce_checksum_file(cache_file).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return False
    return cache_file.is_file() and len(expected) == 64 and file_sha256(cache_file) == expected


def trusted_or_set_aside(cache_file: Path) -> bool:
    """True when the pickle may be loaded. A pickle without a matching checksum (placed or
    changed by someone else, or from before checksums) is moved aside, never loaded, and the
    caller rebuilds. False also when there is no pickle yet."""
    if not cache_file.exists():
        return False
    if cache_is_trusted(cache_file):
        return True
    aside = cache_file.with_name(cache_file.name + ".onvertrouwd")
    os.replace(cache_file, aside)
    deduce_checksum_file(cache_file).unlink(missing_ok=True)
    notice = (f"Let op: de cache van de privacycontrole ({cache_file}) had geen kloppende "
              f"controlesom en is niet geladen; apart gezet als {aside.name}. De cache wordt "
              "opnieuw opgebouwd (1,5-3 minuten).")
    logging.getLogger(__name__).warning(notice)
    print(notice, file=sys.stderr, flush=True)
    return False


def seal_cache(cache_file: Path) -> None:
    """Write the pickle's checksum beside it (after deduce built or loaded it), owner only."""
    if not cache_file.is_file():
        return
    digest = file_sha256(cache_file)
    checksum = deduce_checksum_file(cache_file)
    private_file(cache_file)
    if checksum.is_file() and checksum.read_text(encoding="ascii").strip() == digest:
        return
    partial = checksum.with_name(f".{checksum.name}.{os.getpid()}")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        os.write(fd, f"{digest}\n".encode("ascii"))
    finally:
        os.close(fd)
    private_file(partial)
    os.replace(partial, checksum)


@contextmanager
def _build_lock(cache: Path) -> Iterator[None]:
    """Serialise the first build across processes (dashboard and warm_deduce.py started
    together): the second waits and then loads the cache in seconds instead of building
    in parallel and possibly reading a half-written pickle."""
    private_dir(cache / "cache", tighten=True)
    private_dir(cache, tighten=True)
    try:
        import fcntl  # noqa: PLC0415 - not on Windows
    except ImportError:
        yield  # the EOFError retry in get_deduce covers the race there
        return
    with open(cache / ".build.lock", "w", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def get_deduce() -> Any:
    """The process-wide ``deduce.Deduce``, built on first use: about 9 s from the cache;
    the first time in a fresh environment 1.5-3 minutes while it builds an ~80 MB cache."""
    global _deduce_instance
    if _deduce_instance is None:
        with _deduce_lock:
            if _deduce_instance is None:
                deduce = _import_deduce()
                cache = deduce_cache_dir()
                with _build_lock(cache):
                    # deduce 3.0.6: Deduce(cache_path=...) reads and writes
                    # <cache_path>/cache/lookup_structs.pickle (pickle.load in
                    # deduce/lookup_structs.py); the lookup lists it is built from stay in the
                    # installed package. Checked just before deduce opens it, under the build
                    # lock, in a folder only the owner can write.
                    rebuild = not trusted_or_set_aside(deduce_cache_file())
                    try:
                        _deduce_instance = deduce.Deduce(cache_path=cache, build_lookup_structs=rebuild)
                    except (EOFError, pickle.UnpicklingError):
                        # deduce writes the pickle in place, so an interrupted build or a
                        # concurrent one leaves a truncated file that it does not catch.
                        _deduce_instance = deduce.Deduce(cache_path=cache, build_lookup_structs=True)
                    # The pickle deduce just loaded (it matched) or wrote (a build, or deduce's
                    # own rebuild after an upgrade): seal it for the next process.
                    seal_cache(deduce_cache_file())
    return _deduce_instance


class DeduceChecker:
    """deduce's findings plus the RuleChecker's, merged."""

    def __init__(self) -> None:
        self._rules = RuleChecker()

    def warm(self) -> None:
        """Build deduce now rather than on the first check."""
        get_deduce()

    def check(self, text: str) -> list[Finding]:
        # No lock around deidentify: docdeid makes a fresh Document per call and the
        # processors only hold configuration and read-only lookup structures.
        doc = get_deduce().deidentify(text, disabled=_DEDUCE_DISABLED)
        found: list[Finding] = []
        for annotation in doc.annotations:
            kind = _DEDUCE_KINDS.get(annotation.tag, "overig")
            start, end = annotation.start_char, annotation.end_char
            # deduce flags every date. Stories are full of meeting and decision dates
            # ("op 12 maart hadden we overleg") that are not personal data; flagging them
            # all would bury the real findings. So a date is kept only as a birth date,
            # with the same birth-cue rule as the RuleChecker.
            if annotation.tag == "datum" and not has_birth_cue_near(
                text, start, end, _year_of(annotation.text)
            ):
                continue
            if kind in ("telefoon", "bsn") and (
                (start > 0 and _GLUED.match(text[start - 1])) or _GLUED.match(text[end : end + 1])
            ):
                continue
            found.append(_finding(text, start, end, kind, SOURCE_DEDUCE))
        found.extend(self._rules.check(text))
        return merge_findings(text, found)


def get_checker() -> PrivacyChecker:
    """The checker chosen by ADC_PRIVACY_CHECKER: "deduce" (default) or "rules"."""
    choice = adc_settings.PRIVACY_CHECKER.get().strip().lower()
    if choice == "rules":
        return RuleChecker()
    if choice == "deduce":
        return DeduceChecker()
    raise ValueError(f"ADC_PRIVACY_CHECKER moet 'deduce' of 'rules' zijn, niet {choice!r}.")


# --------------------------------------------------------------------------------------
# Replacing
# --------------------------------------------------------------------------------------


def placeholder(kind: str) -> str:
    return KINDS.get(kind, KINDS["overig"])[1]


def placeholders_in(text: str) -> list[str]:
    """The placeholders ("[BSN]", "[naam]") still standing in the text, in order, once each."""
    known = {mark for _, mark in KINDS.values()}
    return list(dict.fromkeys(m for m in re.findall(r"\[[^\[\]\n]{1,30}\]", text) if m in known))


def replace_with_placeholder(
    text: str, findings: list[Finding], selected: Iterable[int | Finding]
) -> str:
    """The text with each selected finding replaced by its placeholder ("[naam]").

    ``selected`` holds findings or their indices in ``findings``. Findings from a checker
    never overlap (merge_findings); if selected ones do anyway, their union is replaced
    once, with the placeholder of the widest, so no fragment of a name survives.
    Replacement runs from the end of the text to the start, so earlier offsets stay valid.
    A finding whose text no longer matches (stale offsets) is left alone.
    """
    chosen = [findings[s] if isinstance(s, int) else s for s in selected]
    valid = [f for f in chosen if text[f.start : f.end] == f.text]
    spans = [(f.start, f.end, f) for f in merge_findings(text, valid)]
    result = text
    for start, end, f in reversed(spans):
        result = result[:start] + placeholder(f.kind) + result[end:]
    return result
