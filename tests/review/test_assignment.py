from django.urls import reverse

from regeling.applications.models import ConflictOfInterest
from regeling.applications.states import Status
from regeling.audit.models import AuditEvent


def act(client, application, action, data=None):
    return client.post(reverse("review:act", args=[application.public_id, action]), data or {})


def test_assessor_takes_the_case_when_pressing_take(as_user, assessor, submitted_application):
    assert act(as_user(assessor), submitted_application, "take").status_code == 302
    submitted_application.refresh_from_db()
    assert submitted_application.assigned_to == assessor
    assert AuditEvent.objects.filter(action="application.assign", actor=assessor).exists()


def test_coordinator_assigns_to_an_assessor_when_chosen(as_user, coordinator, assessor, submitted_application):
    response = act(as_user(coordinator), submitted_application, "assign", {"assign-assessor": assessor.pk})
    assert response.status_code == 302
    submitted_application.refresh_from_db()
    assert submitted_application.assigned_to == assessor


def test_assessor_cannot_assign_others_when_not_coordinator(as_user, assessor, second_assessor, submitted_application):
    response = act(as_user(assessor), submitted_application, "assign", {"assign-assessor": second_assessor.pk})
    assert response.status_code == 403
    submitted_application.refresh_from_db()
    assert submitted_application.assigned_to is None


def test_coordinator_cannot_assign_assessor_of_other_body_when_posted(
    as_user, coordinator, foreign_assessor, submitted_application
):
    response = act(as_user(coordinator), submitted_application, "assign", {"assign-assessor": foreign_assessor.pk})
    assert response.status_code == 400
    assert response.context["forms"]["assign"].errors
    submitted_application.refresh_from_db()
    assert submitted_application.assigned_to is None


def test_conflict_excludes_the_assessor_when_declared(as_user, assessor, submitted_application):
    submitted_application.assigned_to = assessor
    submitted_application.save()
    client = as_user(assessor)
    response = act(client, submitted_application, "conflict", {"conflict-reason": "Familie"})
    assert response.status_code == 302
    assert ConflictOfInterest.objects.filter(application=submitted_application, assessor=assessor).exists()
    submitted_application.refresh_from_db()
    assert submitted_application.assigned_to is None
    assert act(client, submitted_application, "start_completeness_check").status_code == 403
    assert submitted_application.status == Status.SUBMITTED


def test_coordinator_cannot_assign_a_conflicted_assessor_when_posted(
    as_user, coordinator, assessor, submitted_application
):
    ConflictOfInterest.objects.create(application=submitted_application, assessor=assessor)
    response = act(as_user(coordinator), submitted_application, "assign", {"assign-assessor": assessor.pk})
    assert response.status_code == 409
    submitted_application.refresh_from_db()
    assert submitted_application.assigned_to is None


def test_conflicted_case_is_marked_in_the_work_list_when_declared(as_user, assessor, submitted_application):
    ConflictOfInterest.objects.create(application=submitted_application, assessor=assessor)
    rows = as_user(assessor).get(reverse("review:work_list")).context["rows"]
    assert rows[0][0].has_conflict
