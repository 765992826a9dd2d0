"""The participant's certificate on an event or course page (the pages belong to other apps; this keeps what
certificates know in this one)."""

from django import template

from certificates.selectors import participant_certificate
from courses.models import CoursePage

register = template.Library()


@register.inclusion_tag("certificates/includes/participant_certificate.html", takes_context=True)
def your_certificate(context: template.Context, page) -> dict:
    """``page`` is an event or a course page; nothing is shown to people without a confirmed place there."""
    is_course = isinstance(page, CoursePage)
    scope = {"course": page} if is_course else {"event": page}
    return {"outlook": participant_certificate(context["request"].user, **scope), "page": page.canonical,
            "is_course": is_course}
