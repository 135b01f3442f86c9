"""How the dashboard is started: one `streamlit run` command line for scripts/start.sh,
scripts/screenshots.py and the browser tests (tests/browser.py).

    python -m dashboard.serve [PORT]   serves on 127.0.0.1:PORT (standaard 8501), as start.sh does
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import IO

from kernel import adc_settings
from stories import store

# The address is passed on the command line, not only in .streamlit/config.toml: Streamlit reads
# that file from the folder it is started in, and without it listens on every network interface.
ADDRESS = "127.0.0.1"
DEFAULT_PORT = 8501


SCRIPT = "dashboard/server.py"


def command(port: int, *, python: str = sys.executable, error_details: bool = True, script: str = SCRIPT) -> list[str]:
    """`streamlit run dashboard/server.py` (or another app `script`, e.g. the benchmark's bare app)
    on ADDRESS:`port`, headless (it opens no browser and asks nothing), to be run from the
    repository's root. Without `error_details` a reader never sees a traceback (a real
    installation); the tests keep them to see what broke."""
    arguments = [python, "-m", "streamlit", "run", script]
    arguments += ["--server.port", str(port), "--server.address", ADDRESS, "--server.headless", "true"]
    if not error_details:
        arguments += ["--client.showErrorDetails", "none"]
    return arguments


def free_port() -> int:
    """A port on ADDRESS that nothing listens on now (the system picks it)."""
    with socket.socket() as sock:
        sock.bind((ADDRESS, 0))
        port: int = sock.getsockname()[1]
        return port


def start(
    port: int,
    data: Path,
    *,
    env: dict[str, str] | None = None,
    output: IO[str] | int = subprocess.DEVNULL,
    script: str = SCRIPT,
) -> subprocess.Popen[bytes]:
    """The dashboard on `data` (an ADC_DATA_DIR), serving on `port`, writing its log to `output`;
    `env` adds settings. Returns at once: wait with `wait_until_healthy`."""
    return subprocess.Popen(
        command(port, script=script),
        cwd=adc_settings.ROOT,
        env=os.environ | {adc_settings.DATA_DIR.env: str(data)} | (env or {}),
        stdout=output,
        stderr=subprocess.STDOUT,
    )


def url(port: int) -> str:
    return f"http://{ADDRESS}:{port}"


def wait_until_healthy(process: subprocess.Popen[bytes], port: int, timeout: float = 60) -> bool:
    """True once the server on `port` answers its health check; False if `process` ended or
    `timeout` seconds went by first."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url(port)}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return True
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            return False
        time.sleep(0.05)


def main(argv: list[str]) -> None:
    """Replace this process by the dashboard's server, as scripts/start.sh does."""
    if argv and not (len(argv) == 1 and argv[0].isdigit()):
        raise SystemExit(f"Onbekende argumenten {' '.join(argv)!r}: verwacht alleen een poortnummer, zoals 8501.")
    port = int(argv[0]) if argv else DEFAULT_PORT
    # A wrong ADC_STORE_URL stops the start in the terminal, not only on the page the app shows.
    if (unusable := store.why_unusable()) is not None:
        raise SystemExit(f"Geweigerd: {unusable} Het dashboard is niet gestart.")
    os.chdir(adc_settings.ROOT)
    arguments = command(port, error_details=False)
    os.execv(arguments[0], arguments)


if __name__ == "__main__":
    main(sys.argv[1:])
