"""The daily reminder e-mail: counts only, each assessor's own, off when they turn it off."""

from datetime import timedelta

from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from regeling.accounts.models import OutgoingMail
from regeling.applications import services
from regeling.applications.states import Outcome
from regeling.audit.models import AuditEvent
from regeling.review import reminders
from regeling.review.assignment import take_case
from tests.factories import ApplicationFactory, OfficeholderFactory

URL = reverse("review:reminder_setting")


def my_overdue_case(assessor, body):
    received = timezone.localdate() - timedelta(days=60)
    case = ApplicationFactory(
        applicant=OfficeholderFactory(body=body, first_name="Henk", last_name="Vermeulen"),
        submitted=True,
        received_on=received,
    )
    take_case(case.pk, by=assessor)
    return case


def send(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return reminders.send_daily_reminders()


def test_reminder_counts_my_overdue_case_when_one_is_past_its_date(assessor, body):
    my_overdue_case(assessor, body)
    assert reminders.reminder_for(assessor) == reminders.Reminder(overdue=1, due_soon=0, awaiting_approval=0)


def test_reminder_counts_a_decision_awaiting_my_approval(assessor, second_assessor, body):
    case = ApplicationFactory(applicant=OfficeholderFactory(body=body), in_assessment=True, lines=[200_000])
    services.decide_application(case.pk, by=assessor, outcome=Outcome.GRANT, motivation="Advies volgt de regeling.")
    assert reminders.reminder_for(second_assessor).awaiting_approval == 1


def test_mail_holds_counts_and_links_but_no_case_details(assessor, body, django_capture_on_commit_callbacks):
    case = my_overdue_case(assessor, body)
    assert send(django_capture_on_commit_callbacks) == 1
    [message] = mail.outbox
    assert message.to == [assessor.email]
    assert "1 van uw zaken heeft de termijn overschreden." in message.body
    assert settings.SITE_URL + reverse("review:work_list") + "?assignment=me&window=overdue" in message.body
    for detail in (case.reference, "Henk", "Vermeulen", "Lindelaan", "3511", "450"):
        assert detail not in message.body and detail not in message.subject


def test_mail_is_in_the_assessors_language_when_english_is_chosen(assessor, body, django_capture_on_commit_callbacks):
    assessor.preferred_language = "en"
    assessor.save(update_fields=["preferred_language"])
    my_overdue_case(assessor, body)
    send(django_capture_on_commit_callbacks)
    assert "1 of your cases is overdue." in mail.outbox[0].body


def test_no_mail_is_sent_when_there_is_nothing_to_report(assessor, django_capture_on_commit_callbacks):
    assert send(django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_no_mail_is_sent_when_the_assessor_turned_it_off(assessor, body, django_capture_on_commit_callbacks):
    my_overdue_case(assessor, body)
    reminders.set_daily_reminder(assessor, wanted=False)
    send(django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_second_run_on_the_same_day_sends_nothing_again(assessor, body, django_capture_on_commit_callbacks):
    my_overdue_case(assessor, body)
    send(django_capture_on_commit_callbacks)
    send(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1


def test_sending_is_audited_without_content(assessor, body, django_capture_on_commit_callbacks):
    my_overdue_case(assessor, body)
    send(django_capture_on_commit_callbacks)
    event = AuditEvent.objects.get(action="reminder.send")
    assert event.detail == {}


def test_assessor_turns_the_reminder_off_on_the_setting_page(as_user, assessor):
    response = as_user(assessor).post(URL, {})
    assert response.status_code == 302
    assert not reminders.wants_reminder(assessor)
    assert AuditEvent.objects.filter(action="reminder.setting", actor=assessor).exists()


def test_setting_page_shows_the_reminder_on_when_never_changed(as_user, assessor):
    response = as_user(assessor).get(URL)
    assert response.context["form"]["daily_reminder"].value() is True


def test_setting_page_is_refused_to_an_officeholder(as_user, officeholder):
    assert as_user(officeholder).get(URL).status_code == 403


def test_beat_sends_reminders_on_working_day_mornings():
    entry = settings.CELERY_BEAT_SCHEDULE["send-assessor-reminders"]
    assert entry["task"] == "worker.tasks.send_assessor_reminders"
    assert entry["schedule"].day_of_week == {1, 2, 3, 4, 5}


def test_mail_goes_through_the_outbox_with_its_kind(assessor, body, django_capture_on_commit_callbacks):
    my_overdue_case(assessor, body)
    send(django_capture_on_commit_callbacks)
    assert OutgoingMail.objects.get().kind == reminders.REMINDER_MAIL


def my_case_due_in(days: int, assessor, body):
    """A case of mine whose decision is due `days` days from today (8 weeks after receipt, Awb 4:13)."""
    received = timezone.localdate() - timedelta(weeks=8) + timedelta(days=days)
    case = ApplicationFactory(applicant=OfficeholderFactory(body=body), submitted=True, received_on=received)
    take_case(case.pk, by=assessor)
    return case


def test_due_soon_counts_the_days_the_body_set(assessor, body, settings):
    my_case_due_in(10, assessor, body)
    settings.DUE_SOON_DAYS = 14
    assert reminders.reminder_for(assessor).due_soon == 1
    settings.DUE_SOON_DAYS = 7
    assert reminders.reminder_for(assessor).due_soon == 0


def test_mail_and_work_list_name_the_days_the_body_set(
    assessor, body, settings, as_user, django_capture_on_commit_callbacks
):
    my_case_due_in(10, assessor, body)
    settings.DUE_SOON_DAYS = 14
    send(django_capture_on_commit_callbacks)
    page = as_user(assessor).get(reverse("review:work_list"), {"window": "week"})

    assert "binnen 14 dagen" in mail.outbox[0].body
    assert page.status_code == 200
    assert "Termijn verloopt binnen 14 dagen" in page.content.decode()
