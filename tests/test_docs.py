"""The README is the contract with a newcomer: it must mention what the code declares."""

from __future__ import annotations

import re

from kernel import adc_settings

README = (adc_settings.ROOT / "README.md").read_text(encoding="utf-8")
START, TEST = "bash scripts/start.sh --demo", "bash scripts/test.sh"


def test_readme_opens_with_the_two_commands():
    commands = re.findall(r"```(?:bash|sh)?\n(.*?)```", README, flags=re.S)
    assert [c.strip() for c in commands[:2]] == [START, TEST]


def test_ci_runs_the_readme_test_command():
    ci = (adc_settings.ROOT / ".ci" / "run").read_text()
    assert "scripts/test.sh" in ci


def test_readme_documents_every_setting_with_its_default():
    for setting in adc_settings.SETTINGS:
        assert f"`{setting.env}`" in README, setting.env
        assert f"`{setting.default}`" in README, setting.default


def test_readme_has_a_glossary_for_the_dutch_terms_used_in_code():
    glossary = README.split("## Woordenlijst", 1)[1]
    for term in ("beschikking", "peildatum", "taakveld", "regeling", "maatwerk", "bezwaar", "voorlopig", "caseload"):
        assert term in glossary.lower(), term


def test_every_sample_file_is_documented_in_the_sample_data_readme():
    sample = adc_settings.ROOT / "sample_data"
    documented = (sample / "README.md").read_text(encoding="utf-8")
    for path in sample.iterdir():
        if path.suffix in (".csv", ".xlsx"):
            assert f"`{path.name}`" in documented, path.name
