"""The admin shows cases read-only: states change through services only."""

from django.contrib import admin

from .models import Application, StatusChange


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    can_delete = False
    extra = 0
    readonly_fields = ["at", "transition", "source", "target", "actor", "reason"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["reference", "body", "status", "scheme_version", "received_on"]
    list_filter = ["status", "scheme_version", "body"]
    search_fields = ["reference"]
    fields = ["reference", "body", "office", "scheme_version", "status", "received_on", "outcome"]
    readonly_fields = fields
    inlines = [StatusChangeInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
