"""Preparing and confirming payment batches.

Preparing writes the batch, its items and both files in one transaction;
confirming marks every case paid through the workflow service, all or nothing.
Both are audited.
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from regeling.accounts.access import can_handle
from regeling.applications import services as application_services
from regeling.applications.models import Application
from regeling.applications.states import Status
from regeling.audit import log as audit
from regeling.core.conflicts import retry_on_conflict
from regeling.core.exceptions import TransitionRefused
from regeling.objections import services as objection_services
from regeling.objections.models import Objection, ObjectionPayment, ObjectionPaymentKind
from regeling.objections.states import OPEN as OBJECTION_OPEN

from . import sepa
from .models import BatchStatus, PaymentBatch, PaymentItem


def _settlements_to_pay(**filters):
    """Settled cases not yet in a batch, and cases whose settlement is under objection: an objection does
    not suspend the settlement (Awb 6:16), so what was settled is paid meanwhile."""
    under_objection = Objection.objects.filter(
        application=OuterRef("pk"), status__in=OBJECTION_OPEN, contested_status=Status.SETTLED
    )
    in_batch = PaymentItem.objects.filter(application=OuterRef("pk"), objection_payment=None)
    return (
        Application.objects.annotate(under_objection=Exists(under_objection), in_batch=Exists(in_batch))
        .filter(Q(status=Status.SETTLED) | Q(status=Status.OBJECTION_LODGED, under_objection=True), **filters)
        .filter(in_batch=False)
    )


def payable_cases(user):
    """Settled cases of the user's body that are in no batch yet."""
    return (
        _settlements_to_pay(body_id=user.body_id)
        .annotate(settled_cents=Sum("lines__settled_cents"))
        .order_by("settled_at", "pk")
    )


def payable_after_objection(user):
    """Payments a decision on objection added (a supplement, the costs of legal help) not yet in a batch."""
    return (
        ObjectionPayment.objects.filter(objection__application__body_id=user.body_id, payment_item=None)
        .select_related("objection__application")
        .order_by("created_at", "pk")
    )


END_TO_END_SUFFIX = {ObjectionPaymentKind.SUPPLEMENT: "A", ObjectionPaymentKind.COSTS: "K"}


@retry_on_conflict
@transaction.atomic
def prepare_batch(*, by, application_ids, execution_date: date, objection_payment_ids=()) -> PaymentBatch:
    """Build the SEPA file and finance CSV for the chosen settled cases. Raises TransitionRefused with a reason."""
    if not by.is_assessor:
        raise PermissionDenied
    body = by.body
    cases = list(
        _settlements_to_pay(pk__in=application_ids, body=body)
        .select_for_update(of=("self",))
        .prefetch_related("lines")
        .order_by("pk")
    )
    extras = list(
        ObjectionPayment.objects.select_for_update(of=("self",))
        .filter(pk__in=objection_payment_ids, objection__application__body=body, payment_item=None)
        .select_related("objection__application")
        .order_by("pk")
    )
    if (
        not (cases or extras)
        or len(cases) != len(set(application_ids))
        or len(extras) != len(set(objection_payment_ids))
    ):
        raise TransitionRefused(_("Choose settled cases of your body that are not in a batch yet."))
    if execution_date < timezone.localdate():
        raise TransitionRefused(_("The execution date cannot lie in the past."))
    if any(not can_handle(case, by) for case in [*cases, *(extra.objection.application for extra in extras)]):
        raise PermissionDenied
    # Every item is paid to the officeholder's account: the settlement, a supplement after objection and
    # the costs of legal help (Awb 7:15) alike, each a transfer of its own.
    items = [
        (case, None, sepa.Payment(case.reference, case.account_holder, case.iban, case.settled_total_cents))
        for case in cases
    ] + [
        (
            extra.objection.application,
            extra,
            sepa.Payment(
                f"{extra.objection.application.reference}-{END_TO_END_SUFFIX[extra.kind]}{extra.objection_id}"[:35],
                extra.objection.application.account_holder,
                extra.objection.application.iban,
                extra.amount_cents,
            ),
        )
        for extra in extras
    ]
    payments = [payment for _case, _extra, payment in items]
    if any(payment.amount_cents <= 0 for payment in payments):
        raise TransitionRefused(_("A case with nothing to pay cannot be in a batch."))
    try:
        message_id, xml = sepa.credit_transfer(
            debtor_name=body.name,
            debtor_iban=body.iban,
            debtor_bic=body.bic,
            execution_date=execution_date,
            payments=payments,
        )
    except sepa.InvalidAccount as exc:
        raise TransitionRefused(str(exc)) from exc
    batch = PaymentBatch.objects.create(
        body=body,
        message_id=message_id,
        execution_date=execution_date,
        total_cents=sum(payment.amount_cents for payment in payments),
        count=len(payments),
        sepa_xml=xml.decode(),
        finance_csv=sepa.finance_csv(message_id=message_id, execution_date=execution_date, payments=payments),
        created_by=by,
    )
    try:
        with transaction.atomic():
            PaymentItem.objects.bulk_create(
                PaymentItem(
                    batch=batch,
                    application=case,
                    objection_payment=extra,
                    amount_cents=payment.amount_cents,
                    end_to_end_id=payment.reference,
                )
                for case, extra, payment in items
            )
    except IntegrityError as exc:  # a concurrent batch took one of these cases first
        raise TransitionRefused(_("One of these cases was just put in another batch. Reload and try again.")) from exc
    audit.record("payment_batch.prepare", actor=by, obj=batch, count=batch.count, total_cents=batch.total_cents)
    return batch


@retry_on_conflict
@transaction.atomic
def confirm_batch(batch_id: int, *, by) -> PaymentBatch:
    """The bank accepted the file: mark every case in it paid (all or nothing)."""
    batch = PaymentBatch.objects.select_for_update().get(pk=batch_id)
    if not (by.is_assessor and by.body_id == batch.body_id):
        raise PermissionDenied
    if batch.status != BatchStatus.PREPARED:
        raise TransitionRefused(_("This batch has already been confirmed."))
    for item in batch.items.select_related("application"):
        if item.objection_payment_id is not None:
            objection_services.record_payment(item.objection_payment_id, by=by)
        elif item.application.status == Status.OBJECTION_LODGED:
            # Paid while an objection against the settlement runs (Awb 6:16): the payment stands.
            objection_services.record_settlement_paid_during_objection(
                item.application_id, by=by, cents=item.amount_cents
            )
        else:
            application_services.mark_paid(item.application_id, by=by, cents=item.amount_cents)
    batch.status, batch.confirmed_by, batch.confirmed_at = BatchStatus.CONFIRMED, by, timezone.now()
    batch.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    audit.record("payment_batch.confirm", actor=by, obj=batch, count=batch.count)
    return batch


def settlement_in_batch(application) -> bool:
    """The case's settlement sits in a payment batch (confirmed or not): for a decision on objection it
    counts as paid, so a raise is paid as a supplement and a lowering is refused (Awb 7:11)."""
    return PaymentItem.objects.filter(application=application, objection_payment=None).exists()
