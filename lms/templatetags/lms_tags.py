from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

from wagtail.models import Site

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


@register.simple_tag(takes_context=True)
def query_without_page(context: template.Context) -> str:
    """The current filters as a query string ready for ``page=N`` to be appended."""
    request = context.get("request")
    if request is None:
        return ""
    query = request.GET.copy()
    query.pop("page", None)
    encoded = query.urlencode()
    return f"{encoded}&" if encoded else ""


@register.simple_tag(takes_context=True)
def menu_pages(context: template.Context) -> list:
    """The pages editors marked "show in menus" under the home page, in the visitor's language."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    home = site.root_page.localized
    return list(home.get_children().live().in_menu().specific())
