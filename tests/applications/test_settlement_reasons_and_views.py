"""Settlement (vaststelling): below the invoice only with a reason per line (Awb 3:46) and after the
officeholder's views on the intended amounts (Awb 4:8); costs count only when incurred in office."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from regeling.applications import services
from regeling.applications.models import Application
from regeling.applications.services import TransitionRefused
from regeling.applications.states import Status
from regeling.letters.models import LetterKind
from tests.applications.cases import granted
from tests.factories import invoices
from tests.letters.helpers import pdf_text
from worker.tasks import render_letter

pytestmark = pytest.mark.django_db
REASON = "De factuur bevat ook het onderhoudscontract, dat niet is toegekend."


def invoiced(officeholder, assessor, cents=45_000, on=None):
    """A grant of € 450 with invoices for `cents`, dated `on` (today by default)."""
    application = granted(officeholder, assessor)
    line = application.lines.get()
    services.submit_settlement(application.pk, by=officeholder, **invoices({line.pk: cents}, on))
    return application, line


def text_of(application, kind) -> str:
    letter = application.letters.get(kind=kind)
    render_letter(letter.pk)
    letter.refresh_from_db()
    with letter.pdf.open("rb") as handle:
        return " ".join(pdf_text(handle.read()).split())


def test_invoices_are_refused_when_an_invoiced_line_has_no_date(officeholder, assessor):
    application = granted(officeholder, assessor)
    line = application.lines.get()
    with pytest.raises(TransitionRefused, match="date of the invoice"):
        services.submit_settlement(application.pk, by=officeholder, invoiced={line.pk: 45_000})
    assert Application.objects.get(pk=application.pk).status == Status.DECIDED


def test_invoices_are_refused_when_an_invoice_is_dated_in_the_future(officeholder, assessor):
    application = granted(officeholder, assessor)
    line = application.lines.get()
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(TransitionRefused, match="future"):
        services.submit_settlement(application.pk, by=officeholder, **invoices({line.pk: 45_000}, tomorrow))


def test_settling_at_an_invoice_below_the_grant_needs_no_reason_and_no_views(officeholder, assessor):
    application, line = invoiced(officeholder, assessor, cents=30_000)
    application = services.settle_application(application.pk, by=assessor)
    assert application.status == Status.SETTLED and application.lines.get().settled_cents == 30_000


def test_settling_below_the_invoice_is_refused_without_a_reason_for_the_line(officeholder, assessor):
    application, line = invoiced(officeholder, assessor)
    with pytest.raises(TransitionRefused, match="reason"):
        services.request_settlement_views(application.pk, by=assessor, settled={line.pk: 20_000})


def test_settling_below_the_invoice_is_refused_before_the_views_were_asked(officeholder, assessor):
    application, line = invoiced(officeholder, assessor)
    with pytest.raises(TransitionRefused, match="views"):
        services.settle_application(application.pk, by=assessor, settled={line.pk: 20_000}, reasons={line.pk: REASON})
    assert Application.objects.get(pk=application.pk).status == Status.SETTLEMENT_SUBMITTED


def test_intention_records_amount_and_reason_per_line_and_writes_its_letter(officeholder, assessor):
    application, line = invoiced(officeholder, assessor)
    application = services.request_settlement_views(
        application.pk, by=assessor, settled={line.pk: 20_000}, reasons={line.pk: REASON}
    )
    line.refresh_from_db()
    assert application.status == Status.SETTLEMENT_VIEWS_REQUESTED
    assert (line.intended_settled_cents, line.settlement_reason, line.settled_cents) == (20_000, REASON, None)
    assert application.letters.filter(kind=LetterKind.SETTLEMENT_VIEWS_INTENTION).count() == 1


def test_settlement_intention_is_refused_when_the_deadline_is_today(officeholder, assessor):
    application, line = invoiced(officeholder, assessor)
    with pytest.raises(TransitionRefused, match="deadline must lie in the future"):
        services.request_settlement_views(
            application.pk,
            by=assessor,
            settled={line.pk: 20_000},
            reasons={line.pk: REASON},
            deadline=timezone.localdate(),
        )
    application.refresh_from_db()
    assert application.status == Status.SETTLEMENT_SUBMITTED


@pytest.mark.parametrize("views", ["", "  \n "])
def test_views_on_the_settlement_are_refused_when_no_text_is_given(views, officeholder, assessor):
    application, line = invoiced(officeholder, assessor)
    services.request_settlement_views(application.pk, by=assessor, settled={line.pk: 20_000}, reasons={line.pk: REASON})
    with pytest.raises(TransitionRefused, match="Write the views"):
        services.receive_settlement_views(application.pk, by=officeholder, views=views)
    application.refresh_from_db()
    assert application.status == Status.SETTLEMENT_VIEWS_REQUESTED


def test_intention_letter_states_the_intended_amount_and_reason_per_line_and_how_to_respond(officeholder, assessor):
    application, line = invoiced(officeholder, assessor)
    services.request_settlement_views(application.pk, by=assessor, settled={line.pk: 20_000}, reasons={line.pk: REASON})
    text = text_of(application, LetterKind.SETTLEMENT_VIEWS_INTENTION)
    assert "Voornemen tot lagere vaststelling" in text
    assert "gefactureerd € 450,00" in text and "voorgenomen € 200,00" in text and REASON in text
    assert "artikel 4:8" in text and "Geef uw zienswijze op de vaststelling" in text


def test_lower_settlement_is_taken_after_the_views_and_its_letter_states_the_reason_per_line(officeholder, assessor):
    application, line = invoiced(officeholder, assessor)
    services.request_settlement_views(application.pk, by=assessor, settled={line.pk: 20_000}, reasons={line.pk: REASON})
    services.receive_settlement_views(application.pk, by=officeholder, views="Het contract zat er niet bij.")
    application = services.settle_application(application.pk, by=assessor)
    assert application.status == Status.SETTLED and application.lines.get().settled_cents == 20_000
    text = text_of(application, LetterKind.SETTLEMENT)
    assert "vastgesteld € 200,00" in text and REASON in text and "zienswijze" in text


def test_settling_below_the_announced_amount_is_refused(officeholder, assessor):
    application, line = invoiced(officeholder, assessor)
    services.request_settlement_views(application.pk, by=assessor, settled={line.pk: 20_000}, reasons={line.pk: REASON})
    services.receive_settlement_views(application.pk, by=assessor, views="Telefonisch: akkoord.", oral=True)
    with pytest.raises(TransitionRefused, match="no lower than announced"):
        services.settle_application(application.pk, by=assessor, settled={line.pk: 10_000}, reasons={line.pk: REASON})


def test_lower_settlement_is_possible_once_the_views_deadline_passed_unused(officeholder, assessor):
    application, line = invoiced(officeholder, assessor)
    services.request_settlement_views(application.pk, by=assessor, settled={line.pk: 20_000}, reasons={line.pk: REASON})
    Application.objects.filter(pk=application.pk).update(
        settlement_views_deadline=timezone.localdate() - timedelta(days=1)
    )
    assert services.settle_application(application.pk, by=assessor).status == Status.SETTLED


def test_costs_incurred_after_the_term_cannot_be_settled_above_nothing(officeholder, assessor):
    application, line = invoiced(officeholder, assessor, on=timezone.localdate() - timedelta(days=2))
    officeholder.term_ends_on = timezone.localdate() - timedelta(days=5)
    officeholder.save(update_fields=["term_ends_on"])
    with pytest.raises(TransitionRefused, match="after the term ended"):
        services.settle_application(application.pk, by=assessor, settled={line.pk: 45_000})


def test_costs_incurred_after_the_term_are_announced_at_nothing_with_the_reason_citing_the_article(
    officeholder, assessor
):
    application, line = invoiced(officeholder, assessor, on=timezone.localdate() - timedelta(days=2))
    officeholder.term_ends_on = timezone.localdate() - timedelta(days=5)
    officeholder.save(update_fields=["term_ends_on"])
    services.request_settlement_views(application.pk, by=assessor)
    line.refresh_from_db()
    assert line.intended_settled_cents == 0
    assert "Rechtspositiebesluit art. 3.3.1(2)" in line.settlement_reason


def test_officeholder_gives_views_on_the_settlement_in_the_portal(as_user, officeholder, assessor):
    application, line = invoiced(officeholder, assessor)
    services.request_settlement_views(application.pk, by=assessor, settled={line.pk: 20_000}, reasons={line.pk: REASON})
    client = as_user(officeholder)
    url = reverse("applications:settlement_views", args=[application.public_id])
    page = client.get(url).content.decode()
    assert REASON in page and "€ 200,00" in page
    response = client.post(url, {"views": "Het onderhoudscontract is wel nodig."})
    application.refresh_from_db()
    assert response.status_code == 302 and application.status == Status.SETTLEMENT_SUBMITTED
    assert application.settlement_views_text == "Het onderhoudscontract is wel nodig."


def test_work_list_signals_views_on_the_settlement_when_the_officeholder_responded(as_user, officeholder, assessor):
    application, line = invoiced(officeholder, assessor)
    services.request_settlement_views(application.pk, by=assessor, settled={line.pk: 20_000}, reasons={line.pk: REASON})
    services.receive_settlement_views(application.pk, by=officeholder, views="Het contract zat er niet bij.")
    page = as_user(assessor).get(reverse("review:work_list")).content.decode()
    row = page.split(application.reference, 1)[1].split("</tr>", 1)[0]
    assert "views received" in row or "zienswijze ontvangen" in row


def test_english_settlement_letter_states_the_reason_per_line(officeholder, assessor):
    officeholder.preferred_language = "en"
    officeholder.save(update_fields=["preferred_language"])
    application, line = invoiced(officeholder, assessor)
    services.request_settlement_views(application.pk, by=assessor, settled={line.pk: 20_000}, reasons={line.pk: REASON})
    services.receive_settlement_views(application.pk, by=assessor, views="Telefonisch: akkoord.", oral=True)
    application = services.settle_application(application.pk, by=assessor)
    text = text_of(application, LetterKind.SETTLEMENT)
    assert "invoiced € 450.00" in text or "invoiced € 450,00" in text
    assert "Reason: " + REASON in text and "article 4:8" in text


def test_case_file_settle_form_asks_the_reason_below_the_invoice_and_keeps_the_amount(as_user, officeholder, assessor):
    application, line = invoiced(officeholder, assessor)
    response = as_user(assessor).post(
        reverse("review:act", args=[application.public_id, "settle"]),
        {f"settle-amount_{line.pk}": "200,00", f"settle-why_{line.pk}": ""},
    )
    page = response.content.decode()
    assert response.status_code == 400 and "Geef de reden om minder dan de factuur vast te stellen." in page
    assert 'value="200,00"' in page


def test_case_file_prefills_nothing_and_the_reason_with_the_article_for_costs_after_the_term(
    as_user, officeholder, assessor
):
    application, line = invoiced(officeholder, assessor, on=timezone.localdate() - timedelta(days=2))
    officeholder.term_ends_on = timezone.localdate() - timedelta(days=5)
    officeholder.save(update_fields=["term_ends_on"])
    page = as_user(assessor).get(reverse("review:case", args=[application.public_id])).content.decode()
    form = page.split('id="action-request_settlement_views"', 1)[1]
    assert f'name="settleviews-amount_{line.pk}"' in form and 'value="0,00"' in form
    assert "Rechtspositiebesluit art. 3.3.1(2)" in form.split("</textarea>", 1)[0]
