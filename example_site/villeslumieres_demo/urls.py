from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static as static_url
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from search import views as search_views


def favicon(request):
    """Browsers ask for /favicon.ico whatever a page links to: the demo's drawn icon."""
    return redirect(static_url("favicon.svg"), permanent=True)


urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The package's own URLs (counter JSON, embeds, exports) carry no language prefix:
    # other sites embed them, and they take the language as a parameter.
    path("villeslumieres/", include("wagtail_villeslumieres.urls")),
    path("favicon.ico", favicon),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
if settings.DEBUG or settings.DEMO_SERVES_MEDIA:
    # The demo's uploaded images, with or without DEBUG (``django.conf.urls.static``
    # serves nothing without DEBUG); static files come from `runserver --insecure`.
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [
        re_path(rf"^{media_prefix}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    ]

urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("", include(wagtail_urls)),
)
