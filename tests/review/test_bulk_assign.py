"""Bulk assignment from the work list: several cases at once, each audited, conflicts respected."""

from django.urls import reverse

from regeling.applications.models import Application
from regeling.audit.models import AuditEvent
from regeling.review.assignment import declare_conflict
from tests.factories import ApplicationFactory, AssessorFactory, CoordinatorFactory, OfficeholderFactory

URL = reverse("review:bulk")


def make_case(body):
    return ApplicationFactory(applicant=OfficeholderFactory(body=body), submitted=True)


def post(client, cases, assessor=None, query=""):
    data = {"bulk-cases": [str(case.public_id) for case in cases], "bulk-action": "assign"}
    if assessor is not None:
        data["bulk-assessor"] = assessor.pk
    return client.post(URL + query, data)


def assigned_to(case):
    return Application.objects.get(pk=case.pk).assigned_to


def test_coordinator_assigns_every_ticked_case_when_posted(as_user, body, assessor):
    coordinator = CoordinatorFactory(body=body)
    cases = [make_case(body), make_case(body)]
    response = post(as_user(coordinator), cases, assessor)
    assert response.status_code == 302
    assert [assigned_to(case) for case in cases] == [assessor, assessor]


def test_each_case_is_audited_on_its_own_when_assigned_in_bulk(as_user, body, assessor):
    coordinator = CoordinatorFactory(body=body)
    cases = [make_case(body), make_case(body)]
    post(as_user(coordinator), cases, assessor)
    audited = AuditEvent.objects.filter(action="application.assign", actor=coordinator).values_list(
        "object_id", flat=True
    )
    assert sorted(audited) == sorted(str(case.public_id) for case in cases)


def test_case_the_assessor_declared_a_conflict_on_is_skipped_and_named(as_user, body, assessor):
    coordinator = CoordinatorFactory(body=body)
    free, conflicted = make_case(body), make_case(body)
    declare_conflict(conflicted.pk, by=assessor, reason="Familie")
    client = as_user(coordinator)
    response = post(client, [free, conflicted], assessor)
    assert assigned_to(free) == assessor and assigned_to(conflicted) is None
    page = client.get(response["Location"]).content.decode()
    assert f"Niet toegewezen: {conflicted.reference}" in page


def test_case_the_coordinator_declared_a_conflict_on_is_not_assigned_by_them(as_user, body, assessor):
    coordinator = CoordinatorFactory(body=body)
    case = make_case(body)
    declare_conflict(case.pk, by=coordinator, reason="Buurman")
    post(as_user(coordinator), [case], assessor)
    assert assigned_to(case) is None


def test_assessor_may_only_take_cases_on_themselves_when_bulk_assigning(as_user, body, assessor):
    colleague = AssessorFactory(body=body)
    case = make_case(body)
    response = post(as_user(assessor), [case], colleague)
    assert response.status_code == 400
    assert assigned_to(case) is None


def test_assessor_takes_the_ticked_cases_when_choosing_themselves(as_user, body, assessor):
    case = make_case(body)
    post(as_user(assessor), [case], assessor)
    assert assigned_to(case) == assessor


def test_case_of_another_body_is_ignored_when_its_id_is_posted(as_user, body, other_body, assessor):
    coordinator = CoordinatorFactory(body=body)
    own, foreign = make_case(body), make_case(other_body)
    post(as_user(coordinator), [own, foreign], assessor)
    assert assigned_to(own) == assessor and assigned_to(foreign) is None


def test_error_summary_names_the_missing_assessor_and_keeps_the_ticks(as_user, body):
    coordinator = CoordinatorFactory(body=body)
    case = make_case(body)
    response = as_user(coordinator).post(
        URL, {"bulk-cases": [str(case.public_id)], "bulk-action": "assign"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_bulk-assessor"' in page and "Choose the assessor." in page
    assert f'value="{case.public_id}" id="id_bulk-cases_0" checked' in page


def test_error_summary_asks_for_a_case_when_none_is_ticked(as_user, body, assessor):
    coordinator = CoordinatorFactory(body=body)
    make_case(body)
    response = post(as_user(coordinator), [], assessor)
    assert response.status_code == 400
    assert 'href="#id_bulk-cases_0"' in response.content.decode()


def test_filters_are_kept_when_returning_to_the_work_list(as_user, body, assessor):
    coordinator = CoordinatorFactory(body=body)
    response = post(as_user(coordinator), [make_case(body)], assessor, query="?state=submitted")
    assert response["Location"] == reverse("review:work_list") + "?state=submitted"
