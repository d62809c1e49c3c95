from django.urls import path

from . import enrolment_views, invitations, twofactor, views
from .oidc import views as oidc_views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", views.LogoutView.as_view(), name="logout"),
    path("inloggen/organisatie/<int:pk>/", oidc_views.start_staff, name="sso_start"),
    path("inloggen/digid/", oidc_views.start_digid, name="digid_start"),
    path("inloggen/terugkeer/", oidc_views.callback, name="oidc_callback"),
    path("inloggen/geweigerd/", oidc_views.refused, name="sign_in_refused"),
    path("tweestapsverificatie/", twofactor.overview, name="two_factor"),
    path("tweestapsverificatie/controle/", twofactor.verify, name="two_factor_verify"),
    path("tweestapsverificatie/instellen/", twofactor.setup, name="two_factor_setup"),
    path("tweestapsverificatie/herstelcodes/", twofactor.recovery_codes, name="recovery_codes"),
    path("tweestapsverificatie/activeringscodes/", enrolment_views.enrolment_codes, name="enrolment_codes"),
    path("wachtwoord-vergeten/", views.PasswordResetView.as_view(), name="password_reset"),
    path("wachtwoord-vergeten/verstuurd/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "wachtwoord-herstellen/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("uitnodigen/", invitations.invite, name="invite"),
    path("uitnodiging/<str:token>/", invitations.accept_invitation, name="invitation_accept"),
    path("profiel/", invitations.profile, name="profile"),
    path("wachtwoord-herstellen/klaar/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
