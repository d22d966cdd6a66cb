from django.urls import path

from . import builder_views, bulletin_views, gaps_views, views

app_name = "monitoring"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("exportar.csv", views.export_csv, name="export_csv"),
    path("exportar.xlsx", views.export_xlsx, name="export_xlsx"),
    path("rede/", gaps_views.network_gaps_page, name="network_gaps"),
    path("tabelas/", builder_views.table_builder, name="table_builder"),
    path("tabelas/salvar/", builder_views.save_table, name="table_save"),
    path("tabelas/<int:pk>/excluir/", builder_views.delete_table, name="table_delete"),
    path("tabelas/exportar.csv", builder_views.export_table_csv, name="table_export_csv"),
    path("tabelas/exportar.xlsx", builder_views.export_table_xlsx, name="table_export_xlsx"),
    path("boletins/", bulletin_views.bulletin_list, name="bulletin_list"),
    path("boletins/<int:pk>/", bulletin_views.bulletin_detail, name="bulletin_detail"),
    path("boletins/<int:pk>/pdf", bulletin_views.bulletin_pdf, name="bulletin_pdf"),
]
