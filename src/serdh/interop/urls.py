from django.urls import path

from . import views

app_name = "interop"

urlpatterns = [
    path("sistemas/", views.client_list, name="client_list"),
    path("sistemas/novo/", views.client_create, name="client_create"),
    path("sistemas/<int:pk>/", views.client_detail, name="client_detail"),
    path("sistemas/<int:pk>/editar/", views.client_edit, name="client_edit"),
    path("sistemas/<int:pk>/segredo/", views.client_rotate, name="client_rotate"),
    path("sistemas/<int:pk>/situacao/", views.client_status, name="client_status"),
    path("sistemas/<int:pk>/aprovar/", views.client_approve, name="client_approve"),
    path("sistemas/<int:pk>/recusar/", views.client_refuse, name="client_refuse"),
    path("entrega/<str:token>/", views.secret_handoff, name="secret_handoff"),
    path("webhooks/", views.endpoint_list, name="endpoint_list"),
    path("webhooks/novo/", views.endpoint_create, name="endpoint_create"),
    path("webhooks/<int:pk>/", views.endpoint_detail, name="endpoint_detail"),
    path("webhooks/<int:pk>/editar/", views.endpoint_edit, name="endpoint_edit"),
    path("webhooks/<int:pk>/segredo/", views.endpoint_rotate, name="endpoint_rotate"),
    path("webhooks/<int:pk>/situacao/", views.endpoint_status, name="endpoint_status"),
    path("entregas/<int:pk>/reenviar/", views.delivery_replay, name="delivery_replay"),
    path("mensagens/", views.message_log, name="message_log"),
]
