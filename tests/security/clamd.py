"""A real clamd (Debian's clamav-daemon) for the tests, with a signature database written here.

The official signatures cannot be downloaded in CI, so the database is one custom .ndb
signature for the EICAR test string; clamd listens on a socket in the test's own folder.
"""

import shutil
import subprocess
import time
from pathlib import Path

CLAMD = shutil.which("clamd") or "/usr/sbin/clamd"
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def start_clamd(folder: Path, timeout: float = 120.0) -> tuple[subprocess.Popen, Path]:
    database = folder / "db"
    database.mkdir()
    (database / "regeling-test.ndb").write_text(f"Regeling.Test.EICAR:0:*:{EICAR.hex()}\n")
    socket_path = folder / "clamd.sock"
    config = folder / "clamd.conf"
    config.write_text(
        "\n".join(
            [
                f"LocalSocket {socket_path}",
                f"DatabaseDirectory {database}",
                f"TemporaryDirectory {folder}",
                f"LogFile {folder / 'clamd.log'}",
                f"PidFile {folder / 'clamd.pid'}",
                "Foreground yes",
                "LogVerbose no",
                "",
            ]
        )
    )
    process = subprocess.Popen([CLAMD, "--config-file", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # noqa: S603
    deadline = time.monotonic() + timeout
    while not socket_path.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            log = (folder / "clamd.log").read_text() if (folder / "clamd.log").exists() else ""
            raise RuntimeError(f"clamd did not start: {process.stderr.read().decode()} {log}")
        time.sleep(0.2)
    return process, socket_path
