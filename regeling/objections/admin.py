"""Where bodies differ on objections (docs/rules.md): an advisory committee and the competent court."""

from django.contrib import admin

from .models import BodyObjectionSettings


@admin.register(BodyObjectionSettings)
class BodyObjectionSettingsAdmin(admin.ModelAdmin):
    list_display = ["body", "advisory_committee", "court"]
