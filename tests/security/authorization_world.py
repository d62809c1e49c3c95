"""The people and objects the authorization matrix visits every URL with.

Body X holds officeholder A's case (with a document, a rendered letter and a
payment batch); officeholder B belongs to body X too but owns nothing; the
assessor of body Y works for another body; the second assessor is a colleague
of the assessor of body X.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from regeling.accounts.models import UserKind
from regeling.letters.models import Letter, LetterBatch, LetterKind
from regeling.payments.models import PaymentBatch
from tests.factories import (
    ApplicationFactory,
    AssessorFactory,
    BodyFactory,
    DocumentFactory,
    OfficeholderFactory,
    UserFactory,
)
from tests.helpers import sign_in
from worker.tasks import render_letter

ROLES = ("anonymous", "officeholder_a", "officeholder_b", "assessor_x", "assessor_y", "second_assessor", "admin")
BOGUS = "999999"


def url_patterns(patterns=None, prefix="", namespace=None):
    """(key, regex-free route, pattern) for every URL pattern; unnamed ones are keyed by their route."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace and (f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace)
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner or namespace)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name or f"{namespace or ''}:<unnamed {route}>", route


@dataclass
class World:
    users: dict
    application: object
    document: object
    letter: object
    letter_batch: object
    payment_batch: object

    def path(self, key: str, route: str) -> str:
        """A concrete path for the route, with real ids of objects in body X where the view expects them."""
        app = key.split(":")[0]
        public_id = {
            "applications": self.application.public_id,
            "objections": self.application.public_id,
            "review": self.application.public_id,
            "payments": self.payment_batch.public_id,
            "letters": self.letter_batch.public_id if "batch" in key else self.letter.public_id,
        }.get(app, BOGUS)
        values = {
            "public_id": str(public_id),
            "document_id": str(self.document.public_id),
            "number": "1",
            "action": "start_assessment",
            "uidb64": "MQ",
            "token": "not-a-valid-token",
            "app_label": "accounts",
        }
        # Regex routes (the admin's) first: their groups also look like <name>.
        path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: values.get(m.group(1), "nothing-here"), route)
        path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values.get(m.group(1), BOGUS), path)
        return "/" + path.lstrip("^").rstrip("$")

    def client_for(self, role: str) -> Client:
        client = Client(REMOTE_ADDR="198.51.100.77")
        return client if role == "anonymous" else sign_in(client, self.users[role])


def build_world() -> World:
    body_x, body_y = BodyFactory(), BodyFactory()
    users = {
        "officeholder_a": OfficeholderFactory(body=body_x),
        "officeholder_b": OfficeholderFactory(body=body_x),
        "assessor_x": AssessorFactory(body=body_x),
        "assessor_y": AssessorFactory(body=body_y),
        "second_assessor": AssessorFactory(body=body_x),
        "admin": UserFactory(kind=UserKind.ADMINISTRATOR, is_staff=True, is_superuser=True),
    }
    application = ApplicationFactory(
        applicant=users["officeholder_a"], in_assessment=True, assigned_to=users["assessor_x"]
    )
    document = DocumentFactory(application=application)
    letter = Letter.objects.create(application=application, kind=LetterKind.DECISION)
    render_letter(letter.pk)
    letter_batch = LetterBatch.objects.create(body=body_x, created_by=users["assessor_x"])
    payment_batch = PaymentBatch.objects.create(
        body=body_x,
        message_id="MATRIX-1",
        execution_date=timezone.localdate() + timedelta(days=1),
        total_cents=45_000,
        count=1,
        sepa_xml="<Document/>",
        finance_csv="reference;amount\n",
        created_by=users["assessor_x"],
    )
    return World(users, application, document, letter, letter_batch, payment_batch)


def outcome(response) -> int | str:
    """A status code, or where a redirect goes: 'login', 'admin_login', 'second_factor' or 'redirect'."""
    if response.status_code not in (301, 302):
        return response.status_code
    location = response["Location"]
    for prefix, label in (
        ("/accounts/inloggen/", "login"),
        ("/beheer/login/", "admin_login"),
        ("/accounts/tweestapsverificatie/", "second_factor"),
    ):
        if location.startswith(prefix):
            return label
    return "redirect"
