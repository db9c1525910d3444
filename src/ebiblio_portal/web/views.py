"""The front page and the error pages."""

import logging

from pyramid.exceptions import BadCSRFToken
from pyramid.httpexceptions import HTTPBadRequest
from pyramid.view import exception_view_config, forbidden_view_config, notfound_view_config, view_config
from sqlalchemy.exc import DBAPIError

from ..catalog.lanes import front_page_lanes

log = logging.getLogger(__name__)


@view_config(route_name="home", renderer="home.jinja2", request_method="GET")
def home(request):
    # The lanes come from a registry (catalog.lanes) so curation adds its picks without editing this view.
    return {"lanes": front_page_lanes(request)}


@notfound_view_config(renderer="error.jinja2", append_slash=True)
def not_found(request):
    request.response.status = 404
    return {"kind": "not_found"}


@forbidden_view_config(renderer="error.jinja2")
def forbidden(request):
    request.response.status = 403
    return {"kind": "forbidden"}


@exception_view_config(BadCSRFToken, renderer="error.jinja2")
def bad_csrf(exc, request):
    request.response.status = 400
    return {"kind": "csrf"}


@exception_view_config(HTTPBadRequest, renderer="error.jinja2")
def bad_request(exc, request):
    request.response.status = 400
    return {"kind": "bad_request"}


@exception_view_config(DBAPIError, renderer="error.jinja2")
def database_unavailable(exc, request):
    # One line, not a traceback: the operator's monitoring sees /healthz go 503 too.
    log.error("database error on %s: %s", request.path, str(getattr(exc, "orig", exc)).strip().splitlines()[0])
    request.response.status = 503
    request.response.headers["Retry-After"] = "30"
    return {"kind": "unavailable"}


@exception_view_config(Exception, renderer="error.jinja2")
def server_error(exc, request):
    log.exception("unexpected error on %s", request.path)
    request.response.status = 500
    return {"kind": "error"}
