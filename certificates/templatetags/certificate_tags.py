"""The participant's certificate on an event or course page (the pages belong to other apps; this keeps what
certificates know in this one)."""

from django import template

from certificates.selectors import participant_certificate
from courses.models import CoursePage
from lms.page_privacy import passes_view_restrictions

register = template.Library()


@register.inclusion_tag("certificates/includes/participant_certificate.html", takes_context=True)
def your_certificate(context: template.Context, page) -> dict:
    """``page`` is an event or a course page; nothing is shown to people without a confirmed place there, nor to
    anyone the page's view restrictions would turn away (wherever the page is rendered from)."""
    request = context["request"]
    is_course = isinstance(page, CoursePage)
    outlook = participant_certificate(request.user, **({"course": page} if is_course else {"event": page}))
    if outlook is not None and not passes_view_restrictions(request, page):
        outlook = None
    return {"outlook": outlook, "page": page.canonical, "is_course": is_course}
