"""Invalid input and unexpected methods on every URL: a 400 or a 405, never a 500.

`?reference=%00` on the work list was a 500 (PostgreSQL refuses NUL in text). Every
URL of the URLconf gets a NUL byte in a query parameter and in a form field, as an
officeholder and as an assessor, and TRACE, PUT, DELETE and OPTIONS.
"""

import pytest

from tests.security.authorization_world import build_world, url_patterns

URLS = list(url_patterns())
IDS = [key for key, _ in URLS]
pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


def _clients(world):
    for role in ("officeholder_a", "assessor_x", "anonymous"):
        client = world.client_for(role)
        client.raise_request_exception = False
        yield role, client


@pytest.mark.parametrize(("key", "route"), URLS, ids=IDS)
def test_bad_request_when_a_query_parameter_carries_a_nul_byte(world, key, route):
    path = world.path(key, route)
    answers = {
        role: client.get(path, {"reference": "a\x00b", "q": "\x00"}).status_code for role, client in _clients(world)
    }
    assert set(answers.values()) == {400}, answers


@pytest.mark.parametrize(("key", "route"), URLS, ids=IDS)
def test_bad_request_when_a_form_field_carries_a_nul_byte(world, key, route):
    path = world.path(key, route)
    answers = {
        role: client.post(path, {"text": "Lindelaan\x0012", "reason": "x"}).status_code
        for role, client in _clients(world)
    }
    assert set(answers.values()) == {400}, answers


@pytest.mark.parametrize(("key", "route"), URLS, ids=IDS)
def test_method_not_allowed_when_an_unexpected_method_is_used(world, key, route):
    path = world.path(key, route)
    answers = {
        (role, method): getattr(client, method)(path).status_code
        for role, client in _clients(world)
        for method in ("trace", "put", "delete", "options", "patch")
    }
    assert set(answers.values()) == {405}, answers


def test_control_characters_other_than_line_breaks_refused_when_posted(world):
    client = world.client_for("officeholder_a")
    assert client.post(world.path("applications:new", "aanvragen/nieuw/"), {"x": "a\x1bb"}).status_code == 400


def test_line_breaks_and_tabs_accepted_when_posted(world):
    client = world.client_for("officeholder_a")
    assert client.get("/", {"q": "a\tb\r\nc"}).status_code != 400
