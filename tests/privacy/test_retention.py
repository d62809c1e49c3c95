"""Retention: closed and withdrawn cases lose personal data, files and letters after RETENTION_DAYS."""

from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from regeling.applications.models import Application, Document
from regeling.applications.states import Status
from regeling.audit.models import AuditEvent
from regeling.letters.models import Letter
from tests.factories import ApplicationFactory, DocumentFactory
from tests.helpers import render_committed
from worker import tasks

pytestmark = pytest.mark.django_db


def _ended_case(state=Status.CLOSED, *, days_ago: int):
    """A case taken to its end by the services (every letter rendered), which ended `days_ago` days ago."""
    ended = timezone.now() - timedelta(days=days_ago)
    application = ApplicationFactory(
        state=state,
        closed_at=ended if state == Status.CLOSED else None,
        withdrawn_at=ended if state == Status.WITHDRAWN else None,
        address_line="Dorpsstraat 1",
        postcode="1234 AB",
        city="Teststad",
        iban="NL91ABNA0417164300",
        account_holder="W. de Wethouder",
        advice_contents="Maatregel 1\nCamera bij de voordeur",
    )
    document = DocumentFactory(application=application, display_name="offerte-dorpsstraat.pdf")
    for letter in application.letters.all():
        render_committed(letter.pk)
    letter_files = [letter.pdf.name for letter in application.letters.all()]
    assert all(letter_files)
    return application, document.file.name, letter_files


def test_old_closed_case_pseudonymised_with_files_removed_when_retention_runs(django_capture_on_commit_callbacks):
    application, document_file, letter_files = _ended_case(days_ago=settings.RETENTION_DAYS + 1)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("apply_retention", stdout=StringIO())
    application = Application.objects.get(pk=application.pk)
    assert (application.address_line, application.postcode, application.city, application.iban) == ("", "", "", "")
    assert (application.account_holder, application.advice_contents, application.motivation) == ("", "", "")
    assert not Document.objects.filter(application=application).exists()
    assert not default_storage.exists(document_file)
    assert not any(default_storage.exists(name) for name in letter_files)
    # Receipt, decision and settlement letter: every file gone.
    assert [letter.pdf.name for letter in Letter.objects.filter(application=application)] == ["", "", ""]
    assert application.lines.count() == 1 and application.status == Status.CLOSED  # the figures stay
    assert AuditEvent.objects.filter(action="retention.pseudonymise", object_id=str(application.public_id)).exists()


def test_old_withdrawn_case_pseudonymised_when_retention_runs():
    application, _, _ = _ended_case(Status.WITHDRAWN, days_ago=settings.RETENTION_DAYS + 1)
    tasks.apply_retention()
    assert Application.objects.get(pk=application.pk).iban == ""


def test_nothing_changed_but_the_case_listed_when_run_as_dry_run():
    application, document_file, letter_files = _ended_case(days_ago=settings.RETENTION_DAYS + 1)
    out = StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert str(application.public_id) in out.getvalue() and "would pseudonymise" in out.getvalue()
    assert Application.objects.get(pk=application.pk).iban == "NL91ABNA0417164300"
    assert default_storage.exists(document_file) and all(default_storage.exists(name) for name in letter_files)


def test_recently_closed_case_kept_when_retention_runs():
    application, document_file, _ = _ended_case(days_ago=settings.RETENTION_DAYS - 1)
    tasks.apply_retention()
    assert Application.objects.get(pk=application.pk).iban == "NL91ABNA0417164300"
    assert default_storage.exists(document_file)


def test_open_case_kept_when_it_is_old():
    application = ApplicationFactory(in_assessment=True, iban="NL91ABNA0417164300")
    Application.objects.filter(pk=application.pk).update(created_at=timezone.now() - timedelta(days=9000))
    tasks.apply_retention()
    assert Application.objects.get(pk=application.pk).iban == "NL91ABNA0417164300"


def test_retention_scheduled_daily_when_beat_runs():
    entry = settings.CELERY_BEAT_SCHEDULE["apply-retention"]
    assert entry["task"] == "worker.tasks.apply_retention" and entry["schedule"] <= timedelta(days=1)
    assert entry["task"] in tasks.app.tasks
