"""URLs. Case URLs carry only a random public id, never a name, address or reference."""

from django.contrib import admin
from django.urls import include, path

from regeling.core import views as core_views

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("", core_views.home, name="home"),
    path(".well-known/security.txt", core_views.security_txt, name="security_txt"),
    path("toegankelijkheid/", core_views.statement, {"name": "accessibility"}, name="accessibility"),
    path("privacy/", core_views.statement, {"name": "privacy"}, name="privacy_statement"),
    path("contact/", core_views.statement, {"name": "contact"}, name="contact"),
    path("accounts/", include("regeling.accounts.urls")),
    path("accounts/passkeys/", include(("regeling.accounts.passkeys", "otp_webauthn"))),
    path("accounts/mijn-gegevens/", include("regeling.privacy.urls")),
    path("aanvragen/", include("regeling.applications.urls")),
    path("aanvragen/", include("regeling.objections.urls")),
    path("behandeling/", include("regeling.review.urls")),
    path("betalingen/", include("regeling.payments.urls")),
    path("budgetten/", include("regeling.budgets.urls")),
    path("brieven/", include("regeling.applications.letter_urls")),
    path("eerdere-vergoedingen/", include("regeling.earlier.urls")),
    path("cijfers/", include("regeling.figures.urls")),
    path("beheer/", admin.site.urls),
]
