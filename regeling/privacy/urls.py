from django.urls import path

from . import export

app_name = "privacy"

urlpatterns = [path("", export.my_data, name="my_data")]
