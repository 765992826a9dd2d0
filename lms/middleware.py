from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.http import urlencode

from lms.services import profile_get_or_create

# Pages a signed-in person may open before their profile is complete.
_ALWAYS_ALLOWED_PREFIXES = ("/admin/", "/static/", "/media/", "/i18n/", "/documents/")
_ALWAYS_ALLOWED_URL_NAMES = {"profile", "account_logout", "account_email", "account_confirm_email"}


def to_profile_step(*, then: str) -> HttpResponseRedirect:
    """To the profile form, and on to the local path ``then`` once the profile is saved."""
    return redirect(f"{reverse('profile')}?{urlencode({'next': then})}")


class ProfileCompletionMiddleware:
    """On their first visit after signing in, people are asked who they are before anything else. Only pages
    (GET) are held back: a form posted elsewhere cannot be sent on after the profile step, so actions that need a
    complete profile (registering, enrolling) refuse by themselves and send the person back to the page."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and not self._allowed(request):
            if not profile_get_or_create(user=request.user).is_complete:
                return to_profile_step(then=request.get_full_path())
        return self.get_response(request)

    @staticmethod
    def _allowed(request: HttpRequest) -> bool:
        if request.method != "GET" or request.path.startswith(_ALWAYS_ALLOWED_PREFIXES):
            return True
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return True
        return match.url_name in _ALWAYS_ALLOWED_URL_NAMES


class LocaleMiddleware(DjangoLocaleMiddleware):
    """The admin's addresses carry no language. The office works in Polish, so there the language a person chose on
    the site (its cookie) or else the site's default applies, never the browser's: staff who open /admin/ signed
    out are sent to the Polish sign-in page. (Signed in, Wagtail uses each person's own admin language.)"""

    def process_request(self, request: HttpRequest) -> None:
        if request.path_info.startswith("/admin/"):
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
            return
        super().process_request(request)
