"""Wagtail's view restrictions (password, signed-in only, groups) for what happens on a page outside its own
``serve``: actions posted to a page's own URLs and panels rendered on it. Wagtail's logic is reused, not rewritten."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from wagtail import hooks
from wagtail.models import Page


def serve_as_wagtail_does(request: HttpRequest, page: Page, view: Callable[[], HttpResponse]) -> HttpResponse:
    """Answer with ``view()`` behind the same hooks Wagtail's ``serve`` runs for ``page`` (``wagtail.views.serve``):
    a refused request gets Wagtail's own answer (the password form, the sign-in redirect) and ``view`` never runs.
    An action reached through the page's route passes them twice, which costs a query and changes nothing."""
    for hook in hooks.get_hooks("before_serve_page"):
        result = hook(page, request, (), {})
        if isinstance(result, HttpResponse):
            return result

    def serve_chain(page: Page, request: HttpRequest, args: tuple, kwargs: dict) -> HttpResponse:
        return view()

    for hook in reversed(hooks.get_hooks("on_serve_page")):
        serve_chain = hook(serve_chain)
    return serve_chain(page, request, (), {})


def passes_view_restrictions(request: HttpRequest, page: Page) -> bool:
    """Whether Wagtail would show ``page`` to this request (the page's and its ancestors' restrictions)."""
    return all(restriction.accept_request(request) for restriction in page.get_view_restrictions())
