from django.urls import path

from . import letter_views as views

app_name = "letters"

urlpatterns = [
    path("<uuid:public_id>/", views.download_letter, name="download"),
    path("<uuid:public_id>/lezen/", views.read_letter, name="read"),
    path("<uuid:public_id>/status/", views.letter_status, name="status"),
    path("<uuid:public_id>/opnieuw/", views.retry_letter, name="retry"),
    path("<uuid:public_id>/herzien/", views.reissue_letter, name="reissue"),
    path("reeks/", views.new_batch, name="batch_new"),
    path("reeks/<uuid:public_id>/", views.batch_detail, name="batch"),
    path("reeks/<uuid:public_id>/voortgang/", views.batch_progress, name="batch_progress"),
]
