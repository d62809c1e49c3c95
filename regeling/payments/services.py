"""Preparing and confirming payment batches.

Preparing writes the batch, its items and both files in one transaction;
confirming marks every case paid through the workflow service, all or nothing.
Both are audited.
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from regeling.accounts.access import can_handle
from regeling.applications import services as application_services
from regeling.applications.models import Application
from regeling.applications.states import Status
from regeling.audit import log as audit
from regeling.core.conflicts import retry_on_conflict
from regeling.core.exceptions import TransitionRefused

from . import sepa
from .models import BatchStatus, PaymentBatch, PaymentItem


def payable_cases(user):
    """Settled cases of the user's body that are in no batch yet."""
    return (
        Application.objects.filter(organisation_id=user.organisation_id, status=Status.SETTLED, payment_item=None)
        .annotate(settled_cents=Sum("lines__settled_cents"))
        .order_by("settled_at", "pk")
    )


@retry_on_conflict
@transaction.atomic
def prepare_batch(*, by, application_ids, execution_date: date) -> PaymentBatch:
    """Build the SEPA file and finance CSV for the chosen settled cases. Raises TransitionRefused with a reason."""
    if not by.is_assessor:
        raise PermissionDenied
    organisation = by.organisation
    cases = list(
        Application.objects.select_for_update(of=("self",))
        .filter(pk__in=application_ids, organisation=organisation, status=Status.SETTLED, payment_item=None)
        .prefetch_related("lines")
        .order_by("pk")
    )
    if not cases or len(cases) != len(set(application_ids)):
        raise TransitionRefused(_("Choose settled cases of your body that are not in a batch yet."))
    if execution_date < timezone.localdate():
        raise TransitionRefused(_("The execution date cannot lie in the past."))
    if any(not can_handle(case, by) for case in cases):
        raise PermissionDenied
    payments = [
        sepa.Payment(case.reference, case.account_holder, case.iban, case.settled_total_cents) for case in cases
    ]
    if any(payment.amount_cents <= 0 for payment in payments):
        raise TransitionRefused(_("A case with nothing to pay cannot be in a batch."))
    try:
        message_id, xml = sepa.credit_transfer(
            debtor_name=organisation.name,
            debtor_iban=organisation.iban,
            debtor_bic=organisation.bic,
            execution_date=execution_date,
            payments=payments,
        )
    except sepa.InvalidAccount as exc:
        raise TransitionRefused(str(exc)) from exc
    batch = PaymentBatch.objects.create(
        organisation=organisation,
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
                    batch=batch, application=case, amount_cents=payment.amount_cents, end_to_end_id=payment.reference
                )
                for case, payment in zip(cases, payments, strict=True)
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
    if not (by.is_assessor and by.organisation_id == batch.organisation_id):
        raise PermissionDenied
    if batch.status != BatchStatus.PREPARED:
        raise TransitionRefused(_("This batch has already been confirmed."))
    for item in batch.items.all():
        application_services.mark_paid(item.application_id, by=by)
    batch.status, batch.confirmed_by, batch.confirmed_at = BatchStatus.CONFIRMED, by, timezone.now()
    batch.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    audit.record("payment_batch.confirm", actor=by, obj=batch, count=batch.count)
    return batch
