"""The audit log is append-only: no code path in the project updates or deletes it."""

from __future__ import annotations

import re

from kernel import adc_settings

SOURCE_DIRS = ("kernel", "etl", "stories", "dashboard", "accounts", "briefing", "scripts")
CHANGES_AUDIT = re.compile(
    r"(update\s+audit_log|delete\s+from\s+audit_log|drop\s+table\s+(if\s+exists\s+)?audit_log|"
    r"truncate\s+(table\s+)?audit_log|alter\s+table\s+audit_log|create\s+or\s+replace\s+table\s+audit_log)",
    re.IGNORECASE,
)


def project_sources():
    for folder in SOURCE_DIRS:
        base = adc_settings.ROOT / folder
        if base.exists():
            yield from (p for p in base.rglob("*") if p.suffix in (".py", ".sql", ".sh"))


def test_no_code_path_updates_or_deletes_audit_records():
    offenders = [
        str(p.relative_to(adc_settings.ROOT))
        for p in project_sources()
        if CHANGES_AUDIT.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_only_the_audit_module_writes_to_the_audit_table():
    writers = [
        str(p.relative_to(adc_settings.ROOT))
        for p in project_sources()
        if re.search(r"insert\s+into\s+audit_log", p.read_text(encoding="utf-8"), re.I)
    ]
    assert writers == ["stories/audit.py"]


def test_the_scan_would_notice_a_change():
    assert CHANGES_AUDIT.search('con.execute("UPDATE audit_log SET actor = ?")')
    assert CHANGES_AUDIT.search("delete from  audit_log where audit_id = 1")
