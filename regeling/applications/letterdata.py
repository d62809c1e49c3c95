"""The data a letter shows, frozen. The only module here that knows the models.

`LetterData.from_letter` reads everything a letter needs in a fixed number of
queries; the rest of the package works on the frozen copy, so the same data
always renders the same letter.
"""

import dataclasses
import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from regeling.applications import deadlines
from regeling.applications.findings import earlier_for_residence
from regeling.core import frozen, limits
from regeling.letters.models import Letter, LetterKind
from regeling.schemes import rules
from regeling.schemes.earlier import Earlier
from regeling.schemes.versions import SchemeVersion

from .lettertexts import letter_blocks
from .objectionletter import ObjectionData, objection_data

# What from_letter reads through the letter (`letter_query` loads it in one query).
RELATED = ("application__body", "application__applicant", "author", "replaces__application")
# Only these columns of the related rows: building a join of every column of five
# tables costs Django more time than PostgreSQL takes to run it.
RELATED_COLUMNS = (
    *(
        f"application__{name}"
        for name in (
            "public_id reference status body applicant address_line postcode city residence_key scheme_version "
            "outcome motivation advice_deviation advice_reference advice_adopted_on conditions "
            "received_on extended_until extended_on extension_reason objection_outcome objection_motivation "
            "objection_lodged_at cap_earlier_cents views_deadline office settlement_views_deadline"
        ).split()
    ),
    *(
        f"application__body__{name}"
        for name in "name kind postal_address deciding_organ privacy_officer_contact".split()
    ),
    "application__body__contact_phone",
    "application__body__contact_email",
    *(f"application__applicant__{name}" for name in "first_name last_name email preferred_language".split()),
    *(f"author__{name}" for name in "first_name last_name kind body".split()),
    "replaces__application__reference",
)


# The decision states the cap of version A, so it lists what was reimbursed earlier for the home.
EARLIER_KINDS = ("decision",)


def letter_query():
    """Letters with everything `from_letter` reads except the lines and the requests."""
    own = [field.name for field in Letter._meta.concrete_fields]
    return Letter.objects.select_related(*RELATED).only(*own, *RELATED_COLUMNS)


def stored_pdf(letter_id: int) -> tuple[bytes, str, str]:
    """A rendered letter's PDF, its recorded SHA-256 and the SHA-256 of the stored file."""
    letter = Letter.objects.get(pk=letter_id)
    with letter.pdf.open("rb") as file:
        pdf = file.read()
    return pdf, letter.sha256, hashlib.sha256(pdf).hexdigest()


@dataclass(frozen=True)
class LineData:
    description: str
    requested_cents: int
    granted_cents: int | None
    reason_code: str = ""
    settled_cents: int | None = None
    invoiced_cents: int | None = None
    invoice_date: date | None = None
    # Awb 3:46: why this line is (to be) settled below its invoice.
    settlement_reason: str = ""
    # Version B: the advice line this measure follows, and why less is granted than it prescribes (3:46, 3:50).
    advice_line: str = ""
    advice_motivation: str = ""

    @property
    def settled_below_invoice(self) -> bool:
        return self.settled_cents is not None and rules.settles_below_invoice(
            granted_cents=self.granted_cents or 0, invoiced_cents=self.invoiced_cents, settled_cents=self.settled_cents
        )


