"""The vendor operations pages and the purchase suggestions."""

from __future__ import annotations

import csv
import io
import math

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.response import Response
from pyramid.view import view_config
from sqlalchemy import func, select

from ..admin import audit
from ..i18n import _
from ..models import SyncError, SyncRun, Vendor
from ..security.policy import CURATE, NATIONAL
from ..services import lookup
from ..stats.queries import hold_ratios
from ..vendors.services import VendorDirectory
from . import licenses
from .health import health_of
from .requests import request_sync, running

RUNS_PER_PAGE = 20
ERRORS_PER_PAGE = 50
DEFAULT_DAYS = 30


def _page_number(request, messages):
    raw = request.GET.get("page", "1")
    if not raw.isdigit() or int(raw) < 1 or int(raw) > 100_000:
        messages.append(_("There is no such page: the first page is shown."))
        return 1
    return int(raw)


def _pages(total, per_page):
    return max(1, math.ceil(total / per_page))


def unchanged(run):
    """Records read but neither written nor skipped (the vendor sent them unchanged)."""
    return max(0, (run.records_seen or 0) - (run.records_written or 0) - (run.records_failed or 0))


def _last_runs(session):
    latest = select(SyncRun.vendor_name, func.max(SyncRun.id).label("id")).group_by(SyncRun.vendor_name).subquery()
    runs = session.scalars(select(SyncRun).join(latest, latest.c.id == SyncRun.id)).all()
    return {run.vendor_name: run for run in runs}


@view_config(
    route_name="vendorops_vendors", renderer="vendorops/vendors.jinja2", request_method="GET", permission=NATIONAL
)
def vendors(request):
    directory = lookup(request.registry, VendorDirectory)
    providers = directory.all()
    known = {v.name: v for v in request.dbsession.scalars(select(Vendor))}
    rows = [{"name": p.name, "title": p.title, "configured": True, "vendor": known.get(p.name)} for p in providers] + [
        {"name": v.name, "title": v.title, "configured": False, "vendor": v}
        for v in known.values()
        if directory.get(v.name) is None
    ]
    return {
        "rows": rows,
        "last_runs": _last_runs(request.dbsession),
        "health": health_of(providers),
        "unchanged": unchanged,
    }


def _provider(request):
    provider = lookup(request.registry, VendorDirectory).get(request.matchdict["vendor"])
    if provider is None:
        raise HTTPNotFound()
    return provider


@view_config(
    route_name="vendorops_vendor", renderer="vendorops/vendor.jinja2", request_method="GET", permission=NATIONAL
)
def vendor(request):
    provider = _provider(request)
    session = request.dbsession
    messages = []
    page = _page_number(request, messages)
    total = session.scalar(select(func.count()).select_from(SyncRun).where(SyncRun.vendor_name == provider.name))
    runs = session.scalars(
        select(SyncRun)
        .where(SyncRun.vendor_name == provider.name)
        .order_by(SyncRun.started_at.desc(), SyncRun.id.desc())
        .offset((page - 1) * RUNS_PER_PAGE)
        .limit(RUNS_PER_PAGE)
    ).all()
    return {
        "provider": provider,
        "vendor": session.get(Vendor, provider.name),
        "running": running(session, provider.name),
        "runs": runs,
        "page": page,
        "pages": _pages(total, RUNS_PER_PAGE),
        "messages": messages,
        "notices": [SYNC_NOTICES[key] for key in request.session.pop_flash("vendorops") if key in SYNC_NOTICES],
        "health": health_of([provider])[provider.name],
        "unchanged": unchanged,
    }


@view_config(route_name="vendorops_run", renderer="vendorops/run.jinja2", request_method="GET", permission=NATIONAL)
def run(request):
    provider = _provider(request)
    session = request.dbsession
    found = session.get(SyncRun, int(request.matchdict["run"]))
    if found is None or found.vendor_name != provider.name:
        raise HTTPNotFound()
    messages = []
    page = _page_number(request, messages)
    total = session.scalar(select(func.count()).select_from(SyncError).where(SyncError.run_id == found.id))
    errors = session.scalars(
        select(SyncError)
        .where(SyncError.run_id == found.id)
        .order_by(SyncError.id)
        .offset((page - 1) * ERRORS_PER_PAGE)
        .limit(ERRORS_PER_PAGE)
    ).all()
    return {
        "provider": provider,
        "run": found,
        "errors": errors,
        "total": total,
        "page": page,
        "pages": _pages(total, ERRORS_PER_PAGE),
        "messages": messages,
        "unchanged": unchanged,
    }


SYNC_NOTICES = {
    "requested": _("The sync is requested: the scheduled sync starts it within a few minutes."),
    "already_requested": _("A sync of this vendor is already requested."),
    "running": _("A sync of this vendor is running now; it was not started again."),
}


@view_config(route_name="vendorops_sync", request_method="POST", permission=NATIONAL)
def sync_now(request):
    provider = _provider(request)
    outcome = request_sync(request.dbsession, provider, audit.actor(request))
    if outcome == "requested":
        audit.record(request, "vendor.sync_requested", f"vendor:{provider.name}", mode="incremental")
    request.session.flash(outcome, "vendorops")
    return HTTPSeeOther(request.route_path("vendorops_vendor", vendor=provider.name))


def _days(request, messages):
    raw = request.GET.get("days", str(DEFAULT_DAYS)).strip()
    if not raw.isdigit() or not 1 <= int(raw) <= licenses.MAX_DAYS:
        messages.append(_("Give the days as a whole number from 1 to 366: 30 days are shown."))
        return DEFAULT_DAYS
    return int(raw)


@view_config(
    route_name="vendorops_licenses", renderer="vendorops/licenses.jinja2", request_method="GET", permission=NATIONAL
)
def license_overview(request):
    messages = []
    days = _days(request, messages)
    session = request.dbsession
    return {
        "days": days,
        "messages": messages,
        "expiring": licenses.expiring(session, days),
        "exhausted": licenses.exhausted(session),
        "suggestions": hold_ratios(session, only_exceeding=True, limit=100),
    }


@view_config(route_name="purchase_suggestions", renderer="vendorops/suggestions.jinja2", permission=CURATE)
@view_config(route_name="purchase_suggestions_municipal", renderer="vendorops/suggestions.jinja2", permission=CURATE)
def purchase_suggestions(request):
    municipality = request.context.found() if request.matched_route.name.endswith("municipal") else None
    return {"suggestions": hold_ratios(request.dbsession, only_exceeding=True, limit=500), "municipality": municipality}


@view_config(route_name="purchase_suggestions_csv", permission=CURATE)
def purchase_suggestions_csv(request):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(("publication_id", "title", "medium", "vendor", "holds", "seats", "holds_per_seat"))
    for s in hold_ratios(request.dbsession, only_exceeding=True):
        title = "'" + s.title if s.title[:1] in ("=", "+", "-", "@") else s.title
        writer.writerow((s.publication_id, title, s.medium, s.vendor_name, s.holds, s.seats, f"{s.ratio:.2f}"))
    return Response(
        body=out.getvalue().encode("utf-8-sig"),
        content_type="text/csv",
        charset="utf-8",
        content_disposition='attachment; filename="purchase-suggestions.csv"',
    )
