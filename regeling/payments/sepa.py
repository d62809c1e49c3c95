"""The files of a payment batch: a SEPA credit transfer (pain.001.001.03) and a CSV for finance.

sepaxml builds the XML and validates it against the pain.001.001.03 schema it
ships (with xmlschema); python-stdnum checks every IBAN and BIC first, so a bad
account gives a clear message instead of a schema error. Amounts stay integer cents.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from sepaxml import SepaTransfer
from sepaxml.validation import ValidationError as SchemaError
from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban

from regeling.core.spreadsheets import inert

SCHEMA = "pain.001.001.03"


class InvalidAccount(ValueError):
    """An IBAN or BIC that would make the bank refuse the file."""


@dataclass(frozen=True)
class Payment:
    reference: str
    name: str
    iban: str
    amount_cents: int


def checked_iban(value: str, *, whose: str) -> str:
    compact = stdnum_iban.compact(value or "")
    if not stdnum_iban.is_valid(compact):
        raise InvalidAccount(_("The IBAN of %(whose)s is not valid.") % {"whose": whose})
    return compact


def checked_bic(value: str) -> str:
    compact = stdnum_bic.compact(value or "")
    if compact and not stdnum_bic.is_valid(compact):
        raise InvalidAccount(_("The BIC of the employer body is not valid."))
    return compact


def credit_transfer(
    *, debtor_name: str, debtor_iban: str, debtor_bic: str, execution_date: date, payments
) -> tuple[str, bytes]:
    """The message id and the pain.001.001.03 file, validated against its schema (sepaxml raises if not valid)."""
    config = {
        "name": debtor_name[:70],
        "IBAN": checked_iban(debtor_iban, whose=_("the employer body")),
        "batch": True,
        "currency": "EUR",
    }
    bic = checked_bic(debtor_bic)
    if bic:
        config["BIC"] = bic
    transfer = SepaTransfer(config, schema=SCHEMA, clean=True)
    for payment in payments:
        if not payment.name.strip():
            raise InvalidAccount(_("The account holder of %(whose)s is missing.") % {"whose": payment.reference})
        transfer.add_payment(
            {
                "name": payment.name[:70],
                "IBAN": checked_iban(payment.iban, whose=payment.reference),
                "amount": payment.amount_cents,
                "execution_date": execution_date,
                "description": f"Regeling beveiligingsmaatregelen {payment.reference}",
                "endtoend_id": payment.reference,
            }
        )
    try:
        return transfer.msg_id, transfer.export(validate=True)
    except SchemaError as exc:
        raise InvalidAccount(_("The payment file does not meet the SEPA schema; check the account holders.")) from exc


def finance_csv(*, message_id: str, execution_date: date, payments) -> str:
    """One row per payment for the finance department: amounts in cents and in euros (exact)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["message_id", "execution_date", "reference", "account_holder", "iban", "amount_cents", "amount_eur"]
    )
    for payment in payments:
        euros, cents = divmod(payment.amount_cents, 100)
        writer.writerow(
            [
                message_id,
                execution_date.isoformat(),
                payment.reference,
                inert(payment.name),
                stdnum_iban.compact(payment.iban),
                payment.amount_cents,
                f"{euros}.{cents:02d}",
            ]
        )
    return out.getvalue()
