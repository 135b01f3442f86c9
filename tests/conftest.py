"""Shared fixtures: one database built from sample_data/ per session, fresh folders per test."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import streamlit as st

from accounts import demo
from etl import build, disclosure, stories_import
from kernel import adc_settings
from queries import db

# The real de-identifier takes seconds to start and a gigabyte of memory: tests use the rule
# checker unless they ask for deduce explicitly (tests/test_privacy.py, marked slow).
os.environ.setdefault(adc_settings.PRIVACY_CHECKER.env, "rules")

ROOT = adc_settings.ROOT
SAMPLE_DATA = ROOT / "sample_data"


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
