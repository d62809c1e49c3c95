from django.urls import path

from . import overview, views

app_name = "budgets"
urlpatterns = [
    path("", views.budgets, name="budgets"),
    path("overzicht/", overview.budget_page, name="budget"),
    path("overzicht/grafiek.svg", overview.budget_chart, name="budget_chart"),
]
