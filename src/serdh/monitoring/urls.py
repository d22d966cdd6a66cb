from django.urls import path

from . import bulletin_views, views

app_name = "monitoring"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("exportar.csv", views.export_csv, name="export_csv"),
    path("exportar.xlsx", views.export_xlsx, name="export_xlsx"),
    path("boletins/", bulletin_views.bulletin_list, name="bulletin_list"),
    path("boletins/<int:pk>/", bulletin_views.bulletin_detail, name="bulletin_detail"),
    path("boletins/<int:pk>/pdf", bulletin_views.bulletin_pdf, name="bulletin_pdf"),
]
