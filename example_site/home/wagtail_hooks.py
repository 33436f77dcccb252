"""The example site's own pages answer only in their language, like the package's."""

from wagtail import hooks

from wagtail_villeslumieres.views.languages import serve_in_page_language

from .models import HomePage


@hooks.register("before_serve_page")
def serve_home_in_its_language(page, request, serve_args, serve_kwargs):
    if isinstance(page, HomePage):
        return serve_in_page_language(page, request)
    return None
