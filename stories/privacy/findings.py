"""What the privacy check finds: the finding type, its kinds and labels, merging and placeholders."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

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


def make_finding(text: str, start: int, end: int, kind: str, source: str = SOURCE_RULE) -> Finding:
    return Finding(start, end, text[start:end], kind, source, KINDS[kind][0])


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
# Replacing
# --------------------------------------------------------------------------------------


def placeholder(kind: str) -> str:
    return KINDS.get(kind, KINDS["overig"])[1]


def placeholders_in(text: str) -> list[str]:
    """The placeholders ("[BSN]", "[naam]") still standing in the text, in order, once each."""
    known = {mark for _, mark in KINDS.values()}
    return list(dict.fromkeys(m for m in re.findall(r"\[[^\[\]\n]{1,30}\]", text) if m in known))


def replace_with_placeholder(text: str, findings: list[Finding], selected: Iterable[int | Finding]) -> str:
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
