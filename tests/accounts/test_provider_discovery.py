"""A provider's discovery document is believed only when it is about the issuer it was
fetched for, over https (OpenID Connect Discovery 1.0, 4.3)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.cache import cache

from regeling.accounts.oidc.config import (
    ProviderUnavailable,
    discover,
    is_secure_or_loopback,
    issuer_matches_discovery_url,
)


@pytest.fixture
def serve_document():
    """A real HTTP server on loopback; `make(origin)` builds the JSON it answers every GET with."""
    servers = []

    def start(make) -> str:
        server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
        origin = f"http://127.0.0.1:{server.server_port}"
        body = json.dumps(make(origin)).encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the http.server name
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        server.RequestHandlerClass = Handler
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"{origin}/.well-known/openid-configuration"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()
    cache.clear()


def document_for(issuer: str, **changes) -> dict:
    endpoints = {name: f"{issuer}/{name}" for name in ("authorization_endpoint", "token_endpoint", "jwks_uri")}
    return {"issuer": issuer, **endpoints, **changes}


def test_document_used_when_it_names_the_issuer_it_was_fetched_from(serve_document):
    url = serve_document(document_for)
    assert discover(url)["issuer"] == url.removesuffix("/.well-known/openid-configuration")


def test_document_refused_when_it_names_another_issuer(serve_document):
    url = serve_document(lambda origin: document_for("https://login.example.nl/tenant/v2.0"))
    with pytest.raises(ProviderUnavailable, match="another issuer"):
        discover(url)


def test_document_refused_when_an_endpoint_is_plain_http_elsewhere(serve_document):
    url = serve_document(lambda origin: document_for(origin, token_endpoint="http://idp.example/token"))
    with pytest.raises(ProviderUnavailable, match="not https"):
        discover(url)


def test_document_refused_when_it_is_not_an_object(serve_document):
    url = serve_document(lambda origin: ["not", "an", "object"])
    with pytest.raises(ProviderUnavailable, match="JSON object"):
        discover(url)


def test_discovery_refused_when_address_is_plain_http_to_another_machine():
    with pytest.raises(ProviderUnavailable, match="not https"):
        discover("http://login.example.nl/.well-known/openid-configuration")


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://login.microsoftonline.com/t/v2.0/.well-known/openid-configuration", True),
        ("http://127.0.0.1:5556/.well-known/openid-configuration", True),
        ("http://localhost:5556/x", True),
        ("http://sso.example.nl/realms/r/.well-known/openid-configuration", False),
        ("ftp://sso.example.nl/", False),
    ],
)
def test_only_https_or_this_machine_when_reaching_a_provider(url, allowed):
    assert is_secure_or_loopback(url) is allowed


def test_issuer_matches_when_discovery_url_is_its_well_known_address():
    issuer = "https://sso.example.nl/realms/gemeente"
    assert issuer_matches_discovery_url(issuer, f"{issuer}/.well-known/openid-configuration")
    assert issuer_matches_discovery_url(issuer + "/", f"{issuer}/.well-known/openid-configuration")
    assert not issuer_matches_discovery_url("https://evil.example", f"{issuer}/.well-known/openid-configuration")
