from django.conf import settings
from django.utils import translation


class LanguageMiddleware:
    """pt-BR unless the person chose another language (the language cookie).

    Deliberately ignores the browser's Accept-Language: a public-service system in Brazil speaks
    Portuguese first, whatever the machine's locale, and English is a choice.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
