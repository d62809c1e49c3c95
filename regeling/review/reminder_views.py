"""The assessor's own setting for the daily reminder e-mail (on unless turned off)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from regeling.accounts.access import require_assessor

from . import reminders
from .forms import ReminderSettingForm


@login_required
@require_http_methods(["GET", "POST"])
def reminder_setting(request):
    require_assessor(request.user)
    if request.method == "POST":
        form = ReminderSettingForm(request.POST)
        if form.is_valid():
            wanted = form.cleaned_data["daily_reminder"]
            reminders.set_daily_reminder(request.user, wanted=wanted)
            messages.success(
                request,
                _("You will get the daily reminder e-mail on working days with something to do.")
                if wanted
                else _("You will no longer get the daily reminder e-mail."),
            )
            return redirect("review:reminder_setting")
    else:
        form = ReminderSettingForm(initial={"daily_reminder": reminders.wants_reminder(request.user)})
    context = {"form": form, "reminder_hour": settings.REMINDER_HOUR, "due_soon_days": settings.DUE_SOON_DAYS}
    return render(request, "review/reminder_setting.html", context)
