"""Walking an officeholder through the numbered steps, shared by the portal tests and the thin flow."""

from django.urls import reverse

from regeling.applications.models import Application, DocumentKind
from tests.helpers import sign_in

from .files import pdf_bytes, upload

RESIDENCE = {
    "address_line": "Lindelaan 12",
    "postcode": "3511ab",
    "city": "Utrecht",
    "is_main_residence": "true",
    "in_body_territory": "true",
}
ADVICE = {
    "advice_reference": "BVA-2026-17",
    "advice_adopted_on": "2026-01-15",
    "lines-TOTAL_FORMS": "3",
    "lines-INITIAL_FORMS": "0",
    "lines-0-description": "Videodeurbel",
    "lines-0-amount": "450,00",
    "lines-1-description": "Brievenbusbeveiliging",
    "lines-1-amount": "120,50",
}
PRECHECK = {
    "office": "alderman",
    "body_kind": "municipality",
    "application_date": "2026-03-02",
    "appointment_certain_on": "2022-04-01",
    "term_ends_on": "2030-04-01",
    "is_main_residence": "true",
    "in_body_territory": "true",
    "pkvw_valid_until": "2027-01-01",
    "has_advice": "true",
    "advice_amount": "1.200,00",
}
BANK = {"iban": "NL91 ABNA 0417 1643 00", "account_holder": "W. de Wethouder"}


def step_url(application, number):
    return reverse("applications:step", args=[application.public_id, number])


def start(client, officeholder):
    sign_in(client, officeholder)
    client.post(reverse("applications:new"))
    return Application.objects.get(applicant=officeholder)


def fill_until(client, application, last_step):
    """Post every step up to and including `last_step` with valid answers."""
    answers = {1: {}, 2: RESIDENCE, 3: ADVICE, 5: BANK}
    for number in range(1, last_step + 1):
        if number == 4:
            client.post(
                reverse("applications:upload", args=[application.public_id]),
                {"upload-kind": DocumentKind.SECURITY_ADVICE, "upload-file": upload("advies.pdf", pdf_bytes())},
            )
        response = client.post(step_url(application, number), {**answers.get(number, {}), "next": ""})
        assert response.status_code == 302, response.content.decode()[:2000]
    application.refresh_from_db()
    return application
