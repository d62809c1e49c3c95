"""Internal notes on a case: for assessors of the body only, never shown to the applicant or in letters."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from regeling.applications.models import Application
from regeling.core.crypto import EncryptedTextField


class InternalNote(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="internal_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Notes may mention the threat or the home: encrypted like the other personal data.
    text = EncryptedTextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self) -> str:
        return f"{self.application} {self.created_at:%Y-%m-%d}"
