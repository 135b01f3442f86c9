"""The order in which the suite's files start: the longest first."""

from __future__ import annotations

import pytest

# The files that keep a worker busy for minutes (pytest --durations on the 2-core machine,
# December 2026), heaviest first. scripts/test.sh hands whole files to two workers in this
# order (--dist loadfile --no-loadscope-reorder; xdist would otherwise start the files with
# the most tests first, and the longest file, with two tests, last): started first, they run
# beside the many short files instead of leaving one worker alone on a long file at the end.
HEAVIEST_FIRST = (
    "test_crash_build.py",
    "test_bench.py",
    "test_concurrent_writers.py",
    "test_hostile_input.py",
    "test_disclosure_attack.py",
    "test_cluster.py",
    "test_deduce_cache.py",
    # The longest browser files (the browser tests are a call of their own, also on two workers).
    "test_browser_dutch.py",
    "test_browser_stories_first.py",
    "test_browser_story.py",
    "test_browser_injection.py",
)


def rank(item: pytest.Item) -> int:
    """Its file's place in HEAVIEST_FIRST; every other file after those."""
    try:
        return HEAVIEST_FIRST.index(item.path.name)
    except ValueError:
        return len(HEAVIEST_FIRST)


def heaviest_first(items: list[pytest.Item]) -> None:
    """The files of HEAVIEST_FIRST first, in its order; the others after them as collected (a
    stable sort: the tests within a file keep their order)."""
    items.sort(key=rank)
