from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.processing_record, name="record"),
    path("incidentes/", views.incident_list, name="incident_list"),
    path("incidentes/novo/", views.incident_create, name="incident_create"),
    path("incidentes/<int:pk>/", views.incident_detail, name="incident_detail"),
    path("titular/", views.subject_search, name="subject_search"),
    path("titular/<int:pk>/", views.subject_report, name="subject_report"),
    path("titular/<int:pk>/pdf/", views.subject_pdf, name="subject_pdf"),
    path("titular/<int:pk>/retificacao/", views.rectification_create, name="rectification_create"),
    path("retificacoes/<int:pk>/decidir/", views.rectification_decide, name="rectification_decide"),
]
