"""The forms of every page, as each role sees them, and hostile values to post into them.

The sweep renders every URL of the URLconf (and the case pages in the states that show
the most forms) as each role, reads the <form method="post"> elements with their field
names, and posts hostile values of one class at a time into every field. New forms are
covered without naming them here.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.urls import resolve

from regeling.accounts.models import UserKind
from regeling.applications.steps import LAST
from regeling.earlier import services
from regeling.earlier.models import EarlierReimbursement
from regeling.review.models import MotivationTemplate
from regeling.schemes.reasons import Reason
from tests.earlier.files import dutch_csv, row
from tests.factories import ApplicationFactory, BodyFactory, CoordinatorFactory, UserFactory
from tests.security.authorization_world import build_world, url_patterns

ROLES = ("officeholder_a", "assessor_x", "second_assessor", "coordinator", "national", "anonymous")
LONG = "x" * 100_000
# Hostile values by class; every field of a form gets the same value in one post.
VALUE_CLASSES = {
    "blank": ["", " \t \u00a0 \u2003 "],
    "text": [
        LONG,
        # 4-byte emoji, mathematical letters, hieroglyphs, an Arabic ligature: the letter fonts draw none of them.
        "\U0001f600\U0001f3e0 \U0001d54f \U00013000 \ufdfd \u0e01\u0e38",
        "\u202eLindelaan 12\u202c",  # right-to-left override
    ],
    "number": ["-1", "9" * 40, "twaalf", "1e309", "NaN", "-Infinity", "12,50,00"],
    "date": ["0000-00-00", "2026-02-30", "99999-01-01", "31-12-2026"],
}


@dataclass
class Form:
    action: str
    fields: dict[str, list[str]] = field(default_factory=dict)  # name -> the page's own values
    files: list[str] = field(default_factory=list)
    buttons: dict[str, str] = field(default_factory=dict)  # named submit buttons, posted one at a time
    multipart: bool = False


class _FormParser(HTMLParser):
    def __init__(self, base):
        super().__init__()
        self.base, self.forms, self._current = base, [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if (attrs.get("method") or "get").lower() == "post":
                action = urljoin(self.base, attrs.get("action") or self.base)
                self._current = Form(action, multipart="multipart" in (attrs.get("enctype") or ""))
                self.forms.append(self._current)
            else:
                self._current = None
        elif self._current is not None and tag in ("input", "select", "textarea", "button") and attrs.get("name"):
            name = attrs["name"]
            if name == "csrfmiddlewaretoken":
                return
            if attrs.get("type") == "file":
                self._current.files.append(name)
            elif tag == "button" or attrs.get("type") == "submit":
                self._current.buttons[name] = attrs.get("value") or ""
            else:
                self._current.fields.setdefault(name, []).append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def forms_on(html: str, base: str) -> list[Form]:
    parser = _FormParser(base)
    parser.feed(html)
    return parser.forms


def build_hostile_world():
    """The authorization world, plus a coordinator, a national analyst and officeholder A's cases in
    the states whose pages carry forms (a draft, an information request, views asked, a decision)."""
    world = build_world()
    body_x = world.users["officeholder_a"].body
    world.users["coordinator"] = CoordinatorFactory(body=body_x)
    world.users["national"] = UserFactory(kind=UserKind.NATIONAL)
    applicant, assessor = world.users["officeholder_a"], world.users["assessor_x"]
    world.cases = {
        "draft": ApplicationFactory(applicant=applicant, draft_step=LAST, declared_at=None),
        "info_requested": ApplicationFactory(applicant=applicant, info_requested=True, handled_by=assessor),
        "views_requested": ApplicationFactory(applicant=applicant, views_requested=True, handled_by=assessor),
        "decided": ApplicationFactory(applicant=applicant, decided=True, handled_by=assessor),
        "objection_lodged": ApplicationFactory(applicant=applicant, objection_lodged=True, handled_by=assessor),
        "settled": ApplicationFactory(applicant=applicant, settled=True, handled_by=assessor),
        "assessment": world.application,
    }
    coordinator = world.users["coordinator"]
    imported = services.check_file(dutch_csv([row(reference="R1")]), body_id=body_x.pk, by=coordinator)
    services.confirm_import(imported.pk, by=coordinator)
    services.run_import(imported.pk)
    world.earlier = EarlierReimbursement.objects.get(body=body_x)
    world.import_run = services.check_file(dutch_csv([row(reference="R2")]), body_id=body_x.pk, by=coordinator)
    world.template = MotivationTemplate.objects.create(
        body=body_x, reason=Reason.choices[0][0], title="Standaard", text="Tekst", updated_by=coordinator
    )
    world.other_body = BodyFactory()
    world.foreign_case = ApplicationFactory(applicant__body=world.other_body)
    return world


def start_paths(world) -> list[str]:
    """Every concrete GET path: each URL pattern (with body X's objects) and each case's pages."""
    paths = []
    for key, route in url_patterns():
        if key.startswith("admin:") or "<unnamed" in key:
            continue
        base = world.path(key, route)
        paths.append(base)
        if "public_id" in route and key.split(":")[0] in ("applications", "objections", "review"):
            for case in world.cases.values():
                paths.append(base.replace(str(world.application.public_id), str(case.public_id)))
    paths += [
        f"/eerdere-vergoedingen/{world.earlier.public_id}/",
        f"/behandeling/standaardmotiveringen/{world.template.pk}/",
    ]
    paths += [f"/eerdere-vergoedingen/import/{world.import_run.public_id}/"]
    for number in range(1, 8):
        paths.append(f"/aanvragen/{world.cases['draft'].public_id}/stap/{number}/")
    return list(dict.fromkeys(paths))


# Forms the sweep leaves alone: signing out ends the session the sweep posts with, and deleting
# the draft (a form without fields) removes what the loss check looks at.
SKIPPED_ACTIONS = ("accounts:logout", "applications:delete_draft")


def placeholders(world) -> dict[str, str]:
    """The world's object ids by a name, so a discovered form is replayed in a fresh world."""
    named = {f"case_{state}": case for state, case in world.cases.items()}
    named |= {"document": world.document, "letter": world.letter, "letter_batch": world.letter_batch}
    named |= {"payment_batch": world.payment_batch, "earlier": world.earlier, "import_run": world.import_run}
    ids = {str(obj.public_id): "{" + name + "}" for name, obj in named.items()}
    return ids | {f"standaardmotiveringen/{world.template.pk}/": "standaardmotiveringen/{template}/"}


def templated(world, forms: list[Form]) -> list[Form]:
    ids = placeholders(world)
    for form in forms:
        for public_id, name in ids.items():
            form.action = form.action.replace(public_id, name)
    return forms


def replayed(world, forms: list[Form]) -> list[Form]:
    names = {name[1:-1]: public_id for public_id, name in placeholders(world).items() if name.startswith("{")}
    names["template"] = str(world.template.pk)
    return [Form(form.action.format(**names), form.fields, form.files, form.buttons) for form in forms]


def discover(world, client) -> list[Form]:
    """The post forms a client's pages show: one per URL name, case state and field names."""
    found = {}
    for path in start_paths(world):
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for form in forms_on(response.content.decode(), path):
            match = resolve(urlsplit(form.action).path)
            if match.view_name in SKIPPED_ACTIONS:
                continue
            # The case officer's forms are the same in every state; the officeholder's differ by state.
            state = next((s for s, case in world.cases.items() if str(case.public_id) in form.action), "")
            state = "" if match.view_name.startswith("review:") else state
            key = (match.view_name, match.kwargs.get("action"), state, tuple(sorted(form.fields)), tuple(form.files))
            found.setdefault(key, form)
    return list(found.values())
