from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("revisao/", views.review_queue, name="review_queue"),
    path("revisao/<int:pk>/", views.candidate_detail, name="candidate"),
    path("revisao/<int:pk>/decidir/", views.candidate_decide, name="candidate_decide"),
    path("unificacoes/", views.merge_list, name="merge_list"),
    path("unificacoes/<int:pk>/desfazer/", views.merge_undo, name="merge_undo"),
]
