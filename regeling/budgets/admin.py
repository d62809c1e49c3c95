"""Coordinators' budgets in the admin: the budget figure is editable, what is used is not."""

from django.contrib import admin

from .models import Budget


@admin.register(Budget)
class BudgetAdmin(admin.ModelAdmin):
    list_display = ["body", "year", "budget_cents", "committed_cents", "settled_cents", "paid_cents"]
    list_filter = ["year", "body"]
    readonly_fields = ["committed_cents", "settled_cents", "paid_cents"]
