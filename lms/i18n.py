"""Language plumbing: which languages exist, where a page lives in each, and remembering a choice."""

import re

from django.conf import settings
from django.db.models import Case, Q, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse
from django.urls import translate_url
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

from lms.search_words import search_query

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


def matching_in_any_language(pages: QuerySet, query: str, *, first_in: Locale) -> QuerySet:
    """Narrow ``pages`` (live default-language pages, already ordered) to those whose text in any language has every
    word of the search in some form (lms.search_words); those that match in ``first_in``, the visitor's language,
    come first. A search without a word in it narrows nothing."""
    search = search_query(query)
    if search is None:
        return pages
    # Every database search backend (lms.search) answers with a queryset, so the match stays one subquery and a
    # search that matches most events loads none of them; a page that matches itself is found without a join.
    matched = pages.model.objects.search(search, order_by_relevance=False).get_queryset().values("pk")
    default_locale = Locale.get_default()
    matched_translations = Page.objects.live().filter(pk__in=matched).exclude(locale=default_locale)
    if first_in == default_locale:
        in_language = Q(pk__in=matched)
    else:
        in_language = Q(translation_key__in=matched_translations.filter(locale=first_in).values("translation_key"))
    found = Q(pk__in=matched) | Q(translation_key__in=matched_translations.values("translation_key"))
    return pages.filter(found).order_by(Case(When(in_language, then=Value(0)), default=Value(1)), *pages.query.order_by)


def translations_by_key(model: type[Page], *, locale: Locale, keys: list) -> dict:
    """Live pages of ``model`` in ``locale`` for the given translation keys, in one query."""
    return {page.translation_key: page for page in model.objects.live().filter(locale=locale, translation_key__in=keys)}


def ensure_locales() -> list[Locale]:
    return [Locale.objects.get_or_create(language_code=code)[0] for code, _name in settings.LANGUAGES]
