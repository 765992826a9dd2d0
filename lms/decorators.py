from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils import timezone
from wagtail.models import Page

from lms.page_privacy import serve_as_wagtail_does


def _over_rate_limit(user_id: int) -> bool:
    """A fixed one-minute window per person, counted in the shared cache (so across app servers too)."""
    key = f"page-action:{user_id}:{timezone.now():%Y%m%d%H%M}"
    cache.add(key, 0, timeout=70)
    return cache.incr(key) > settings.LMS_ACTION_RATE_PER_MINUTE


def page_action(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For a form posted to a route of a page: POST only, the page's view restrictions hold as when Wagtail serves
    it (whichever URL the form posts to), visitors who are not signed in go to the login page and come back
    afterwards, and one person cannot fire more than a few dozen actions a minute."""

    @wraps(view)
    def wrapper(request: HttpRequest, *, page: Page) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return serve_as_wagtail_does(request, page, lambda: _signed_in_action(request, page))

    def _signed_in_action(request: HttpRequest, page: Page) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(page.url)
        if _over_rate_limit(request.user.pk):
            return render(request, "429.html", status=429)
        return view(request, page=page)

    return wrapper
