"""Shared fixtures: one database built from sample_data/ per session, fresh folders per test."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import streamlit as st

from accounts import demo
from etl import build, disclosure, stories_import, workspace
from kernel import adc_settings
from queries import db
from tests.apptest import as_in_one_server
from tests.postgres import postgres_server, postgres_store, postgres_url, store_backend  # noqa: F401 (fixtures)
from tests.schedule import heaviest_first
from tests.sources import write_sources

# The real de-identifier takes seconds to start and a gigabyte of memory: tests use the rule
# checker unless they ask for deduce explicitly (tests/test_privacy.py, marked slow).
os.environ.setdefault(adc_settings.PRIVACY_CHECKER.env, "rules")

ROOT = adc_settings.ROOT
SAMPLE_DATA = ROOT / "sample_data"


@pytest.fixture(scope="session", autouse=True)
def apptest_as_in_one_server():
    """Every AppTest run of the session shares one compiled app.py and page, and one look for
    installed components, as the sessions of a server do (tests/apptest.py)."""
    with as_in_one_server():
        yield


@pytest.fixture(scope="session")
def sample_data_dir(tmp_path_factory) -> Path:
    """ADC_DATA_DIR with figures built from sample_data/ and the sample stories imported.

    Built once per session; tests that write must copy it (see `data_dir`).
    """
    folder = tmp_path_factory.mktemp("sample_data_dir")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(adc_settings.DATA_DIR.env, str(folder))
        # A fixed rounding key: the council's rounded figures, and so which cells and stories
        # it sees, are the same in every test session (a real installation makes its own key).
        (folder / disclosure.KEY_FILE).write_text("5a" * 32)
        build.build_file(adc_settings.figures_db_path(), SAMPLE_DATA)
        stories_import.import_file(SAMPLE_DATA / "verhalen.csv")
        demo.create_demo_users()
    return folder


@pytest.fixture
def data_dir(sample_data_dir, tmp_path, monkeypatch) -> Path:
    """A private copy of the sample databases, set as ADC_DATA_DIR for this test."""
    folder = tmp_path / "data"
    shutil.copytree(sample_data_dir, folder)
    monkeypatch.setenv(adc_settings.DATA_DIR.env, str(folder))
    yield folder
    db.close_all()


@pytest.fixture
def loaded(tmp_path, monkeypatch) -> Path:
    """ADC_DATA_DIR (tmp_path/data) with figures built from the small inline sources of
    tests/sources.py, and the beheerder's source folder made from them."""
    monkeypatch.setenv(adc_settings.DATA_DIR.env, str(tmp_path / "data"))
    build.build_file(adc_settings.figures_db_path(), write_sources(tmp_path / "src"))
    workspace.source_dir()
    yield tmp_path / "data"
    db.close_all()


@pytest.fixture
def figures_con(sample_data_dir):
    """A read-only cursor on the session's sample figures database."""
    con = db.figures(sample_data_dir / "figures.duckdb")
    yield con
    con.close()


@pytest.fixture
def fresh_caches():
    """Streamlit's caches are shared by every AppTest in the process: start each test empty."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    db.close_all()


@pytest.fixture
def app_data(data_dir, fresh_caches):
    """For an AppTest that writes: a private copy of the sample data, and empty caches."""
    return data_dir


# --- no test leaves the environment changed ----------------------------------------------------


def _environment_changes(before: dict[str, str]) -> list[str]:
    after = dict(os.environ)
    for own in ("PYTEST_CURRENT_TEST",):  # pytest's own: the phase of the running test
        before.pop(own, None)
        after.pop(own, None)
    return (
        [f"{name} gezet op {after[name]!r}" for name in sorted(after.keys() - before.keys())]
        + [f"{name} verwijderd (was {before[name]!r})" for name in sorted(before.keys() - after.keys())]
        + [
            f"{name} veranderd van {before[name]!r} in {after[name]!r}"
            for name in sorted(before.keys() & after.keys())
            if before[name] != after[name]
        ]
    )


@pytest.fixture(autouse=True)
def environment_restored(request):
    """Fails a test that changes os.environ without restoring it: a leaked ADC_DATA_DIR makes the
    next test read another test's data. Use monkeypatch.setenv / delenv (restored after the test)."""
    before = dict(os.environ)
    yield
    if changes := _environment_changes(before):
        pytest.fail(
            f"{request.node.nodeid} liet os.environ veranderd achter: {'; '.join(changes)}. "
            "Gebruik monkeypatch.setenv/delenv.",
            pytrace=False,
        )


@pytest.fixture(scope="module", autouse=True)
def environment_restored_by_module(request):
    """The same for module fixtures (set up before the first test's snapshot): use
    `pytest.MonkeyPatch.context()` there."""
    before = dict(os.environ)
    yield
    if changes := _environment_changes(before):
        pytest.fail(
            f"{request.node.nodeid} (een module-fixture) liet os.environ veranderd achter: "
            f"{'; '.join(changes)}. Gebruik pytest.MonkeyPatch.context().",
            pytrace=False,
        )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    heaviest_first(items)  # the longest files start first (tests/schedule.py)
