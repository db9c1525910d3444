"""Staff pages of content pages: fi and sv versions, every save a revision, publishing and restoring."""

from __future__ import annotations

from pyramid.httpexceptions import HTTPBadRequest, HTTPNotFound
from sqlalchemy import select

from ...i18n import _
from ...models import ContentPage, ContentRevision
from ..forms import page_form, parse_id
from ..queries import DRAFT, PUBLISHED, newest_revisions
from .common import flash, go, log, now, page_values, record_in_scope, scope_code, staff_view

LANGUAGES = ("fi", "sv")


def _pages_in_scope(request):
    code = scope_code(request)
    where = ContentPage.municipality_code.is_(None) if code is None else ContentPage.municipality_code == code
    return list(
        request.dbsession.scalars(select(ContentPage).where(where).order_by(ContentPage.kind, ContentPage.slug))
    )


@staff_view("pages", renderer="curation/pages.jinja2", request_method="GET")
def pages(request):
    return page_values(request, pages=_pages_in_scope(request))


def _form_page(request, form=None, page=None, status=200):
    request.response.status = status
    if form is not None:
        values = form.values
    else:
        values = {}
        if page is not None:
            for language, revision in newest_revisions(request.dbsession, page).items():
                values[f"title_{language}"] = revision.title
                values[f"body_{language}"] = revision.body_markdown
    return page_values(
        request,
        page=page,
        values=values,
        errors=form.errors if form is not None else {},
        published=newest_revisions(request.dbsession, page, PUBLISHED) if page is not None else {},
    )


@staff_view("page_new", renderer="curation/page_form.jinja2", request_method="GET")
def new_page(request):
    return _form_page(request)


def _save_revisions(request, page, form, publish):
    """A new revision of each written language that changed or is published now; returns those languages."""
    latest = newest_revisions(request.dbsession, page) if page.id is not None else {}
    saved = []
    for language in form.values["languages"]:
        title, body = form.values[f"title_{language}"], form.values[f"body_{language}"]
        before = latest.get(language)
        status = PUBLISHED if publish else DRAFT
        same = before is not None and (before.title, before.body_markdown) == (title, body)
        # An untouched language gets no new revision, unless a draft of it is being published.
        if same and (not publish or before.status == PUBLISHED):
            continue
        page.revisions.append(
            ContentRevision(
                language=language, title=title, body_markdown=body, status=status, created_by=request.staff.id
            )
        )
        saved.append(language)
    if publish:
        page.status = PUBLISHED
    page.updated_at = now()
    return saved


@staff_view("page_new", renderer="curation/page_form.jinja2", request_method="POST")
def create_page(request):
    form = page_form(request, new=True)
    code = scope_code(request)
    slug = form.values.get("slug")
    if form.ok:
        where = ContentPage.municipality_code.is_(None) if code is None else ContentPage.municipality_code == code
        if request.dbsession.scalar(select(ContentPage.id).where(where, ContentPage.slug == slug)) is not None:
            form.error("slug", _("There already is a page at this address."))
    if not form.ok:
        return _form_page(request, form, status=400)
    page = ContentPage(municipality_code=code, slug=slug, kind=form.values["kind"], status=DRAFT)
    request.dbsession.add(page)
    publish = "publish" in request.POST
    saved = _save_revisions(request, page, form, publish)
    request.dbsession.flush()
    log(request, "content_page.created", f"content_page:{page.id}", slug=slug, languages=saved, published=publish)
    flash(request, _("The page was published.") if publish else _("The page was saved as a draft."))
    return go(request, "page_edit", id=page.id)


@staff_view("page_edit", renderer="curation/page_form.jinja2", request_method="GET")
def edit_page(request):
    return _form_page(request, page=record_in_scope(request, ContentPage))


@staff_view("page_edit", renderer="curation/page_form.jinja2", request_method="POST")
def save_page(request):
    page = record_in_scope(request, ContentPage)
    form = page_form(request, new=False)
    if not form.ok:
        return _form_page(request, form, page, status=400)
    publish = "publish" in request.POST
    saved = _save_revisions(request, page, form, publish)
    log(request, "content_page.saved", f"content_page:{page.id}", languages=saved, published=publish)
    flash(request, _("The page was published.") if publish else _("The page was saved as a draft."))
    return go(request, "page_edit", id=page.id)


@staff_view("page_status", request_method="POST")
def page_status(request):
    """Withdraw a page from patrons (draft), or publish the newest revision of each language."""
    page = record_in_scope(request, ContentPage)
    status = request.POST.get("status")
    if status not in (DRAFT, PUBLISHED):
        raise HTTPBadRequest()
    if status == PUBLISHED:
        for revision in newest_revisions(request.dbsession, page).values():
            revision.status = PUBLISHED
    page.status = status
    page.updated_at = now()
    log(request, f"content_page.{'published' if status == PUBLISHED else 'unpublished'}", f"content_page:{page.id}")
    flash(request, _("The page was published.") if status == PUBLISHED else _("Patrons no longer see the page."))
    return go(request, "page_edit", id=page.id)


@staff_view("page_history", renderer="curation/page_history.jinja2", request_method="GET")
def page_history(request):
    page = record_in_scope(request, ContentPage)
    revisions = request.dbsession.scalars(
        select(ContentRevision).where(ContentRevision.page_id == page.id).order_by(ContentRevision.id.desc())
    )
    return page_values(request, page=page, revisions=list(revisions))


@staff_view("page_restore", request_method="POST")
def restore_revision(request):
    """An older revision becomes the newest draft of its language: history is never rewritten."""
    page = record_in_scope(request, ContentPage)
    raw = request.POST.get("revision", "")
    identifier = parse_id(raw)
    old = request.dbsession.get(ContentRevision, identifier) if identifier is not None else None
    if old is None or old.page_id != page.id:
        raise HTTPNotFound()
    page.revisions.append(
        ContentRevision(
            language=old.language,
            title=old.title,
            body_markdown=old.body_markdown,
            status=DRAFT,
            created_by=request.staff.id,
        )
    )
    page.updated_at = now()
    log(request, "content_page.restored", f"content_page:{page.id}", revision=old.id)
    flash(request, _("The older version is now the newest draft. Publish it to show it to patrons."))
    return go(request, "page_edit", id=page.id)
