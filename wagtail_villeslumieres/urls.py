"""The package's own URLs (counter JSON, embeds, exports, feeds).

Include them once, before Wagtail's catch-all::

    path("villeslumieres/", include("wagtail_villeslumieres.urls")),
"""

from django.urls import path

from .views import api, embed, oembed

app_name = "wagtail_villeslumieres"

urlpatterns = [
    # Letter counter: JSON (all hubs, or one hub by the page ID of any of its
    # translations), embeddable document, oEmbed provider.
    path("counter/<slug:slug>.json", api.counter_json, name="counter_json"),
    path("counter/<slug:slug>/<int:hub>.json", api.counter_json, name="counter_hub_json"),
    path("embed/counter/<slug:slug>/", embed.counter_embed, name="counter_embed"),
    path("oembed/", oembed.oembed, name="oembed"),
]
