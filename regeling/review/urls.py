from django.urls import path

from . import actions, bulk, corrections, exports, reminder_views, views

app_name = "review"

urlpatterns = [
    path("", views.work_list, name="work_list"),
    path("export.csv", exports.work_list_csv, name="export"),
    path("export.xlsx", exports.work_list_xlsx, name="export_xlsx"),
    path("selectie/", bulk.bulk, name="bulk"),
    path("herinnering/", reminder_views.reminder_setting, name="reminder_setting"),
    path("correcties/", corrections.corrections, name="corrections"),
    path("<uuid:public_id>/", views.case_file, name="case"),
    path("<uuid:public_id>/iban/", views.reveal_iban, name="reveal_iban"),
    path("<uuid:public_id>/documenten/<uuid:document_id>/", views.download_document, name="document"),
    path("<uuid:public_id>/stap/decide/voorbeeld/", actions.preview_decision_letter, name="preview_decision"),
    path("<uuid:public_id>/stap/<slug:action>/", actions.act, name="act"),
    path("<uuid:public_id>/bezwaar/<slug:action>/", actions.objection_act, name="objection_act"),
]
