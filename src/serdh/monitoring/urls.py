from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("exportar.csv", views.export_csv, name="export_csv"),
    path("exportar.xlsx", views.export_xlsx, name="export_xlsx"),
]
