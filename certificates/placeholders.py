"""Placeholders in a certificate layout: ``{{ participant_name }}`` and friends.

Editors write the layout as HTML in the admin; only these names are filled in, nothing else is evaluated
(a layout is not a Django template, so it cannot reach data or tags). Text values are escaped; the
``MARKUP`` ones are HTML we build ourselves (QR code, logos, signatures)."""

import re
from collections.abc import Iterable, Mapping
from html import escape
from html.parser import HTMLParser

from django.utils.translation import gettext_lazy as _

PLACEHOLDERS: dict[str, str] = {
    "participant_name": _("the participant's full name"),
    "title": _("the course or event title"),
    "dates": _("the date or dates of the event or course"),
    "hours": _("training hours"),
    "number": _("the certificate number, e.g. I3/2026/000123"),
    "issued_on": _("the date of issue"),
    "verification_url": _("the address of the verification page"),
    "qr_code": _("the QR code that opens the verification page (signed)"),
    "logos": _("the template's logos"),
    "signatures": _("the template's signature images with names"),
}
MARKUP = frozenset({"qr_code", "logos", "signatures"})

# Anything between double braces is meant as a placeholder ("{{ participant name }}" too), so misspelt ones are
# reported rather than printed as they are.
_PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]*)|@import\s+['"]([^'"]*)""", re.IGNORECASE)
# Addresses a certificate can use: embedded data, and the template's own images (logos, signatures).
_USABLE_ADDRESS = re.compile(r"(data|asset):", re.IGNORECASE)
_TEMPLATE_SYNTAX = re.compile(r"\{%|%\}|\{#|#\}")


def placeholders_in(layout: str) -> list[str]:
    return _PLACEHOLDER.findall(layout)


def layout_errors(layout: str) -> list[str]:
    """What is wrong with a layout, in words an editor understands; empty when it can be used."""
    errors = []
    unknown = sorted({name for name in placeholders_in(layout) if name not in PLACEHOLDERS})
    if unknown:
        errors.append(
            _("Unknown placeholder(s): %(unknown)s. Available: %(known)s.")
            % {"unknown": ", ".join("{{ %s }}" % name for name in unknown),
               "known": ", ".join("{{ %s }}" % name for name in PLACEHOLDERS)}
        )
    if _TEMPLATE_SYNTAX.search(layout):
        errors.append(_("Template tags ({% … %}) and comments ({# … #}) are not allowed; use only placeholders."))
    if "participant_name" not in placeholders_in(layout):
        errors.append(_("The layout must show the participant's name: add {{ participant_name }}."))
    finder = _ImageFinder()
    finder.feed(layout)
    finder.close()
    if finder.without_alt:
        errors.append(_("Every image needs a text alternative for screen readers (the PDF is tagged): add "
                        "alt=\"…\" to %(images)s.") % {"images": ", ".join(finder.without_alt)})
    errors.extend(_outside_address_errors([*finder.addresses, *_css_addresses(layout)]))
    return errors


def styles_errors(css: str) -> list[str]:
    """What is wrong with a template's own CSS; empty when it can be used."""
    return _outside_address_errors(_css_addresses(css))


def _css_addresses(css: str) -> list[str]:
    return [url or imported for url, imported in _CSS_URL.findall(css)]


def _outside_address_errors(addresses: Iterable[str]) -> list[str]:
    # The renderer refuses any other address, so such an image would be missing from every certificate.
    outside = sorted({address for address in addresses if not _USABLE_ADDRESS.match(address)})
    if not outside:
        return []
    return [_("A certificate cannot load anything from other addresses: %(addresses)s. Add pictures as the "
              "template's background, logos or signatures, or embed them as data: addresses.")
            % {"addresses": ", ".join(outside)}]


class _ImageFinder(HTMLParser):
    """Images without a text alternative, and every address the layout's elements and styles would load."""

    def __init__(self) -> None:
        super().__init__()
        self.without_alt: list[str] = []
        self.addresses: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "img" and not (attributes.get("alt") or "").strip():
            self.without_alt.append(f'<img src="{attributes.get("src") or ""}">')
        for name in ("src", "srcset", "data", "poster") + (("href",) if tag == "link" else ()):
            if attributes.get(name):
                self.addresses.append(attributes[name].strip())
        self.addresses.extend(_css_addresses(attributes.get("style") or ""))


def fill(layout: str, values: Mapping[str, str], *, markup_between_tags: Mapping[str, str] | None = None) -> str:
    """The layout with every placeholder replaced; text is escaped, ``MARKUP`` values are inserted as they are.
    Names missing from ``values`` become empty. A name in ``markup_between_tags`` is inserted as that markup where
    it stands between elements, and as its escaped text value inside a tag (an attribute, such as a link's href)."""
    markup_between_tags = markup_between_tags or {}

    def replace(match: re.Match) -> str:
        name = match.group(1)
        value = str(values.get(name, ""))
        inside_a_tag = layout.rfind("<", 0, match.start()) > layout.rfind(">", 0, match.start())
        if name in markup_between_tags and not inside_a_tag:
            return markup_between_tags[name]
        return value if name in MARKUP else escape(value)

    return _PLACEHOLDER.sub(replace, layout)


def describe(names: Iterable[str] = PLACEHOLDERS) -> str:
    return "; ".join(f"{{{{ {name} }}}} – {PLACEHOLDERS[name]}" for name in names)
