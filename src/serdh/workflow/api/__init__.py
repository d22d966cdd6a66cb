from .views import (
    AssignmentViewSet,
    ClosureRequestViewSet,
    NotificationViewSet,
    SafetyFlagViewSet,
    TaskViewSet,
)

__all__ = [
    "AssignmentViewSet",
    "ClosureRequestViewSet",
    "NotificationViewSet",
    "SafetyFlagViewSet",
    "TaskViewSet",
]
