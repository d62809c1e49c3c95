"""The application as numbered steps: each step saved as a draft, resumed, checked, submitted."""

import pytest
from django.urls import reverse
from django.utils import formats

from regeling.applications.models import DocumentKind
from regeling.applications.states import Status
from regeling.schemes.versions import Measure, SchemeVersion
from tests.factories import ApplicationFactory
from tests.helpers import sign_in

from .journey import ADVICE, BANK, RESIDENCE, fill_until, start, step_url

pytestmark = pytest.mark.django_db


def test_whole_application_is_submitted_with_receipt_when_every_step_is_filled(client, officeholder):
    application = start(client, officeholder)
    assert application.status == Status.DRAFT and application.scheme_version == SchemeVersion.TAILORED_ADVICE
    fill_until(client, application, 5)

    response = client.post(step_url(application, 6), {"declaration": "on"})
    application.refresh_from_db()
    assert response.status_code == 302 and response["Location"] == reverse(
        "applications:receipt", args=[application.public_id]
    )
    assert application.status == Status.SUBMITTED and application.declared_at is not None
    assert application.postcode == "3511 AB" and application.iban == "NL91ABNA0417164300"
    assert [(line.description, line.requested_cents) for line in application.lines.all()] == [
        ("Videodeurbel", 45_000),
        ("Brievenbusbeveiliging", 12_050),
    ]
    receipt = client.get(response["Location"]).content.decode()
    assert application.reference in receipt
    assert formats.date_format(application.decision_due, "j F Y") in receipt


def test_progress_indicator_marks_the_current_step_when_a_step_is_shown(client, officeholder):
    application = start(client, officeholder)
    fill_until(client, application, 2)
    html = client.get(step_url(application, 3)).content.decode()
    assert "<ol>" in html and html.count('aria-current="step"') == 1
    assert 'aria-current="step" class="current"' in html


def test_draft_is_kept_and_listed_with_continue_when_saved_for_later(client, officeholder):
    application = start(client, officeholder)
    fill_until(client, application, 1)
    response = client.post(step_url(application, 2), {"address_line": "Lindelaan 12", "postcode": "", "later": ""})
    application.refresh_from_db()
    assert response.status_code == 302 and response["Location"] == reverse("applications:list")
    assert application.address_line == "Lindelaan 12" and application.status == Status.DRAFT

    listing = client.get(reverse("applications:list")).content.decode()
    assert step_url(application, 2) in listing
    resumed = client.get(step_url(application, 2)).content.decode()
    assert 'value="Lindelaan 12"' in resumed


