"""The objection's history has the shape of the case's (core.history.TransitionHistory): rows are only added."""

import pytest

from regeling.applications.models import StatusChange
from regeling.core.history import TransitionHistory
from regeling.objections.models import ObjectionChange
from tests.objections.cases import lodged

pytestmark = pytest.mark.django_db


def test_objection_history_row_cannot_be_changed_once_written(granted_case):
    row = lodged(granted_case, granted_case.applicant).history.get()
    row.reason = "achteraf aangepast"
    with pytest.raises(ValueError, match="append-only"):
        row.save()


def test_case_and_objection_histories_share_one_base():
    assert issubclass(StatusChange, TransitionHistory) and issubclass(ObjectionChange, TransitionHistory)
