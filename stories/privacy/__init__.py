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

The package: findings.py (the result type, kinds, merging, placeholders), rules.py (our own
patterns and checksums) and deduce_checker.py (deduce and its cache). This module keeps the
names the service, the import and the tests use.
"""

from __future__ import annotations

from kernel import adc_settings
from stories.privacy.deduce_checker import (
    DeduceChecker,
    cache_is_trusted,
    deduce_cache_dir,
    deduce_cache_file,
    deduce_checksum_file,
    get_deduce,
    seal_cache,
    trusted_or_set_aside,
)
from stories.privacy.findings import (
    KINDS,
    SOURCE_DEDUCE,
    SOURCE_RULE,
    Finding,
    PrivacyChecker,
    merge_findings,
    placeholder,
    placeholders_in,
    replace_with_placeholder,
)
from stories.privacy.rules import RuleChecker, has_birth_cue_near, is_valid_bsn, is_valid_iban

__all__ = [
    "KINDS",
    "SOURCE_DEDUCE",
    "SOURCE_RULE",
    "DeduceChecker",
    "Finding",
    "PrivacyChecker",
    "RuleChecker",
    "cache_is_trusted",
    "deduce_cache_dir",
    "deduce_cache_file",
    "deduce_checksum_file",
    "get_checker",
    "get_deduce",
    "has_birth_cue_near",
    "is_valid_bsn",
    "is_valid_iban",
    "merge_findings",
    "placeholder",
    "placeholders_in",
    "replace_with_placeholder",
    "seal_cache",
    "trusted_or_set_aside",
]


def get_checker() -> PrivacyChecker:
    """The checker chosen by ADC_PRIVACY_CHECKER: "deduce" (default) or "rules"."""
    choice = adc_settings.PRIVACY_CHECKER.get().strip().lower()
    if choice == "rules":
        return RuleChecker()
    if choice == "deduce":
        return DeduceChecker()
    raise ValueError(f"ADC_PRIVACY_CHECKER moet 'deduce' of 'rules' zijn, niet {choice!r}.")
