"""The daily reminder e-mail to assessors: how many of their cases are overdue, due within a
week, or awaiting their second approval, with a link to the work list.

The mail is content-free: counts only, no reference, name, amount or address, because
e-mail leaves our systems (docs/rules.md, issue 16). Each assessor may turn it off
(`ReminderSetting`); a day with nothing to report sends nothing; a second run on the same
day (a beat restart) sends nothing again (`last_sent_on`).
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from regeling.accounts import mail_outbox
from regeling.accounts.models import User, UserKind
from regeling.audit import log as audit

from . import queues, worklist
from .access import body_cases
from .models import ReminderSetting

REMINDER_MAIL = "assessor_reminder"


@dataclass(frozen=True)
class Reminder:
    overdue: int
    due_soon: int
    awaiting_approval: int

    def __bool__(self) -> bool:
        return bool(self.overdue or self.due_soon or self.awaiting_approval)


def reminder_for(user: User) -> Reminder:
    """The counts for one assessor: their own open cases by deadline window, and the approval queue."""
    today = timezone.localdate()
    mine = body_cases(user).filter(assigned_to=user)
    windows = mine.aggregate(
        overdue=Count("pk", filter=worklist.window_q("overdue", today)),
        due_soon=Count("pk", filter=worklist.window_q("week", today)),
    )
    return Reminder(windows["overdue"], windows["due_soon"], queues.queue_counts(user)["approval"])


def wants_reminder(user: User) -> bool:
    setting = ReminderSetting.objects.filter(user=user).first()
    return setting is None or setting.daily_reminder


def _link(**query) -> str:
    return f"{settings.SITE_URL}{reverse('review:work_list')}?{urlencode(query)}"


def mail_text(reminder: Reminder) -> tuple[str, str]:
    """Subject and body in the active language: counts and links, nothing about any case."""
    lines = [_("Good morning,"), "", _("This is your daily overview of the work list.")]
    lines.append("")
    lines.append(
        ngettext("%(count)d of your cases is overdue.", "%(count)d of your cases are overdue.", reminder.overdue)
        % {"count": reminder.overdue}
    )
    lines.append(
        ngettext(
            "%(count)d of your cases is due within %(days)d days.",
            "%(count)d of your cases are due within %(days)d days.",
            reminder.due_soon,
        )
        % {"count": reminder.due_soon, "days": settings.DUE_SOON_DAYS}
    )
    lines.append(
        ngettext(
            "%(count)d decision awaits your second approval.",
            "%(count)d decisions await your second approval.",
            reminder.awaiting_approval,
        )
        % {"count": reminder.awaiting_approval}
    )
    lines += [
        "",
        _("Your overdue cases: %(link)s") % {"link": _link(assignment="me", window="overdue")},
        _("Due within %(days)d days: %(link)s")
        % {"days": settings.DUE_SOON_DAYS, "link": _link(assignment="me", window="week")},
        _("Awaiting your approval: %(link)s") % {"link": _link(queue="approval")},
        "",
        _("You can turn this e-mail off in the back office under Reminder e-mail: %(link)s")
        % {"link": settings.SITE_URL + reverse("review:reminder_setting")},
    ]
    return _("Your work list today"), "\n".join(lines) + "\n"


def assessors():
    return User.objects.filter(
        kind__in=(UserKind.ASSESSOR, UserKind.COORDINATOR), body__isnull=False, is_active=True
    ).exclude(Q(reminder_setting__daily_reminder=False) | Q(reminder_setting__last_sent_on=timezone.localdate()))


def send_daily_reminders() -> int:
    """One mail to each assessor who has something to do and did not turn it off. Returns how many.
    Each assessor is handled in a transaction of their own: the day is marked sent with the mail's
    outbox row, which the worker delivers (with retries) after commit."""
    today, sent = timezone.localdate(), 0
    for user in assessors().order_by("pk"):
        reminder = reminder_for(user)
        if not reminder:
            continue
        with transaction.atomic():
            ReminderSetting.objects.update_or_create(user=user, defaults={"last_sent_on": today})
            audit.record("reminder.send", actor=None, obj=user)
            with translation.override(user.preferred_language):
                subject, body = mail_text(reminder)
            # Through the outbox: written with the day's mark, delivered by the worker after commit.
            mail_outbox.enqueue(REMINDER_MAIL, to=user.email, subject=subject, body=body)
        sent += 1
    return sent


@transaction.atomic
def set_daily_reminder(user: User, *, wanted: bool) -> ReminderSetting:
    setting, _created = ReminderSetting.objects.update_or_create(user=user, defaults={"daily_reminder": wanted})
    audit.record("reminder.setting", actor=user, obj=user, daily_reminder=wanted)
    return setting
