"""Sending invoices or closing the case does not end the right to object (Awb 6:7, 6:11): the portal
offers the objection the letters promise, and the case returns to where it was."""

import pytest

from regeling.applications import services as application_services
from regeling.applications.case_views import available_actions
from regeling.applications.models import Application
from regeling.applications.states import Status
from regeling.budgets.models import Commitment
from regeling.objections import services
from regeling.objections.models import ObjectionPayment, ObjectionPaymentKind
from regeling.objections.states import ObjectionOutcome
from tests.applications.cases import settled
from tests.factories import invoices
from tests.helpers import send_letters
from tests.objections.cases import ANSWERED, heard, lodged

pytestmark = pytest.mark.django_db


def status(application) -> str:
    return Application.objects.get(pk=application.pk).status


@pytest.fixture
def invoices_sent(two_line_partial):
    first = two_line_partial.lines.first()
    application_services.submit_settlement(
        two_line_partial.pk, by=two_line_partial.applicant, **invoices({first.pk: 30_000})
    )
    return Application.objects.get(pk=two_line_partial.pk)


def test_portal_offers_an_objection_against_the_grant_after_invoices_were_sent(invoices_sent):
    assert "objection" in available_actions(invoices_sent, invoices_sent.applicant)


def test_objection_after_invoices_were_sent_contests_the_grant(invoices_sent):
    objection = lodged(invoices_sent, invoices_sent.applicant)
    assert (objection.contested_kind, status(invoices_sent)) == ("decision", Status.OBJECTION_LODGED)


def test_withdrawn_objection_returns_the_case_to_its_invoices(invoices_sent):
    objection = lodged(invoices_sent, invoices_sent.applicant)
    services.withdraw_objection(objection.pk, by=invoices_sent.applicant)
    assert status(invoices_sent) == Status.SETTLEMENT_SUBMITTED


def test_founded_objection_after_invoices_lets_the_invoices_be_sent_against_the_new_grant(
    invoices_sent, handler, approver
):
    objection = heard(lodged(invoices_sent, invoices_sent.applicant), handler)
    second = invoices_sent.lines.last()
    services.decide_objection(
        objection.pk,
        by=handler,
        outcome=ObjectionOutcome.FOUNDED_IN_PART,
        motivation="Het advies noemt een camera.",
        grounds=ANSWERED,
        revised={second.pk: (10_000, "Het advies noemt een camera.")},
    )
    services.approve_objection_decision(objection.pk, by=approver)
    assert status(invoices_sent) == Status.OBJECTION_DECIDED
    assert "settlement" in available_actions(Application.objects.get(pk=invoices_sent.pk), invoices_sent.applicant)


def test_objection_against_a_settlement_after_the_case_was_closed_pays_a_raise_as_a_supplement(
    officeholder, assessor, handler
):
    application = settled(officeholder, assessor, invoiced_cents=30_000)
    application_services.mark_paid(application.pk, by=assessor)
    application_services.close_application(application.pk, by=assessor)
    send_letters(application)
    objection = heard(lodged(application, officeholder), handler)
    line = application.lines.get()

    services.decide_objection(
        objection.pk,
        by=handler,
        outcome=ObjectionOutcome.FOUNDED,
        motivation="De tweede factuur telt mee.",
        grounds=ANSWERED,
        revised={line.pk: (40_000, "De tweede factuur telt mee.")},
    )

    assert status(application) == Status.CLOSED
    assert ObjectionPayment.objects.get(kind=ObjectionPaymentKind.SUPPLEMENT).amount_cents == 10_000
    commitment = Commitment.objects.get(application=application)
    assert (commitment.paid_cents, commitment.settled_cents) == (30_000, 10_000)
