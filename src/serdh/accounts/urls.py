from django.urls import path

from . import views, views_account, views_govbr

app_name = "accounts"

urlpatterns = [
    path("", views_account.account, name="account"),
    path("entrar/", views.LoginView.as_view(), name="login"),
    path("entrar/codigo/", views_account.second_factor, name="second_factor"),
    path("segundo-fator/", views_account.two_factor, name="two_factor"),
    path("segundo-fator/confirmar/", views_account.two_factor_confirm, name="two_factor_confirm"),
    path("segundo-fator/codigos/", views_account.recovery_codes, name="recovery_codes"),
    path("segundo-fator/desligar/", views_account.two_factor_remove, name="two_factor_remove"),
    path(
        "segundo-fator/pedidos/<int:pk>/aprovar/", views_account.reset_approve, name="reset_approve"
    ),
    path(
        "segundo-fator/pedidos/<int:pk>/recusar/", views_account.reset_refuse, name="reset_refuse"
    ),
    path("govbr/entrar/", views_govbr.govbr_login, name="govbr_login"),
    path("govbr/retorno/", views_govbr.govbr_callback, name="govbr_callback"),
    path("govbr/vincular/", views_govbr.govbr_link, name="govbr_link"),
    path("govbr/desvincular/", views_govbr.govbr_unlink, name="govbr_unlink"),
    path("sessoes/", views_account.session_list, name="sessions"),
    path("sessoes/encerrar-outras/", views_account.session_end_others, name="session_end_others"),
    path("sessoes/<str:handle>/encerrar/", views_account.session_end, name="session_end"),
    path("senha/esqueci/", views_account.password_reset, name="password_reset"),
    path("senha/esqueci/enviado/", views_account.password_reset_sent, name="password_reset_sent"),
    path(
        "senha/nova/<uidb64>/<token>/",
        views_account.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "senha/nova/pronto/",
        views_account.password_reset_complete,
        name="password_reset_complete",
    ),
    path("sair/", views.logout_view, name="logout"),
    path("senha/", views.PasswordChangeView.as_view(), name="password_change"),
    path("vinculo/", views.switch_membership, name="switch_membership"),
    path("usuarios/", views.user_list, name="user_list"),
    path("usuarios/novo/", views.user_create, name="user_create"),
    path("usuarios/<int:pk>/", views.user_detail, name="user_detail"),
    path("usuarios/<int:pk>/vinculos/", views.membership_grant, name="membership_grant"),
    path(
        "usuarios/<int:pk>/sessoes/encerrar/",
        views_account.user_sessions_end,
        name="user_sessions_end",
    ),
    path(
        "usuarios/<int:pk>/segundo-fator/redefinir/",
        views_account.user_second_factor_reset,
        name="user_second_factor_reset",
    ),
    path("vinculos/<int:pk>/revogar/", views.membership_revoke, name="membership_revoke"),
    path("vinculos/<int:pk>/aprovar/", views.membership_approve, name="membership_approve"),
    path("vinculos/<int:pk>/recusar/", views.membership_refuse, name="membership_refuse"),
]
