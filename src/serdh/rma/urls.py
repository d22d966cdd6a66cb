from django.urls import path

from . import views

app_name = "rma"

MONTH = "<int:org>/<int:year>-<int:month>/"

urlpatterns = [
    path("", views.home, name="home"),
    path("situacao/", views.status, name="status"),
    path("situacao/<int:year>-<int:month>.csv", views.status_csv, name="status_csv"),
    path(MONTH, views.report, name="report"),
    path(MONTH + "abrir/", views.open_report, name="open"),
    path(MONTH + "recontar/", views.recount, name="recount"),
    path(MONTH + "enviar/", views.submit, name="submit"),
    path(MONTH + "reabrir/", views.reopen, name="reopen"),
    path(MONTH + "rma.csv", views.export_csv, name="export_csv"),
    path(MONTH + "rma.pdf", views.export_pdf, name="export_pdf"),
    path(MONTH + "item/<str:code>/", views.item_edit, name="item_edit"),
    path(MONTH + "campo/<str:code>/casos/", views.item_cases, name="item_cases"),
]
