"""The dashboard's one start command (dashboard/serve.py), as scripts/start.sh runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard import serve
from kernel import adc_settings


def listening_on(port: int) -> set[str]:
    """The local addresses (as the kernel writes them, hex) with a socket listening on `port`."""
    addresses = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text(encoding="ascii").splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, _, hex_port = local.partition(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                addresses.add(address)
    return addresses


@pytest.mark.subprocess
def test_the_start_command_serves_on_the_loopback_address_only_and_stops_cleanly(sample_data_dir):
    port = serve.free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "dashboard.serve", str(port)],
        cwd=adc_settings.ROOT / "tests",  # start.sh may be run from any folder
        env=os.environ | {adc_settings.DATA_DIR.env: str(sample_data_dir)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        assert serve.wait_until_healthy(process, port), "het dashboard startte niet"
        assert listening_on(port) == {"0100007F"}  # 127.0.0.1, and no other address (nor IPv6)
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_readers_get_no_tracebacks_and_tests_do():
    assert serve.command(8600, error_details=False)[-2:] == ["--client.showErrorDetails", "none"]
    assert "--client.showErrorDetails" not in serve.command(8600)


def test_an_argument_that_is_not_a_port_is_refused_in_dutch():
    done = subprocess.run(
        [sys.executable, "-m", "dashboard.serve", "--demo"],
        cwd=adc_settings.ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "verwacht alleen een poortnummer" in done.stderr
