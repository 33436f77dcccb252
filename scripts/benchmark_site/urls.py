"""The example site's URLs and the benchmark's anchors, served by the same server.

- ``/benchmark/trivial.json``: the cheapest JSON a Django view answers.
- ``/benchmark/static/<path>``: a collected static file, through Django's ``serve``
  (the example site serves no static files itself without ``DEBUG``).
"""

from django.conf import settings
from django.http import JsonResponse
from django.urls import path, re_path
from django.views.static import serve

from villeslumieres_demo.urls import urlpatterns as site_patterns


def trivial_json(request):
    return JsonResponse({"total": 1234, "goal": 5000})


urlpatterns = [
    path("benchmark/trivial.json", trivial_json),
    re_path(r"^benchmark/static/(?P<path>.*)$", serve, {"document_root": settings.STATIC_ROOT}),
    *site_patterns,
]
