"""The second line behind the row lock: django-fsm-2's optimistic check refuses a stale copy with a message."""

import pytest
from django.db import transaction

from regeling.applications.models import Application
from regeling.applications.services import run_transition
from regeling.applications.states import Status
from regeling.core.exceptions import TransitionRefused
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_stale_copy_is_refused_with_a_message_when_the_state_changed_underneath(officeholder, assessor):
    application = ApplicationFactory(applicant=officeholder, submitted=True)
    first, stale = Application.objects.get(pk=application.pk), Application.objects.get(pk=application.pk)
    rows_before = application.history.count()
    run_transition(first.start_completeness_check, by=assessor)
    # Like a service, inside its own transaction: the refusal rolls back whatever the stale copy did.
    with pytest.raises(TransitionRefused, match="Someone else changed this case"), transaction.atomic():
        run_transition(stale.start_completeness_check, by=assessor)
    application.refresh_from_db()
    assert application.status == Status.COMPLETENESS_CHECK
    assert application.history.count() == rows_before + 1
