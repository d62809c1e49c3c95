"""Starting and stopping the test OpenID Provider (provider.mjs, node-oidc-provider).

`npm ci` in this folder installs it from the pinned package-lock.json (`make test` does).
The provider listens on a free loopback port with the clients, users and claims a test
module gives it, and stops with the module.
"""

import json
import shutil
import socket
import subprocess
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
START_TIMEOUT = 20

# DigiD's levels as brokers send them (SAML authentication context classes).
MIDDEN = "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract"
SUBSTANTIEEL = "urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def client(client_id: str, app_url: str) -> dict:
    """A confidential client of our app: the callback and the sign-in page to return to after sign-out."""
    return {
        "client_id": client_id,
        "client_secret": f"{client_id}-secret",
        "redirect_uris": [f"{app_url}/accounts/inloggen/terugkeer/"],
        "post_logout_redirect_uris": [f"{app_url}/accounts/inloggen/"],
        "token_endpoint_auth_method": "client_secret_post",
    }


def start_provider(config: dict, folder: Path) -> tuple[subprocess.Popen, str]:
    """Start the provider with `config` (port added); returns the process and its issuer."""
    node = shutil.which("node")
    if node is None or not (HERE / "node_modules" / "oidc-provider").exists():
        raise RuntimeError(
            "The test OpenID Provider is not installed: run `npm ci` in tests/oidc (make test does), with Node.js 20+."
        )
    folder.mkdir(parents=True, exist_ok=True)
    config = {**config, "port": free_port()}
    config_file = folder / "provider.json"
    config_file.write_text(json.dumps(config))
    log_path = folder / "provider.log"
    log = log_path.open("w")
    process = subprocess.Popen(
        [node, str(HERE / "provider.mjs"), str(config_file)], cwd=HERE, stdout=log, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        for line in log_path.read_text().splitlines():
            if line.startswith("ready "):
                return process, line.removeprefix("ready ").strip()
        if process.poll() is not None:
            break
        time.sleep(0.1)
    stop_provider(process)
    raise RuntimeError(f"The test OpenID Provider did not start:\n{log_path.read_text()}")


def stop_provider(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
