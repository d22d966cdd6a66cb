from .views import (
    AssignmentViewSet,
    ClosureRequestViewSet,
    NotificationViewSet,
    PlanViewSet,
    SafetyFlagViewSet,
    TaskViewSet,
)

__all__ = [
    "AssignmentViewSet",
    "ClosureRequestViewSet",
    "NotificationViewSet",
    "PlanViewSet",
    "SafetyFlagViewSet",
    "TaskViewSet",
]
