"""The title page (search is in ebiblio_portal.search)."""

from pyramid.view import view_config

from .pages import title_page


@view_config(route_name="publication", renderer="publication.jinja2", request_method="GET")
def publication_page(request):
    return title_page(request)
