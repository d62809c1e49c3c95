from django.urls import path

from . import views

app_name = "review"

urlpatterns = [
    path("", views.work_list, name="work_list"),
    path("<uuid:public_id>/", views.case_file, name="case"),
    path("<uuid:public_id>/stap/<str:transition>/", views.act, name="act"),
]
