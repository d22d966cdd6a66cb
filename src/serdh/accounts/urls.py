from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("entrar/", views.LoginView.as_view(), name="login"),
    path("sair/", views.logout_view, name="logout"),
    path("senha/", views.PasswordChangeView.as_view(), name="password_change"),
    path("vinculo/", views.switch_membership, name="switch_membership"),
    path("usuarios/", views.user_list, name="user_list"),
    path("usuarios/novo/", views.user_create, name="user_create"),
    path("usuarios/<int:pk>/", views.user_detail, name="user_detail"),
    path("usuarios/<int:pk>/vinculos/", views.membership_grant, name="membership_grant"),
    path("vinculos/<int:pk>/revogar/", views.membership_revoke, name="membership_revoke"),
    path("vinculos/<int:pk>/aprovar/", views.membership_approve, name="membership_approve"),
    path("vinculos/<int:pk>/recusar/", views.membership_refuse, name="membership_refuse"),
]
