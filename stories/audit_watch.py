"""The Auditlog page's chain check: new records at every look, the whole chain periodically and on demand."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kernel import adc_settings
from stories import audit_chain, store


@dataclass(frozen=True)
class FullCheck:
    """The last check of the whole chain in this process: when, and how many breaks it found."""

    at: dt.datetime
    breaks: int


@dataclass(frozen=True)
class Outcome:
    """What one look at the log found: the breaks now, and the full check it rests on."""

    problems: list[audit_chain.Problem]
    full: FullCheck


# Per store (its URL or file), in this process: the last full check, and where the chain stood
# when a full check last found it intact. Re-verifying 100,000 records on every look takes
# seconds; a look checks only what came after that position, and that the position itself (its
# record, hash and the number of records up to it) is unchanged. A deleted or slipped-in older
# record changes that number and a deleted or altered last record changes that record: either
# brings the full check back at once. An edit to an older record in place is what only the full
# check finds, so it runs every ADC_AUDIT_FULL_CHECK_MINUTES and on the button.
_full_checks: dict[str, FullCheck] = {}
_intact_at: dict[str, audit_chain.Verified] = {}


def check(*, full: bool = False) -> Outcome:
    """The chain's breaks now (first one first), checking the whole chain when asked (`full`),
    when none was checked yet in this process, when the last full check is older than the
    setting, when it found breaks, or when the part it verified changed."""
    key = adc_settings.store_url() or str(adc_settings.stories_db_path())
    now = dt.datetime.now(dt.UTC)
    last = _full_checks.get(key)
    due = full or last is None or now - last.at >= dt.timedelta(minutes=adc_settings.audit_full_check_minutes())
    with store.read_only() as con:  # one snapshot: the tail and its start agree
        position = _intact_at.get(key)
        if not due and position is not None:
            problems = audit_chain.verify_after(con, position)
            if problems is not None:
                return Outcome(problems, last)  # type: ignore[arg-type]  # not due: there is one
        problems = audit_chain.verify(con)
        _full_checks[key] = FullCheck(now, len(problems))
        if problems:
            _intact_at.pop(key, None)  # broken: every look checks everything until it is whole
        else:
            _intact_at[key] = audit_chain.verified_position(con)
    return Outcome(problems, _full_checks[key])


def forget() -> None:
    """Drop what this process remembers (tests; a restored store is noticed without this)."""
    _full_checks.clear()
    _intact_at.clear()
