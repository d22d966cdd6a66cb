from .views import (
    AssignmentViewSet,
    ClosureRequestViewSet,
    NotificationViewSet,
    SafetyFlagViewSet,
)

__all__ = ["AssignmentViewSet", "ClosureRequestViewSet", "NotificationViewSet", "SafetyFlagViewSet"]
