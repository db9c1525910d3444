"""The list of municipalities and each one's membership dates."""

from __future__ import annotations

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config
from sqlalchemy import select

from ...admin import audit
from ...i18n import _
from ...models import Municipality
from ...security.policy import NATIONAL
from .. import membership
from .common import translate


@view_config(
    route_name="national_municipalities",
    renderer="national/municipalities.jinja2",
    request_method="GET",
    permission=NATIONAL,
)
def municipalities(request):
    query = (request.GET.get("q") or "")[:100]
    wanted = request.GET.get("status") or ""
    if wanted not in membership.STATUSES:
        wanted = ""
    rows = []
    counts = dict.fromkeys(membership.STATUSES, 0)
    for municipality in request.dbsession.scalars(select(Municipality).order_by(Municipality.name_fi)):
        status = membership.status_on(municipality, request.today)
        counts[status] += 1
        if (not wanted or status == wanted) and membership.matches(municipality, query):
            rows.append((municipality, status))
    return {
        "rows": rows,
        "query": query,
        "wanted": wanted,
        "counts": counts,
        "statuses": membership.STATUSES,
        "titles": membership.STATUS_TITLES,
    }


def _municipality(request):
    found = request.dbsession.get(Municipality, request.matchdict["code"])
    if found is None:
        raise HTTPNotFound()
    return found


def _page(request, municipality, form=None, values=None, status=200):
    request.response.status = status
    current = {name: getattr(municipality, name) for name in membership.MembershipForm.FIELDS}
    return {
        "municipality": municipality,
        "status": membership.status_on(municipality, request.today),
        "titles": membership.STATUS_TITLES,
        "values": values if values is not None else {k: v.isoformat() if v else "" for k, v in current.items()},
        "errors": {name: translate(request, message) for name, message in (form.errors if form else {}).items()},
    }


@view_config(
    route_name="national_membership", renderer="national/membership.jinja2", request_method="GET", permission=NATIONAL
)
def membership_page(request):
    return _page(request, _municipality(request))


@view_config(
    route_name="national_membership", renderer="national/membership.jinja2", request_method="POST", permission=NATIONAL
)
def membership_save(request):
    municipality = _municipality(request)
    form = membership.MembershipForm.from_post(request.POST)
    if form.errors:
        values = {name: (request.POST.get(name) or "")[:40] for name in form.FIELDS}
        return _page(request, municipality, form, values, status=400)
    changed = form.apply(municipality)
    if changed:
        audit.record(request, "municipality.membership", f"municipality:{municipality.code}", **changed)
        request.session.flash(
            translate(
                request,
                _("The membership of ${name} was saved.", mapping={"name": municipality.name(request.locale_name)}),
            )
        )
    return HTTPSeeOther(request.route_path("national_membership", code=municipality.code))