@dataclass(frozen=True)
class LetterData:
    kind: str
    language: str
    letter_reference: str
    case_reference: str
    letter_date: date
    addressee_name: str
    address_lines: tuple[str, ...]
    body_name: str
    body_kind: str
    body_postal_address: str
    deciding_organ: str
    contact_phone: str
    contact_email: str
    scheme_version: str
    outcome: str
    lines: tuple[LineData, ...]
    motivation: str = ""
    advice_deviation: str = ""
    advice_reference: str = ""
    advice_adopted_on: date | None = None
    conditions: str = ""
    received_on: date | None = None
    decision_due: date | None = None
    information_message: str = ""
    information_deadline: date | None = None
    extended_until: date | None = None
    extension_reason: str = ""
    objection_outcome: str = ""
    objection_motivation: str = ""
    objection_lodged_on: date | None = None
    signatory_name: str = ""
    signatory_role: str = ""
    replaces_reference: str = ""
    # A reissued letter names the letter it replaces: its date and its subject (nl, en).
    replaces_sent_on: date | None = None
    replaces_subject: str = ""
    replaces_subject_en: str = ""
    # Version A: what was reimbursed earlier for the same home (grants here and imported ones).
    earlier: tuple[Earlier, ...] = ()
    objection: ObjectionData | None = None
    cap_earlier_cents: int | None = None  # version A: other grants standing for this residence at the decision
    views_deadline: date | None = None
    office: str = ""
    privacy_officer_contact: str = ""
    views_deadline_settlement: date | None = None
    claim_window_months: int = 6

    # -- what every decision letter states (Awb 3:46-3:47, 4:87; AVG art. 13) ------------
    @property
    def legal_basis(self) -> dict:
        """The article that holds the entitlement for this office ("nl", "en"), from LETTER_LEGAL_BASIS."""
        basis = settings.LETTER_LEGAL_BASIS
        own_office = self.office in rules.ELIGIBLE_OFFICES.get(self.body_kind, ())
        return (basis.get(self.office) if own_office else None) or basis[self.body_kind]

    @property
    def invoice_deadline(self) -> date:
        """The last day to send the invoices after a grant (INVOICE_DEADLINE_DAYS, a reading)."""
        return self.letter_date + timedelta(days=settings.INVOICE_DEADLINE_DAYS)

    @property
    def payment_due(self) -> date:
        """Awb 4:87(1): a settled amount is paid within six weeks of the settlement decision."""
        return self.letter_date + deadlines.PAYMENT_TERM

    @property
    def retention_years(self) -> int:
        return settings.RETENTION_DAYS // 365

    @property
    def body_in_sentence(self) -> str:
        """The body's name as it runs in a Dutch sentence: "de gemeente Súdwest-Fryslân"."""
        return body_in_sentence(self.body_name)

    @property
    def cap_remaining_cents(self) -> int:
        """What is left of the EUR 2,400 for this residence after this decision (Stcrt. 2020, 49908)."""
        return rules.cap_remaining_cents((self.cap_earlier_cents or 0) + self.granted_total_cents)

    @property
    def requested_total_cents(self) -> int:
        return sum(line.requested_cents for line in self.lines)

    @property
    def granted_total_cents(self) -> int:
        return sum(line.granted_cents or 0 for line in self.lines)

    @property
    def settled_total_cents(self) -> int:
        return sum(line.settled_cents or 0 for line in self.lines)

    @property
    def lines_below_invoice(self) -> tuple[LineData, ...]:
        """The lines (to be) settled below their invoice: the letter states the reason for each (3:46)."""
        return tuple(line for line in self.lines if line.settled_below_invoice)

    @property
    def lines_below_advice(self) -> tuple[LineData, ...]:
        """Version B: the lines granted below what the advice prescribes, each with its motivation (3:46, 3:50)."""
        return tuple(line for line in self.lines if line.advice_motivation)

    @property
    def reason_codes(self) -> tuple[str, ...]:
        """Each coded reason once, in the order of the lines."""
        return tuple(dict.fromkeys(line.reason_code for line in self.lines if line.reason_code))

    @classmethod
    def from_letter(cls, letter) -> "LetterData":
        """Two queries (lines, information requests) for a letter loaded by `letter_query()`."""
        application, author = letter.application, letter.author
        body, applicant = application.body, application.applicant
        requests = list(application.information_requests.all())
        latest_request = requests[-1] if requests else None
        suspensions = [deadlines.Suspension(r.requested_on, r.deadline, r.completed_on) for r in requests]
        staff = author is not None and author.is_assessor
        return cls(
            kind=letter.kind,
            language=letter.language,
            letter_reference=letter.reference,
            case_reference=application.reference,
            letter_date=timezone.localdate(letter.created_at),
            addressee_name=applicant.get_full_name() or applicant.email,
            address_lines=tuple(
                part
                for part in (application.address_line, f"{application.postcode}  {application.city}".strip())
                if part
            ),
            body_name=body.name,
            body_kind=body.kind,
            body_postal_address=body.postal_address,
            deciding_organ=body.deciding_organ,
            contact_phone=body.contact_phone,
            contact_email=body.contact_email,
            scheme_version=application.scheme_version,
            outcome=application.outcome,
            lines=tuple(
                LineData(
                    description=line.description or str(line.get_measure_display()),
                    requested_cents=line.requested_cents,
                    granted_cents=line.granted_cents,
                    reason_code=line.reason_code,
                    # The intention before a lower settlement shows the amounts it announces (Awb 4:8).
                    settled_cents=(
                        line.intended_settled_cents
                        if letter.kind == LetterKind.SETTLEMENT_VIEWS_INTENTION
                        else line.settled_cents
                    ),
                    invoiced_cents=line.invoiced_cents,
                    invoice_date=line.invoice_date,
                    settlement_reason=line.settlement_reason,
                    advice_line=line.advice_line,
                    advice_motivation=line.advice_motivation,
                )
                for line in application.lines.all()
            ),
            motivation=application.motivation,
            advice_deviation=application.advice_deviation,
            advice_reference=application.advice_reference,
            advice_adopted_on=application.advice_adopted_on,
            conditions=application.conditions,
            received_on=application.received_on,
            decision_due=(
                deadlines.decision_due(
                    application.received_on, suspensions, application.extended_until, application.extended_on
                )
                if application.received_on
                else None
            ),
            information_message=latest_request.message if latest_request else "",
            information_deadline=latest_request.deadline if latest_request else None,
            extended_until=application.extended_until,
            extension_reason=application.extension_reason,
            objection_outcome=application.objection_outcome,
            objection_motivation=application.objection_motivation,
            objection_lodged_on=(
                timezone.localdate(application.objection_lodged_at) if application.objection_lodged_at else None
            ),
            signatory_name=(author.get_full_name() or "") if staff else "",
            signatory_role=author.kind if staff else "",
            replaces_reference=letter.replaces.reference if letter.replaces_id else "",
            **replaced_letter(letter),
            earlier=(
                tuple(earlier_for_residence(application))
                if application.scheme_version == SchemeVersion.BASIC_PACKAGE and letter.kind in EARLIER_KINDS
                else ()
            ),
            objection=objection_data(letter),
            cap_earlier_cents=application.cap_earlier_cents,
            views_deadline=application.views_deadline,
            office=application.office,
            privacy_officer_contact=body.privacy_officer_contact,
            views_deadline_settlement=application.settlement_views_deadline,
            claim_window_months=settings.CLAIM_WINDOW_MONTHS,
        )


