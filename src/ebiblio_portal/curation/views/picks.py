"""Staff pages of front-page picks: lists with dates, their order, their titles, draft and published."""

from __future__ import annotations

from pyramid.httpexceptions import HTTPBadRequest
from sqlalchemy import func, select

from ...i18n import _
from ...models import CuratedItem, CuratedList, Publication
from ..forms import Form, pick_list_form
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

MAX_ITEMS = 50
FIELDS = ("title_fi", "title_sv", "text_fi", "text_sv")


def lists_in_scope(request):
    code = scope_code(request)
    where = CuratedList.municipality_code.is_(None) if code is None else CuratedList.municipality_code == code
    ordered = select(CuratedList).where(where).order_by(CuratedList.position, CuratedList.id)
    return list(request.dbsession.scalars(ordered))


@staff_view("picks", renderer="curation/picks.jinja2", request_method="GET")
def picks(request):
    return page_values(request, lists=lists_in_scope(request), today=request.today)


def _form_page(request, form=None, pick_list=None, status=200):
    request.response.status = status
    values = form.values if form is not None else {}
    if pick_list is not None and form is None:
        values = {f: getattr(pick_list, f) or "" for f in FIELDS}
        values["visible_from"] = pick_list.visible_from.isoformat() if pick_list.visible_from else ""
        values["visible_until"] = pick_list.visible_until.isoformat() if pick_list.visible_until else ""
    words, hits = search_publications(request) if pick_list is not None else ("", [])
    return page_values(
        request,
        pick_list=pick_list,
        values=values,
        errors=form.errors if form is not None else {},
        items=[(i, request.dbsession.get(Publication, i.publication_id)) for i in pick_list.items] if pick_list else [],
        query=words,
        hits=hits,
        item_errors={},
        item_values={},
    )


@staff_view("pick_new", renderer="curation/pick_form.jinja2", request_method="GET")
def new_pick_list(request):
    return _form_page(request)


def _apply(pick_list, form):
    for field in FIELDS:
        setattr(pick_list, field, form.values[field] or None)
    pick_list.visible_from, pick_list.visible_until = form.values["dates"]


@staff_view("pick_new", renderer="curation/pick_form.jinja2", request_method="POST")
def create_pick_list(request):
    form = pick_list_form(request)
    if not form.ok:
        return _form_page(request, form, status=400)
    code = scope_code(request)
    where = CuratedList.municipality_code.is_(None) if code is None else CuratedList.municipality_code == code
    last = request.dbsession.scalar(select(func.max(CuratedList.position)).where(where))
    pick_list = CuratedList(municipality_code=code, status=DRAFT, position=(last or 0) + 1, created_by=request.staff.id)
    _apply(pick_list, form)
    request.dbsession.add(pick_list)
    request.dbsession.flush()
    log(request, "pick_list.created", f"pick_list:{pick_list.id}")
    flash(request, _("The pick list was saved as a draft. Add titles to it."))
    return go(request, "pick_edit", id=pick_list.id)


@staff_view("pick_edit", renderer="curation/pick_form.jinja2", request_method="GET")
def edit_pick_list(request):
    return _form_page(request, pick_list=record_in_scope(request, CuratedList))


@staff_view("pick_edit", renderer="curation/pick_form.jinja2", request_method="POST")
def save_pick_list(request):
    pick_list = record_in_scope(request, CuratedList)
    form = pick_list_form(request)
    if not form.ok:
        return _form_page(request, form, pick_list, status=400)
    _apply(pick_list, form)
    pick_list.updated_by, pick_list.updated_at = request.staff.id, now()
    log(request, "pick_list.edited", f"pick_list:{pick_list.id}")
    flash(request, _("The pick list was saved."))
    return go(request, "pick_edit", id=pick_list.id)


