"""Internal notes on a case: for assessors of the body only, never shown to the applicant or in letters."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from regeling.applications.models import Application
from regeling.core import limits
from regeling.core.crypto import EncryptedTextField
from regeling.schemes.reasons import Reason


class InternalNote(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="internal_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Notes may mention the threat or the home: encrypted like the other personal data.
    text = EncryptedTextField(_("note"), max_length=limits.TEXT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self) -> str:
        return f"{self.application} {self.created_at:%Y-%m-%d}"


class CaseVisit(models.Model):
    """When an assessor last opened a case file: answers and views that arrived after it are new to them."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="visits")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    opened_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "user"], name="one_visit_per_assessor")]

    def __str__(self) -> str:
        return f"{self.application} {self.opened_at:%Y-%m-%d}"


class ReminderSetting(models.Model):
    """An assessor's choice about the daily reminder e-mail (on unless they turn it off)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="reminder_setting"
    )
    daily_reminder = models.BooleanField(_("send me the daily reminder e-mail"), default=True)
    # The day the last reminder went out: a second run on the same day sends nothing.
    last_sent_on = models.DateField(null=True, blank=True)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user_id} {self.daily_reminder}"


class MotivationTemplate(models.Model):
    """A body's standard text for the motivation of a decision with one reason code.
    Coordinators keep them; an assessor inserts one and edits it before deciding."""

    body = models.ForeignKey("accounts.Body", on_delete=models.CASCADE, related_name="motivation_templates")
    reason = models.CharField(_("reason"), max_length=40, choices=Reason.choices)
    title = models.CharField(_("title"), max_length=120)
    text = models.TextField(_("text"), max_length=limits.TEXT)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["reason", "title", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["body", "reason", "title"], name="one_template_title_per_reason")
        ]
        verbose_name = _("motivation template")
        verbose_name_plural = _("motivation templates")

    def __str__(self) -> str:
        return self.title
