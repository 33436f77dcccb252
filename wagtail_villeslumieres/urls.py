"""The package's own URLs (counter JSON, embeds, exports, feeds).

Include them once, before Wagtail's catch-all::

    path("villeslumieres/", include("wagtail_villeslumieres.urls")),
"""

app_name = "wagtail_villeslumieres"

urlpatterns = []
