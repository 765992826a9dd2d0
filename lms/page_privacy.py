"""Wagtail's view restrictions (password, signed-in only, groups) for what happens on a page outside its own
``serve``: actions posted to a page's own URLs and panels rendered on it. Wagtail's logic is reused, not rewritten."""

from collections.abc import Callable

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from wagtail import hooks
from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet


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


def listed_for(request: HttpRequest, pages: PageQuerySet) -> PageQuerySet:
    """``pages`` without those under a view restriction this request does not pass: a listing shows no card (title,
    summary, date) of a page its visitor could not open. Restrictions are few; each is checked as Wagtail would."""
    refused = [restriction.page.path for restriction in PageViewRestriction.objects.select_related("page")
               if not restriction.accept_request(request)]
    if not refused:
        return pages
    under_refused = Q()
    for path in refused:
        under_refused |= Q(path__startswith=path)
    return pages.exclude(under_refused)
