"""The data an objection letter shows, frozen (Awb 6:6, 6:14, 7:2-7:15), next to letterdata.py.

The objection itself lives in regeling.objections, above this app: it is reached here only
through the letter's and the body's reverse relations (`objection_link`, `objection_settings`),
never imported.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

from regeling.core.dated import value_on


@dataclass(frozen=True)
class GroundData:
    summary: str
    answer: str


@dataclass(frozen=True)
class RevisedLineData:
    description: str
    contested_cents: int
    revised_cents: int
    motivation: str


@dataclass(frozen=True)
class ObjectionData:
    received_on: date
    channel: str
    contested_kind: str
    contested_reference: str
    contested_date: date
    term_ended_on: date | None
    is_late: bool
    late_excusable: bool | None
    late_reason: str
    decision_due: date
    committee: bool
    repair_message: str = ""
    repair_deadline: date | None = None
    repaired: bool = False
    hearing_at: datetime | None = None
    hearing_place: str = ""
    hearing_by_video: bool = False
    hearing_held_on: date | None = None
    hearing_skip_reason: str = ""
    hearing_skip_note: str = ""
    extended: bool = False
    extension_reason: str = ""
    outcome: str = ""
    motivation: str = ""
    grounds: tuple[GroundData, ...] = ()
    revised_lines: tuple[RevisedLineData, ...] = ()
    peius_ground: str = ""
    costs_requested: bool = False
    costs_cents: int | None = None
    # A raise of a settlement already paid (or in a payment batch): paid on top (Awb 7:11).
    supplement_cents: int = 0
    advice: str = ""
    advice_followed: bool | None = None
    advice_departure: str = ""
    court_name: str = ""
    court_fee_cents: int = 0

    @property
    def hearing_date(self) -> date | None:
        return timezone.localdate(self.hearing_at) if self.hearing_at else None

    @property
    def hearing_time(self) -> str:
        return f"{timezone.localtime(self.hearing_at):%H:%M}" if self.hearing_at else ""


def _court_name(body) -> str:
    try:
        objection_settings = body.objection_settings
    except ObjectDoesNotExist:
        return ""
    return objection_settings.get_court_display() if objection_settings.court else ""


def objection_data(letter) -> ObjectionData | None:
    """The objection a letter belongs to, or None for a letter of the primary procedure (or a draft)."""
    if letter.pk is None:
        return None
    try:
        objection = letter.objection_link.objection
    except ObjectDoesNotExist:
        return None
    contested = objection.contested_letter
    return ObjectionData(
        received_on=objection.received_on,
        channel=objection.channel,
        contested_kind=contested.kind,
        contested_reference=f"{letter.application.reference}-{contested.pk}",
        contested_date=timezone.localdate(contested.created_at),
        term_ended_on=objection.term_ended_on,
        is_late=objection.is_late,
        late_excusable=objection.late_excusable,
        late_reason=objection.late_reason,
        decision_due=objection.decision_due,
        committee=objection.committee,
        repair_message=objection.repair_message,
        repair_deadline=objection.repair_deadline,
        repaired=objection.repaired_on is not None,
        hearing_at=objection.hearing_at,
        hearing_place=objection.hearing_place,
        hearing_by_video=objection.hearing_by_video,
        hearing_held_on=objection.hearing_held_on,
        hearing_skip_reason=objection.hearing_skip_reason,
        hearing_skip_note=objection.hearing_skip_note,
        extended=objection.extended_on is not None,
        extension_reason=objection.extension_reason,
        outcome=objection.outcome,
        motivation=objection.motivation,
        grounds=tuple(GroundData(ground.summary, ground.answer) for ground in objection.grounds.all()),
        revised_lines=tuple(
            RevisedLineData(
                description=line.line.description or str(line.line.get_measure_display()),
                contested_cents=line.contested_cents,
                revised_cents=line.revised_cents,
                motivation=line.motivation,
            )
            for line in objection.revised_lines.select_related("line")
        ),
        peius_ground=objection.peius_ground,
        costs_requested=objection.costs_requested,
        costs_cents=objection.costs_cents,
        supplement_cents=sum(payment.amount_cents for payment in objection.payments.filter(kind="supplement")),
        advice=objection.advice,
        advice_followed=objection.advice_followed,
        advice_departure=objection.advice_departure,
        court_name=_court_name(letter.application.body),
        # The fee that applies on the day of the letter (a dated setting, docs/rules.md).
        court_fee_cents=value_on(settings.COURT_FEES, timezone.localdate(letter.created_at)) or 0,
    )
