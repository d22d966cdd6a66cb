from django.urls import path

from . import views, views_letters, views_measures, views_sinan

app_name = "obligations"

urlpatterns = [
    path("obrigacoes/<int:pk>/cumprir/", views.fulfil, name="fulfil"),
    path("casos/<int:pk>/oitivas/nova/", views.hearing_add, name="hearing_add"),
    path("casos/<int:pk>/procedimentos/novo/", views.proceeding_add, name="proceeding_add"),
    path("casos/<int:pk>/risco/nova/", views.risk_add, name="risk_add"),
    path("avaliacoes-de-risco/<int:pk>/", views.risk_detail, name="risk_detail"),
    # SINAN notification (obligations.views_sinan).
    path("casos/<int:pk>/sinan/<int:victim>/", views_sinan.ficha_form, name="sinan_form"),
    path("sinan/<int:pk>/", views_sinan.ficha_detail, name="sinan_detail"),
    path("sinan/<int:pk>/ficha.pdf", views_sinan.ficha_pdf, name="sinan_pdf"),
    path("sinan/", views_sinan.notification_list, name="sinan_list"),
    path("sinan/exportar.dbf", views_sinan.notification_export, name="sinan_export"),
    # Official letters (obligations.views_letters).
    path("oficios/", views_letters.letter_list, name="letter_list"),
    path("casos/<int:pk>/oficios/novo/", views_letters.letter_add, name="letter_add"),
    path("oficios/<int:pk>/", views_letters.letter_detail, name="letter_detail"),
    path("oficios/<int:pk>/pdf/", views_letters.letter_pdf_view, name="letter_pdf"),
    path("oficios/<int:pk>/resposta/", views_letters.letter_answer, name="letter_answer"),
    path("oficios/<int:pk>/cancelar/", views_letters.letter_cancel, name="letter_cancel"),
    # Protective measures and Maria da Penha urgent requests (obligations.views_measures).
    path("casos/<int:pk>/medidas/nova/", views_measures.measure_add, name="measure_add"),
    path("medidas/<int:pk>/atualizar/", views_measures.measure_change, name="measure_change"),
    path(
        "casos/<int:pk>/medidas-urgentes/pedido/",
        views_measures.request_add,
        name="measure_request_add",
    ),
    path(
        "medidas-urgentes/<int:pk>/decisao/",
        views_measures.request_decide,
        name="measure_request_decide",
    ),
]
