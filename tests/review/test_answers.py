"""The officeholder's answer to an information request is in the case file, marked new on the work list
until an assessor opens the case, with the requests and answers in order."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from regeling.applications import services
from regeling.applications.models import DocumentKind
from regeling.applications.uploads import store_document
from tests.factories import ApplicationFactory
from tests.portal.files import pdf_bytes

pytestmark = pytest.mark.django_db
WORK_LIST = reverse("review:work_list")


@pytest.fixture
def answered(officeholder, assessor):
    application = ApplicationFactory(applicant=officeholder, in_assessment=True)
    deadline = timezone.localdate() + timedelta(days=14)
    services.request_information(application.pk, by=assessor, message="Stuur de offerte.", deadline=deadline)
    request = application.information_requests.get()
    services.complete_information(application.pk, by=officeholder, answer="Hierbij de offerte van Slot BV.")
    store_document(
        application,
        data=pdf_bytes(),
        content_type="application/pdf",
        name="offerte.pdf",
        kind=DocumentKind.INFORMATION,
        by=officeholder,
        information_request=request,
    )
    return application


def case_page(client, application):
    return client.get(reverse("review:case", args=[application.public_id]), HTTP_ACCEPT_LANGUAGE="en")


def test_case_file_shows_the_answer_and_its_document_when_the_officeholder_answered(as_user, assessor, answered):
    page = case_page(as_user(assessor), answered).content.decode()
    assert "Hierbij de offerte van Slot BV." in page
    document = answered.documents.get()
    assert reverse("review:document", args=[answered.public_id, document.public_id]) in page
    assert page.index("Stuur de offerte.") < page.index("Hierbij de offerte van Slot BV.")


def test_work_list_marks_new_answer_until_an_assessor_opens_the_case(as_user, assessor, answered):
    client = as_user(assessor)
    assert "new answer" in client.get(WORK_LIST, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "new answer" in case_page(client, answered).content.decode()  # this visit still shows it
    assert "new answer" not in client.get(WORK_LIST, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_opening_the_case_writes_nothing_to_its_requests_when_no_answer_is_unread(as_user, assessor, answered):
    client = as_user(assessor)
    case_page(client, answered)  # marks the answer read
    with CaptureQueriesContext(connection) as queries:
        assert "new answer" not in case_page(client, answered).content.decode()
    assert not [query for query in queries if query["sql"].startswith('UPDATE "applications_informationrequest"')]


def test_answer_recorded_by_an_assessor_is_not_marked_new_when_completed_in_the_back_office(
    as_user, officeholder, assessor
):
    application = ApplicationFactory(applicant=officeholder, in_assessment=True)
    deadline = timezone.localdate() + timedelta(days=14)
    services.request_information(application.pk, by=assessor, message="Stuur de offerte.", deadline=deadline)
    services.complete_information(application.pk, by=assessor, answer="Per post ontvangen.")
    assert "new answer" not in as_user(assessor).get(WORK_LIST, HTTP_ACCEPT_LANGUAGE="en").content.decode()
