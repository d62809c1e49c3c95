"""Hostile values in every form of every page, as every role: a 4xx or a page, never a 500.

The developers' rule: bad input gets a clear message in Dutch, a 4xx, never a 500, and
nothing already saved is lost. The forms are read from the pages each role sees
(tests/security/hostile_forms.py), so a new form is swept without being named here. One
test per class of value: blank, odd text (100,000 characters, emoji the letter fonts cannot
draw, a right-to-left override), numbers (negative, huge, 1e309, NaN), impossible dates,
a field repeated, invalid UTF-8 in the raw body, another body's case id, uploads with odd
names and a body over the upload limit.
"""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from regeling.applications.uploads import MAX_FILE_BYTES
from tests.security.hostile_forms import (
    ROLES,
    VALUE_CLASSES,
    build_hostile_world,
    discover,
    replayed,
    templated,
)

pytestmark = pytest.mark.django_db

_DISCOVERED: dict[str, list] = {}


@pytest.fixture
def world(db):
    return build_hostile_world()


def _swept(world):
    """(role, client, forms) for every role; the forms are discovered once and replayed per world."""
    for role in ROLES:
        client = world.client_for(role)
        client.raise_request_exception = False
        if role not in _DISCOVERED:
            _DISCOVERED[role] = templated(world, discover(world, client))
        yield role, client, replayed(world, _DISCOVERED[role])


def _variants(form):
    """The form once per named submit button (save for later, next), or once without."""
    return [{name: value} for name, value in form.buttons.items()] or [{}]


def _post(client, form, **kwargs):
    response = client.post(form.action, **kwargs)
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)  # the language form may have switched it
    return response


def _refused_in_dutch(response) -> bool:
    """A refusal is fine when no page is shown, or the page is the Dutch one."""
    if not response.get("Content-Type", "").startswith("text/html") or not response.content:
        return True
    return b'lang="nl"' in response.content


def _sweep(world, payloads):
    """Post every payload into every form as every role; the server errors and non-Dutch refusals."""
    failures = []
    for role, client, forms in _swept(world):
        for form in forms:
            for button in _variants(form):
                for label, kwargs in payloads(form, button):
                    response = _post(client, form, **kwargs)
                    if response.status_code >= 500:
                        failures.append((role, form.action, label, response.status_code))
                    elif 400 <= response.status_code < 500 and not _refused_in_dutch(response):
                        failures.append((role, form.action, label, "not Dutch"))
    return failures


@pytest.mark.parametrize("value_class", sorted(VALUE_CLASSES))
def test_no_server_error_when_every_field_gets_a_hostile_value(world, value_class):
    def payloads(form, button):
        for value in VALUE_CLASSES[value_class]:
            yield f"{value_class}:{value[:12]!r}", {"data": {**dict.fromkeys(form.fields, value), **button}}

    assert _sweep(world, payloads) == []


def test_no_server_error_when_a_field_is_repeated(world):
    def payloads(form, button):
        data = {name: [values[0] if values else "1", "2"] for name, values in form.fields.items()}
        yield "repeated", {"data": {**data, **button}}

    assert _sweep(world, payloads) == []


def test_no_server_error_when_the_body_is_invalid_utf8(world):
    def payloads(form, button):
        body = "&".join(f"{name}=%FF%FE" for name in [*form.fields, *button]) + "&x=%C3%28"
        yield "utf8", {"data": body, "content_type": "application/x-www-form-urlencoded"}

    assert _sweep(world, payloads) == []


def test_no_server_error_when_ids_of_another_body_are_posted(world):
    foreign = str(world.foreign_case.public_id)

    def payloads(form, button):
        yield "foreign_id", {"data": {**dict.fromkeys(form.fields, foreign), **button}}

    assert _sweep(world, payloads) == []


def test_no_server_error_when_an_upload_is_odd(world):
    too_large = b"%PDF-1.4\n" + b"0" * (max(MAX_FILE_BYTES, settings.DATA_UPLOAD_MAX_MEMORY_SIZE) + 1)
    odd_files = {
        "blank name": (" ", b"%PDF-1.4\n"),
        "rtl override name": ("\u202efdp.exe", b"%PDF-1.4\n"),
        "300 characters with ../": ("../" * 80 + "a" * 56 + ".pdf", b"%PDF-1.4\n"),
        "empty file": ("leeg.pdf", b""),
        "over the upload limit": ("groot.pdf", too_large),
    }

    def payloads(form, button):
        if not form.files:
            return
        for label, (name, content) in odd_files.items():
            data = {field: values[0] if values else "" for field, values in form.fields.items()}
            data |= {field: SimpleUploadedFile(name, content, "application/pdf") for field in form.files}
            yield label, {"data": {**data, **button}}

    assert _sweep(world, payloads) == []


def test_no_server_error_when_a_text_field_exceeds_the_request_limit(world):
    """A field over DATA_UPLOAD_MAX_MEMORY_SIZE: Django refuses the body with a 400."""
    huge = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)

    def payloads(form, button):
        if form.fields:
            yield "over the request limit", {"data": {**dict.fromkeys(form.fields, huge), **button}}

    assert _sweep(world, payloads) == []


def test_draft_keeps_its_fields_when_hostile_values_are_posted_to_its_steps(world):
    """Saving for later keeps only what is valid: a blanked field never empties what was saved."""
    draft = world.cases["draft"]
    kept = ("address_line", "postcode", "city", "iban", "account_holder")
    before = {name: getattr(draft, name) for name in kept}
    lines_before = list(draft.lines.values_list("description", "requested_cents"))
    client = world.client_for("officeholder_a")
    steps = [form for form in discover(world, client) if f"{draft.public_id}/stap/" in form.action]
    assert steps, "the draft's steps show no forms"
    for form in steps:
        for button in _variants(form):
            # Blank is invalid for every saved field (a date or a number is valid text in an address).
            for value in VALUE_CLASSES["blank"]:
                assert _post(client, form, data={**dict.fromkeys(form.fields, value), **button}).status_code < 500
    draft.refresh_from_db()
    assert {name: getattr(draft, name) for name in kept} == before
    assert list(draft.lines.values_list("description", "requested_cents")) == lines_before
