"""The catalogue editors' area, /assistent/redactie/ (URL names start with ``editor_``)."""

from django.urls import path

from assistant import views_editor as views

edition = "edities/<int:edition_id>/"

urlpatterns = [
    path("", views.overview, name="editor_overview"),
    path("importeren/", views.import_file, name="editor_import"),
    path("statistieken/", views.analytics, name="editor_analytics"),
    path("statistieken/csv/", views.analytics_csv, name="editor_analytics_csv"),
    path("voorbeeld/stoppen/", views.preview_stop, name="editor_preview_stop"),
    path(edition, views.edition_detail, name="editor_edition"),
    path(f"{edition}export/<str:fmt>/", views.export, name="editor_export"),
    path(f"{edition}concept-maken/", views.draft_new, name="editor_draft_new"),
    path(f"{edition}publiceren/", views.publish, name="editor_publish"),
    path(f"{edition}goedkeuren/", views.approve, name="editor_approve"),
    path(f"{edition}archiveren/", views.archive, name="editor_archive"),
    path(f"{edition}vergelijken/", views.diff, name="editor_diff"),
    path(f"{edition}voorbeeld/", views.preview, name="editor_preview"),
    path(f"{edition}regel-controleren/", views.rule_check, name="editor_rule_check"),
    path(f"{edition}vertalingen/", views.translations_overview, name="editor_translations"),
    path(f"{edition}vertalingen/<str:kind>/<slug:key>/", views.translations_edit, name="editor_translations_edit"),
    path(f"{edition}vragen/nieuw/", views.question_edit, name="editor_question_add"),
    path(f"{edition}vragen/<slug:key>/", views.question_edit, name="editor_question_edit"),
    path(f"{edition}vragen/<slug:key>/verwijderen/", views.question_remove, name="editor_question_remove"),
    path(f"{edition}producten/nieuw/", views.product_edit, name="editor_product_add"),
    path(f"{edition}producten/<slug:key>/", views.product_edit, name="editor_product_edit"),
    path(f"{edition}producten/<slug:key>/verwijderen/", views.product_remove, name="editor_product_remove"),
    path(f"{edition}gevallen/nieuw/", views.case_edit, name="editor_case_add"),
    path(f"{edition}gevallen/<int:number>/", views.case_edit, name="editor_case_edit"),
    path(f"{edition}gevallen/<int:number>/verwijderen/", views.case_remove, name="editor_case_remove"),
]
