"""The suite's own schedule: the files it starts first exist, and they do come first."""

from __future__ import annotations

from pathlib import Path

from kernel import adc_settings
from tests.schedule import HEAVIEST_FIRST, rank


def test_every_file_named_to_start_first_exists():
    here = Path(__file__).parent
    assert [name for name in HEAVIEST_FIRST if not (here / name).is_file()] == []


def test_this_session_runs_the_heaviest_files_first_and_the_runner_keeps_that_order(request):
    ranks = [rank(item) for item in request.session.items]
    assert ranks == sorted(ranks)
    script = (adc_settings.ROOT / "scripts" / "test.sh").read_text(encoding="utf-8")
    assert "--dist loadfile --no-loadscope-reorder" in script  # else xdist reorders by test count
