"""The de-identifier's cache is a pickle: one we did not write is never loaded."""

from __future__ import annotations

import os
import pickle
import stat
import subprocess
import sys

import pytest

from kernel import adc_settings
from stories import privacy


class Booby:
    """Unpickling this creates the marker file: proof that a pickle's code ran."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def plant(cache_file, marker) -> None:
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    cache_file.write_bytes(pickle.dumps(Booby(marker)))


@pytest.fixture
def cache_file(tmp_path):
    return tmp_path / "deduce" / "cache" / "lookup_structs.pickle"


def test_a_planted_pickle_without_a_checksum_is_set_aside_unloaded(cache_file, tmp_path, capsys):
    marker = tmp_path / "uitgevoerd"
    plant(cache_file, marker)
    assert privacy.trusted_or_set_aside(cache_file) is False
    assert not marker.exists() and not cache_file.exists()
    assert cache_file.with_name("lookup_structs.pickle.onvertrouwd").is_file()
    assert "geen kloppende controlesom" in capsys.readouterr().err


def test_a_planted_pickle_with_a_wrong_checksum_is_set_aside_unloaded(cache_file, tmp_path):
    marker = tmp_path / "uitgevoerd"
    plant(cache_file, marker)
    privacy.deduce_checksum_file(cache_file).write_text("0" * 64 + "\n")
    assert privacy.trusted_or_set_aside(cache_file) is False
    assert not marker.exists() and not privacy.deduce_checksum_file(cache_file).exists()


def test_a_sealed_cache_is_trusted_until_it_changes_and_its_checksum_is_private(cache_file):
    cache_file.parent.mkdir(parents=True)
    cache_file.write_bytes(pickle.dumps({"lookup_structs": "echt"}))
    assert privacy.trusted_or_set_aside(cache_file) is False  # no checksum yet: never trusted
    cache_file.write_bytes(pickle.dumps({"lookup_structs": "echt"}))
    privacy.seal_cache(cache_file)
    checksum = privacy.deduce_checksum_file(cache_file)
    assert stat.S_IMODE(checksum.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache_file.stat().st_mode) == 0o600
    assert privacy.trusted_or_set_aside(cache_file) is True
    cache_file.write_bytes(cache_file.read_bytes() + b"\x00")
    assert privacy.trusted_or_set_aside(cache_file) is False


@pytest.mark.slow
def test_the_checker_rebuilds_instead_of_loading_a_planted_pickle_and_still_works(tmp_path):
    """End to end, in a fresh process: a full deduce build (about a minute).

    The build is what is claimed, so no cheaper trigger proves it: a planted pickle set aside
    leaves deduce nothing to load, and the checker must then build its lookup structures itself,
    seal them, and find personal data with them. That the pickle is set aside unloaded is proved
    in milliseconds above; only this test shows the process that sets it aside still works."""
    cache_dir = tmp_path / "deduce"
    cache_file = cache_dir / "cache" / "lookup_structs.pickle"
    marker = tmp_path / "uitgevoerd"
    plant(cache_file, marker)
    env = os.environ | {adc_settings.DEDUCE_CACHE_DIR.env: str(cache_dir), adc_settings.PRIVACY_CHECKER.env: "deduce"}
    done = subprocess.run(
        [sys.executable, str(adc_settings.ROOT / "scripts" / "warm_deduce.py")],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert not marker.exists()
    assert "geen kloppende controlesom" in done.stderr
    assert "Privacycontrole klaar" in done.stdout and "(0 bevindingen" not in done.stdout
    assert privacy.cache_is_trusted(cache_file)
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700
