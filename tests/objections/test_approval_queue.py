"""A decision on objection proposed by one assessor waits in the approval queue of the others who may
approve it: never the proposer, never who took part in the contested decision (Awb 10:3(3))."""

import pytest
from django.urls import reverse

from regeling.objections.states import ObjectionOutcome, ObjectionStatus
from regeling.review.queues import queue_counts

from .cases import lodged

pytestmark = pytest.mark.django_db


def proposed_on_objection(client, application):
    objection = lodged(application, application.applicant)
    act = reverse("review:objection_act", args=[application.public_id, "skip_hearing"])
    client.post(act, {"skip-reason": "waived", "skip-note": "Afgezien van horen."})
    line = application.lines.get()
    data = {
        "objdecide-outcome": ObjectionOutcome.FOUNDED_IN_PART,
        "objdecide-motivation": "Het advies noemt de kluis.",
        "objdecide-ground_1": "De kluis staat in het advies.",
        "objdecide-answer_1": "Dat klopt.",
        f"objdecide-amount_{line.pk}": "200,00",
        f"objdecide-why_{line.pk}": "Staat in het advies.",
    }
    client.post(reverse("review:objection_act", args=[application.public_id, "decide"]), data)
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.AWAITING_APPROVAL
    return objection


def test_independent_assessor_finds_the_proposal_in_the_approval_queue(as_user, handler, approver, refused_case):
    proposed_on_objection(as_user(handler), refused_case)
    assert queue_counts(approver)["approval"] == 1


def test_proposer_does_not_find_their_own_proposal_in_the_queue(as_user, handler, refused_case):
    proposed_on_objection(as_user(handler), refused_case)
    assert queue_counts(handler)["approval"] == 0


def test_assessor_who_took_part_in_the_contested_decision_does_not_find_it(
    as_user, handler, second_assessor, refused_case
):
    proposed_on_objection(as_user(handler), refused_case)
    assert queue_counts(second_assessor)["approval"] == 0
