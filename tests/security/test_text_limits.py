"""Every text a person types has a maximum, in the model and in the form (issue 15).

Over the limit a form comes back as any invalid form does, with a Dutch message and the
whole text still in the box; a service called directly refuses to save; nothing is a 500.
"""

import importlib
import pkgutil
from datetime import timedelta

import pytest
from django import forms
from django.apps import apps
from django.core.validators import MaxLengthValidator
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import regeling
from regeling.applications import services
from regeling.applications.models import Application, InformationRequest, MeasureLine
from regeling.applications.states import Outcome, Status
from regeling.core import limits
from regeling.core.forms import EuroField
from regeling.letters.models import Letter, LetterKind
from regeling.review.models import InternalNote
from tests.factories import ApplicationFactory, AssessorFactory
from tests.helpers import sign_in
from tests.portal.journey import ADVICE, RESIDENCE, fill_until, start, step_url
from tests.review.test_actions import act, decision_data
from worker.tasks import render_letter

# Written by the system from bounded parts, never typed: no maximum of their own.
SYSTEM_WRITTEN = {
    "letters.Letter.snapshot": "the frozen letter data, made of fields that each have a maximum",
    "payments.PaymentBatch.sepa_xml": "the SEPA file the application writes",
    "payments.PaymentBatch.finance_csv": "the CSV the application writes",
    "earlier.ImportRun.rows": "the checked rows of an import file, which is bounded (MAX_BYTES, MAX_ROWS)",
    "accounts.OutgoingMail.recipient": "the outbox: an address from a bounded column",
    "accounts.OutgoingMail.subject": "the outbox: a mail the application writes",
    "accounts.OutgoingMail.body": "the outbox: a mail the application writes",
}


def _project_models():
    return [model for model in apps.get_models() if model.__module__.startswith("regeling.")]


def _text_columns():
    for model in _project_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                yield f"{model._meta.label}.{field.name}", field


