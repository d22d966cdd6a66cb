def notifications(request):
    """The header's unread badge: counted only when a page with the header renders."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def unread():
        from .notifications import unread_count

        return unread_count(user)

    return {"unread_notifications": unread}
