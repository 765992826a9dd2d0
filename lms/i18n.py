"""Language plumbing: which languages exist, where a page lives in each, and remembering a choice."""

import re
import unicodedata

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import translate_url
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

# What the site calls itself in every language: page titles and header (templates), e-mails, calendar files.
SITE_TITLE = gettext_lazy("Training for migrant-information services")

_LANGUAGE_LIKE_SEGMENT = re.compile(r"^[a-z]{2}(?:-[a-z]{2,4})?$")


def remember_language(response: HttpResponse, language: str) -> HttpResponse:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE, secure=settings.LANGUAGE_COOKIE_SECURE,
    )
    return response


def unsupported_language_in_path(path: str) -> str | None:
    """The language code a visitor typed that we do not offer (``/de/…``, or ``/pl/de/…`` after the redirect)."""
    segments = [segment for segment in path.split("/") if segment]
    supported = dict(settings.LANGUAGES)
    if segments and segments[0] in supported:
        segments = segments[1:]
    if segments and _LANGUAGE_LIKE_SEGMENT.match(segments[0]) and segments[0] not in supported:
        return segments[0]
    return None


def language_alternatives(request: HttpRequest, page: Page | None) -> list[dict]:
    """For each language: its name and the address of the current page in it (a Wagtail translation, or the
    same view under another language prefix); the language's home page when the page is not translated."""
    translated_pages: dict[str, str] = {}
    if page is not None and getattr(page, "pk", None):
        for translation in page.get_translations(inclusive=True).live().select_related("locale"):
            translated_pages[translation.locale.language_code] = translation.get_url(request)
    current_path = request.get_full_path()
    # What the reader is looking at within the page (the archive of an event list, a search) stays the same in
    # the other language; only for GET, since a page shown after a form was posted has its action as the path.
    within_page = ""
    if page is not None and request.method == "GET":
        own_url = translated_pages.get(getattr(page.locale, "language_code", ""), "")
        if own_url and request.path.startswith(own_url):
            query = request.META.get("QUERY_STRING", "")
            within_page = request.path[len(own_url):] + (f"?{query}" if query else "")
    alternatives = []
    for code, name in settings.LANGUAGES:
        if page is not None:
            url = translated_pages[code] + within_page if code in translated_pages else f"/{code}/"
        else:
            url = translate_url(current_path, code)
        alternatives.append({"code": code, "name": name, "url": url})
    return alternatives


class CanonicalPageMixin:
    """For pages whose facts (schedule, seats, registrations) live on the version in the default language."""

    @cached_property
    def canonical(self):
        # Comparing language codes saves a query when the page's locale is already loaded (select_related).
        if self.locale.language_code == get_supported_content_language_variant(settings.LANGUAGE_CODE):
            return self
        return self.get_translation_or_none(Locale.get_default()) or self

    def get_view_restrictions(self):
        """A translation is as private as its source: Wagtail's privacy belongs to one page, and restricting the
        Polish version alone would leave the same event open in other languages. Wagtail's serve, its privacy
        dialog ("inherited") and lms.page_privacy all read restrictions through this method."""
        own = super().get_view_restrictions()
        if self.canonical.pk == self.pk:
            return own
        return own | self.canonical.get_view_restrictions()


# Letters NFKD does not split into a base letter and a mark.
_WITHOUT_MARKS = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D"})


def without_diacritics(text: str) -> str:
    """"Składki pracownika z Ukrainy" -> "Skladki pracownika z Ukrainy": Polish as it is typed on a keyboard without
    Polish letters, which is how many of the service's users search."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_WITHOUT_MARKS))
    return "".join(character for character in decomposed if not unicodedata.combining(character))


WITHOUT_DIACRITICS_FIELD = "title_and_summary_without_diacritics"


class SearchableWithoutDiacriticsMixin:
    """Indexes the title and summary a second time without diacritics (add ``WITHOUT_DIACRITICS_FIELD`` to
    ``search_fields``), so "skladki" finds "składki"."""

    def title_and_summary_without_diacritics(self) -> str:
        return without_diacritics(f"{self.title} {self.summary}")


def matching_in_any_language(pages: QuerySet, query: str) -> QuerySet:
    """Narrow ``pages`` (default-language pages) to those whose text in any language matches the search."""
    keys = {page.translation_key for page in pages.model.objects.live().search(query)}
    return pages.filter(translation_key__in=keys)


def translations_by_key(model: type[Page], *, locale: Locale, keys: list) -> dict:
    """Live pages of ``model`` in ``locale`` for the given translation keys, in one query."""
    return {page.translation_key: page for page in model.objects.live().filter(locale=locale, translation_key__in=keys)}


def ensure_locales() -> list[Locale]:
    return [Locale.objects.get_or_create(language_code=code)[0] for code, _name in settings.LANGUAGES]
