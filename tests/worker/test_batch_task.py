"""The batch render task, called directly: each letter once, in a fixed number of queries,
a failing letter failing alone, the same bytes as the one-letter task."""

import hashlib

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from regeling.applications.letterdata import freeze
from regeling.letters.models import Letter, LetterKind, LetterStatus
from tests.factories import ApplicationFactory
from worker import letters
from worker.tasks import render_letters

pytestmark = pytest.mark.django_db


def issued(officeholder, count: int) -> list[Letter]:
    """Pending decision letters with their data frozen, as `issue_letter` leaves them."""
    made = []
    for _ in range(count):
        application = ApplicationFactory(applicant=officeholder, in_assessment=True, with_reasoning=True)
        letter = Letter.objects.create(application=application, kind=LetterKind.DECISION)
        letter.snapshot = freeze(letter)
        letter.save(update_fields=["snapshot"])
        made.append(letter)
    return made


def test_every_letter_is_rendered_once_when_its_batch_arrives_twice(officeholder):
    batch = issued(officeholder, 3)

    render_letters(*[letter.pk for letter in batch])
    first = list(Letter.objects.filter(pk__in=[letter.pk for letter in batch]).values_list("pdf", "sha256", "sent_at"))
    render_letters(*[letter.pk for letter in batch])

    again = Letter.objects.filter(pk__in=[letter.pk for letter in batch])
    assert list(again.values_list("pdf", "sha256", "sent_at")) == first
    assert {(letter.status, letter.attempts) for letter in again} == {(LetterStatus.RENDERED, 1)}


def test_stored_file_is_the_letter_rendered_again_when_rendered_in_a_batch(officeholder):
    batch = issued(officeholder, 2)

    render_letters(*[letter.pk for letter in batch])

    for letter in Letter.objects.filter(pk__in=[letter.pk for letter in batch]):
        stored = letter.pdf.read()
        assert letter.sha256 == hashlib.sha256(stored).hexdigest()
        assert letters.render(letters.data.letter_data_of(letter)) == stored


def test_batch_reads_and_writes_in_the_same_number_of_queries_when_it_holds_more_letters(officeholder):
    small, large = issued(officeholder, 2), issued(officeholder, 5)

    with CaptureQueriesContext(connection) as two:
        render_letters(*[letter.pk for letter in small])
    with CaptureQueriesContext(connection) as five:
        render_letters(*[letter.pk for letter in large])

    assert len(five.captured_queries) == len(two.captured_queries)


def test_only_the_failing_letter_is_marked_failed_when_one_letter_of_a_batch_cannot_render(officeholder):
    good, bad, other = issued(officeholder, 3)
    # Read from the case, of a kind with no template: a permanent error.
    Letter.objects.filter(pk=bad.pk).update(snapshot="", kind="no_such_kind")

    render_letters(good.pk, bad.pk, other.pk)

    statuses = dict(Letter.objects.filter(pk__in=[good.pk, bad.pk, other.pk]).values_list("pk", "status"))
    assert statuses == {good.pk: LetterStatus.RENDERED, bad.pk: LetterStatus.FAILED, other.pk: LetterStatus.RENDERED}


def test_letters_stay_pending_without_a_counted_attempt_when_storage_fails_in_a_batch(officeholder, tmp_path):
    batch = issued(officeholder, 2)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    storage = {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": blocker / "x"}}

    with override_settings(STORAGES={"default": storage}):
        render_letters(*[letter.pk for letter in batch])  # handed on to one-letter tasks, which count attempts

    left = Letter.objects.filter(pk__in=[letter.pk for letter in batch])
    assert {(letter.status, letter.attempts, bool(letter.pdf)) for letter in left} == {(LetterStatus.PENDING, 0, False)}


def test_letters_not_pending_are_left_alone_when_a_batch_names_them(officeholder):
    rendered, failed = issued(officeholder, 2)
    Letter.objects.filter(pk=rendered.pk).update(status=LetterStatus.RENDERED, sha256="x")
    Letter.objects.filter(pk=failed.pk).update(status=LetterStatus.FAILED)

    render_letters(rendered.pk, failed.pk, 987_654_321)

    rows = dict(Letter.objects.filter(pk__in=[rendered.pk, failed.pk]).values_list("pk", "sha256"))
    assert rows == {rendered.pk: "x", failed.pk: ""}
