from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone, translation

from regeling.applications.models import InformationRequest
from regeling.applications.states import Status
from regeling.audit.models import AuditEvent
from regeling.schemes.versions import SchemeVersion
from tests.factories import ApplicationFactory, OfficeholderFactory

URL = reverse("review:work_list")


def make_case(body, **fields):
    return ApplicationFactory(applicant=OfficeholderFactory(body=body), submitted=True, **fields)


def received_days_ago(days):
    return timezone.localdate() - timedelta(days=days)


def references(response):
    return [case.reference for case, _urgency, _payment_due in response.context["rows"]]


def test_lists_only_own_body_when_other_bodies_have_cases(as_user, assessor, body, other_body):
    own = make_case(body)
    make_case(other_body)
    response = as_user(assessor).get(URL)
    assert references(response) == [own.reference]
    assert response.context["total"] == 1


def test_sorted_by_due_date_when_no_order_is_given(as_user, assessor, body):
    later = make_case(body, received_on=received_days_ago(1))
    earlier = make_case(body, received_on=received_days_ago(30))
    assert references(as_user(assessor).get(URL)) == [earlier.reference, later.reference]


def test_overdue_case_is_marked_in_words_when_past_its_due_date(as_user, assessor, body):
    make_case(body, received_on=received_days_ago(60))
    response = as_user(assessor).get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["rows"][0][1] == "overdue"
    assert '<strong class="overdue">Overdue</strong>' in response.content.decode()


def test_window_filter_keeps_only_overdue_when_overdue_chosen(as_user, assessor, body):
    late = make_case(body, received_on=received_days_ago(60))
    make_case(body, received_on=received_days_ago(1))
    assert references(as_user(assessor).get(URL, {"window": "overdue"})) == [late.reference]


def test_window_filter_keeps_cases_due_within_a_week_when_week_chosen(as_user, assessor, body):
    soon = make_case(body, received_on=received_days_ago(52))
    make_case(body, received_on=received_days_ago(1))
    make_case(body, received_on=received_days_ago(60))
    assert references(as_user(assessor).get(URL, {"window": "week"})) == [soon.reference]


def test_information_request_pushes_due_date_when_term_is_suspended(as_user, assessor, body):
    case = make_case(body, received_on=received_days_ago(60))
    InformationRequest.objects.create(
        application=case,
        message="Offerte ontbreekt",
        requested_on=received_days_ago(30),
        deadline=received_days_ago(10),
        requested_by=assessor,
    )
    case.save()
    case.refresh_from_db()
    assert case.decision_due_on == case.decision_due
    assert references(as_user(assessor).get(URL, {"window": "overdue"})) == []


def test_state_filter_keeps_only_that_state_when_chosen(as_user, assessor, body):
    assessing = make_case(body, in_assessment=True)
    make_case(body)
    assert references(as_user(assessor).get(URL, {"state": Status.ASSESSMENT})) == [assessing.reference]


def test_assignment_filters_split_mine_and_unassigned_when_chosen(as_user, assessor, body):
    mine = make_case(body, assigned_to=assessor)
    free = make_case(body)
    client = as_user(assessor)
    assert references(client.get(URL, {"assignment": "me"})) == [mine.reference]
    assert references(client.get(URL, {"assignment": "unassigned"})) == [free.reference]


def test_version_filter_keeps_only_that_version_when_chosen(as_user, assessor, body):
    version_a = make_case(body, scheme_version=SchemeVersion.BASIC_PACKAGE)
    make_case(body, scheme_version=SchemeVersion.TAILORED_ADVICE)
    assert references(as_user(assessor).get(URL, {"version": "A"})) == [version_a.reference]


def test_counts_show_each_filter_when_cases_differ(as_user, assessor, body):
    make_case(body, received_on=received_days_ago(60))
    make_case(body, in_assessment=True, assigned_to=assessor)
    response = as_user(assessor).get(URL)
    options = {
        name: {value: count for value, _label, count, _sel in opts}
        for name, _l, opts in response.context["filter_options"]
    }
    assert options["window"]["overdue"] == 1
    assert options["state"][Status.ASSESSMENT] == 1
    assert options["state"][Status.SUBMITTED] == 1
    assert options["assignment"]["me"] == 1
    assert options["assignment"]["unassigned"] == 1


def test_search_finds_by_reference_when_number_is_typed(as_user, assessor, body):
    wanted = make_case(body)
    make_case(body)
    assert references(as_user(assessor).get(URL, {"reference": wanted.reference.lower()})) == [wanted.reference]


def test_search_never_matches_address_when_street_is_typed(as_user, assessor, body):
    make_case(body, address_line="Lindelaan 12")
    assert references(as_user(assessor).get(URL, {"reference": "Lindelaan"})) == []


def test_search_for_other_body_reference_finds_nothing_and_is_logged(as_user, assessor, other_body):
    foreign = make_case(other_body)
    response = as_user(assessor).get(URL, {"reference": foreign.reference})
    assert references(response) == []
    assert AuditEvent.objects.filter(action="case.search_foreign", result="denied", actor=assessor).exists()


def test_pages_hold_twenty_five_cases_when_there_are_more(as_user, assessor, body):
    for _ in range(27):
        make_case(body)
    client = as_user(assessor)
    assert len(client.get(URL).context["rows"]) == 25
    assert len(client.get(URL, {"page": 2}).context["rows"]) == 2


def _queries_for(client, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, params or {}).status_code == 200
    return len(queries)


@pytest.mark.parametrize("params", [{}, {"window": "overdue", "assignment": "me"}])
def test_query_count_is_constant_when_cases_grow(as_user, assessor, body, django_assert_num_queries, params):
    make_case(body, assigned_to=assessor, received_on=received_days_ago(60))
    client = as_user(assessor)
    client.get(URL)  # the first request of a session also updates the session
    expected = _queries_for(client, params)
    for _ in range(15):
        make_case(body, assigned_to=assessor, received_on=received_days_ago(60))
    with django_assert_num_queries(expected):
        response = client.get(URL, params)
    assert len(response.context["rows"]) == 16


def test_officeholder_is_refused_when_opening_the_work_list(as_user, officeholder):
    assert as_user(officeholder).get(URL).status_code == 403


def test_due_date_is_written_with_the_dutch_month_name_when_the_page_is_dutch(as_user, assessor, body):
    case = make_case(body)
    with translation.override("nl"):
        written = formats.date_format(case.decision_due_on, "j F Y")
    response = as_user(assessor).get(URL, HTTP_ACCEPT_LANGUAGE="nl")
    assert written in response.content.decode() and written.split()[1].islower()
