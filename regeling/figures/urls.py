from django.urls import path

from . import views

app_name = "figures"
urlpatterns = [
    path("", views.body, name="body"),
    path("download.<str:file_format>", views.body_download, name="body_download"),
    path("grafiek/<str:chart>.svg", views.body_chart, name="body_chart"),
    path("landelijk/", views.national, name="national"),
    path("landelijk/download.<str:file_format>", views.national_download, name="national_download"),
    path("landelijk/grafiek/<str:chart>.svg", views.national_chart, name="national_chart"),
]
