"""Coordinators' budgets in the admin: the budget figure is editable, what is used is not."""

from django.contrib import admin

from .models import Budget


@admin.register(Budget)
class BudgetAdmin(admin.ModelAdmin):
    list_display = ["organisation", "year", "budget_cents", "committed_cents", "settled_cents", "paid_cents"]
    list_filter = ["year", "organisation"]
    readonly_fields = ["committed_cents", "settled_cents", "paid_cents"]
