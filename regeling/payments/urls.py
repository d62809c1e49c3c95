from django.urls import path

from . import views

app_name = "payments"

urlpatterns = [
    path("", views.batches, name="batches"),
    path("<uuid:public_id>/", views.batch_detail, name="batch"),
    path("<uuid:public_id>/sepa.xml", views.download, {"kind": "xml"}, name="download_xml"),
    path("<uuid:public_id>/financien.csv", views.download, {"kind": "csv"}, name="download_csv"),
    path("<uuid:public_id>/bevestigen/", views.confirm, name="confirm"),
]
