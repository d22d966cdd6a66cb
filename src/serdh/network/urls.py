from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("municipios/", views.municipality_list, name="municipality_list"),
    path("municipios/<int:code>/", views.municipality_detail, name="municipality_detail"),
    path(
        "municipios/<int:code>/adesao/solicitar/", views.adhesion_request, name="adhesion_request"
    ),
    path("municipios/<int:code>/adesao/termo/", views.adhesion_term, name="adhesion_term"),
    path(
        "municipios/<int:code>/adesao/<slug:verb>/",
        views.adhesion_transition,
        name="adhesion_transition",
    ),
    path("organizacoes/", views.organization_list, name="organization_list"),
    path("organizacoes/nova/", views.organization_create, name="organization_create"),
    path("organizacoes/<int:pk>/", views.organization_detail, name="organization_detail"),
    path("organizacoes/<int:pk>/editar/", views.organization_edit, name="organization_edit"),
]
