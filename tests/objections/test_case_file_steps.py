"""Objection steps in the case file (pages in Dutch, the default): each says what happened and what
comes next; a refused step brings the case file back with the form as filled and the reason on top (no dead end)."""

from django.urls import reverse

from regeling.objections.states import ObjectionOutcome, ObjectionStatus

from .cases import lodged


def step(client, application, action, data=None):
    return client.post(reverse("review:objection_act", args=[application.public_id, action]), data or {}, follow=True)


def summary_of(html: str) -> str:
    return html.split('class="error-summary"', 1)[1].split("</div>", 1)[0]


def test_skipping_the_hearing_confirms_the_ground_and_the_next_step(as_user, handler, granted_case):
    lodged(granted_case, granted_case.applicant)
    data = {"skip-reason": "clearly_unfounded", "skip-note": "Het bezwaar herhaalt de aanvraag."}
    html = step(as_user(handler), granted_case, "skip_hearing", data).content.decode()
    assert "De grond om van horen af te zien is vastgelegd (Awb 7:3). U kunt nu op het" in html


def test_registering_a_paper_objection_confirms_its_decision_date(as_user, assessor, granted_case):
    data = {"register-received_on": granted_case.letters.last().created_at.date().isoformat()}
    data |= {"register-channel": "post", "register-grounds": "Te weinig toegekend."}
    html = step(as_user(assessor), granted_case, "register", data).content.decode()
    objection = granted_case.objections.get()
    assert f"de beslissing op bezwaar moet uiterlijk {objection.decision_due.day} " in html


def test_a_decision_that_needs_four_eyes_is_confirmed_as_a_proposal(as_user, handler, refused_case):
    objection = lodged(refused_case, refused_case.applicant)
    client = as_user(handler)
    step(client, refused_case, "skip_hearing", {"skip-reason": "waived", "skip-note": "Afgezien van horen."})
    line = refused_case.lines.get()
    data = {
        "objdecide-outcome": ObjectionOutcome.FOUNDED_IN_PART,
        "objdecide-motivation": "Het advies noemt de kluis.",
        "objdecide-ground_1": "De kluis staat in het advies.",
        "objdecide-answer_1": "Dat klopt.",
        f"objdecide-amount_{line.pk}": "200,00",
        f"objdecide-why_{line.pk}": "Staat in het advies.",
    }
    html = step(client, refused_case, "decide", data).content.decode()
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.AWAITING_APPROVAL
    assert "Beslissing op bezwaar voorgesteld. Een tweede beoordelaar die niet" in html


def founded_after_a_skip_for_clearly_unfounded(client, application):
    """A founded decision after the hearing was left out as clearly unfounded: refused (Awb 7:3)."""
    step(client, application, "skip_hearing", {"skip-reason": "clearly_unfounded", "skip-note": "Herhaling."})
    first, second = application.lines.all()
    data = {
        "objdecide-outcome": ObjectionOutcome.FOUNDED_IN_PART,
        "objdecide-motivation": "Het advies noemt meer, om deze reden.",
        "objdecide-ground_1": "Te weinig.",
        "objdecide-answer_1": "Klopt.",
        f"objdecide-amount_{first.pk}": f"{first.requested_cents // 100},00",
        f"objdecide-why_{first.pk}": "Staat in het advies.",
        f"objdecide-amount_{second.pk}": "0,00",
    }
    return client.post(reverse("review:objection_act", args=[application.public_id, "decide"]), data)


def test_a_refused_decision_returns_the_case_file_with_the_motivation_as_typed_and_the_reason(
    as_user, handler, two_line_partial
):
    lodged(two_line_partial, two_line_partial.applicant)
    response = founded_after_a_skip_for_clearly_unfounded(as_user(handler), two_line_partial)
    html = response.content.decode()
    assert response.status_code == 409
    assert "7:3" in summary_of(html)
    assert "Het advies noemt meer, om deze reden." in html.split('id="objection-action-decide"', 1)[1]


def test_a_refused_step_links_to_the_objection_steps_possible_now(as_user, handler, two_line_partial):
    lodged(two_line_partial, two_line_partial.applicant)
    response = founded_after_a_skip_for_clearly_unfounded(as_user(handler), two_line_partial)
    assert 'href="#objection-action-decide"' in summary_of(response.content.decode())
