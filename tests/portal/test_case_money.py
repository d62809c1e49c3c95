"""What the officeholder reads on the case page as it develops: the money with dates, letters that
replace others, the acknowledgement of an objection, a timeline without repeats (issue 16)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from regeling.applications import services
from regeling.applications.case_views import timeline_without_repeats
from regeling.applications.deadlines import PAYMENT_TERM
from regeling.applications.models import StatusChange
from regeling.applications.states import APPLICANT_LABELS, Outcome, Status
from regeling.letters import outbox
from regeling.letters.models import Letter, LetterKind
from regeling.objections import services as objection_services
from tests.applications import cases
from tests.factories import ApplicationFactory, settled_case
from tests.helpers import sign_in
from worker.tasks import render_letter

pytestmark = pytest.mark.django_db


def case_page(client, application) -> str:
    sign_in(client, application.applicant)
    return client.get(reverse("applications:detail", args=[application.public_id])).content.decode()


def money_rows(html: str) -> dict[str, str]:
    """Stage -> the rest of its row as plain text, from the reimbursement table."""
    table = html.split('<table class="money">', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<th scope="row">(.*?)</th>(.*?)</tr>', table, re.S)
    return {stage: " ".join(re.sub(r"<[^>]+>", " ", rest).split()) for stage, rest in rows}


def render_all(application) -> None:
    for letter in Letter.objects.filter(application=application, sent_at__isnull=True):
        render_letter(letter.pk)


def long_date(day) -> str:
    return date_format(day, "j F Y")  # in Dutch, the site's default language


def today() -> str:
    return long_date(timezone.localdate())


def test_case_page_shows_requested_amount_with_date_and_later_stages_as_not_yet_when_submitted(client, officeholder):
    application = ApplicationFactory(applicant=officeholder, in_assessment=True, lines=[120_000])

    rows = money_rows(case_page(client, application))

    assert list(rows) == ["Aangevraagd", "Toegekend", "Gefactureerd", "Vastgesteld", "Betaald"]
    assert rows["Aangevraagd"].startswith("€ 1.200,00")
    assert rows["Toegekend"] == "nog niet na het besluit"


def test_case_page_shows_every_amount_with_its_date_when_settled_and_paid(client, body, assessor):
    application = settled_case(body, assessor, amounts=(40_000,))
    services.mark_paid(application.pk, by=assessor)
    render_all(application)

    rows = money_rows(case_page(client, application))

    for stage in ("Toegekend", "Gefactureerd", "Vastgesteld", "Betaald"):
        assert rows[stage] == f"€ 400,00 {today()}", stage


def test_case_page_says_when_payment_follows_when_settled_and_not_yet_paid(client, body, assessor):
    application = settled_case(body, assessor, amounts=(40_000,))
    render_all(application)

    rows = money_rows(case_page(client, application))

    due = long_date(timezone.localdate() + PAYMENT_TERM)
    assert rows["Betaald"] == f"nog niet uiterlijk {due}"


def test_case_page_shows_no_invoice_or_payment_stage_when_everything_is_refused(
    client, officeholder, assessor, second_assessor
):
    application = cases.refused(officeholder, assessor, second_assessor)
    render_all(application)

    assert list(money_rows(case_page(client, application))) == ["Aangevraagd", "Toegekend"]


def test_granted_amount_is_hidden_until_the_decision_letter_is_ready(client, officeholder, assessor):
    application = ApplicationFactory(applicant=officeholder, in_assessment=True)
    services.decide_application(application.pk, by=assessor, outcome=Outcome.GRANT, motivation="Het advies.")

    assert money_rows(case_page(client, application))["Toegekend"] == "nog niet na het besluit"


def test_reissued_letter_names_the_kind_and_date_of_the_letter_it_replaces_on_the_case_page(
    client, officeholder, assessor
):
    application = ApplicationFactory(applicant=officeholder, in_assessment=True)
    services.decide_application(application.pk, by=assessor, outcome=Outcome.GRANT, motivation="Het advies.")
    render_all(application)
    original = Letter.objects.get(application=application, kind=LetterKind.DECISION)
    outbox.reissue_letter(original.pk, by=assessor)
    render_all(application)

    html = case_page(client, application)

    assert f'Vervangt de brief "beschikking" van {today()}.' in html


def test_objection_is_acknowledged_with_the_date_we_decide_by_on_the_case_page(client, officeholder, assessor):
    application = ApplicationFactory(applicant=officeholder, in_assessment=True)
    services.decide_application(application.pk, by=assessor, outcome=Outcome.GRANT, motivation="Het advies.")
    render_all(application)
    objection = objection_services.lodge_objection(application.pk, by=officeholder, grounds="Te weinig.")
    render_all(application)
    due = objection.decision_due_on

    html = case_page(client, application)

    assert f"Wij beslissen uiterlijk {long_date(due)} op uw bezwaar." in html
    receipt = Letter.objects.get(application=application, kind=LetterKind.OBJECTION_RECEIPT)
    assert reverse("letters:read", args=[receipt.public_id]) in html


def test_timeline_leaves_out_a_line_equal_to_the_one_before_when_a_proposal_goes_back_and_forth():
    now = timezone.now()
    history = [
        StatusChange(source=Status.SUBMITTED, target=Status.ASSESSMENT, at=now),
        StatusChange(source=Status.ASSESSMENT, target=Status.AWAITING_APPROVAL, at=now),
        StatusChange(source=Status.AWAITING_APPROVAL, target=Status.ASSESSMENT, at=now),
        StatusChange(source=Status.ASSESSMENT, target=Status.DECIDED, at=now),
    ]

    labels = [str(label) for _, label in timeline_without_repeats(history)]

    assert labels == [str(APPLICANT_LABELS[Status.ASSESSMENT]), str(APPLICANT_LABELS[Status.DECIDED])]


def test_case_page_says_a_letter_is_being_prepared_until_it_is_ready(client, officeholder, assessor):
    application = ApplicationFactory(applicant=officeholder, in_assessment=True)
    services.decide_application(application.pk, by=assessor, outcome=Outcome.GRANT, motivation="Het advies.")
    with translation.override("nl"):
        being_prepared = translation.gettext("A letter is being prepared. Reload this page in a moment.")
    letter = Letter.objects.get(application=application, kind=LetterKind.DECISION)
    read = reverse("letters:read", args=[letter.public_id])

    html = case_page(client, application)
    assert being_prepared in html and read not in html

    render_all(application)
    html = case_page(client, application)
    assert being_prepared not in html and read in html


def test_case_page_reads_the_measure_lines_once_when_shown(client, officeholder):
    application = ApplicationFactory(applicant=officeholder, in_assessment=True, lines=[120_000, 30_000])
    with CaptureQueriesContext(connection) as queries:
        case_page(client, application)
    assert sum('FROM "applications_measureline"' in query["sql"] for query in queries) == 1
