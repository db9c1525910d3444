"""Staff pages of book tips: a named librarian's short text about one title, draft and published."""

from __future__ import annotations

from pyramid.httpexceptions import HTTPBadRequest
from sqlalchemy import select

from ...i18n import _
from ...models import BookTip, Publication
from ..forms import parse_id, tip_form
from ..queries import DRAFT, PUBLISHED
from .common import (
    confirmed,
    flash,
    go,
    log,
    now,
    page_values,
    path,
    record_in_scope,
    scope_code,
    search_publications,
    staff_view,
)

SHOWN = 200


@staff_view("tips", renderer="curation/tips.jinja2", request_method="GET")
def tips(request):
    code = scope_code(request)
    where = BookTip.municipality_code.is_(None) if code is None else BookTip.municipality_code == code
    found = request.dbsession.scalars(select(BookTip).where(where).order_by(BookTip.id.desc()).limit(SHOWN))
    return page_values(request, tips=list(found))


def _chosen(request):
    identifier = parse_id(request.GET.get("publication", ""))
    found = request.dbsession.get(Publication, identifier) if identifier is not None else None
    return found if found is not None and not found.withdrawn else None


def _form_page(request, form=None, tip=None, status=200):
    request.response.status = status
    if form is not None:
        values, publication = form.values, form.values.get("publication")
    elif tip is not None:
        values = {"author_name": tip.author_name, "text_fi": tip.text_fi or "", "text_sv": tip.text_sv or ""}
        publication = tip.publication
    else:
        publication = _chosen(request)
        values = {"author_name": request.staff.display_name}
    if publication is not None:
        values = {**values, "publication_id": str(publication.id)}
    words, hits = search_publications(request) if tip is None else ("", [])
    return page_values(
        request,
        tip=tip,
        publication=publication,
        values=values,
        errors=form.errors if form is not None else {},
        query=words,
        hits=hits,
    )


@staff_view("tip_new", renderer="curation/tip_form.jinja2", request_method="GET")
def new_tip(request):
    return _form_page(request)


def _apply(tip, form):
    tip.author_name = form.values["author_name"]
    tip.text_fi = form.values["text_fi"] or None
    tip.text_sv = form.values["text_sv"] or None
    tip.publication_id = form.values["publication"].id


@staff_view("tip_new", renderer="curation/tip_form.jinja2", request_method="POST")
def create_tip(request):
    form = tip_form(request)
    if not form.ok:
        return _form_page(request, form, status=400)
    tip = BookTip(municipality_code=scope_code(request), status=DRAFT, created_by=request.staff.id, created_at=now())
    _apply(tip, form)
    request.dbsession.add(tip)
    request.dbsession.flush()
    log(request, "book_tip.created", f"book_tip:{tip.id}", publication=tip.publication_id)
    flash(request, _("The book tip was saved as a draft."))
    return go(request, "tips")


@staff_view("tip_edit", renderer="curation/tip_form.jinja2", request_method="GET")
def edit_tip(request):
    return _form_page(request, tip=record_in_scope(request, BookTip))


@staff_view("tip_edit", renderer="curation/tip_form.jinja2", request_method="POST")
def save_tip(request):
    tip = record_in_scope(request, BookTip)
    form = tip_form(request)
    if not form.ok:
        return _form_page(request, form, tip, status=400)
    _apply(tip, form)
    tip.updated_at = now()
    log(request, "book_tip.edited", f"book_tip:{tip.id}")
    flash(request, _("The book tip was saved."))
    return go(request, "tips")


@staff_view("tip_status", request_method="POST")
def tip_status(request):
    tip = record_in_scope(request, BookTip)
    status = request.POST.get("status")
    if status not in (DRAFT, PUBLISHED):
        raise HTTPBadRequest()
    tip.status = status
    tip.updated_at = now()
    if status == PUBLISHED:
        tip.published_at = now()
    log(request, f"book_tip.{'published' if status == PUBLISHED else 'unpublished'}", f"book_tip:{tip.id}")
    flash(request, _("The book tip is published.") if status == PUBLISHED else _("The book tip is a draft again."))
    return go(request, "tips")


@staff_view("tip_delete", renderer="curation/confirm_delete.jinja2", request_method=("GET", "POST"))
def delete_tip(request):
    tip = record_in_scope(request, BookTip)
    if not confirmed(request):
        back = path(request, "tip_edit", id=tip.id)
        action = path(request, "tip_delete", id=tip.id)
        return page_values(request, kind="book_tip", name=tip.publication.title, back=back, action=action)
    log(request, "book_tip.deleted", f"book_tip:{tip.id}", publication=tip.publication_id)
    request.dbsession.delete(tip)
    flash(request, _("The book tip was deleted."))
    return go(request, "tips")
