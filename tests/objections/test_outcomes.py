"""Each outcome of an objection through the services: amounts before and after, the budget, the
history and the letter as the worker renders it (text read back from the PDF)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from regeling.applications.models import Application, StatusChange
from regeling.applications.states import Status
from regeling.budgets.models import Budget, Commitment
from regeling.core.exceptions import TransitionRefused
from regeling.letters.models import Letter, LetterKind
from regeling.objections import services
from regeling.objections.models import Objection
from regeling.objections.states import ObjectionOutcome, ObjectionStatus
from tests.helpers import send_letters
from tests.letters.helpers import pdf_text
from tests.objections.cases import ANSWERED, heard, lodged, skipped

pytestmark = pytest.mark.django_db


def amounts(application) -> list[int | None]:
    return [line.granted_cents for line in Application.objects.get(pk=application.pk).lines.all()]


def committed(application) -> int:
    commitment = Commitment.objects.filter(application=application).first()
    return commitment.committed_cents if commitment else 0


def budget_committed(application) -> int:
    return Budget.objects.get(body_id=application.body_id, year=timezone.localdate().year).committed_cents


def decision_letter_text(objection) -> str:
    send_letters(objection.application)
    letter = Letter.objects.filter(objection_link__objection=objection, kind=LetterKind.OBJECTION_DECISION).get()
    with letter.pdf.open("rb") as handle:
        return " ".join(pdf_text(handle.read()).split())


def transitions(objection) -> list[str]:
    return list(Objection.objects.get(pk=objection.pk).history.values_list("transition", flat=True))


def make_late(application) -> None:
    Letter.objects.filter(application=application).update(sent_at=timezone.now() - timedelta(weeks=10))


def test_late_objection_is_inadmissible_with_its_reason_when_lateness_is_not_excusable(refused_case, handler):
    make_late(refused_case)
    objection = services.lodge_objection(
        refused_case.pk, by=handler, grounds="Te weinig.", received_on=timezone.localdate(), channel="post"
    )
    assert objection.is_late
    services.judge_lateness(objection.pk, by=handler, excusable=False, reason="U gaf geen reden voor de vertraging.")
    skipped(objection, handler, reason="clearly_inadmissible")
    before = amounts(refused_case)

    services.decide_objection(objection.pk, by=handler, outcome=ObjectionOutcome.INADMISSIBLE, motivation="Te laat.")

    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.DECIDED
    assert amounts(refused_case) == before == [0]
    assert committed(refused_case) == 0
    assert transitions(objection) == ["lodge", "judge_lateness", "skip_hearing", "decide"]
    assert Application.objects.get(pk=refused_case.pk).status == Status.DECIDED
    text = decision_letter_text(objection)
    assert "Wij verklaren uw bezwaar niet-ontvankelijk." in text
    assert "U gaf geen reden voor de vertraging." in text
    assert "artikel 6:11" in text


def test_late_objection_cannot_be_decided_on_its_merits_when_lateness_was_not_judged(refused_case, handler):
    make_late(refused_case)
    objection = lodged(refused_case, refused_case.applicant)
    skipped(objection, handler)
    with pytest.raises(TransitionRefused, match="6:11"):
        services.decide_objection(
            objection.pk, by=handler, outcome=ObjectionOutcome.UNFOUNDED, motivation="Nee.", grounds=ANSWERED
        )


def test_objection_is_inadmissible_when_the_defect_was_not_repaired_by_the_deadline(refused_case, handler):
    objection = services.lodge_objection(
        refused_case.pk, by=handler, grounds="", received_on=timezone.localdate(), channel="email"
    )
    services.request_repair(
        objection.pk,
        by=handler,
        message="Uw bezwaarschrift noemt geen gronden.",
        deadline=timezone.localdate() + timedelta(days=1),
    )
    with pytest.raises(TransitionRefused, match="6:6"):
        skipped(objection, handler, reason="clearly_inadmissible")
    # The deadline passes unused.
    Objection.objects.filter(pk=objection.pk).update(
        repair_requested_on=timezone.localdate() - timedelta(days=15),
        repair_deadline=timezone.localdate() - timedelta(days=1),
    )
    skipped(objection, handler, reason="clearly_inadmissible")

    services.decide_objection(
        objection.pk, by=handler, outcome=ObjectionOutcome.INADMISSIBLE, motivation="Geen gronden."
    )

    assert amounts(refused_case) == [0]
    assert transitions(objection) == ["lodge", "request_repair", "skip_hearing", "decide"]
    text = decision_letter_text(objection)
    assert "niet-ontvankelijk" in text
    assert "Wij hebben de aanvulling niet op tijd ontvangen (artikel 6:6)." in text


def test_inadmissible_is_refused_when_the_objection_was_in_time_and_complete(refused_case, handler):
    objection = skipped(lodged(refused_case, refused_case.applicant), handler, reason="clearly_inadmissible")
    with pytest.raises(TransitionRefused, match="inadmissible only"):
        services.decide_objection(objection.pk, by=handler, outcome=ObjectionOutcome.INADMISSIBLE, motivation="Nee.")


def test_unfounded_objection_leaves_every_amount_and_the_budget_as_they_were(two_line_partial, handler):
    before, budget_before = amounts(two_line_partial), budget_committed(two_line_partial)
    objection = heard(lodged(two_line_partial, two_line_partial.applicant), handler)

    services.decide_objection(
        objection.pk,
        by=handler,
        outcome=ObjectionOutcome.UNFOUNDED,
        motivation="Het advies noemt de camera niet.",
        grounds=ANSWERED,
    )

    assert amounts(two_line_partial) == before == [30_000, 0]
    assert budget_committed(two_line_partial) == budget_before
    assert committed(two_line_partial) == 30_000
    assert Application.objects.get(pk=two_line_partial.pk).status == Status.DECIDED
    assert transitions(objection) == ["lodge", "invite_to_hearing", "record_hearing", "decide"]
    moves = list(StatusChange.objects.filter(application=two_line_partial).values_list("transition", flat=True))
    assert moves[-2:] == ["lodge_objection", "decide_objection"]
    text = decision_letter_text(objection)
    assert "Wij verklaren uw bezwaar ongegrond. Het bestreden besluit blijft ongewijzigd in stand" in text
    assert "hebben wij u gehoord" in text
    assert "Dat klopt; wij hebben het advies opnieuw gelezen." in text


def test_unfounded_objection_cannot_change_any_amount(two_line_partial, handler):
    objection = heard(lodged(two_line_partial, two_line_partial.applicant), handler)
    second = two_line_partial.lines.all()[1]
    with pytest.raises(TransitionRefused, match="Unfounded or inadmissible leaves every amount unchanged"):
        services.decide_objection(
            objection.pk,
            by=handler,
            outcome=ObjectionOutcome.UNFOUNDED,
            motivation="Nee.",
            grounds=ANSWERED,
            revised={second.pk: (5_000, "Toch iets.")},
        )
    assert amounts(two_line_partial) == [30_000, 0]
    assert Objection.objects.get(pk=objection.pk).revised_lines.count() == 0  # rolled back


def test_founded_in_part_is_approved_by_an_independent_second_and_commits_the_difference(
    two_line_partial, handler, approver
):
    objection = heard(lodged(two_line_partial, two_line_partial.applicant), handler)
    first, second = two_line_partial.lines.all()
    budget_before = budget_committed(two_line_partial)

    services.decide_objection(
        objection.pk,
        by=handler,
        outcome=ObjectionOutcome.FOUNDED_IN_PART,
        motivation="De tweede maatregel staat deels in het advies.",
        grounds=ANSWERED,
        revised={second.pk: (10_000, "Het advies noemt een eenvoudige camera.")},
    )
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.AWAITING_APPROVAL
    assert amounts(two_line_partial) == [30_000, 0]  # nothing changes before the approval
    assert committed(two_line_partial) == 30_000

    services.approve_objection_decision(objection.pk, by=approver)

    assert amounts(two_line_partial) == [30_000, 10_000]
    assert committed(two_line_partial) == 40_000
    assert budget_committed(two_line_partial) == budget_before + 10_000
    application = Application.objects.get(pk=two_line_partial.pk)
    assert (application.status, application.outcome) == (Status.OBJECTION_DECIDED, "partial")
    assert transitions(objection) == ["lodge", "invite_to_hearing", "record_hearing", "propose_decision", "approve"]
    text = decision_letter_text(objection)
    assert "Wij verklaren uw bezwaar gedeeltelijk gegrond." in text
    assert "u ontvangt ten hoogste € 400,00" in text
    assert "van € 0,00 naar € 100,00. Het advies noemt een eenvoudige camera." in text
    assert "Rechtbank" in text or "rechtbank" in text


def test_founded_in_part_never_goes_below_a_contested_amount_without_a_legal_ground(two_line_partial, handler):
    objection = heard(lodged(two_line_partial, two_line_partial.applicant), handler)
    first, second = two_line_partial.lines.all()
    lower_and_higher = {first.pk: (20_000, "Minder."), second.pk: (20_000, "Meer.")}
    with pytest.raises(TransitionRefused, match="reformatio in peius"):
        services.decide_objection(
            objection.pk,
            by=handler,
            outcome=ObjectionOutcome.FOUNDED_IN_PART,
            motivation="Herzien.",
            grounds=ANSWERED,
            revised=lower_and_higher,
        )
    assert amounts(two_line_partial) == [30_000, 0]


def test_worsening_is_allowed_only_when_the_specific_legal_ground_is_recorded(two_line_partial, handler, approver):
    objection = heard(lodged(two_line_partial, two_line_partial.applicant), handler)
    first, second = two_line_partial.lines.all()
    services.decide_objection(
        objection.pk,
        by=handler,
        outcome=ObjectionOutcome.FOUNDED_IN_PART,
        motivation="Herzien.",
        grounds=ANSWERED,
        revised={first.pk: (20_000, "De offerte bleek lager."), second.pk: (20_000, "Staat in het advies.")},
        peius_ground="Artikel 7:11 Awb: de toekenning berustte op een onjuiste offerte die de aanvrager kende.",
    )
    services.approve_objection_decision(objection.pk, by=approver)
    assert amounts(two_line_partial) == [20_000, 20_000]
    assert "onjuiste offerte" in decision_letter_text(objection)


def test_founded_objection_against_a_refusal_grants_in_full_with_costs_by_one_assessor(refused_case, handler):
    objection = heard(lodged(refused_case, refused_case.applicant, costs_requested=True), handler)
    line = refused_case.lines.get()
    assert committed(refused_case) == 0

    services.decide_objection(
        objection.pk,
        by=handler,
        outcome=ObjectionOutcome.FOUNDED,
        motivation="De kluis staat in het advies.",
        grounds=ANSWERED,
        revised={line.pk: (45_000, "De kluis staat in het advies.")},
        professional_help=True,
    )

    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.DECIDED  # a full grant up to the four-eyes amount
    assert amounts(refused_case) == [45_000]
    assert committed(refused_case) == 45_000
    assert objection.costs_cents == 2 * 64_700  # objection and hearing: two points
    text = decision_letter_text(objection)
    assert "Wij verklaren uw bezwaar gegrond. Wij herroepen het bestreden besluit" in text
    assert "€ 1.294,00 (artikel 7:15" in text


def test_handler_who_took_part_in_the_contested_decision_is_refused_awb_10_3(refused_case, assessor):
    objection = lodged(refused_case, refused_case.applicant)
    with pytest.raises(PermissionDenied, match="10:3"):
        skipped(objection, assessor)


def test_second_approver_who_approved_the_contested_decision_is_refused_awb_10_3(
    two_line_partial, handler, second_assessor
):
    objection = heard(lodged(two_line_partial, two_line_partial.applicant), handler)
    second = two_line_partial.lines.all()[1]
    services.decide_objection(
        objection.pk,
        by=handler,
        outcome=ObjectionOutcome.FOUNDED_IN_PART,
        motivation="Deels.",
        grounds=ANSWERED,
        revised={second.pk: (10_000, "Deels.")},
    )
    with pytest.raises(PermissionDenied, match="10:3"):
        services.approve_objection_decision(objection.pk, by=second_assessor)
    assert amounts(two_line_partial) == [30_000, 0]


def test_no_decision_without_a_hearing_or_a_ground_to_skip_it_awb_7_2(refused_case, handler):
    objection = services.invite_to_hearing(
        lodged(refused_case, refused_case.applicant).pk,
        by=handler,
        at=timezone.now() + timedelta(days=7),
        place="Stadhuis",
    )
    with pytest.raises(TransitionRefused, match="not possible in the current state"):
        services.decide_objection(
            objection.pk, by=handler, outcome=ObjectionOutcome.UNFOUNDED, motivation="Nee.", grounds=ANSWERED
        )


def test_withdrawn_objection_returns_the_case_to_where_it_was(refused_case, handler):
    objection = lodged(refused_case, refused_case.applicant)
    assert Application.objects.get(pk=refused_case.pk).status == Status.OBJECTION_LODGED
    services.withdraw_objection(objection.pk, by=refused_case.applicant)
    assert Application.objects.get(pk=refused_case.pk).status == Status.DECIDED
    assert Objection.objects.get(pk=objection.pk).status == ObjectionStatus.WITHDRAWN
