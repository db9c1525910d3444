"""Patrons' wishes: a patron asks for a title or gives feedback; the home municipality's librarians answer."""

from __future__ import annotations

import datetime as dt

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config
from sqlalchemy import func, select

from ...i18n import _
from ...models import PatronWish
from ...security.policy import ACCOUNT
from ...web import HELSINKI
from ..forms import answer_form, wish_form
from .common import flash, go, log, now, page_values, record_in_scope, scope_municipality, staff_view

FILTERS = ("open", "answered", "all")
SHOWN = 200


def start_of_today(request):
    """The start of today's Finnish calendar day, in UTC."""
    return dt.datetime.combine(request.today, dt.time(), HELSINKI).astimezone(dt.UTC)


def sent_today(request, patron):
    return request.dbsession.scalar(
        select(func.count())
        .select_from(PatronWish)
        .where(PatronWish.patron_id == patron.id, PatronWish.created_at >= start_of_today(request))
    )


def _mine(request, form=None, status=200):
    request.response.status = status
    patron = request.patron
    found = request.dbsession.scalars(
        select(PatronWish).where(PatronWish.patron_id == patron.id).order_by(PatronWish.id.desc()).limit(SHOWN)
    )
    limit = request.registry.settings["ebiblio.curation.wishes_per_day"]
    return {
        "wishes": list(found),
        "values": form.values if form is not None else {"kind": "acquisition"},
        "errors": form.errors if form is not None else {},
        "limit_reached": sent_today(request, patron) >= limit,
        "has_municipality": patron.municipality_code is not None,
    }


@view_config(route_name="my_wishes", renderer="curation/my_wishes.jinja2", request_method="GET", permission=ACCOUNT)
def my_wishes(request):
    return _mine(request)


@view_config(route_name="my_wishes", renderer="curation/my_wishes.jinja2", request_method="POST", permission=ACCOUNT)
def send_wish(request):
    patron = request.patron
    form = wish_form(request)
    limit = request.registry.settings["ebiblio.curation.wishes_per_day"]
    if patron.municipality_code is None:
        form.error("kind", _("Your home municipality is not known, so no library can answer. Ask your library."))
    elif sent_today(request, patron) >= limit:
        too_many = _("You have sent ${count} messages today, the most allowed. Try again tomorrow.")
        form.error("kind", _(too_many, mapping={"count": limit}))
    if not form.ok:
        return _mine(request, form, status=400)
    request.dbsession.add(
        PatronWish(
            patron_id=patron.id,
            municipality_code=patron.municipality_code,
            kind=form.values["kind"],
            title=form.values["title"] or None,
            author=form.values["author"] or None,
            text=form.values["text"] or None,
            status="open",
            created_at=now(),
        )
    )
    flash(request, _("Thank you. The librarians of your municipality will answer here."))
    return HTTPSeeOther(request.route_path("my_wishes"))


@staff_view("wishes", national=False, renderer="curation/wishes.jinja2", request_method="GET")
def wishes(request):
    municipality = scope_municipality(request)
    shown = request.GET.get("status", "open")
    shown = shown if shown in FILTERS else "open"
    query = select(PatronWish).where(PatronWish.municipality_code == municipality.code)
    if shown != "all":
        query = query.where(PatronWish.status == shown)
    found = request.dbsession.scalars(query.order_by(PatronWish.created_at.desc(), PatronWish.id.desc()).limit(SHOWN))
    return page_values(request, wishes=list(found), shown=shown, filters=FILTERS, errors={}, values={})


@staff_view("wish_answer", national=False, request_method="POST", renderer="curation/wishes.jinja2")
def answer_wish(request):
    wish = record_in_scope(request, PatronWish)
    form = answer_form(request)
    if not form.ok:
        request.response.status = 400
        found = request.dbsession.scalars(
            select(PatronWish)
            .where(PatronWish.municipality_code == wish.municipality_code, PatronWish.status == "open")
            .order_by(PatronWish.created_at.desc(), PatronWish.id.desc())
            .limit(SHOWN)
        )
        wishes = list(found)
        if wish not in wishes:
            wishes.insert(0, wish)
        return page_values(
            request, wishes=wishes, shown="open", filters=FILTERS, errors={wish.id: form.errors}, values=form.values
        )
    wish.answer = form.values["answer"]
    wish.status = "answered"
    wish.answered_by = request.staff.id
    wish.answered_at = now()
    log(request, "wish.answered", f"wish:{wish.id}")
    flash(request, _("The answer was sent. The patron sees it on their wishes page."))
    return go(request, "wishes")
