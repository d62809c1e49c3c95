from django.urls import path

from . import views

app_name = "applications"

urlpatterns = [
    path("", views.application_list, name="list"),
    path("nieuw/", views.new_application, name="new"),
    path("<uuid:public_id>/", views.application_detail, name="detail"),
    path("<uuid:public_id>/indienen/", views.submit, name="submit"),
]
