"""The objector's pages, under the case's own address (aanvragen/<id>/bezwaar/...)."""

from django.urls import path

from . import portal

app_name = "objections"

urlpatterns = [
    path("<uuid:public_id>/bezwaar/", portal.lodge, name="lodge"),
    path("<uuid:public_id>/bezwaar/herstel/", portal.repair, name="repair"),
    path("<uuid:public_id>/bezwaar/stukken/", portal.add_documents, name="documents"),
    path("<uuid:public_id>/bezwaar/intrekken/", portal.withdraw, name="withdraw"),
]
