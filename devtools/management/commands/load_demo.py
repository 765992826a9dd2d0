"""Demo content for `make run`: a home page and service pages in four languages, site settings, an admin.

Safe to run again: what exists is left as it is."""

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from lms.i18n import ensure_locales
from lms.models import HomePage, Profile, SiteSettings, StandardPage, User
from devtools.demo_texts import HOME, PAGES

ADMIN_EMAIL = "admin@example.org"
ADMIN_PASSWORD = "demo-admin-2026"


def _paragraph(html: str) -> list[tuple[str, str]]:
    return [("paragraph", html)]


class Command(BaseCommand):
    help = "Load demo pages (pl, en, uk, ru), site settings and a demo admin account."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        locales = {locale.language_code: locale for locale in ensure_locales()}
        home = self._home(locales)
        pages = {slug: self._standard_page(home, slug, locales) for slug in PAGES}
        settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        if not settings.organisation_name:
            settings.organisation_name = "Urząd Wojewódzki — Wydział Spraw Cudzoziemców (demo)"
            settings.contact_email = "cudzoziemcy@example.org"
            settings.contact_phone = "+48 22 000 00 00"
            settings.privacy_page = pages["privacy"]
            settings.accessibility_page = pages["accessibility"]
            settings.save()
        self._admin()
        self.stdout.write(self.style.SUCCESS("Demo content ready."))
        self.stdout.write(f"Admin: {ADMIN_EMAIL} / {ADMIN_PASSWORD}  (http://127.0.0.1:8000/admin/)")

    def _home(self, locales: dict[str, Locale]) -> HomePage:
        home = HomePage.objects.filter(locale=locales["pl"]).first()
        if home is None:
            root = Page.get_first_root_node()
            home = root.add_child(instance=HomePage(
                title=HOME["pl"]["title"], slug="start", intro=HOME["pl"]["intro"],
                body=_paragraph(HOME["pl"]["body"]), locale=locales["pl"],
            ))
            site = Site.objects.get(is_default_site=True)
            placeholder = site.root_page
            site.root_page = home
            site.site_name = "Szkolenia"
            site.save()
            if placeholder.specific_class is Page:
                placeholder.delete()
        for code, text in HOME.items():
            if code != "pl" and not home.has_translation(locales[code]):
                translated = home.copy_for_translation(locales[code])
                translated.title, translated.intro = text["title"], text["intro"]
                translated.body = _paragraph(text["body"])
                translated.save_revision().publish()
        return home

    def _standard_page(self, home: HomePage, slug: str, locales: dict[str, Locale]) -> StandardPage:
        texts = PAGES[slug]
        page = StandardPage.objects.filter(locale=locales["pl"], slug=slug).first()
        if page is None:
            page = home.add_child(instance=StandardPage(
                title=texts["pl"]["title"], slug=slug, intro=texts["pl"]["intro"],
                body=_paragraph(texts["pl"]["body"]), locale=locales["pl"],
            ))
        for code, text in texts.items():
            if code != "pl" and not page.has_translation(locales[code]):
                translated = page.copy_for_translation(locales[code], copy_parents=True)
                translated.title, translated.intro = text["title"], text["intro"]
                translated.body = _paragraph(text["body"])
                translated.save_revision().publish()
        return page

    def _admin(self) -> None:
        user = User.objects.filter(email=ADMIN_EMAIL).first()
        if user is None:
            user = User.objects.create_superuser(
                username="admin", email=ADMIN_EMAIL, password=ADMIN_PASSWORD, first_name="Anna", last_name="Nowak"
            )
        EmailAddress.objects.update_or_create(
            user=user, email=ADMIN_EMAIL, defaults={"verified": True, "primary": True}
        )
        Profile.objects.update_or_create(user=user, defaults={
            "audience": Profile.Audience.STAFF, "department": "Wydział Spraw Cudzoziemców",
            "language": "pl", "completed_at": timezone.now(), "privacy_consent_at": timezone.now(),
        })
