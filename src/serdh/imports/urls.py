from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.batch_list, name="batch_list"),
    path("modelo/", views.template, name="template"),
    path("<int:pk>/", views.batch_detail, name="batch_detail"),
    path("<int:pk>/decidir/", views.batch_decide, name="batch_decide"),
    path("<int:pk>/relatorio.csv", views.batch_report, name="batch_report"),
]
