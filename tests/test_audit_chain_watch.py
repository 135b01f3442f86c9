"""The Auditlog page's chain check: between full checks a look checks only the new records and
the verified end, yet a deleted or slipped-in record is still named; the full check (periodic,
on the button) finds an older record edited in place; the page says when it last ran."""

from __future__ import annotations

import time

import pytest

from kernel import adc_settings
from stories import audit, audit_chain, audit_watch, store
from tests.test_audit_chain import FORGED, attacker, audit_ids, logged, logged_file  # noqa: F401 (fixtures)


@pytest.fixture(autouse=True)
def nothing_remembered():
    audit_watch.forget()
    yield
    audit_watch.forget()


def test_a_look_after_a_full_check_checks_new_records_without_a_new_full_check(logged):
    first = audit_watch.check(full=True)
    assert first.problems == [] and first.full.breaks == 0
    audit.record_now("beheerder", "export", detail="na de volledige controle")
    time.sleep(0.01)
    look = audit_watch.check()
    assert look.problems == [] and look.full == first.full  # the same full check, not a new one
    forged = audit_ids()[-1] + 10
    attacker(FORGED, [forged])
    look = audit_watch.check()
    assert [(p.audit_id, "zonder hash" in p.message) for p in look.problems] == [(forged, True)]
    assert look.full == first.full  # found by the look at the new records


@pytest.mark.parametrize("which", ["middle", "last"])
def test_a_record_deleted_after_a_full_check_is_named_at_the_next_look(logged, which):
    audit.record_now("beheerder", "export", detail="nog een")
    first = audit_watch.check(full=True)
    ids = audit_ids()
    target = ids[len(ids) // 2] if which == "middle" else ids[-1]
    attacker("delete from audit_log where audit_id = ?", [target])
    time.sleep(0.01)
    look = audit_watch.check()
    assert [(p.audit_id, "verwijderd" in p.message) for p in look.problems] == [(target, True)]
    assert look.full.at > first.full.at and look.full.breaks == 1  # the change brought the full check


def test_an_older_record_edited_in_place_is_named_by_the_full_check(logged, monkeypatch):
    audit_watch.check(full=True)
    target = audit_ids()[1]
    attacker("update audit_log set detail = 'anders' where audit_id = ?", [target])
    # A look between full checks only sees the new records and the verified end (README).
    assert audit_watch.check().problems == []
    changed = [(p.audit_id, "gewijzigd" in p.message) for p in audit_watch.check(full=True).problems]
    assert changed == [(target, True)]
    # Remembered as broken: every look checks the whole chain until it is whole again.
    assert [p.audit_id for p in audit_watch.check().problems] == [target]


def test_a_look_runs_the_full_check_when_the_setting_says_it_is_due(logged, monkeypatch):
    audit_watch.check(full=True)
    target = audit_ids()[1]
    attacker("update audit_log set actor = 'iemand-anders' where audit_id = ?", [target])
    monkeypatch.setenv(adc_settings.AUDIT_FULL_CHECK_MINUTES.env, "0")
    assert [p.audit_id for p in audit_watch.check().problems] == [target]


def test_the_tail_check_agrees_with_the_full_check_on_the_new_records(logged):
    with store.read_only() as con:
        position = audit_chain.verified_position(con)
    for n in range(3):
        audit.record_now("beheerder", "export", detail=f"na {n}")
    ids = audit_ids()
    attacker("update audit_log set detail = 'anders' where audit_id = ?", [ids[-2]])
    with store.read_only() as con:
        tail = audit_chain.verify_after(con, position)
        assert tail is not None and [str(p) for p in tail] == [str(p) for p in audit_chain.verify(con)]
        assert [p.audit_id for p in tail] == [ids[-2]]


@pytest.mark.parametrize("value", ["-1", "vaak", "nan"])
def test_a_bad_full_check_interval_is_refused_in_dutch(monkeypatch, value):
    monkeypatch.setenv(adc_settings.AUDIT_FULL_CHECK_MINUTES.env, value)
    with pytest.raises(adc_settings.SettingError, match="ADC_AUDIT_FULL_CHECK_MINUTES.*0 of meer"):
        adc_settings.check()


@pytest.mark.slow  # several renders of the app
def test_the_page_says_when_the_whole_chain_was_checked_and_the_button_checks_it(app_data):
    from tests.apptest import open_app

    at = open_app("app_pages/auditlog.py", role="beheerder")
    caption = next(c.value for c in at.caption if c.value.startswith("Laatste controle van de hele keten"))
    assert "de keten was intact" in caption and "na 60 minuten" in caption
    assert at.success[0].value.startswith("Het auditlog is intact")
    target = audit_ids()[0]
    attacker("update audit_log set detail = 'anders' where audit_id = ?", [target])
    at.run()  # a look between full checks
    assert at.success and not at.error
    at.button(key="audit_full_check_button").click().run()
    assert not at.exception and not at.success
    assert f"record {target} van" in at.error[0].value and "gewijzigd" in at.error[0].value
    caption = next(c.value for c in at.caption if c.value.startswith("Laatste controle van de hele keten"))
    assert "1 breuk(en) gevonden" in caption