@staff_view("pick_status", request_method="POST")
def pick_list_status(request):
    pick_list = record_in_scope(request, CuratedList)
    status = request.POST.get("status")
    if status not in (DRAFT, PUBLISHED):
        raise HTTPBadRequest()
    pick_list.status = status
    pick_list.updated_by, pick_list.updated_at = request.staff.id, now()
    log(request, f"pick_list.{'published' if status == PUBLISHED else 'unpublished'}", f"pick_list:{pick_list.id}")
    flash(request, _("The pick list is published.") if status == PUBLISHED else _("The pick list is a draft again."))
    return go(request, "picks")


@staff_view("pick_move", request_method="POST")
def move_pick_list(request):
    pick_list = record_in_scope(request, CuratedList)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        raise HTTPBadRequest()
    lists = lists_in_scope(request)
    at = lists.index(pick_list)
    other = at - 1 if direction == "up" else at + 1
    if 0 <= other < len(lists):
        lists[at], lists[other] = lists[other], lists[at]
        for position, each in enumerate(lists, start=1):
            each.position = position
        log(request, "pick_list.moved", f"pick_list:{pick_list.id}", direction=direction)
    return go(request, "picks")


@staff_view("pick_delete", renderer="curation/confirm_delete.jinja2", request_method=("GET", "POST"))
def delete_pick_list(request):
    pick_list = record_in_scope(request, CuratedList)
    if not confirmed(request):
        back = path(request, "pick_edit", id=pick_list.id)
        action = path(request, "pick_delete", id=pick_list.id)
        name = pick_list.title_fi or pick_list.title_sv or ""
        return page_values(request, kind="pick_list", name=name, back=back, action=action)
    log(request, "pick_list.deleted", f"pick_list:{pick_list.id}", title=pick_list.title_fi or pick_list.title_sv)
    request.dbsession.delete(pick_list)
    flash(request, _("The pick list was deleted."))
    return go(request, "picks")


@staff_view("pick_add", renderer="curation/pick_form.jinja2", request_method="POST")
def add_to_pick_list(request):
    pick_list = record_in_scope(request, CuratedList)
    form = Form(request)
    publication = form.publication()
    if publication is not None and len(pick_list.items) >= MAX_ITEMS:
        form.error("publication_id", _("A list holds at most ${count} titles.", mapping={"count": MAX_ITEMS}))
    if publication is not None and any(i.publication_id == publication.id for i in pick_list.items):
        form.error("publication_id", _("The title is already on the list."))
    if not form.ok:
        page = _form_page(request, pick_list=pick_list, status=400)
        page["item_errors"] = form.errors
        page["item_values"] = form.values
        return page
    last = max((i.position for i in pick_list.items), default=0)
    pick_list.items.append(CuratedItem(position=last + 1, publication_id=publication.id))
    pick_list.updated_by, pick_list.updated_at = request.staff.id, now()
    log(request, "pick_list.title_added", f"pick_list:{pick_list.id}", publication=publication.id)
    flash(request, _("Added to the list: ${title}", mapping={"title": publication.title}))
    return go(request, "pick_edit", id=pick_list.id)


@staff_view("pick_item", request_method="POST")
def change_item(request):
    """Move a title up or down, or remove it, by swapping publication ids: positions stay the primary key."""
    pick_list = record_in_scope(request, CuratedList)
    action = request.POST.get("action")
    items = list(pick_list.items)
    raw = request.POST.get("position", "")
    at = next((n for n, item in enumerate(items) if str(item.position) == raw), None)
    if action not in ("up", "down", "remove") or at is None:
        raise HTTPBadRequest()
    if action == "remove":
        removed = items[at].publication_id
        for n in range(at, len(items) - 1):
            items[n].publication_id = items[n + 1].publication_id
        pick_list.items.remove(items[-1])
        log(request, "pick_list.title_removed", f"pick_list:{pick_list.id}", publication=removed)
    else:
        other = at - 1 if action == "up" else at + 1
        if 0 <= other < len(items):
            first, second = items[at], items[other]
            first.publication_id, second.publication_id = second.publication_id, first.publication_id
            log(request, "pick_list.title_moved", f"pick_list:{pick_list.id}", direction=action)
    pick_list.updated_by, pick_list.updated_at = request.staff.id, now()
    return go(request, "pick_edit", id=pick_list.id)