def replaced_letter(letter) -> dict:
    """The date and the subject (its own first heading, in Dutch and English) of the letter
    this one replaces, so a reissued letter says which letter it replaces. One query, only
    for a reissue."""
    if not letter.replaces_id:
        return {}
    replaced = letter_query().get(pk=letter.replaces_id)
    data = letter_data_of(replaced)

    def subject(language: str) -> str:
        return next((block.text for block in letter_blocks(data, language) if block.level == 1), "")

    return {
        "replaces_sent_on": timezone.localdate(replaced.sent_at or replaced.created_at),
        "replaces_subject": subject("nl"),
        "replaces_subject_en": subject("en"),
    }


# -- what a letter can hold (issue 15) --------------------------------------------------
# The forms and models keep every text within regeling/core/limits.py; the renderer checks
# again, so a row from before the limits (a 1 MB address took the worker four minutes)
# fails at once with a clear error instead of stalling. Per field name, at any depth.
LETTER_TEXT_LIMITS = {
    "motivation": limits.TEXT,
    "objection_motivation": limits.TEXT,
    "advice": limits.TEXT,
    "answer": limits.TEXT,
    "advice_deviation": limits.REASON,
    "advice_departure": limits.REASON,
    "conditions": limits.REASON,
    "information_message": limits.REASON,
    "extension_reason": limits.REASON,
    "late_reason": limits.REASON,
    "repair_message": limits.REASON,
    "hearing_skip_note": limits.REASON,
    "peius_ground": limits.REASON,
    "summary": limits.REASON,
    "description": limits.LINE,
    "address_lines": limits.ADDRESS_LINE,
}
# Names, references and the body's details: each at most 300 in its model.
LETTER_TEXT_DEFAULT = 400
# Lines, grounds, earlier reimbursements: more than a real case has.
LETTER_ITEMS_LIMIT = 100


