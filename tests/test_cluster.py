"""Four dashboard processes behind nginx (scripts/cluster.sh): 40 users at once, a build and a
backup in the middle, and nothing lost. On the DuckDB store the processes share one file lock:
a page or login that waited for it too long is tried again by its user (counted, and checked
against the processes' logs); on PostgreSQL (ADC_STORE_URL) none may be needed.

The load is bench/cluster.py's (what each user does, and why writes go through the service
layer), here with one round per user; `python -m bench.cluster` also runs it against one
process for comparison (twice the minutes, so not here). Its figures are printed.
"""

from __future__ import annotations

import socket
import subprocess

import pytest

from bench import cluster
from kernel import adc_settings

pytestmark = [pytest.mark.slow, pytest.mark.subprocess]  # minutes: a cluster, a build, 40 users


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_forty_users_on_four_processes_lose_nothing(data_dir, postgres_store, capsys, tmp_path, monkeypatch):
    # The cluster's folder (logs, nginx's files) is made under TMPDIR and kept after a stop for
    # whoever looks into a failure: here it is the test's own, which pytest clears away.
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    # On PostgreSQL, the store issue 19 adds for several processes: the DuckDB file's one lock is
    # for one process (docs/deployment.md), and several processes on it make users try again.
    assert cluster.on_postgres()
    load = cluster.Load(rounds=1)
    assert load.users == 40
    cluster.create_accounts(load)
    everyone = {name for names in cluster.usernames(load).values() for name, _ in names}
    processes = 4
    outcome, before, after = cluster.measure(load, processes, _free_port(), data_dir)
    with capsys.disabled():
        print(f"\n{outcome.line()}")
    assert not outcome.errors, "\n".join(outcome.errors)
    # A user shown the error page (or whose login hand-off failed) tries again; each such answer
    # must have come from the DuckDB store's busy file lock (several processes contend for it),
    # and on PostgreSQL there may be none.
    assert outcome.server_errors == []
    if cluster.on_postgres():
        assert (outcome.busy, outcome.refused) == (0, [])
    assert outcome.served == everyone
    assert outcome.build is not None and outcome.build.returncode == 0, outcome.build
    assert outcome.backup is not None and outcome.backup.returncode == 0, outcome.backup.stderr
    assert outcome.figures_swapped, "the build did not publish a new figures file"
    # Every story, version, event and audit record that the users made is stored, once.
    assert {key: after[key] - before[key] for key in after} == cluster.expected_growth(load)
    assert outcome.published == load.professionals * load.stories
    # Every browser stayed on one process, and the proxy spread the browsers over all of them.
    assert outcome.split_browsers == 0
    assert outcome.processes_used == processes
    assert len(outcome.latencies) >= load.readers * len(cluster.READER_PAGES)
    assert cluster.chain_problems() == []


def test_cluster_script_refuses_bad_options_in_dutch():
    for options, expected in (
        (["start", "--processen", "0"], "--processen is '0', maar moet een aantal van 1 tot en met 99 zijn"),
        (["start", "--poort", "80"], "--poort is '80', maar moet een poortnummer van 1024 tot en met 65535 zijn"),
        (["begin"], "Gebruik: bash scripts/cluster.sh start|stop"),
        (["stop", "--poort", str(_free_port())], "Geen cluster op poort"),
    ):
        done = subprocess.run(
            ["bash", "scripts/cluster.sh", *options], cwd=adc_settings.ROOT, capture_output=True, text=True
        )
        assert done.returncode != 0
        assert expected in done.stderr