def test_error_is_shown_next_to_the_field_when_the_postcode_is_wrong(client, officeholder):
    application = start(client, officeholder)
    fill_until(client, application, 1)
    response = client.post(step_url(application, 2), {**RESIDENCE, "postcode": "ABC", "next": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_postcode_error"' in html and 'aria-invalid="true"' in html
    assert 'aria-describedby="id_postcode_helptext id_postcode_error"' in html


def test_iban_is_refused_when_its_check_digits_are_wrong(client, officeholder):
    application = start(client, officeholder)
    fill_until(client, application, 4)
    response = client.post(step_url(application, 5), {**BANK, "iban": "NL91ABNA0417164301", "next": ""})
    application.refresh_from_db()
    assert response.status_code == 400 and 'id="id_iban_error"' in response.content.decode()
    assert application.iban == ""


def test_later_steps_stay_closed_when_earlier_steps_are_not_done(client, officeholder):
    application = start(client, officeholder)
    response = client.get(step_url(application, 5))
    assert response.status_code == 302 and response["Location"] == step_url(application, 1)


def test_empty_advice_row_is_added_when_add_a_row_is_pressed(client, officeholder):
    application = start(client, officeholder)
    fill_until(client, application, 2)
    response = client.post(step_url(application, 3), {**ADVICE, "add_row": ""})
    assert response.status_code == 200
    assert 'name="lines-3-description"' in response.content.decode()
    assert not application.lines.exists()


def test_add_a_row_is_a_page_not_a_server_error_when_the_row_count_is_not_a_number(client, officeholder):
    application = start(client, officeholder)
    fill_until(client, application, 2)
    response = client.post(step_url(application, 3), {**ADVICE, "lines-TOTAL_FORMS": "1e309", "add_row": ""})
    assert response.status_code < 500
    assert not application.lines.exists()


def test_measures_are_kept_when_saved_for_later_with_an_invalid_advice_date(client, officeholder):
    application = start(client, officeholder)
    fill_until(client, application, 2)
    response = client.post(step_url(application, 3), {**ADVICE, "advice_adopted_on": "2026-02-30", "later": ""})
    application.refresh_from_db()
    assert response.status_code == 302
    assert application.advice_adopted_on is None and application.advice_reference == "BVA-2026-17"
    assert list(application.lines.values_list("description", flat=True)) == ["Videodeurbel", "Brievenbusbeveiliging"]


def test_package_items_become_lines_when_scheme_a_applies(client, officeholder):
    application = ApplicationFactory(
        applicant=officeholder, scheme_version=SchemeVersion.BASIC_PACKAGE, lines=[], draft_step=3, declared_at=None
    )
    sign_in(client, officeholder)
    response = client.post(
        step_url(application, 3),
        {Measure.LETTERBOX_SECURITY: "150", Measure.FIRE_BURGLAR_SAFE: "899,95", "next": ""},
    )
    assert response.status_code == 302
    assert sorted((line.measure, line.requested_cents) for line in application.lines.all()) == [
        (Measure.FIRE_BURGLAR_SAFE, 89_995),
        (Measure.LETTERBOX_SECURITY, 15_000),
    ]


def test_package_step_is_refused_when_no_item_has_an_amount(client, officeholder):
    application = ApplicationFactory(
        applicant=officeholder, scheme_version=SchemeVersion.BASIC_PACKAGE, lines=[], draft_step=3, declared_at=None
    )
    sign_in(client, officeholder)
    response = client.post(step_url(application, 3), {"next": ""})
    assert response.status_code == 400 and not application.lines.exists()


def test_documents_step_asks_for_the_advice_when_it_is_missing(client, officeholder):
    application = start(client, officeholder)
    fill_until(client, application, 3)
    response = client.post(step_url(application, 4), {"next": ""})
    assert response.status_code == 400 and 'role="alert"' in response.content.decode()


def test_submission_is_refused_with_the_missing_steps_when_the_declaration_is_ticked_too_early(client, officeholder):
    application = start(client, officeholder)
    application.draft_step = 6
    application.save()
    response = client.post(step_url(application, 6), {"declaration": "on"})
    application.refresh_from_db()
    assert response.status_code == 400 and application.status == Status.DRAFT
    assert step_url(application, 3) in response.content.decode()


def test_submitted_application_cannot_be_edited_when_a_step_is_opened(client, officeholder):
    application = ApplicationFactory(applicant=officeholder, submitted=True)
    sign_in(client, officeholder)
    response = client.post(step_url(application, 2), {**RESIDENCE, "address_line": "Elders 1", "next": ""})
    application.refresh_from_db()
    assert response.status_code == 302 and application.address_line == "Lindelaan 12"


def test_error_summary_links_to_the_field_when_a_step_has_errors(client, officeholder):
    application = start(client, officeholder)
    fill_until(client, application, 1)
    response = client.post(step_url(application, 2), {**RESIDENCE, "postcode": "x", "next": ""})
    assert '<a href="#id_postcode">' in response.content.decode()


def test_submission_names_the_missing_advice_when_only_its_reference_is_empty(client, officeholder):
    application = ApplicationFactory(applicant=officeholder, draft_step=6, declared_at=None)
    application.documents.create(
        kind=DocumentKind.SECURITY_ADVICE,
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
        uploaded_by=officeholder,
    )
    sign_in(client, officeholder)
    response = client.post(step_url(application, 6), {"declaration": "on"})
    html = response.content.decode()
    assert response.status_code == 400 and "kenmerk en de datum van uw beveiligingsadvies" in html
    assert f'href="{step_url(application, 3)}"' in html


def test_nothing_is_created_when_the_start_page_is_only_opened(client, officeholder):
    sign_in(client, officeholder)
    assert client.get(reverse("applications:new")).status_code == 200
    assert not officeholder.applications.exists()


def test_starting_is_forbidden_when_an_assessor_tries(client, assessor):
    sign_in(client, assessor)
    assert client.post(reverse("applications:new")).status_code == 403


def test_one_draft_when_new_application_is_posted_twice(client, officeholder):
    sign_in(client, officeholder)
    first = client.post(reverse("applications:new"))
    second = client.post(reverse("applications:new"))
    assert first["Location"] == second["Location"]
    assert officeholder.applications.filter(status=Status.DRAFT).count() == 1


def test_second_draft_when_the_first_was_already_worked_on(client, officeholder):
    application = start(client, officeholder)
    fill_until(client, application, 2)
    client.post(reverse("applications:new"))
    assert officeholder.applications.filter(status=Status.DRAFT).count() == 2


def test_error_summary_names_a_sentence_label_without_a_stray_colon(client, officeholder):
    application = ApplicationFactory(applicant=officeholder, draft_step=6, declared_at=None)
    sign_in(client, officeholder)
    response = client.post(step_url(application, 6), {})
    html = response.content.decode()
    assert response.status_code == 400 and "volledig heb ingevuld. " in html and "ingevuld.:" not in html


def test_check_page_shows_the_iban_in_groups_of_four_when_the_officeholder_reviews_it(client, officeholder):
    application = ApplicationFactory(applicant=officeholder, draft_step=6, iban="NL91ABNA0417164300")
    sign_in(client, officeholder)
    assert "NL91 ABNA 0417 1643 00" in client.get(step_url(application, 6)).content.decode()


def test_residence_step_shows_the_saved_yes_and_no_answers_when_opened_again(client, officeholder):
    application = ApplicationFactory(
        applicant=officeholder, draft_step=6, is_main_residence=True, in_body_territory=False
    )
    sign_in(client, officeholder)
    html = client.get(step_url(application, 2)).content.decode()
    assert 'name="is_main_residence" value="true" required id="id_is_main_residence_0" checked' in html
    assert 'name="in_body_territory" value="false" required id="id_in_body_territory_1" checked' in html
