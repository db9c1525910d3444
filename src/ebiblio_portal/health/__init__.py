"""GET /healthz: 200 with JSON when the database answers, 503 when not."""

from ..db import DatabaseUnavailable, ping
from ..vendors.services import VendorDirectory


def healthz(request):
    body = {"status": "ok", "database": "ok", "vendors": request.find_service(VendorDirectory).names()}
    try:
        ping(request.registry["db.engine"])
    except DatabaseUnavailable:
        body.update(status="unavailable", database="unreachable")
        request.response.status = 503
    request.response.cache_control = "no-store"
    return body


def includeme(config):
    config.add_route("healthz", "/healthz")
    config.add_view(healthz, route_name="healthz", renderer="json", request_method="GET")
