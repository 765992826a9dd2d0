from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from certificates import views as certificate_views
from events import callbacks
from events import views as event_views
from lms import views
from lms.health import healthz

urlpatterns = [
    path("admin/login/", views.admin_sign_in, name="admin_sign_in"),  # before Wagtail's own login view
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/language/", views.switch_language, name="switch_language"),
    path("healthz", healthz, name="healthz"),
    path("bbb/callbacks/end/", callbacks.meeting_ended, name="bbb_end_callback"),
    path("bbb/callbacks/recording-ready/", callbacks.recording_ready, name="bbb_recording_ready_callback"),
    path("bbb/callbacks/analytics/", callbacks.analytics, name="bbb_analytics_callback"),
    path("certificates/public-key.pem", certificate_views.public_key, name="certificate_public_key"),
    path("certificates/public-keys.pem", certificate_views.public_keys, name="certificate_public_keys"),
]

urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("profile/", views.profile, name="profile"),
    path("my/registrations/", event_views.my_registrations, name="my_registrations"),
    path("my/certificates/", certificate_views.my_certificates, name="my_certificates"),
    path("certificates/<str:code>/pdf/", certificate_views.download, name="certificate_download"),
    path("certificates/verify/", certificate_views.verify_lookup, name="certificate_verify_lookup"),
    path("certificates/verify/<str:code>/", certificate_views.verify, name="certificate_verify"),
    path("events/<id:event_id>/register/", event_views.register_for_event, name="event_register"),
    path("", include(wagtail_urls)),
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns

handler404 = "lms.views.page_not_found"
