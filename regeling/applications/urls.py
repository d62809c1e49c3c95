from django.urls import path

from . import case_views, precheck, views

app_name = "applications"

urlpatterns = [
    path("", views.application_list, name="list"),
    path("nieuw/", views.new_application, name="new"),
    path("voorcheck/", precheck.precheck, name="precheck"),
    path("<uuid:public_id>/", case_views.detail, name="detail"),
    path("<uuid:public_id>/stap/<int:number>/", views.step, name="step"),
    path("<uuid:public_id>/verwijderen/", views.delete_draft, name="delete_draft"),
    path("<uuid:public_id>/bestanden/", views.upload, name="upload"),
    path("<uuid:public_id>/bestanden/<uuid:document_id>/", views.download_document, name="document"),
    path("<uuid:public_id>/bestanden/<uuid:document_id>/verwijderen/", views.remove_document, name="remove_document"),
    path("<uuid:public_id>/ontvangen/", views.receipt, name="receipt"),
    path("<uuid:public_id>/informatie/", case_views.answer_information, name="answer"),
    path("<uuid:public_id>/zienswijze/", case_views.give_views, name="views"),
    path("<uuid:public_id>/intrekken/", case_views.withdraw, name="withdraw"),
    path("<uuid:public_id>/facturen/", case_views.submit_settlement, name="settlement"),
    path("<uuid:public_id>/zienswijze-vaststelling/", case_views.give_settlement_views, name="settlement_views"),
]
