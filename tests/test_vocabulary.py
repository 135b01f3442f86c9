"""Every code a store holds is declared once in kernel/vocabulary.py, and code writes no literal ones."""

from __future__ import annotations

import ast
from pathlib import Path

import duckdb
import pytest

from etl import load_log
from kernel import adc_settings, vocabulary
from kernel.access import MANAGER, PROFESSIONAL, ROLES, Viewer
from queries import db
from stories import service, store
from stories.privacy import RuleChecker
from stories.service import StoryDraft

FIXTURE_STORES = Path(__file__).parent / "fixtures" / "stores"
AUTHOR = Viewer("wi-zuid-1", PROFESSIONAL, ("WI-ZUID",))
COLLEAGUE = Viewer("wi-zuid-2", PROFESSIONAL, ("WI-ZUID",))
TEAM_MANAGER = Viewer("manager-zuid", MANAGER, ("WI-ZUID",))
# Each stored column with the codes it may hold.
DECLARED = {
    ("story_events", "status"): vocabulary.STATUSES,
    ("story_versions", "visibility"): vocabulary.VISIBILITIES,
    ("audit_log", "action"): vocabulary.AUDIT_ACTIONS,
    ("users", "role"): ROLES,
}


def undeclared(path: Path) -> dict[str, set[str]]:
    """Per table.column, the stored codes kernel/vocabulary.py does not declare."""
    with duckdb.connect(str(path), read_only=True) as con:
        tables = {row[0] for row in con.execute("select table_name from duckdb_tables()").fetchall()}
        found = {}
        for (table, column), codes in DECLARED.items():
            if table in tables:  # names from the constant above
                stored = {r[0] for r in con.execute(f"select distinct {column} from {table}").fetchall()}
                if stored - codes.keys():
                    found[f"{table}.{column}"] = stored - codes.keys()
        return found


def every_status_and_action(data_dir: Path) -> None:
    """Run a story through every step, so the store holds each status and story action."""
    figures = db.figures()
    draft = StoryDraft(
        title="Een wijk erbij",
        body="Huisbezoeken schuiven door sinds de herindeling.",
        metric_key="caseload_per_fte",
        period="2023-09",
        note_kind="werkdruk",
        visibility=vocabulary.COUNCIL,
        team_code="WI-ZUID",
    )
    roles = ("klantmanager",)
    for ending in ("publish", "return", "withdraw"):
        story_id = service.save(AUTHOR, draft, figures, checker=RuleChecker()).story_id
        if ending == "withdraw":
            service.withdraw(AUTHOR, story_id, "Niet meer actueel.")
            continue
        service.save(AUTHOR, draft, figures, story_id=story_id, checker=RuleChecker())
        service.submit(AUTHOR, story_id)
        if ending == "return":
            service.return_to_author(COLLEAGUE, story_id, "Graag concreter.", roles, roles)
            continue
        service.approve(COLLEAGUE, story_id, roles, roles)
        service.approve(TEAM_MANAGER, story_id, roles, roles)


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_the_sample_store_after_every_step_holds_only_declared_codes(data_dir):
    every_status_and_action(data_dir)
    path = adc_settings.stories_db_path()
    with duckdb.connect(str(path), read_only=True) as con:
        statuses = {r[0] for r in con.execute("select distinct status from story_events").fetchall()}
    assert statuses == set(vocabulary.STATUSES)  # the walk above reached every status
    assert undeclared(path) == {}


def test_the_load_log_holds_only_declared_load_statuses(sample_data_dir, monkeypatch):
    monkeypatch.setenv(adc_settings.DATA_DIR.env, str(sample_data_dir))
    statuses = {run["status"] for run in load_log.read_runs()}
    assert statuses and statuses <= vocabulary.LOAD_STATUSES.keys()


@pytest.mark.parametrize("fixture", sorted(FIXTURE_STORES.glob("*.duckdb")), ids=lambda p: p.stem)
def test_stores_of_earlier_releases_hold_only_declared_codes(fixture):
    assert undeclared(fixture) == {}


def test_an_undeclared_code_is_noticed(data_dir):
    with store.connect() as con:
        con.execute("insert into audit_log (occurred_at, actor, action) values (now(), 'x', 'iets_nieuws')")
    assert undeclared(adc_settings.stories_db_path()) == {"audit_log.action": {"iets_nieuws"}}


def literal_codes(path: Path) -> list[str]:
    """Audit actions passed as a string literal, and story statuses written out, in one module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("record", "record_now")
        ):
            position = 2 if node.func.attr == "record" else 1  # (con,) actor, action, ...
            if len(node.args) > position and isinstance(node.args[position], ast.Constant):
                found.append(f"line {node.lineno}: action {node.args[position].value!r}")
        elif isinstance(node, ast.Constant) and node.value in vocabulary.STATUSES:
            found.append(f"line {node.lineno}: status {node.value!r}")
    return found


def test_no_code_passes_a_literal_audit_action_or_status():
    """Writers take the constants, so a code cannot be misspelt in one place only."""
    offenders = {}
    for folder in ("kernel", "etl", "stories", "accounts", "queries", "presentation", "briefing", "dashboard"):
        for path in (adc_settings.ROOT / folder).rglob("*.py"):
            # A decision can be `ingetrokken` too: that is an outcome code, not a story status.
            if path.name not in ("vocabulary.py", "decisions.py") and literal_codes(path):
                offenders[str(path.relative_to(adc_settings.ROOT))] = literal_codes(path)
    assert offenders == {}


def test_the_literal_scan_would_notice_one(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        'audit.record(con, "systeem", "iets_gedaan")\naudit.record_now(x, "y")\n'
        'STATUS = "gepubliceerd"\naudit.record(con, "systeem", vocabulary.LOGIN)\n'
    )
    assert literal_codes(module) == [
        "line 1: action 'iets_gedaan'",
        "line 2: action 'y'",
        "line 3: status 'gepubliceerd'",
    ]
