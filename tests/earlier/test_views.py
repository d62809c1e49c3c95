"""The coordinator's pages: upload, dry run, confirm, progress, correct, withdraw; and who may not."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from regeling.accounts.models import UserKind
from regeling.audit.models import AuditEvent
from regeling.earlier import services
from regeling.earlier.models import EarlierReimbursement, ImportRun, ImportStatus
from tests.earlier.files import dutch_csv, row
from tests.factories import AssessorFactory, BodyFactory

pytestmark = pytest.mark.django_db


def imported_row(coordinator) -> EarlierReimbursement:
    run = services.check_file(dutch_csv([row()]), body_id=coordinator.body_id, by=coordinator)
    services.confirm_import(run.pk, by=coordinator)
    services.run_import(run.pk)
    return EarlierReimbursement.objects.get()


def upload(client, data, name="vergoedingen.csv"):
    return client.post(reverse("earlier:upload"), {"file": SimpleUploadedFile(name, data)})


def test_upload_shows_the_dry_run_row_by_row(as_user, coordinator):
    response = upload(as_user(coordinator), dutch_csv([row(reference="R1"), row(amount="tien euro", reference="R2")]))
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("earlier:run", args=[run.public_id])
    page = as_user(coordinator).get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Not an amount in euros" in page and "kept pending until the officeholder is invited" in page


def test_unreadable_file_is_refused_with_a_message_and_400(as_user, coordinator):
    response = as_user(coordinator).post(
        reverse("earlier:upload"), {"file": SimpleUploadedFile("x.csv", b"\x00\x01garbage")}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "neither CSV nor .xlsx" in response.content.decode()
    assert ImportRun.objects.count() == 0


def test_confirm_queues_the_import_after_commit(as_user, coordinator, django_capture_on_commit_callbacks):
    run = services.check_file(dutch_csv([row()]), body_id=coordinator.body_id, by=coordinator)
    with django_capture_on_commit_callbacks() as callbacks:
        response = as_user(coordinator).post(reverse("earlier:confirm", args=[run.public_id]))
    run.refresh_from_db()
    assert response.status_code == 302 and run.status == ImportStatus.QUEUED and len(callbacks) == 1


def test_confirming_twice_is_refused_with_409(as_user, coordinator):
    run = services.check_file(dutch_csv([row()]), body_id=coordinator.body_id, by=coordinator)
    services.confirm_import(run.pk, by=coordinator)
    assert as_user(coordinator).post(reverse("earlier:confirm", args=[run.public_id])).status_code == 409


def test_progress_page_has_a_refresh_link_and_the_counts_as_json(as_user, coordinator):
    run = services.check_file(dutch_csv([row()]), body_id=coordinator.body_id, by=coordinator)
    services.confirm_import(run.pk, by=coordinator)
    client = as_user(coordinator)
    page = client.get(reverse("earlier:run", args=[run.public_id]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Refresh this page" in page and "data-progress-url" in page
    counts = client.get(reverse("earlier:run_progress", args=[run.public_id])).json()
    assert counts["total"] == 1 and counts["pending"] == 1


def test_correction_without_reason_is_refused_with_400_and_nothing_changes(as_user, coordinator):
    reimbursement = imported_row(coordinator)
    response = as_user(coordinator).post(
        reverse("earlier:correct", args=[reimbursement.public_id]),
        {
            "postcode": "3511 AB",
            "house_number": "12",
            "reimbursed_on": "2022-03-12",
            "measures": "kluis",
            "amount": "900,00",
        },
    )
    reimbursement.refresh_from_db()
    assert response.status_code == 400 and reimbursement.amount_cents == 100_000


def test_withdraw_with_reason_takes_the_row_out(as_user, coordinator):
    reimbursement = imported_row(coordinator)
    response = as_user(coordinator).post(
        reverse("earlier:withdraw", args=[reimbursement.public_id]), {"withdraw_reason": "Verkeerde woning"}
    )
    reimbursement.refresh_from_db()
    assert response.status_code == 302 and reimbursement.is_withdrawn


def test_opening_a_reimbursement_is_an_audited_read(as_user, coordinator):
    reimbursement = imported_row(coordinator)
    as_user(coordinator).get(reverse("earlier:detail", args=[reimbursement.public_id]))
    assert AuditEvent.objects.filter(action="earlier.viewed", object_id=str(reimbursement.public_id)).exists()


def test_assessor_who_is_not_coordinator_gets_403(as_user, assessor):
    assert as_user(assessor).get(reverse("earlier:upload")).status_code == 403


def test_coordinator_of_another_body_gets_404_for_a_run(as_user, coordinator):
    run = services.check_file(dutch_csv([row()]), body_id=coordinator.body_id, by=coordinator)
    other = AssessorFactory(body=BodyFactory(name="Gemeente Elders"), kind=UserKind.COORDINATOR)
    assert as_user(other).get(reverse("earlier:run", args=[run.public_id])).status_code == 404
    assert as_user(other).post(reverse("earlier:confirm", args=[run.public_id])).status_code == 404
