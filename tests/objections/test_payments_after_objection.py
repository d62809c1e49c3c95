"""Money a decision on objection adds after payment: a supplement for a raised settlement, the costs of
legal help (Awb 7:15), both through a payment batch and booked in the ledger; a paid settlement is never
lowered (Awb 7:11); a settlement under objection is paid meanwhile (Awb 6:16)."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from regeling.accounts.models import UserKind
from regeling.applications.models import Application, StatusChange
from regeling.applications.money import money_as_it_develops
from regeling.applications.services import close_application
from regeling.applications.states import Status
from regeling.audit.models import AuditEvent
from regeling.budgets.models import Budget, Commitment
from regeling.core.exceptions import TransitionRefused
from regeling.objections import services
from regeling.objections.models import ObjectionPayment, ObjectionPaymentKind
from regeling.objections.states import ObjectionOutcome
from regeling.payments import services as payments
from tests.applications.cases import settled
from tests.factories import UserFactory
from tests.helpers import send_letters
from tests.objections.cases import ANSWERED, heard, lodged
from tests.objections.test_outcomes import decision_letter_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def paying_body(body):
    body.iban, body.bic = "NL20INGB0001234567", "INGBNL2A"
    body.save()
    return body


@pytest.fixture
def paid_settlement(officeholder, assessor):
    """EUR 300 settled of EUR 450 granted, and paid."""
    application = settled(officeholder, assessor, invoiced_cents=30_000)
    pay(assessor, application_ids=[application.pk])
    send_letters(application)
    return application


def pay(by, *, application_ids=(), objection_payment_ids=()):
    batch = payments.prepare_batch(
        by=by,
        application_ids=list(application_ids),
        objection_payment_ids=list(objection_payment_ids),
        execution_date=timezone.localdate(),
    )
    return payments.confirm_batch(batch.pk, by=by)


def founded(objection, handler, cents, **kwargs):
    line = objection.application.lines.get()
    return services.decide_objection(
        objection.pk,
        by=handler,
        outcome=ObjectionOutcome.FOUNDED,
        motivation="De tweede factuur telt mee.",
        grounds=ANSWERED,
        revised={line.pk: (cents, "De tweede factuur telt mee.")},
        **kwargs,
    )


def commitment(application) -> Commitment:
    return Commitment.objects.get(application=application)


def budget(application) -> Budget:
    return Budget.objects.get(body_id=application.body_id, year=timezone.localdate().year)


def test_raising_a_paid_settlement_owes_the_difference_as_a_supplement(paid_settlement, handler):
    founded(heard(lodged(paid_settlement, paid_settlement.applicant), handler), handler, 40_000)
    supplement = ObjectionPayment.objects.get(kind=ObjectionPaymentKind.SUPPLEMENT)
    assert supplement.amount_cents == 10_000 and supplement.paid_at is None
    assert (commitment(paid_settlement).paid_cents, commitment(paid_settlement).settled_cents) == (30_000, 10_000)
    assert Application.objects.get(pk=paid_settlement.pk).status == Status.PAID


def test_supplement_is_paid_by_a_confirmed_batch_and_booked_as_paid(paid_settlement, handler, assessor):
    founded(heard(lodged(paid_settlement, paid_settlement.applicant), handler), handler, 40_000)
    supplement = ObjectionPayment.objects.get(kind=ObjectionPaymentKind.SUPPLEMENT)
    batch = pay(assessor, objection_payment_ids=[supplement.pk])
    supplement.refresh_from_db()
    assert supplement.paid_at is not None
    assert batch.total_cents == 10_000
    assert (commitment(paid_settlement).paid_cents, commitment(paid_settlement).settled_cents) == (40_000, 0)
    assert budget(paid_settlement).paid_cents == 40_000
    assert AuditEvent.objects.filter(action="objection.paid_supplement").exists()


def test_supplement_is_offered_for_a_batch_until_it_is_in_one(paid_settlement, handler, assessor):
    founded(heard(lodged(paid_settlement, paid_settlement.applicant), handler), handler, 40_000)
    assert payments.payable_after_objection(assessor).count() == 1
    pay(assessor, objection_payment_ids=[ObjectionPayment.objects.get().pk])
    assert payments.payable_after_objection(assessor).count() == 0


def test_paid_settlement_is_never_lowered_even_with_a_recorded_legal_ground_awb_7_11(paid_settlement, handler):
    objection = heard(lodged(paid_settlement, paid_settlement.applicant), handler)
    with pytest.raises(TransitionRefused, match="cannot lower it"):
        founded(objection, handler, 20_000, peius_ground="De factuur bleek vals.")
    assert paid_settlement.lines.get().settled_cents == 30_000
    assert not ObjectionPayment.objects.exists()


def test_costs_of_legal_help_are_owed_apart_from_the_grant_and_paid_by_a_batch(refused_case, handler, assessor):
    objection = heard(lodged(refused_case, refused_case.applicant, costs_requested=True), handler)
    founded(objection, handler, 45_000, professional_help=True)
    costs = ObjectionPayment.objects.get(kind=ObjectionPaymentKind.COSTS)
    assert costs.amount_cents == 2 * 64_700
    assert commitment(refused_case).committed_cents == 45_000  # the grant only
    assert (budget(refused_case).costs_owed_cents, budget(refused_case).used_cents) == (129_400, 45_000)

    pay(assessor, objection_payment_ids=[costs.pk])

    assert (budget(refused_case).costs_owed_cents, budget(refused_case).costs_paid_cents) == (0, 129_400)
    assert commitment(refused_case).costs_paid_cents == 129_400
    assert budget(refused_case).paid_cents == 0  # not a reimbursement of security measures


def test_costs_use_the_point_value_that_applies_on_the_day_of_the_decision(settings):
    settings.OBJECTION_COSTS_POINT_VALUES = ((date(2025, 1, 1), 64_700), (date(2026, 1, 1), 66_000))
    assert services.costs_point_cents(date(2025, 12, 31)) == 64_700
    assert services.costs_point_cents(date(2026, 1, 1)) == 66_000


def test_no_point_value_before_the_first_date_refuses_the_costs(settings):
    settings.OBJECTION_COSTS_POINT_VALUES = ((date(2025, 1, 1), 64_700),)
    with pytest.raises(TransitionRefused, match="No point value"):
        services.costs_point_cents(date(2024, 12, 31))


# -- a settlement under objection is paid meanwhile (Awb 6:16) ------------------------------------
@pytest.fixture
def settled_case(officeholder, assessor):
    application = settled(officeholder, assessor, invoiced_cents=30_000)
    send_letters(application)
    return application


def test_settlement_under_objection_can_be_put_in_a_batch_awb_6_16(settled_case, assessor):
    lodged(settled_case, settled_case.applicant)
    assert list(payments.payable_cases(assessor)) == [settled_case]


def test_confirming_a_batch_pays_a_settlement_whose_objection_runs(settled_case, assessor):
    batch = payments.prepare_batch(by=assessor, application_ids=[settled_case.pk], execution_date=timezone.localdate())
    objection = lodged(settled_case, settled_case.applicant)

    payments.confirm_batch(batch.pk, by=assessor)

    objection.refresh_from_db()
    assert objection.contested_status == Status.PAID  # where the case returns after the objection
    assert Application.objects.get(pk=settled_case.pk).status == Status.OBJECTION_LODGED
    assert (commitment(settled_case).paid_cents, commitment(settled_case).settled_cents) == (30_000, 0)
    assert objection.history.filter(transition="settlement_paid").exists()
    assert StatusChange.objects.filter(application=settled_case, transition="mark_paid").exists()


def test_withdrawn_objection_leaves_a_settlement_paid_meanwhile_paid(settled_case, assessor):
    batch = payments.prepare_batch(by=assessor, application_ids=[settled_case.pk], execution_date=timezone.localdate())
    objection = lodged(settled_case, settled_case.applicant)
    payments.confirm_batch(batch.pk, by=assessor)
    services.withdraw_objection(objection.pk, by=settled_case.applicant)
    assert Application.objects.get(pk=settled_case.pk).status == Status.PAID


def test_raise_while_the_settlement_is_in_an_unconfirmed_batch_pays_only_the_batch_amount_then_the_supplement(
    settled_case, assessor, handler
):
    batch = payments.prepare_batch(by=assessor, application_ids=[settled_case.pk], execution_date=timezone.localdate())
    founded(heard(lodged(settled_case, settled_case.applicant), handler), handler, 40_000)
    assert ObjectionPayment.objects.get(kind=ObjectionPaymentKind.SUPPLEMENT).amount_cents == 10_000

    payments.confirm_batch(batch.pk, by=assessor)

    assert Application.objects.get(pk=settled_case.pk).status == Status.PAID
    assert (commitment(settled_case).paid_cents, commitment(settled_case).settled_cents) == (30_000, 10_000)


def test_unfounded_objection_returns_a_settlement_paid_meanwhile_to_paid(settled_case, assessor, handler):
    batch = payments.prepare_batch(by=assessor, application_ids=[settled_case.pk], execution_date=timezone.localdate())
    objection = heard(lodged(settled_case, settled_case.applicant), handler)
    payments.confirm_batch(batch.pk, by=assessor)
    services.decide_objection(
        objection.pk, by=handler, outcome=ObjectionOutcome.UNFOUNDED, motivation="Het blijft.", grounds=ANSWERED
    )
    assert Application.objects.get(pk=settled_case.pk).status == Status.PAID
    assert not ObjectionPayment.objects.exists()


def test_portal_shows_the_settlement_and_the_paid_supplement_as_paid(paid_settlement, handler, assessor):
    founded(heard(lodged(paid_settlement, paid_settlement.applicant), handler), handler, 40_000)
    pay(assessor, objection_payment_ids=[ObjectionPayment.objects.get().pk])
    application = Application.objects.get(pk=paid_settlement.pk)
    stages = money_as_it_develops(application, decision_known=True, settlement_known=True)
    assert stages[-1].cents == 40_000


def test_decision_letter_says_the_difference_is_paid_on_top(paid_settlement, handler):
    objection = founded(heard(lodged(paid_settlement, paid_settlement.applicant), handler), handler, 40_000)
    text = decision_letter_text(objection)
    assert "het verschil van € 100,00 betalen wij bij op dezelfde rekening" in text


def test_decision_letter_says_the_costs_are_transferred_to_the_officeholders_account(refused_case, handler):
    objection = heard(lodged(refused_case, refused_case.applicant, costs_requested=True), handler)
    founded(objection, handler, 45_000, professional_help=True)
    text = decision_letter_text(objection)
    assert "Wij maken dit bedrag over op de rekening waarop u de vergoeding ontvangt." in text


def test_case_file_shows_the_supplement_waiting_for_a_payment_batch(paid_settlement, handler, as_user):
    founded(heard(lodged(paid_settlement, paid_settlement.applicant), handler), handler, 40_000)
    html = as_user(handler).get(reverse("review:case", args=[paid_settlement.public_id])).content.decode()
    assert "Aanvullende betaling na bezwaar" in html and "te betalen met een betaalbatch" in html


def test_budget_page_shows_the_objection_costs_apart(refused_case, handler, as_user, body):
    objection = heard(lodged(refused_case, refused_case.applicant, costs_requested=True), handler)
    founded(objection, handler, 45_000, professional_help=True)
    coordinator = UserFactory(body=body, kind=UserKind.COORDINATOR)
    html = as_user(coordinator).get(reverse("budgets:budgets")).content.decode()
    assert "Bezwaarkosten (Awb 7:15), apart: betaald / verschuldigd" in html
    assert "€ 0,00 / € 1.294,00" in html.replace("\xa0", " ")


def test_a_supplement_owed_is_audited_with_the_assessor_who_decided(paid_settlement, handler):
    founded(heard(lodged(paid_settlement, paid_settlement.applicant), handler), handler, 40_000)
    assert AuditEvent.objects.filter(action="objection.owe_supplement", actor=handler).exists()


def test_payment_batches_page_offers_the_supplement_and_puts_it_in_a_batch(paid_settlement, handler, assessor, as_user):
    founded(heard(lodged(paid_settlement, paid_settlement.applicant), handler), handler, 40_000)
    supplement = ObjectionPayment.objects.get()
    client = as_user(assessor)
    page = client.get(reverse("payments:batches")).content.decode()
    assert f'name="extras" value="{supplement.public_id}"' in page
    data = {"extras": [supplement.public_id], "execution_date": timezone.localdate().isoformat()}
    assert client.post(reverse("payments:batches"), data).status_code == 302
    item = supplement.payment_item
    assert (item.amount_cents, item.end_to_end_id) == (
        10_000,
        f"{paid_settlement.reference}-A{supplement.objection_id}",
    )


def test_case_is_not_closed_while_a_supplement_after_objection_is_unpaid(paid_settlement, handler, assessor):
    founded(heard(lodged(paid_settlement, paid_settlement.applicant), handler), handler, 40_000)

    with pytest.raises(TransitionRefused, match="payment batch"):
        close_application(paid_settlement.pk, by=assessor)
    assert Application.objects.get(pk=paid_settlement.pk).status == Status.PAID


def test_case_is_closed_once_the_supplement_after_objection_is_paid(paid_settlement, handler, assessor):
    founded(heard(lodged(paid_settlement, paid_settlement.applicant), handler), handler, 40_000)
    pay(assessor, objection_payment_ids=[ObjectionPayment.objects.get().pk])

    assert close_application(paid_settlement.pk, by=assessor).status == Status.CLOSED
