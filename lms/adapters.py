from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation

from lms.i18n import SITE_TITLE, remember_language
from lms.mail import queue_mail
from lms.services import profile_get_or_create


class AccountAdapter(DefaultAccountAdapter):
    """Glue between allauth and the platform: mail goes through the queue, the user's language is honoured."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # allauth's own send_mail adds what its e-mail templates greet and sign with ("Hello from <site>!");
        # replacing it means adding those here.
        request = allauth_context.request
        context = {"request": request, "email": email, "current_site": _site_for_mail(), **context}
        queue_mail(message=self.render_mail(template_prefix, email, context))

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        profile = profile_get_or_create(user=request.user)
        with translation.override(profile.language):
            return reverse("profile")

    def post_login(self, request: HttpRequest, user, **kwargs) -> HttpResponse:
        response = super().post_login(request, user, **kwargs)
        return remember_language(response, profile_get_or_create(user=user).language)


def _site_for_mail() -> SimpleNamespace:
    """The name and address allauth's messages sign with: the site's title as every page shows it, in the
    language of the message, and the public host."""
    return SimpleNamespace(name=str(SITE_TITLE), domain=urlsplit(settings.WAGTAILADMIN_BASE_URL).netloc)


def user_display(user) -> str:
    """How allauth names a person in its messages ("Signed in as …"): their name, else their e-mail."""
    return user.get_full_name() or user.email
