from django.urls import path

from . import views

app_name = "letters"

urlpatterns = [
    path("<uuid:public_id>/", views.download_letter, name="download"),
]
