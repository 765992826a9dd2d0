from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from wagtail.models import Page


def page_action(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For a form posted to a route of a page: POST only, and visitors who are not signed in go to the login
    page and come back to the page afterwards."""

    @wraps(view)
    def wrapper(request: HttpRequest, *, page: Page) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not request.user.is_authenticated:
            return redirect_to_login(page.url)
        return view(request, page=page)

    return wrapper