class LetterDataTooLarge(ValueError):
    """The letter's data holds a text or a list longer than a letter can hold. The message
    names the field and the limit, never the text."""


def check_sizes(value, name: str = "letter") -> None:
    """Refuse letter data over the limits, before any of it is laid out."""
    if isinstance(value, str):
        limit = LETTER_TEXT_LIMITS.get(name.rsplit(".", 1)[-1], LETTER_TEXT_DEFAULT)
        if len(value) > limit:
            raise LetterDataTooLarge(f"{name}: {len(value)} characters, at most {limit}")
    elif isinstance(value, tuple | list):
        if len(value) > LETTER_ITEMS_LIMIT:
            raise LetterDataTooLarge(f"{name}: {len(value)} items, at most {LETTER_ITEMS_LIMIT}")
        for item in value:
            check_sizes(item, name)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            check_sizes(getattr(value, field.name), f"{name}.{field.name}" if name != "letter" else field.name)


def freeze(letter) -> str:
    """The letter's data as it is now, as the text stored (encrypted) in `Letter.snapshot`."""
    return frozen.dumps(LetterData.from_letter(letter))


def letter_data_of(letter) -> LetterData:
    """What a letter shows: its snapshot, frozen when it was issued. The PDF and its HTML twin
    both read this, so a letter rendered days later says what was decided when it was decided.
    Only a letter row made before snapshots existed is read from the case as it is now."""
    if letter.snapshot:
        return frozen.loads(letter.snapshot)
    return LetterData.from_letter(letter)


DRAFT_REFERENCE = "concept"


def draft_decision(
    application, *, author, outcome: str, motivation: str, granted: dict, facts: dict, links: dict | None = None
) -> LetterData:
    """The decision letter an assessor is about to issue, for the preview. Nothing is saved:
    the letter row and the case are built in memory with the form's values."""
    letter = Letter(
        application=application,
        kind=LetterKind.DECISION,
        author=author,
        language=application.applicant.preferred_language,
        created_at=timezone.now(),
    )
    data = LetterData.from_letter(letter)
    links = links or {}
    lines = tuple(
        dataclasses.replace(
            shown,
            granted_cents=granted[line.pk][0],
            reason_code=granted[line.pk][1] or "",
            advice_line=links.get(line.pk, (shown.advice_line, ""))[0],
            advice_motivation=(
                links[line.pk][1]
                if line.pk in links
                and rules.grant_below_advice(
                    linked=bool(links[line.pk][0]),
                    requested_cents=line.requested_cents,
                    granted_cents=granted[line.pk][0],
                )
                else ""
            ),
        )
        for shown, line in zip(data.lines, application.lines.all(), strict=True)
    )
    return dataclasses.replace(
        data,
        letter_reference=f"{data.case_reference} ({DRAFT_REFERENCE})",
        outcome=outcome,
        motivation=motivation,
        lines=lines,
        advice_deviation=facts.get("advice_deviation", ""),
        conditions=facts.get("conditions", ""),
    )


# A body's name starts with its kind; inside a Dutch sentence that word takes an article
# and a small letter: "Gemeente Súdwest-Fryslân" -> "de gemeente Súdwest-Fryslân".
ARTICLES = {"gemeente": "de", "provincie": "de", "waterschap": "het", "hoogheemraadschap": "het"}


def body_in_sentence(name: str) -> str:
    first, _, rest = name.partition(" ")
    article = ARTICLES.get(first.casefold())
    return f"{article} {first.casefold()} {rest}" if article and rest else name
