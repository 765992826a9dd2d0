from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lms import admin_views, views
from lms.health import healthz

urlpatterns = [
    path("admin/login/", views.site_sign_in, name="admin_sign_in"),  # before Wagtail's own login view
    path("admin/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/<int:parent_page_id>/",
         admin_views.page_create, name="page_create_without_autosave"),  # before Wagtail's own create view
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/language/", views.switch_language, name="switch_language"),
    path("healthz", healthz, name="healthz"),
    path("", include("events.machine_urls")),
    path("", include("certificates.machine_urls")),
    path("", include("participants.machine_urls")),
]

urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("profile/", views.profile, name="profile"),
    path("", include("events.urls")),
    path("", include("certificates.urls")),
    path("", include("participants.urls")),
    path("", include("consultations.urls")),
    path("", include("organisations.urls")),
    path("_util/login/", views.site_sign_in, name="page_sign_in"),  # before Wagtail's own, for restricted pages
    path("", include(wagtail_urls)),
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns

handler404 = "lms.views.page_not_found"
handler500 = "lms.views.server_error"
