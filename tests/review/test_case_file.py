from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from regeling.applications import services
from regeling.applications.models import ConflictOfInterest, Document, DocumentKind
from regeling.audit.models import AuditEvent
from regeling.review.models import InternalNote
from tests.factories import ApplicationFactory


def case_url(application):
    return reverse("review:case", args=[application.public_id])


def add_document(application, uploader, content=b"%PDF-1.4 test"):
    document = Document(
        application=application,
        kind=DocumentKind.QUOTE,
        display_name="offerte-jansen.pdf",
        content_type="application/pdf",
        size=len(content),
        sha256="0" * 64,
        uploaded_by=uploader,
    )
    document.file.save("upload", ContentFile(content), save=False)
    document.save()
    return document


def test_shows_applicant_role_and_residence_when_opened(as_user, assessor, submitted_application):
    page = as_user(assessor).get(case_url(submitted_application)).content.decode()
    assert "Wim de Wethouder" in page
    assert submitted_application.get_office_display() in page
    assert "Lindelaan 12" in page


def test_iban_is_masked_when_not_revealed(as_user, assessor, submitted_application):
    page = as_user(assessor).get(case_url(submitted_application)).content.decode()
    assert "NL91ABNA0417164300" not in page
    assert "4300" in page


def test_iban_reveal_shows_it_and_is_audited_when_posted(as_user, assessor, submitted_application):
    url = reverse("review:reveal_iban", args=[submitted_application.public_id])
    page = as_user(assessor).post(url).content.decode()
    assert "NL91ABNA0417164300" in page
    assert AuditEvent.objects.filter(action="iban.reveal", actor=assessor).count() == 1


def test_opening_the_case_file_is_audited_when_read(as_user, assessor, submitted_application):
    as_user(assessor).get(case_url(submitted_application))
    assert AuditEvent.objects.filter(
        action="case.read", actor=assessor, object_id=str(submitted_application.public_id)
    ).exists()


def test_document_downloads_as_attachment_and_is_audited_when_asked(as_user, assessor, submitted_application):
    document = add_document(submitted_application, submitted_application.applicant)
    url = reverse("review:document", args=[submitted_application.public_id, document.public_id])
    response = as_user(assessor).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "jansen" not in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    assert AuditEvent.objects.filter(action="document.download", actor=assessor).exists()


def test_document_is_404_and_logged_when_assessor_of_other_body_asks(as_user, foreign_assessor, submitted_application):
    document = add_document(submitted_application, submitted_application.applicant)
    url = reverse("review:document", args=[submitted_application.public_id, document.public_id])
    assert as_user(foreign_assessor).get(url).status_code == 404
    assert AuditEvent.objects.filter(actor=foreign_assessor, result="denied").exists()


def test_document_of_another_case_is_404_when_mixed_into_the_url(as_user, assessor, body, submitted_application):
    other = ApplicationFactory(applicant=submitted_application.applicant, submitted=True)
    document = add_document(other, other.applicant)
    url = reverse("review:document", args=[submitted_application.public_id, document.public_id])
    assert as_user(assessor).get(url).status_code == 404


def test_case_file_is_404_and_logged_when_assessor_of_other_body_opens_it(
    as_user, foreign_assessor, submitted_application
):
    assert as_user(foreign_assessor).get(case_url(submitted_application)).status_code == 404
    assert AuditEvent.objects.filter(action="case.not_found", actor=foreign_assessor, result="denied").exists()


def test_rule_findings_are_shown_with_article_when_opened(as_user, assessor, submitted_application):
    response = as_user(assessor).get(case_url(submitted_application))
    findings = response.context["findings"]
    assert findings
    assert all(finding.article for finding in findings)
    assert findings[0].article in response.content.decode()


def test_note_is_saved_and_shown_when_added(as_user, assessor, submitted_application):
    client = as_user(assessor)
    url = reverse("review:act", args=[submitted_application.public_id, "note"])
    response = client.post(url, {"note-text": "Politie gebeld over dreiging."}, follow=True)
    assert response.status_code == 200
    assert InternalNote.objects.get(application=submitted_application).author == assessor
    assert "Politie gebeld over dreiging." in response.content.decode()


def test_note_is_never_shown_when_applicant_opens_own_application(as_user, assessor, submitted_application):
    InternalNote.objects.create(application=submitted_application, author=assessor, text="Geheime notitie")
    url = reverse("applications:detail", args=[submitted_application.public_id])
    response = as_user(submitted_application.applicant).get(url)
    assert response.status_code == 200
    assert "Geheime notitie" not in response.content.decode()


def test_empty_note_rerenders_with_error_when_posted(as_user, assessor, submitted_application):
    url = reverse("review:act", args=[submitted_application.public_id, "note"])
    response = as_user(assessor).post(url, {"note-text": "  "})
    assert response.status_code == 400
    assert response.context["forms"]["note"].errors
    assert not InternalNote.objects.exists()


def test_disabled_action_says_why_when_condition_is_not_met(as_user, assessor, submitted_application):
    services.start_completeness_check(submitted_application.pk, by=assessor)
    services.request_information(
        submitted_application.pk,
        by=assessor,
        message="Offerte",
        deadline=submitted_application.received_on.replace(year=submitted_application.received_on.year + 1),
    )
    response = as_user(assessor).get(case_url(submitted_application), HTTP_ACCEPT_LANGUAGE="en")
    actions = {action.name: action for action, _form in response.context["actions"]}
    assert not actions["declare_not_processed"].allowed
    assert "deadline" in actions["declare_not_processed"].reason
    assert actions["complete_information"].allowed


def test_query_count_is_constant_when_the_case_grows(as_user, assessor, body, django_assert_num_queries):
    application = ApplicationFactory(lines=[10_000], submitted=True, applicant__body=body)
    client = as_user(assessor)
    client.get(case_url(application))
    with CaptureQueriesContext(connection) as small:
        client.get(case_url(application))
    big = ApplicationFactory(lines=[10_000] * 8, submitted=True, applicant__body=body)
    for _ in range(5):
        add_document(big, big.applicant)
        InternalNote.objects.create(application=big, author=assessor, text="notitie")
    with django_assert_num_queries(len(small)):
        client.get(case_url(big))


def test_conflicted_assessor_is_refused_when_opening_the_case(as_user, assessor, submitted_application):
    ConflictOfInterest.objects.create(application=submitted_application, assessor=assessor)
    assert as_user(assessor).get(case_url(submitted_application)).status_code == 403


def test_document_without_its_file_is_404_when_asked(as_user, assessor, submitted_application):
    document = add_document(submitted_application, submitted_application.applicant)
    document.file.storage.delete(document.file.name)
    url = reverse("review:document", args=[submitted_application.public_id, document.public_id])
    assert as_user(assessor).get(url).status_code == 404


def test_conflicted_assessor_reads_why_when_refused(as_user, assessor, submitted_application):
    ConflictOfInterest.objects.create(application=submitted_application, assessor=assessor)
    with translation.override("en"):
        page = as_user(assessor).get(case_url(submitted_application), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "conflict of interest" in page
