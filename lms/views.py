import logging
import sys

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.db import InterfaceError, OperationalError
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.http import require_POST

from lms import services
from lms.forms import ProfileForm
from lms.i18n import remember_language, unsupported_language_in_path

logger = logging.getLogger(__name__)


def _safe_next(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    """A redirect to `next` when it is a path on this site, else to the fallback. Never redirect() with it: that reads
    a value without '/' or '.' ('0', 'healthz', 'account_logout') as a URL name."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    is_local_path = target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return HttpResponseRedirect(target if is_local_path else fallback)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    profile = services.profile_get_or_create(user=request.user)
    first_time = not profile.is_complete
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        services.profile_update(profile=profile, actor=request.user, data=form.cleaned_data)
        with translation.override(profile.language):
            messages.success(request, _("Your profile has been saved."))
            destination = reverse("profile")
        return remember_language(
            _safe_next(request, destination) if first_time else redirect(destination), profile.language
        )
    return render(
        request,
        "lms/profile.html",
        {"form": form, "profile": profile, "first_time": first_time, "next": request.GET.get("next", "")},
        status=400 if form.errors else 200,
    )


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; remembered in a cookie and, for signed-in people, on their profile."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        return HttpResponseBadRequest(_("This language is not available."))
    if request.user.is_authenticated:
        profile = services.profile_get_or_create(user=request.user)
        if profile.language != language:
            services.profile_set_language(profile=profile, language=language)
            # Said, because it reaches beyond this screen: the next e-mail comes in this language too.
            with translation.override(language):
                messages.info(request, _("E-mails from the service will now also come in this language "
                                         "(%(language)s). You can choose another one in your profile.") % {
                    "language": translation.get_language_info(language)["name_translated"]})
    return remember_language(_safe_next(request, f"/{language}/"), language)


# Seconds a client (or a proxy) is asked to wait after a database outage: a restart takes a few.
DATABASE_OUTAGE_RETRY_AFTER = 5


def server_error(request: HttpRequest) -> HttpResponse:
    """A lost database connection (a restart, a failover) is not a fault of the page: 503 with Retry-After and one
    log line, not the 500 page and a long traceback per request. Anything else is the usual 500 page."""
    error = sys.exc_info()[1]
    if not isinstance(error, (InterfaceError, OperationalError)):
        return defaults.server_error(request)
    logger.warning("Database unavailable, answered 503: %s %s (%s: %s)", request.method, request.path,
                   type(error).__name__, str(error).strip().splitlines()[0] if str(error).strip() else "")
    # Rendered without a request or context: they would reach for the database.
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(DATABASE_OUTAGE_RETRY_AFTER)
    response._has_been_logged = True  # Django would log it once more, with the traceback
    return response


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request, "404.html", {"unknown_language": unsupported_language_in_path(request.path)}, status=404
    )


def site_sign_in(request: HttpRequest) -> HttpResponse:
    """Wagtail's login forms (the admin's and the one for restricted pages) would let people in with a password
    alone, skipping two-factor authentication and e-mail verification; their addresses lead to the site's sign-in
    instead, keeping where the person was going."""
    next_url = request.GET.get("next", "")
    target = reverse("account_login")
    return redirect(f"{target}?{urlencode({'next': next_url})}" if next_url else target)
