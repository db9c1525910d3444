"""The audit log: what staff did, filtered and paged."""

from __future__ import annotations

from pyramid.view import view_config

from ...i18n import _
from ...security.policy import NATIONAL
from .. import auditlog
from ..membership import parse_date
from .common import translate


@view_config(route_name="national_audit", renderer="national/audit.jinja2", request_method="GET", permission=NATIONAL)
def audit_log(request):
    get = request.GET
    wanted = auditlog.AuditFilter(
        actor=(get.get("actor") or "").strip()[:100],
        action=(get.get("action") or "").strip()[:100],
        target=(get.get("target") or "").strip()[:300],
    )
    errors = {}
    for name in ("since", "until"):
        try:
            setattr(wanted, name, parse_date((get.get(name) or "")[:40]))
        except ValueError:
            errors[name] = translate(request, _("Write the date as day.month.year, for example 23.4.2024."))
    page = get.get("page") or "1"
    page = int(page) if page.isascii() and page.isdigit() and len(page) < 7 else 1
    if errors:
        request.response.status = 400
    entries, page, pages, total = auditlog.page_of(request.dbsession, wanted, page)
    values = {name: (get.get(name) or "")[:100] for name in ("actor", "action", "target", "since", "until")}
    query = {name: value for name, value in values.items() if value and name not in errors}
    return {
        "entries": entries,
        "page": page,
        "pages": pages,
        "total": total,
        "values": values,
        "errors": errors,
        "actions": auditlog.actions(request.dbsession),
        "page_url": lambda number: request.route_path("national_audit", _query={**query, "page": number}),
    }
