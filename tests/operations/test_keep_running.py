"""deploy/keep-running: what `make run` and docker-compose start the worker and beat with."""

import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "deploy" / "keep-running"


def keep_running(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(SCRIPT), *args], stderr=subprocess.PIPE, text=True)


def starts(log: Path) -> int:
    return len(log.read_text().splitlines()) if log.exists() else 0


def wait_for_starts(log: Path, count: int, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while starts(log) < count:
        assert time.monotonic() < deadline, f"{starts(log)} starts, expected {count}"
        time.sleep(0.05)


def logged_command(log: Path, body: str) -> list[str]:
    """A command that notes each start in `log`, then runs `body`."""
    return [sys.executable, "-c", f"open({str(log)!r}, 'a').write('start\\n')\n{body}"]


def test_command_is_started_again_when_it_stops_by_itself(tmp_path):
    log = tmp_path / "starts"
    supervisor = keep_running("--", *logged_command(log, "raise SystemExit(3)"))
    try:
        wait_for_starts(log, 2)
    finally:
        supervisor.terminate()
        supervisor.wait(timeout=10)


def test_sigterm_reaches_the_command_and_stops_both_with_its_exit_code_when_asked_to_stop(tmp_path):
    log, done = tmp_path / "starts", tmp_path / "warm-shutdown"
    body = (
        "import signal, sys, time\n"
        f"signal.signal(signal.SIGTERM, lambda *a: (open({str(done)!r}, 'w').write('done'), sys.exit(0)))\n"
        "time.sleep(60)"
    )
    supervisor = keep_running("--", *logged_command(log, body))
    wait_for_starts(log, 1)
    time.sleep(0.3)  # the command's handler is in place

    supervisor.send_signal(signal.SIGTERM)

    assert supervisor.wait(timeout=10) == 0 and done.read_text() == "done" and starts(log) == 1


def test_command_is_stopped_and_started_again_when_its_heartbeat_is_stale(tmp_path):
    log = tmp_path / "starts"
    supervisor = keep_running(
        "--heartbeat",
        str(tmp_path / "never-touched"),
        "--max-age",
        "1",
        "--",
        *logged_command(log, "import time; time.sleep(60)"),
    )
    try:
        wait_for_starts(log, 2)
    finally:
        supervisor.terminate()
        supervisor.wait(timeout=10)
    assert "no heartbeat" in supervisor.stderr.read()
