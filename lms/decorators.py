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
from lms.security import client_address


def _count(key: str) -> int:
    cache.add(key, 0, timeout=70)
    return cache.incr(key)


def _over_rate_limit(request: HttpRequest) -> bool:
    """Fixed one-minute windows counted in the shared cache (so across app servers too): per person, and per client
    address, which one machine driving many accounts shares."""
    minute = f"{timezone.now():%Y%m%d%H%M}"
    return (_count(f"page-action:user:{request.user.pk}:{minute}") > settings.LMS_ACTION_RATE_PER_MINUTE
            or _count(f"page-action:address:{client_address(request)}:{minute}")
            > settings.LMS_ACTION_RATE_PER_ADDRESS_PER_MINUTE)


def page_action(view: Callable[..., HttpResponse], methods: tuple[str, ...] = ("POST",)) -> Callable[..., HttpResponse]:
    """For a form posted to a route of a page: only ``methods`` (POST), the page's view restrictions hold as when Wagtail serves
    it (whichever URL the form posts to), visitors who are not signed in go to the login page and come back
    afterwards, and one person (or one address) cannot fire more than a few dozen actions a minute."""

    @wraps(view)
    def wrapper(request: HttpRequest, *, page: Page) -> HttpResponse:
        if request.method not in methods:
            return HttpResponseNotAllowed(list(methods))
        return serve_as_wagtail_does(request, page, lambda: _signed_in_action(request, page))

    def _signed_in_action(request: HttpRequest, page: Page) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(page.url)
        if _over_rate_limit(request):
            return render(request, "429.html", status=429)
        return view(request, page=page)

    return wrapper


def page_action_with_question(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page action whose question can also be opened by its address (GET asks, the confirmed POST acts)."""
    return page_action(view, methods=("GET", "POST"))
