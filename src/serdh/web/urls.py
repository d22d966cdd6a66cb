from django.urls import path

from . import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("auditoria/", views.audit_log, name="audit_log"),
    path("aprovacoes/", views.approval_list, name="approvals"),
    path("auditoria/revisao/", views.access_review, name="access_review"),
]
