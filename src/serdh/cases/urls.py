from django.urls import path

from . import views, views_list, views_referrals, views_transfers

app_name = "cases"

urlpatterns = [
    path("casos/", views_list.case_list, name="case_list"),
    path("casos/novo/", views.case_create, name="case_create"),
    path("casos/<int:pk>/", views.case_detail, name="case_detail"),
    path("casos/<int:pk>/editar/", views.case_edit, name="case_edit"),
    path("casos/<int:pk>/registrar/", views.case_register, name="case_register"),
    path("casos/<int:pk>/envolvidos/novo/", views.party_add, name="party_add"),
    path("casos/<int:pk>/violacoes/nova/", views.violation_add, name="violation_add"),
    path("violacoes/<int:pk>/remover/", views.violation_remove, name="violation_remove"),
    path("casos/<int:pk>/encaminhar/", views.referral_create, name="referral_create"),
    path("casos/<int:pk>/acompanhamentos/novo/", views.followup_add, name="followup_add"),
    path("casos/<int:pk>/anexos/novo/", views.attachment_add, name="attachment_add"),
    path("casos/<int:pk>/encerrar/", views.case_close, name="case_close"),
    path("casos/<int:pk>/reabrir/", views.case_reopen, name="case_reopen"),
    path("casos/<int:pk>/acesso-excepcional/", views_referrals.break_glass, name="break_glass"),
    path("anexos/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("pessoas/<int:pk>/", views.person_detail, name="person_detail"),
    path("encaminhamentos/", views_referrals.inbox, name="inbox"),
    path("encaminhamentos/<int:pk>/", views_referrals.referral_detail, name="referral_detail"),
    path(
        "encaminhamentos/<int:pk>/<slug:verb>/",
        views_referrals.referral_action,
        name="referral_action",
    ),
    path(
        "auditoria/acessos-excepcionais/",
        views_referrals.break_glass_review,
        name="break_glass_review",
    ),
    path(
        "auditoria/acessos-excepcionais/<int:pk>/",
        views_referrals.break_glass_decide,
        name="break_glass_decide",
    ),
    path("prazos/", views_referrals.deadlines, name="deadlines"),
    path("casos/<int:pk>/transferir/", views_transfers.transfer_create, name="transfer_create"),
    path("transferencias/", views_transfers.transfer_list, name="transfer_list"),
    path("transferencias/<int:pk>/", views_transfers.transfer_detail, name="transfer_detail"),
    path(
        "transferencias/<int:pk>/<slug:verb>/",
        views_transfers.transfer_action,
        name="transfer_action",
    ),
]
