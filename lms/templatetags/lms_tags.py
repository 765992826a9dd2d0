from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

from lms.i18n import language_alternatives

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context: template.Context) -> list[dict]:
    request = context.get("request")
    if request is None:
        return []
    return language_alternatives(request, context.get("page"))


@register.simple_tag
def accessible_widget(field: BoundField) -> SafeString:
    """The field's input, pointing at its hint and error text so screen readers announce them."""
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}_help")
    if field.errors:
        described_by.append(f"{field.auto_id}_error")
    attrs = {"aria-describedby": " ".join(described_by)} if described_by else {}
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)
