"""The assessor's letter pages: retry, reissue, batch with progress; everyone else gets a 404."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from regeling.audit.models import AuditEvent
from regeling.letters import outbox
from regeling.letters.models import Letter, LetterBatch, LetterKind, LetterStatus
from tests.factories import ApplicationFactory, AssessorFactory
from tests.helpers import sign_in
from worker.tasks import render_letter

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed_letter(officeholder):
    application = ApplicationFactory(applicant=officeholder, in_assessment=True, with_reasoning=True)
    return Letter.objects.create(application=application, kind=LetterKind.DECISION, status=LetterStatus.FAILED)


@pytest.fixture
def sent_letter(officeholder):
    application = ApplicationFactory(applicant=officeholder, in_assessment=True, with_reasoning=True)
    letter = Letter.objects.create(application=application, kind=LetterKind.DECISION)
    render_letter(letter.pk)
    return Letter.objects.get(pk=letter.pk)


def test_retry_button_requeues_the_letter_and_returns_to_the_case_when_assessor_posts(client, assessor, failed_letter):
    sign_in(client, assessor)
    response = client.post(reverse("letters:retry", args=[failed_letter.public_id]))

    failed_letter.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == reverse("review:case", args=[failed_letter.application.public_id])
    assert failed_letter.status == LetterStatus.PENDING


@pytest.mark.parametrize("who", ["other_body_assessor", "applicant"])
def test_retry_is_not_found_and_audited_when_user_does_not_handle_the_case(client, who, officeholder, failed_letter):
    sign_in(client, AssessorFactory() if who == "other_body_assessor" else officeholder)
    response = client.post(reverse("letters:retry", args=[failed_letter.public_id]))

    failed_letter.refresh_from_db()
    assert response.status_code == 404
    assert failed_letter.status == LetterStatus.FAILED
    assert AuditEvent.objects.filter(action="letter.not_found", result="denied").exists()


def test_retry_only_answers_post_when_asked_with_get(client, assessor, failed_letter):
    sign_in(client, assessor)

    assert client.get(reverse("letters:retry", args=[failed_letter.public_id])).status_code == 405


def test_retry_of_a_letter_that_did_not_fail_shows_a_message_when_posted(client, assessor, sent_letter):
    sign_in(client, assessor)
    response = client.post(reverse("letters:retry", args=[sent_letter.public_id]))

    assert response.status_code == 409


def test_reissue_button_creates_a_correction_when_assessor_posts(client, assessor, sent_letter):
    sign_in(client, assessor)
    response = client.post(reverse("letters:reissue", args=[sent_letter.public_id]), {"next": "/behandeling/"})

    assert response.status_code == 302 and response["Location"] == "/behandeling/"
    assert Letter.objects.filter(replaces=sent_letter).count() == 1


def test_case_letters_snippet_offers_download_and_retry_when_letters_are_sent_and_failed(
    assessor, sent_letter, failed_letter
):
    request = RequestFactory().get("/behandeling/x/")
    request.user = assessor
    html = render_to_string("letters/_case_letters.html", {"letters": [sent_letter, failed_letter]}, request=request)

    assert reverse("letters:download", args=[sent_letter.public_id]) in html
    assert reverse("letters:retry", args=[failed_letter.public_id]) in html
    assert reverse("letters:retry", args=[sent_letter.public_id]) not in html


def test_case_letters_snippet_names_the_letter_a_reissue_replaces(client, assessor, sent_letter):
    sign_in(client, assessor)
    client.post(reverse("letters:reissue", args=[sent_letter.public_id]), {"next": "/behandeling/"})
    request = RequestFactory().get("/behandeling/x/")
    request.user = assessor
    letters = sent_letter.application.letters.all()
    html = render_to_string("letters/_case_letters.html", {"letters": letters}, request=request)

    replaced_on = date_format(timezone.localtime(sent_letter.sent_at), "j F Y")
    assert f'Vervangt de brief "{sent_letter.get_kind_display()}" van {replaced_on}.' in html


def test_batch_page_lists_only_own_cases_with_a_sent_letter_when_assessor_opens_it(client, assessor, sent_letter):
    foreign = ApplicationFactory(in_assessment=True)
    render_letter(Letter.objects.create(application=foreign, kind=LetterKind.DECISION).pk)
    sign_in(client, assessor)
    html = client.get(reverse("letters:batch_new")).content.decode()

    assert sent_letter.application.reference in html
    assert foreign.reference not in html


def test_batch_is_created_and_shows_its_progress_when_cases_are_ticked(client, assessor, sent_letter):
    sign_in(client, assessor)
    response = client.post(reverse("letters:batch_new"), {"cases": [str(sent_letter.application.public_id)]})
    batch = LetterBatch.objects.get()

    assert response.status_code == 302 and response["Location"] == reverse("letters:batch", args=[batch.public_id])
    progress = client.get(reverse("letters:batch_progress", args=[batch.public_id])).json()
    assert progress == {"done": 0, "failed": 0, "pending": 1, "total": 1, "percent": 0}
    outbox.reissue_next_cases(batch.pk)  # the worker writes the letter
    render_letter(batch.letters.get().pk)
    progress = client.get(reverse("letters:batch_progress", args=[batch.public_id])).json()
    assert progress == {"done": 1, "failed": 0, "pending": 0, "total": 1, "percent": 100}


def test_batch_page_polls_with_an_external_script_and_offers_a_refresh_link_when_shown(client, assessor, sent_letter):
    sign_in(client, assessor)
    client.post(reverse("letters:batch_new"), {"cases": [str(sent_letter.application.public_id)]})
    batch = LetterBatch.objects.get()
    html = client.get(reverse("letters:batch", args=[batch.public_id])).content.decode()

    assert 'src="/static/js/batch-progress.js"' in html
    assert "<script>" not in html
    assert f'href="{reverse("letters:batch", args=[batch.public_id])}"' in html


def test_batch_without_a_ticked_case_shows_a_message_when_posted(client, assessor, sent_letter):
    sign_in(client, assessor)
    response = client.post(reverse("letters:batch_new"), {"cases": ["not-a-uuid"]})

    assert response.status_code == 400
    assert not LetterBatch.objects.exists()


def test_batch_of_another_body_is_not_found_when_opened(client, assessor, sent_letter):
    sign_in(client, assessor)
    client.post(reverse("letters:batch_new"), {"cases": [str(sent_letter.application.public_id)]})
    batch = LetterBatch.objects.get()
    sign_in(client, AssessorFactory())

    assert client.get(reverse("letters:batch", args=[batch.public_id])).status_code == 404
    assert client.get(reverse("letters:batch_progress", args=[batch.public_id])).status_code == 404


def test_letter_status_is_given_without_content_when_an_assessor_of_the_body_asks(client, assessor, sent_letter):
    sign_in(client, assessor)
    state = client.get(reverse("letters:status", args=[sent_letter.public_id])).json()
    assert state["status"] == "rendered" and set(state) == {"status", "label"}


def test_letter_status_is_hidden_when_an_assessor_of_another_body_asks(client, foreign_assessor, sent_letter):
    sign_in(client, foreign_assessor)
    assert client.get(reverse("letters:status", args=[sent_letter.public_id])).status_code == 404


def test_case_file_offers_a_refresh_link_and_a_status_poller_when_a_letter_is_being_made(client, assessor, sent_letter):
    pending = Letter.objects.create(application=sent_letter.application, kind=LetterKind.DECISION)
    sign_in(client, assessor)
    html = client.get(reverse("review:case", args=[sent_letter.application.public_id])).content.decode()
    assert reverse("letters:status", args=[pending.public_id]) in html and "js/letter-status.js" in html
