"""An officeholder deletes a draft they never sent: after confirming, audited, and nothing else goes (issue 16)."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from regeling.applications import services
from regeling.applications.models import Application, MeasureLine
from regeling.audit.models import AuditEvent
from regeling.core.exceptions import TransitionRefused
from tests.factories import ApplicationFactory
from tests.helpers import sign_in

from .files import pdf_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(officeholder):
    return ApplicationFactory(applicant=officeholder, draft_step=4, declared_at=None, lines=[45_000, 30_000])


def url(application):
    return reverse("applications:delete_draft", args=[application.public_id])


def with_file(client, application):
    client.post(
        reverse("applications:upload", args=[application.public_id]),
        {"upload-kind": "quote", "upload-file": upload("offerte.pdf", pdf_bytes())},
    )
    return application.documents.get()


def test_deleting_asks_for_confirmation_and_says_what_goes_when_opened(client, officeholder, draft):
    sign_in(client, officeholder)
    with_file(client, draft)

    html = client.get(url(draft)).content.decode()

    assert Application.objects.filter(pk=draft.pk).exists()
    assert "2 maatregelen" in html and "1 geüpload bestand" in html and "Ja, verwijder dit concept" in html


def test_draft_its_measures_and_files_are_deleted_and_audited_when_confirmed(
    client, officeholder, draft, django_capture_on_commit_callbacks
):
    sign_in(client, officeholder)
    document = with_file(client, draft)
    stored = document.file.name

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(draft), follow=True)

    assert not Application.objects.filter(pk=draft.pk).exists()
    assert not MeasureLine.objects.filter(application_id=draft.pk).exists()
    assert not default_storage.exists(stored)
    event = AuditEvent.objects.get(action="application.draft_delete", object_id=str(draft.public_id))
    assert event.actor == officeholder and event.detail == {"documents": 1, "lines": 2}
    assert f"Concept {draft.reference} is verwijderd" in response.content.decode()


def test_other_applications_stay_when_a_draft_is_deleted(client, officeholder, draft):
    other_draft = ApplicationFactory(applicant=officeholder, declared_at=None)
    sent = ApplicationFactory(applicant=officeholder, in_assessment=True)
    sign_in(client, officeholder)

    client.post(url(draft))

    assert set(Application.objects.values_list("pk", flat=True)) == {other_draft.pk, sent.pk}
    assert other_draft.lines.count() == 1 and sent.lines.count() == 1


def test_sent_application_is_not_deleted_when_its_delete_address_is_posted(client, officeholder):
    sent = ApplicationFactory(applicant=officeholder, in_assessment=True)
    sign_in(client, officeholder)

    response = client.post(url(sent))

    assert response.status_code == 302 and response.url == reverse("applications:detail", args=[sent.public_id])
    assert Application.objects.filter(pk=sent.pk).exists()


def test_service_refuses_to_delete_an_application_that_was_sent(officeholder):
    sent = ApplicationFactory(applicant=officeholder, submitted=True)

    with pytest.raises(TransitionRefused):
        services.delete_draft(sent.pk, by=officeholder)


def test_another_persons_draft_is_not_found_and_stays(client, other_officeholder, draft):
    sign_in(client, other_officeholder)

    assert client.post(url(draft)).status_code == 404
    assert Application.objects.filter(pk=draft.pk).exists()


def test_my_applications_offers_delete_for_a_draft_only(client, officeholder, draft):
    sent = ApplicationFactory(applicant=officeholder, in_assessment=True)
    sign_in(client, officeholder)

    html = client.get(reverse("applications:list")).content.decode()

    assert url(draft) in html and url(sent) not in html