@pytest.mark.parametrize(("column", "field"), list(_text_columns()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_text_column_has_a_maximum_unless_the_system_writes_it(column, field):
    assert field.max_length is not None or column in SYSTEM_WRITTEN


def _all_form_classes():
    for info in pkgutil.walk_packages(regeling.__path__, "regeling."):
        if ".migrations" in info.name or info.name.startswith("regeling.settings") or info.name == "regeling.wsgi":
            continue
        importlib.import_module(info.name)
    seen, todo = set(), [forms.BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return sorted(
        (cls for cls in seen if cls.__module__.startswith("regeling.")),
        key=lambda cls: f"{cls.__module__}.{cls.__qualname__}",
    )


FORM_CLASSES = _all_form_classes()


def _fields_of(form_class):
    """The fields of a form as it is shown: an instance when it needs no arguments (some set
    their maximum in __init__), else the declared ones (the per-line fields: a test below)."""
    try:
        return form_class().fields
    except TypeError:
        return form_class.base_fields


def _unbounded(fields) -> list[str]:
    return [
        name
        for name, field in fields.items()
        if isinstance(field, forms.CharField)
        and (
            field.max_length is None
            # An amount checks its typed length before it becomes cents (core.forms.EuroField).
            or not (isinstance(field, EuroField) or any(isinstance(v, MaxLengthValidator) for v in field.validators))
        )
    ]


def test_forms_are_found_in_every_app_that_has_them():
    apps_with_forms = {cls.__module__.split(".")[1] for cls in FORM_CLASSES}
    assert {"accounts", "applications", "review", "objections", "earlier"} <= apps_with_forms


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", FORM_CLASSES, ids=lambda cls: f"{cls.__module__}.{cls.__qualname__}")
def test_every_text_field_of_a_form_has_a_maximum(form_class):
    assert _unbounded(_fields_of(form_class)) == []


@pytest.mark.django_db
def test_per_line_text_fields_have_a_maximum_when_the_forms_are_built_for_a_case(officeholder, assessor):
    from regeling.applications.caseforms import SettlementForm as ApplicantSettlementForm  # noqa: PLC0415
    from regeling.objections import services as objections  # noqa: PLC0415
    from regeling.review.forms import DecisionForm, RequestViewsForm, SettlementForm  # noqa: PLC0415
    from regeling.review.objection_forms import DecideObjectionForm  # noqa: PLC0415
    from tests.applications.cases import granted  # noqa: PLC0415

    application = granted(officeholder, assessor)
    lines = list(application.lines.all())
    for pk in Letter.objects.filter(application=application).values_list("pk", flat=True):
        render_letter(pk)
    objection = objections.lodge_objection(application.pk, by=officeholder, grounds="De kluis hoort erbij.")
    built = [
        DecisionForm(lines=lines),
        RequestViewsForm(lines=lines),
        SettlementForm(lines=lines),
        ApplicantSettlementForm(lines=lines),
        DecideObjectionForm(objection=objection),
    ]
    assert {type(form).__name__: _unbounded(form.fields) for form in built} == {
        type(form).__name__: [] for form in built
    }


# -- a form over the limit: a Dutch message, the text kept, nothing saved ----------------
def _over(limit: int) -> str:
    word = "beveiliging "
    return (word * (limit // len(word) + 2))[: limit + 1]


def _residence(officeholder, assessor):
    client = Client()
    application = start(client, officeholder)
    fill_until(client, application, 1)
    address = ("Dorpsstraat 1 " * 80_000)[:1_000_000]  # the megabyte of the black-box test
    return client, step_url(application, 2), {**RESIDENCE, "address_line": address, "next": ""}, address, application


def _advice_line(officeholder, assessor):
    client = Client()
    application = start(client, officeholder)
    fill_until(client, application, 2)
    text = _over(limits.LINE)
    return client, step_url(application, 3), {**ADVICE, "lines-0-description": text, "next": ""}, text, application


def _information_request(officeholder, assessor):
    application = ApplicationFactory(applicant=officeholder, in_assessment=True, lines=[40_000])
    text = _over(limits.REASON)
    deadline = (timezone.localdate() + timedelta(days=14)).isoformat()
    data = {"info-message": text, "info-deadline": deadline}
    return sign_in(Client(), assessor), ("request_information", application), data, text, application


def _decision(officeholder, assessor):
    application = ApplicationFactory(applicant=officeholder, in_assessment=True, lines=[40_000])
    text = _over(limits.TEXT)
    data = decision_data(application, Outcome.GRANT, ["400"], **{"decide-motivation": text})
    return sign_in(Client(), assessor), ("decide", application), data, text, application


def _note(officeholder, assessor):
    application = ApplicationFactory(applicant=officeholder, in_assessment=True, lines=[40_000])
    text = _over(limits.TEXT)
    return sign_in(Client(), assessor), ("note", application), {"note-text": text}, text, application


def _information_answer(officeholder, assessor):
    application = ApplicationFactory(applicant=officeholder, in_assessment=True, lines=[40_000])
    services.request_information(
        application.pk, by=assessor, message="Stuur de offerte.", deadline=timezone.localdate() + timedelta(days=14)
    )
    text = _over(limits.TEXT)
    url = reverse("applications:answer", args=[application.public_id])
    return sign_in(Client(), officeholder), url, {"answer": text}, text, application


def _objection(officeholder, assessor):
    application = ApplicationFactory(applicant=officeholder, in_assessment=True, lines=[40_000])
    services.decide_application(application.pk, by=assessor, outcome=Outcome.GRANT, motivation="Het advies.")
    render_letter(Letter.objects.get(application=application, kind=LetterKind.DECISION).pk)
    text = _over(limits.TEXT)
    url = reverse("objections:lodge", args=[application.public_id])
    return sign_in(Client(), officeholder), url, {"reasons": text}, text, application


def _nothing_saved(application, name):
    application.refresh_from_db()
    checks = {
        "residence": lambda: application.address_line == "",
        "advice_line": lambda: not MeasureLine.objects.filter(application=application).exists(),
        "information_request": lambda: not InformationRequest.objects.filter(application=application).exists(),
        "decision": lambda: application.status == Status.ASSESSMENT and application.motivation == "",
        "note": lambda: not InternalNote.objects.filter(application=application).exists(),
        "information_answer": lambda: InformationRequest.objects.get(application=application).answer == "",
        "objection": lambda: application.status == Status.DECIDED and not application.objections.exists(),
    }
    return checks[name]()


FORM_CASES = {
    "residence": _residence,  # a short field of a model form (the address: 200)
    "advice_line": _advice_line,  # one line in a formset (300)
    "information_request": _information_request,  # a reason (2,000)
    "decision": _decision,  # a long text (10,000)
    "note": _note,
    "information_answer": _information_answer,
    "objection": _objection,
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", FORM_CASES)
def test_form_comes_back_with_a_dutch_message_and_the_text_kept_when_a_text_is_too_long(name, officeholder, assessor):
    client, url, data, text, application = FORM_CASES[name](officeholder, assessor)
    response = act(client, *url[::-1], data) if isinstance(url, tuple) else client.post(url, data)
    html = response.content.decode()
    assert response.status_code in (200, 400)
    # Django's own message for a short field, ours for a text area; both say how many characters.
    assert "Zorg dat deze waarde niet meer dan" in html or "Deze tekst is te lang: hoogstens" in html
    assert text in html  # nothing typed is lost
    assert _nothing_saved(application, name)


# -- a direct call over the limit: refused before any SQL --------------------------------
@pytest.mark.django_db
def test_service_refuses_a_motivation_over_the_limit_when_called_directly(officeholder, assessor):
    application = ApplicationFactory(applicant=officeholder, in_assessment=True, lines=[40_000])
    letters = application.letters.count()
    with pytest.raises(limits.TextTooLong) as refused:
        services.decide_application(application.pk, by=assessor, outcome=Outcome.GRANT, motivation=_over(limits.TEXT))
    assert "10000" in str(refused.value.messages) or "10.000" in str(refused.value.messages)
    application.refresh_from_db()
    assert application.status == Status.ASSESSMENT and application.letters.count() == letters


@pytest.mark.django_db
def test_save_refuses_a_megabyte_address_when_no_form_is_in_front(officeholder):
    application = ApplicationFactory(applicant=officeholder)
    application.address_line = "x" * 1_000_000
    with pytest.raises(limits.TextTooLong):
        application.save()
    assert Application.objects.get(pk=application.pk).address_line != application.address_line


@pytest.mark.django_db
def test_save_of_other_fields_still_works_when_an_old_row_holds_an_oversized_text(officeholder):
    """A row from before the limits can still move on; only the oversized text cannot be saved again."""
    application = ApplicationFactory(applicant=officeholder)
    Application.objects.filter(pk=application.pk).update(address_line="x" * 5_000)
    application.refresh_from_db()
    application.city = "Utrecht"
    application.save(update_fields=["city"])
    assert Application.objects.get(pk=application.pk).city == "Utrecht"


@pytest.mark.django_db
def test_refusal_page_is_a_400_when_an_oversized_text_reaches_a_save_in_a_view(rf, officeholder):
    from regeling.core.middleware import TransitionRefusedMiddleware  # noqa: PLC0415

    request = rf.post("/")
    request.user = AssessorFactory()
    response = TransitionRefusedMiddleware(lambda r: None).process_exception(
        request, limits.too_long("Motivering", limits.TEXT, limits.TEXT + 1)
    )
    assert response.status_code == 400
    assert "Motivering" in response.content.decode()


def test_import_row_is_refused_as_too_long_when_a_cell_is_over_its_limit():
    from regeling.earlier.parsing import Reason, check_row  # noqa: PLC0415

    raw = {
        "email": "wim@example.nl",
        "postcode": "3511 AB",
        "house_number": "12",
        "scheme_version": "B",
        "date": "12-03-2024",
        "amount": "1.000,00",
        "reference": "FIN-1",
        "measures": _over(limits.REASON),
    }
    assert check_row(2, raw, today=timezone.localdate()).reasons == (Reason.TOO_LONG,)
    assert check_row(2, {**raw, "measures": "camera"}, today=timezone.localdate()).is_valid
