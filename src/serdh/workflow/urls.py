from django.urls import path

from . import views, views_households, views_plans, views_tasks

app_name = "workflow"

urlpatterns = [
    path("supervisao/", views.supervision, name="supervision"),
    path("supervisao/atribuir/", views.bulk_assign, name="bulk_assign"),
    path("supervisao/equipe/", views.team_settings, name="team_settings"),
    path("supervisao/equipe/<int:pk>/decidir/", views.team_open_decide, name="team_open_decide"),
    path("casos/<int:pk>/equipe/", views.case_team, name="case_team"),
    path("atribuicoes/<int:pk>/encerrar/", views.unassign, name="unassign"),
    path("casos/<int:pk>/pedir-encerramento/", views.closure_request, name="closure_request"),
    path("encerramentos/<int:pk>/", views.closure_decide, name="closure_decide"),
    path("casos/<int:pk>/alertas/novo/", views_tasks.flag_add, name="flag_add"),
    path("alertas/<int:pk>/retirar/", views_tasks.flag_remove, name="flag_remove"),
    path("tarefas/", views_tasks.my_tasks, name="my_tasks"),
    path("agenda/", views_tasks.agenda, name="agenda"),
    path("casos/<int:pk>/tarefas/nova/", views_tasks.task_add, name="task_add"),
    path("tarefas/<int:pk>/concluir/", views_tasks.task_done, name="task_done"),
    path("casos/<int:pk>/plano/", views_plans.plan_page, name="plan"),
    path("casos/<int:pk>/ligar/", views_households.link_add, name="link_add"),
    path("vinculos/<int:pk>/desfazer/", views_households.link_remove, name="link_remove"),
    path(
        "duplicados/<int:pk>/responder/",
        views_households.duplicate_answer,
        name="duplicate_answer",
    ),
    path("casos/<int:pk>/familia/", views_households.household_record, name="household_record"),
    path("familias/", views_households.household_list, name="households"),
    path("familias/<int:pk>/", views_households.household_detail, name="household"),
    path(
        "familias/membros/<int:pk>/retirar/",
        views_households.member_remove,
        name="household_member_remove",
    ),
    path("notificacoes/", views.notification_list, name="notifications"),
    path("notificacoes/preferencias/", views.notification_preferences, name="preferences"),
    path("notificacoes/<int:pk>/", views.notification_open, name="notification_open"),
]
