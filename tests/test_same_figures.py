"""bench/same_figures.py: two builds of the same sources agree, and any changed row, table or column is named."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from bench import same_figures
from etl import build, disclosure
from kernel import adc_settings

KEY = "3c" * 32


def _build(folder: Path) -> Path:
    """Figures from sample_data/ under a fixed rounding key, as a second build of a change would be."""
    folder.mkdir()
    (folder / disclosure.KEY_FILE).write_text(KEY)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(adc_settings.DATA_DIR.env, str(folder))  # the build's load log goes there
        return build.build_file(folder / "figures.duckdb", adc_settings.ROOT / "sample_data").db_path


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """Two separate builds, once per module (each test changes only its own copies)."""
    root = tmp_path_factory.mktemp("same_figures")
    return _build(root / "a"), _build(root / "b")


@pytest.fixture
def two_builds(built, tmp_path) -> tuple[Path, Path]:
    old, new = tmp_path / "old.duckdb", tmp_path / "new.duckdb"
    shutil.copy(built[0], old)
    shutil.copy(built[1], new)
    return old, new


def test_two_builds_of_the_same_sources_are_the_same_figures(two_builds, capsys):
    old, new = two_builds
    assert same_figures.differences(old, new) == []
    assert same_figures.main([str(old), str(new)]) == 0
    assert "Gelijk:" in capsys.readouterr().out


def test_a_changed_value_is_named_with_its_table_and_counts(two_builds, capsys):
    old, new = two_builds
    con = duckdb.connect(str(new))
    con.execute(
        "update mart_processing_medians set median_processing_days = median_processing_days + 0.5 "
        "where rowid = (select min(rowid) from mart_processing_medians)"
    )
    con.close()
    assert same_figures.differences(old, new) == [
        "mart_processing_medians: 1 rij(en) alleen in het oude bestand, 1 alleen in het nieuwe"
    ]
    assert same_figures.main([str(old), str(new)]) == 1
    assert "Verschillend: 1" in capsys.readouterr().out


def test_a_duplicated_row_counts_as_a_difference(two_builds):
    """`except all`, not `except`: a row twice where it was once is a different figure."""
    old, new = two_builds
    con = duckdb.connect(str(new))
    con.execute("insert into mart_decisions_monthly select * from mart_decisions_monthly limit 1")
    con.close()
    assert same_figures.differences(old, new) == [
        "mart_decisions_monthly: 0 rij(en) alleen in het oude bestand, 1 alleen in het nieuwe"
    ]


def test_a_missing_table_and_a_changed_column_type_are_named(two_builds, tmp_path):
    old, new = two_builds
    changed = tmp_path / "changed.duckdb"
    shutil.copy(new, changed)
    con = duckdb.connect(str(changed))
    con.execute("drop table mart_maatwerk_daily")
    con.execute("alter table mart_processing_days alter processing_days type integer")
    con.close()
    found = same_figures.differences(old, changed)
    assert found[0] == f"mart_maatwerk_daily: alleen in {old}"
    assert found[1].startswith("mart_processing_days: andere kolommen")
    assert len(found) == 2


def test_a_missing_file_is_refused_in_dutch(tmp_path, capsys):
    assert same_figures.main([str(tmp_path / "weg.duckdb"), str(tmp_path / "ook.duckdb")]) == 2
    assert "Geen cijferbestand gevonden" in capsys.readouterr().err
