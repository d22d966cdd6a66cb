"""Wagtail's admin (the editors' area) needs a looser Content Security Policy than the rest of
SER-DH: a few of its widgets (date pickers, inline panels) use inline scripts and styles, and
its preview is a same-origin frame. Only signed-in editors reach it; every other path keeps
the strict policy of settings.CONTENT_SECURITY_POLICY."""

EDITORIAL_PREFIX = "/editorial/"


class EditorialAdminPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(EDITORIAL_PREFIX):
            response._csp_replace = {
                "script-src": ["'self'", "'unsafe-inline'"],
                "style-src": ["'self'", "'unsafe-inline'"],
                "img-src": ["'self'", "data:", "blob:"],
                "frame-ancestors": ["'self'"],
                "frame-src": ["'self'"],
            }
        return response
