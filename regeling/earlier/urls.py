from django.urls import path

from . import views

app_name = "earlier"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("importeren/", views.upload, name="upload"),
    path("voorbeeldbestand.csv", views.example, name="example"),
    path("import/<uuid:public_id>/", views.run_detail, name="run"),
    path("import/<uuid:public_id>/voortgang.json", views.run_progress, name="run_progress"),
    path("import/<uuid:public_id>/bevestigen/", views.confirm, name="confirm"),
    path("import/<uuid:public_id>/afbreken/", views.cancel, name="cancel"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/corrigeren/", views.correct, name="correct"),
    path("<uuid:public_id>/intrekken/", views.withdraw, name="withdraw"),
]
