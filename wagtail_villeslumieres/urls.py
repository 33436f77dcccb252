"""The package's own public URLs: the letter counter's JSON, embed and oEmbed provider.

Pages serve everything else below their own address (agenda, exports, feeds,
letter kit) through their routes.

Include them once, before Wagtail's catch-all::

    path("villeslumieres/", include("wagtail_villeslumieres.urls")),
"""

from django.urls import path

from .views import counter_json, embed, oembed, reporting

app_name = "wagtail_villeslumieres"

urlpatterns = [
    # Letter counter: JSON (all hubs, or one hub by the page ID of any of its
    # translations), embeddable document, oEmbed provider.
    path("counter/<slug:slug>.json", counter_json.counter_json, name="counter_json"),
    path("counter/<slug:slug>/<int:hub>.json", counter_json.counter_json, name="counter_hub_json"),
    # A network's members and their figures (its counter JSON links here).
    path(
        "counter/<slug:slug>/<int:hub>/members.json",
        counter_json.network_members_json,
        name="network_members_json",
    ),
    # The whole list of the counters a counter sums, when its JSON links to it.
    path(
        "counter/<slug:slug>/includes.json",
        counter_json.counter_includes_json,
        name="counter_includes_json",
    ),
    path(
        "counter/<slug:slug>/<int:hub>/includes.json",
        counter_json.counter_includes_json,
        name="counter_hub_includes_json",
    ),
    path("embed/counter/<slug:slug>/", embed.counter_embed, name="counter_embed"),
    path("oembed/", oembed.oembed, name="oembed"),
    # Reporting links: an organiser's form (no account), its thank-you page.
    path("report/<str:token>/", reporting.report_form, name="report"),
    path("report/<str:token>/thanks/", reporting.report_thanks, name="report_thanks"),
    path("report/<str:token>/<int:report>/", reporting.report_form, name="report_correct"),
]
