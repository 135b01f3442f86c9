"""Every database file the project writes is readable by its owner only (0600, folders 0700)."""

from __future__ import annotations

import stat

from kernel import adc_settings
from kernel.adc_files import private_dir
from stories import audit, backup


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_stores_the_load_log_and_their_folder_are_private(data_dir):
    audit.record_now("beheerder", "export")  # a unit of work on the story store
    for path in (adc_settings.figures_db_path(), adc_settings.stories_db_path(), adc_settings.load_log_path()):
        assert mode(path) == 0o600, path.name
    assert mode(data_dir) == 0o700


def test_a_backup_and_a_restored_store_are_private(data_dir, tmp_path):
    folder = tmp_path / "backups" / "b1"
    backup.backup(folder, "beheerder")
    assert mode(folder) == 0o700
    assert {p.name: mode(p) for p in folder.iterdir()} == {p.name: 0o600 for p in folder.iterdir()}
    adc_settings.stories_db_path().chmod(0o644)  # a store from before this rule
    restored = backup.restore(folder, "beheerder")
    assert mode(restored.store_path) == 0o600


def test_a_shared_folder_is_never_tightened(tmp_path):
    shared = tmp_path / "gedeeld"
    shared.mkdir(mode=0o777)
    shared.chmod(0o1777)  # sticky, like /tmp
    private_dir(shared / "eigen", tighten=True)
    private_dir(shared, tighten=True)
    assert mode(shared) == 0o1777 and mode(shared / "eigen") == 0o700
