"""Every action of the case file, posted through the test client as an assessor would."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from regeling.applications import services
from regeling.applications.models import InformationRequest
from regeling.applications.states import Outcome, Status
from regeling.audit.models import AuditEvent
from regeling.letters.models import LetterKind
from regeling.objections import services as objection_services
from regeling.objections.states import ObjectionOutcome
from regeling.schemes.reasons import Reason
from tests.factories import ApplicationFactory, AssessorFactory, invoices


def act(client, application, action, data=None, **kwargs):
    return client.post(reverse("review:act", args=[application.public_id, action]), data or {}, **kwargs)


def reloaded(application):
    application.refresh_from_db()
    return application


def day(offset):
    return (timezone.localdate() + timedelta(days=offset)).isoformat()


@pytest.fixture
def assessing(officeholder):
    return ApplicationFactory(applicant=officeholder, in_assessment=True, lines=[40_000, 20_000])


def decision_data(application, outcome, amounts, reasons=None, **extra):
    data = {"decide-outcome": outcome, "decide-motivation": "Getoetst aan het advies."}
    for line, amount, reason in zip(application.lines.all(), amounts, reasons or [""] * len(amounts), strict=True):
        data[f"decide-amount_{line.pk}"] = amount
        data[f"decide-reason_{line.pk}"] = reason
        # Version B: why a line gets less than the advice prescribes (Awb 3:50); kept only where it does.
        data[f"decide-advice_why_{line.pk}"] = "De offerte gaat verder dan het advies."
    data.update(extra)
    return data


def intention_data(application):
    """The intended refusal of every line, with its grounds and a deadline (Awb 4:7, 4:8)."""
    data = {"views-outcome": Outcome.REFUSE, "views-motivation": "Niet in het advies.", "views-deadline": day(14)}
    for line in application.lines.all():
        data[f"views-amount_{line.pk}"] = "0"
        data[f"views-reason_{line.pk}"] = Reason.NOT_IN_ADVICE
    return data


def test_completeness_check_then_assessment_when_buttons_pressed(as_user, assessor, submitted_application):
    client = as_user(assessor)
    assert act(client, submitted_application, "start_completeness_check").status_code == 302
    assert reloaded(submitted_application).status == Status.COMPLETENESS_CHECK
    assert submitted_application.assigned_to == assessor
    act(client, submitted_application, "start_assessment")
    assert reloaded(submitted_application).status == Status.ASSESSMENT


def test_information_request_pauses_the_clock_when_sent_with_deadline(as_user, assessor, assessing):
    due_before = assessing.decision_due_on
    response = act(
        as_user(assessor), assessing, "request_information", {"info-message": "Offerte", "info-deadline": day(14)}
    )
    assert response.status_code == 302
    assert reloaded(assessing).status == Status.INFO_REQUESTED
    assert InformationRequest.objects.get(application=assessing).deadline.isoformat() == day(14)
    assert assessing.decision_due_on == assessing.decision_due
    assert assessing.decision_due_on >= due_before + timedelta(days=13)


def test_information_request_form_proposes_the_default_deadline_when_shown(as_user, assessor, assessing, settings):
    response = as_user(assessor).get(reverse("review:case", args=[assessing.public_id]))
    initial = response.context["forms"]["request_information"]["deadline"].initial
    assert initial == timezone.localdate() + timedelta(days=settings.INFORMATION_DEADLINE_DAYS)


def test_information_request_rerenders_with_error_when_deadline_is_past(as_user, assessor, assessing):
    response = act(
        as_user(assessor), assessing, "request_information", {"info-message": "Offerte", "info-deadline": day(-1)}
    )
    assert response.status_code == 400
    assert "deadline" in response.context["forms"]["request_information"].errors
    assert reloaded(assessing).status == Status.ASSESSMENT


def test_received_information_resumes_assessment_when_recorded(as_user, assessor, assessing):
    services.request_information(
        assessing.pk, by=assessor, message="Offerte", deadline=timezone.localdate() + timedelta(days=7)
    )
    act(as_user(assessor), assessing, "complete_information", {"complete-answer": "Per post ontvangen"})
    assert reloaded(assessing).status == Status.ASSESSMENT


def test_not_processed_is_refused_with_409_when_deadline_not_passed(as_user, assessor, assessing):
    services.request_information(
        assessing.pk, by=assessor, message="Offerte", deadline=timezone.localdate() + timedelta(days=7)
    )
    response = act(
        as_user(assessor), assessing, "declare_not_processed", {"notprocessed-motivation": "Niets ontvangen"}
    )
    assert response.status_code == 409
    assert reloaded(assessing).status == Status.INFO_REQUESTED


def test_grant_in_full_is_decided_at_once_when_below_four_eyes_amount(as_user, assessor, assessing):
    response = act(
        as_user(assessor), assessing, "decide", decision_data(assessing, Outcome.GRANT, ["400,00", "200,00"])
    )
    assert response.status_code == 302
    assert reloaded(assessing).status == Status.DECIDED
    assert assessing.letters.filter(kind=LetterKind.DECISION).count() == 1


def test_partial_grant_needs_reason_per_reduced_line_when_posted(as_user, assessor, assessing):
    response = act(
        as_user(assessor), assessing, "decide", decision_data(assessing, Outcome.PARTIAL, ["400,00", "100,00"])
    )
    assert response.status_code == 400
    assert response.context["forms"]["decide"].errors
    assert reloaded(assessing).status == Status.ASSESSMENT


def test_amount_above_requested_is_refused_when_granting(as_user, assessor, assessing):
    response = act(
        as_user(assessor), assessing, "decide", decision_data(assessing, Outcome.GRANT, ["500,00", "200,00"])
    )
    assert response.status_code == 400
    assert reloaded(assessing).status == Status.ASSESSMENT


def test_refusal_without_views_is_409_with_reason_when_views_not_heard(as_user, assessor, assessing):
    data = decision_data(assessing, Outcome.REFUSE, ["0", "0"], [Reason.NOT_IN_ADVICE, Reason.NOT_IN_ADVICE])
    response = act(as_user(assessor), assessing, "decide", data)
    assert response.status_code == 409
    assert "4:7" in response.content.decode()
    assert reloaded(assessing).status == Status.ASSESSMENT


def test_views_request_then_received_views_when_posted(as_user, assessor, assessing):
    client = as_user(assessor)
    act(client, assessing, "request_views", intention_data(assessing))
    assert reloaded(assessing).status == Status.VIEWS_REQUESTED
    act(client, assessing, "receive_views", {"receiveviews-views": "Ik ben het er niet mee eens."})
    assert reloaded(assessing).status == Status.ASSESSMENT
    assert assessing.views_text == "Ik ben het er niet mee eens."


def propose_partial(client, application):
    data = decision_data(
        application,
        Outcome.PARTIAL,
        ["400,00", "100,00"],
        ["", Reason.NOT_IN_ADVICE],
        **{"decide-views_exception": "4:7(1)", "decide-views_not_needed_reason": "De feiten zijn niet in geschil."},
    )
    return act(client, application, "decide", data)


def test_partial_grant_waits_for_second_assessor_when_proposed(as_user, assessor, assessing):
    assert propose_partial(as_user(assessor), assessing).status_code == 302
    assert reloaded(assessing).status == Status.AWAITING_APPROVAL
    assert assessing.proposed_by == assessor


def test_proposer_cannot_approve_own_decision_when_trying(as_user, assessor, assessing):
    client = as_user(assessor)
    propose_partial(client, assessing)
    assert act(client, assessing, "approve").status_code == 403
    assert reloaded(assessing).status == Status.AWAITING_APPROVAL


def test_proposer_sees_why_approval_is_disabled_when_opening(as_user, assessor, assessing):
    client = as_user(assessor)
    propose_partial(client, assessing)
    response = client.get(reverse("review:case", args=[assessing.public_id]))
    actions = {action.name: action for action, _form in response.context["actions"]}
    assert not actions["approve"].allowed
    assert actions["approve"].reason


def test_second_assessor_approves_when_another_proposed(as_user, assessor, second_assessor, assessing):
    propose_partial(as_user(assessor), assessing)
    assert act(as_user(second_assessor), assessing, "approve").status_code == 302
    assert reloaded(assessing).status == Status.DECIDED
    assert assessing.approved_by == second_assessor


def test_second_assessor_sends_back_with_reason_when_disagreeing(as_user, assessor, second_assessor, assessing):
    propose_partial(as_user(assessor), assessing)
    act(as_user(second_assessor), assessing, "send_back", {"sendback-reason": "Motivering aanvullen."})
    assert reloaded(assessing).status == Status.ASSESSMENT


def test_extension_is_announced_with_letter_when_in_time(as_user, assessor, assessing):
    until = assessing.decision_due_on + timedelta(weeks=4)
    data = {"extension-until": until.isoformat(), "extension-reason": "Advies van de politie nodig."}
    assert act(as_user(assessor), assessing, "announce_extension", data).status_code == 302
    assert reloaded(assessing).extended_until == until
    assert assessing.decision_due_on == until
    assert assessing.letters.filter(kind=LetterKind.EXTENSION).exists()


def test_default_notice_is_recorded_when_posted(as_user, assessor, assessing):
    act(as_user(assessor), assessing, "record_default_notice", {"default-received_on": day(0)})
    assert reloaded(assessing).default_notice_received_on == timezone.localdate()


def grant(application, assessor):
    lines = {line.pk: (line.requested_cents, "") for line in application.lines.all()}
    services.decide_application(application.pk, by=assessor, outcome=Outcome.GRANT, motivation="Advies", granted=lines)


def objection_act(client, application, action, data=None):
    return client.post(reverse("review:objection_act", args=[application.public_id, action]), data or {})


def test_paper_objection_is_registered_with_its_date_and_decided_by_an_independent_assessor(
    as_user, assessor, assessing
):
    grant(assessing, assessor)
    received = day(0)
    client = as_user(assessor)
    data = {"register-received_on": received, "register-channel": "post", "register-grounds": "Te weinig toegekend."}
    assert objection_act(client, assessing, "register", data).status_code == 302
    objection = reloaded(assessing).objections.get()
    assert (objection.received_on.isoformat(), objection.channel) == (received, "post")
    assert reloaded(assessing).status == Status.OBJECTION_LODGED

    handler = AssessorFactory(body=assessor.body)
    client = as_user(handler)
    objection_act(client, assessing, "skip_hearing", {"skip-reason": "clearly_unfounded", "skip-note": "Herhaling."})
    data = {
        "objdecide-outcome": ObjectionOutcome.UNFOUNDED,
        "objdecide-motivation": "Besluit blijft.",
        "objdecide-ground_1": "Te weinig toegekend.",
        "objdecide-answer_1": "Het advies noemt niet meer.",
    }
    for line in assessing.lines.all():
        data[f"objdecide-amount_{line.pk}"] = f"{(line.granted_cents or 0) // 100},00"
    assert objection_act(client, assessing, "decide", data).status_code == 302
    assert reloaded(assessing).status == Status.DECIDED
    assert reloaded(assessing).objections.get().status == "decided"


def test_involved_assessor_is_not_offered_the_objection_and_a_direct_post_is_refused_awb_10_3(
    as_user, assessor, assessing
):
    grant(assessing, assessor)
    objection_services.lodge_objection(assessing.pk, by=assessing.applicant, grounds="Onterecht.")
    client = as_user(assessor)
    page = client.get(reverse("review:case", args=[assessing.public_id])).content.decode()
    assert "10:3" in page and 'id="objection-why-skip_hearing"' in page
    response = objection_act(client, assessing, "skip_hearing", {"skip-reason": "waived", "skip-note": "x"})
    assert response.status_code == 403 and "10:3" in response.content.decode()
    assert reloaded(assessing).objections.get().status == "received"


def submit_invoices(application, invoiced):
    lines = list(application.lines.all())
    services.submit_settlement(
        application.pk,
        by=application.applicant,
        **invoices({line.pk: cents for line, cents in zip(lines, invoiced, strict=True)}),
    )


def test_settlement_pays_less_when_an_invoice_is_missing(as_user, assessor, assessing):
    grant(assessing, assessor)
    submit_invoices(assessing, [40_000, 0])
    response = as_user(assessor).get(reverse("review:case", args=[assessing.public_id]))
    settle_form = response.context["forms"]["settle"]
    lines = list(assessing.lines.all())
    data = {f"settle-amount_{line.pk}": settle_form[f"amount_{line.pk}"].initial for line in lines}
    assert act(as_user(assessor), assessing, "settle", data).status_code == 302
    assert reloaded(assessing).status == Status.SETTLED
    assert [line.settled_cents for line in assessing.lines.all()] == [40_000, 0]


def test_settlement_above_grant_is_refused_when_posted(as_user, assessor, assessing):
    grant(assessing, assessor)
    submit_invoices(assessing, [40_000, 20_000])
    data = {f"settle-amount_{line.pk}": "999,00" for line in assessing.lines.all()}
    response = act(as_user(assessor), assessing, "settle", data)
    assert response.status_code == 400
    assert reloaded(assessing).status == Status.SETTLEMENT_SUBMITTED


def test_closing_is_409_when_payment_is_still_open(as_user, assessor, assessing):
    grant(assessing, assessor)
    assert act(as_user(assessor), assessing, "close").status_code == 409


def test_paid_case_is_closed_when_close_pressed(as_user, assessor, assessing):
    grant(assessing, assessor)
    submit_invoices(assessing, [40_000, 20_000])
    services.settle_application(assessing.pk, by=assessor)
    client = as_user(assessor)
    act(client, assessing, "mark_paid")
    act(client, assessing, "close")
    assert reloaded(assessing).status == Status.CLOSED


def test_unknown_action_is_404_when_posted(as_user, assessor, assessing):
    assert act(as_user(assessor), assessing, "delete_everything").status_code == 404


def test_action_is_404_and_logged_when_assessor_of_other_body_posts(as_user, foreign_assessor, assessing):
    response = act(
        as_user(foreign_assessor), assessing, "decide", decision_data(assessing, Outcome.GRANT, ["400,00", "200,00"])
    )
    assert response.status_code == 404
    assert reloaded(assessing).status == Status.ASSESSMENT
    assert AuditEvent.objects.filter(actor=foreign_assessor, result="denied").exists()


def test_get_is_refused_when_an_action_url_is_opened(as_user, assessor, assessing):
    assert as_user(assessor).get(reverse("review:act", args=[assessing.public_id, "approve"])).status_code == 405


def test_not_processed_is_decided_when_the_deadline_has_passed(as_user, assessor, assessing):
    services.request_information(
        assessing.pk, by=assessor, message="Offerte", deadline=timezone.localdate() + timedelta(days=7)
    )
    # The applicant let the deadline pass: move the request into the past.
    InformationRequest.objects.filter(application=assessing).update(
        requested_on=timezone.localdate() - timedelta(days=20), deadline=timezone.localdate() - timedelta(days=1)
    )
    response = act(
        as_user(assessor), assessing, "declare_not_processed", {"notprocessed-motivation": "Niets ontvangen"}
    )
    assert response.status_code == 302
    assert reloaded(assessing).status == Status.NOT_PROCESSED
    assert assessing.letters.filter(kind=LetterKind.NOT_PROCESSED).exists()


def test_refusal_after_hearing_views_waits_for_second_assessor_when_proposed(as_user, assessor, assessing):
    client = as_user(assessor)
    act(client, assessing, "request_views", intention_data(assessing))
    act(client, assessing, "receive_views", {"receiveviews-views": "Graag toch toekennen."})
    data = decision_data(assessing, Outcome.REFUSE, ["0", "0"], [Reason.NOT_IN_ADVICE, Reason.NOT_IN_ADVICE])
    assert act(client, assessing, "decide", data).status_code == 302
    assert reloaded(assessing).status == Status.AWAITING_APPROVAL
    assert {line.granted_cents for line in assessing.lines.all()} == {0}


def test_large_grant_waits_for_second_assessor_when_above_the_threshold(as_user, assessor, officeholder, settings):
    settings.SECOND_APPROVAL_ABOVE_CENTS = 50_000
    application = ApplicationFactory(applicant=officeholder, in_assessment=True, lines=[40_000, 20_000])
    act(as_user(assessor), application, "decide", decision_data(application, Outcome.GRANT, ["400,00", "200,00"]))
    assert reloaded(application).status == Status.AWAITING_APPROVAL


def test_founded_objection_revises_the_grant_after_an_independent_second_approval(
    as_user, assessor, second_assessor, assessing
):
    first, second = assessing.lines.all()
    services.decide_application(
        assessing.pk,
        by=assessor,
        outcome=Outcome.PARTIAL,
        motivation="Advies",
        granted={second.pk: (0, Reason.NOT_IN_ADVICE)},
        links={second.pk: ("", "")},
        views_exception="4:7(1)",
        views_not_needed_reason="De feiten staan vast.",
    )
    services.approve_decision(assessing.pk, by=second_assessor)
    objection = objection_services.lodge_objection(assessing.pk, by=assessing.applicant, grounds="Onterecht.")
    handler, approver = (AssessorFactory(body=assessor.body) for _ in range(2))
    objection_services.skip_hearing(objection.pk, by=handler, reason="waived", note="Afgezien.")
    data = {
        "objdecide-outcome": ObjectionOutcome.FOUNDED_IN_PART,
        "objdecide-motivation": "De tweede maatregel valt deels onder het advies.",
        "objdecide-ground_1": "Onterecht.",
        "objdecide-answer_1": "Deels terecht.",
        f"objdecide-amount_{first.pk}": "400,00",
        f"objdecide-amount_{second.pk}": "100,00",
        f"objdecide-why_{second.pk}": "Het advies noemt een eenvoudige variant.",
    }
    assert objection_act(as_user(handler), assessing, "decide", data).status_code == 302
    assert [line.granted_cents for line in reloaded(assessing).lines.all()] == [40_000, 0]
    assert objection_act(as_user(approver), assessing, "approve").status_code == 302
    assert reloaded(assessing).status == Status.OBJECTION_DECIDED
    assert [line.granted_cents for line in assessing.lines.all()] == [40_000, 10_000]
    assert assessing.outcome == Outcome.PARTIAL
