from django.urls import path

from . import views

app_name = "vocabularies"

urlpatterns = [
    path("", views.vocabulary_list, name="vocabulary_list"),
    path("<slug:key>/", views.vocabulary_detail, name="vocabulary_detail"),
    path("<slug:key>/termos/incluir/", views.term_add, name="term_add"),
    path("<slug:key>/termos/<str:code>/retirar/", views.term_retire, name="term_retire"),
    path("<slug:key>/termos/<str:code>/reativar/", views.term_reactivate, name="term_reactivate"),
]
