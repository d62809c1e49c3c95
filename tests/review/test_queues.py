"""The assessor's queues: decisions awaiting my second approval, and my cases with new answers or views."""

from django.urls import reverse

from regeling.applications import services
from regeling.applications.states import Outcome
from regeling.review.assignment import assign_case, declare_conflict, take_case
from regeling.review.queues import _counting_sql, queue_cases, queue_counts
from tests.factories import (
    ApplicationFactory,
    AssessorFactory,
    CoordinatorFactory,
    InformationRequestFactory,
    OfficeholderFactory,
)

URL = reverse("review:work_list")


def proposed_by(assessor, body):
    """A grant above the four-eyes amount, proposed by `assessor` through the real service."""
    case = ApplicationFactory(applicant=OfficeholderFactory(body=body), in_assessment=True, lines=[200_000])
    services.decide_application(case.pk, by=assessor, outcome=Outcome.GRANT, motivation="Advies volgt de regeling.")
    return case


def references(response):
    return [case.reference for case, _urgency, _payment_due in response.context["rows"]]


def open_case_file(client, case):
    return client.get(reverse("review:case", args=[case.public_id]))


def test_approval_queue_holds_a_decision_another_assessor_proposed(as_user, assessor, second_assessor, body):
    case = proposed_by(assessor, body)
    assert references(as_user(second_assessor).get(URL, {"queue": "approval"})) == [case.reference]


def test_approval_queue_leaves_out_my_own_proposal_when_four_eyes_apply(as_user, assessor, body):
    proposed_by(assessor, body)
    assert references(as_user(assessor).get(URL, {"queue": "approval"})) == []


def test_approval_queue_leaves_out_a_case_i_declared_a_conflict_on(assessor, second_assessor, body):
    case = proposed_by(assessor, body)
    declare_conflict(case.pk, by=second_assessor, reason="Buurman")
    assert queue_counts(second_assessor)["approval"] == 0


def test_news_queue_holds_my_case_when_the_applicant_answered(as_user, body):
    request = InformationRequestFactory(application__applicant__body=body)
    case, assessor = request.application, request.requested_by
    take_case(case.pk, by=assessor)
    services.complete_information(case.pk, by=case.applicant, answer="Advies bijgevoegd.")
    assert references(as_user(assessor).get(URL, {"queue": "news"})) == [case.reference]


def test_news_queue_empties_when_i_open_the_case_file(as_user, body):
    request = InformationRequestFactory(application__applicant__body=body)
    case, assessor = request.application, request.requested_by
    take_case(case.pk, by=assessor)
    services.complete_information(case.pk, by=case.applicant, answer="Advies bijgevoegd.")
    client = as_user(assessor)
    open_case_file(client, case)
    assert queue_counts(assessor)["news"] == 0


def test_news_queue_holds_an_answer_that_came_after_my_last_visit(as_user, body):
    request = InformationRequestFactory(application__applicant__body=body)
    case, assessor = request.application, request.requested_by
    take_case(case.pk, by=assessor)
    open_case_file(as_user(assessor), case)
    services.complete_information(case.pk, by=case.applicant, answer="Advies bijgevoegd.")
    assert queue_counts(assessor)["news"] == 1


def test_news_queue_leaves_out_an_answer_an_assessor_recorded(body):
    request = InformationRequestFactory(application__applicant__body=body)
    case, assessor = request.application, request.requested_by
    take_case(case.pk, by=assessor)
    services.complete_information(case.pk, by=assessor, answer="Telefonisch doorgegeven.")
    assert queue_counts(assessor)["news"] == 0


def test_news_queue_holds_my_case_when_views_arrived_after_my_last_visit(as_user, assessor, body):
    case = ApplicationFactory(applicant=OfficeholderFactory(body=body), in_assessment=True)
    take_case(case.pk, by=assessor)
    services.request_views(case.pk, by=assessor, outcome=Outcome.REFUSE, motivation="Geen advies.")
    open_case_file(as_user(assessor), case)
    services.receive_views(case.pk, by=case.applicant, views="Ik ben het er niet mee eens.")
    assert queue_counts(assessor)["news"] == 1


def test_news_queue_leaves_out_a_case_assigned_to_someone_else(second_assessor, body):
    request = InformationRequestFactory(application__applicant__body=body)
    case = request.application
    coordinator = CoordinatorFactory(body=body)
    assign_case(case.pk, by=coordinator, assessor=request.requested_by)
    services.complete_information(case.pk, by=case.applicant, answer="Advies bijgevoegd.")
    assert queue_counts(second_assessor)["news"] == 0


def test_queue_counts_are_each_assessors_own_when_counted_one_after_another(
    assessor, second_assessor, body, foreign_assessor, other_body
):
    # The counting query is built once per process and given each assessor's own ids.
    proposed_by(assessor, body)
    proposed_by(foreign_assessor, other_body)
    second_foreign = AssessorFactory(body=other_body)
    users = (assessor, second_assessor, foreign_assessor, second_foreign, assessor)
    assert [queue_counts(user)["approval"] for user in users] == [0, 1, 0, 1, 0]
    assert queue_counts(second_assessor)["approval"] == queue_cases(second_assessor, "approval").count()


def test_navigation_shows_the_queue_counts_on_every_back_office_page(as_user, assessor, second_assessor, body):
    proposed_by(assessor, body)
    response = as_user(second_assessor).get(reverse("review:corrections"), HTTP_ACCEPT_LANGUAGE="en")
    assert 'Awaiting my approval <span class="count">(1)</span>' in response.content.decode()


def test_queue_counts_send_one_query_when_first_counted(assessor, django_assert_num_queries):
    _counting_sql.cache_clear()  # the first count in a process also builds the query, without sending it
    with django_assert_num_queries(1):
        queue_counts(assessor)
