from django.urls import path

from . import actions, bulk, corrections, exports, motivation_views, reminder_views, views

app_name = "review"

urlpatterns = [
    path("", views.work_list, name="work_list"),
    path("export.csv", exports.work_list_csv, name="export"),
    path("export.xlsx", exports.work_list_xlsx, name="export_xlsx"),
    path("selectie/", bulk.bulk, name="bulk"),
    path("herinnering/", reminder_views.reminder_setting, name="reminder_setting"),
    path("standaardmotiveringen/", motivation_views.template_list, name="motivation_templates"),
    path("standaardmotiveringen/<int:pk>/", motivation_views.template_edit, name="motivation_template"),
    path(
        "standaardmotiveringen/<int:pk>/verwijderen/",
        motivation_views.template_delete,
        name="motivation_template_delete",
    ),
    path("correcties/", corrections.corrections, name="corrections"),
    path("<uuid:public_id>/", views.case_file, name="case"),
    path("<uuid:public_id>/iban/", views.reveal_iban, name="reveal_iban"),
    path("<uuid:public_id>/documenten/<uuid:document_id>/", views.download_document, name="document"),
    path("<uuid:public_id>/stap/decide/voorbeeld/", actions.preview_decision_letter, name="preview_decision"),
    path("<uuid:public_id>/stap/decide/standaardtekst/", motivation_views.use_template, name="use_template"),
    path("<uuid:public_id>/stap/<slug:action>/", actions.act, name="act"),
    path("<uuid:public_id>/bezwaar/<slug:action>/", actions.objection_act, name="objection_act"),
]
