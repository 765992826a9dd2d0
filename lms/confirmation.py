"""A second step before actions a participant cannot take back (a freed seat goes to the next person at once)."""

from django.http import HttpRequest
from django.template.response import TemplateResponse
from wagtail.models import Page


def is_confirmed(request: HttpRequest) -> bool:
    return request.POST.get("confirm") == "yes"


def confirmation_page(request: HttpRequest, *, page: Page, question: str, consequence: str, confirm_label: str,
                      keep_label: str) -> TemplateResponse:
    """Asks ``question``; the form posts the same action again, confirmed, and the other way leads back to the
    page, changing nothing."""
    return TemplateResponse(request, "lms/confirm_action.html", {
        "page": page, "question": question, "consequence": consequence, "confirm_label": confirm_label,
        "keep_label": keep_label,
    })
