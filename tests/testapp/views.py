"""Site search, as in a project made by ``wagtail start``: the package's pages must be found."""

from django.template.response import TemplateResponse
from wagtail.models import Page


def search(request):
    search_query = request.GET.get("query", "").strip()
    if search_query:
        search_results = Page.objects.live().public().specific().search(search_query)
    else:
        search_results = Page.objects.none()
    return TemplateResponse(
        request,
        "testapp/search.html",
        {"search_query": search_query, "search_results": search_results},
    )
