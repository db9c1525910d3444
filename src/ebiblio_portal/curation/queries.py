"""What patrons see of the curated content: only what is published and, for picks, visible today."""

from __future__ import annotations

from sqlalchemy import or_, select

from ..models import BookTip, ContentPage, ContentRevision, CuratedItem, CuratedList, Publication

PUBLISHED = "published"
DRAFT = "draft"
TIPS_SHOWN = 10


def visible_lists(session, municipality_code, today):
    """Published pick lists of a municipality (None: national) whose dates include ``today``, in order."""
    return list(
        session.scalars(
            select(CuratedList)
            .where(
                CuratedList.municipality_code.is_(None)
                if municipality_code is None
                else CuratedList.municipality_code == municipality_code,
                CuratedList.status == PUBLISHED,
                or_(CuratedList.visible_from.is_(None), CuratedList.visible_from <= today),
                or_(CuratedList.visible_until.is_(None), CuratedList.visible_until >= today),
            )
            .order_by(CuratedList.position, CuratedList.id)
        )
    )


def list_publications(session, pick_list, limit=None):
    """The list's publications in its order, withdrawn ones left out."""
    rows = session.scalars(
        select(Publication)
        .join(CuratedItem, CuratedItem.publication_id == Publication.id)
        .where(CuratedItem.list_id == pick_list.id, Publication.withdrawn.is_(False))
        .order_by(CuratedItem.position)
        .limit(limit)
    )
    return list(rows)


def national_picks(request):
    """Request method: today's national pick lists with their publications, empty lists left out."""
    shown = []
    for pick_list in visible_lists(request.dbsession, None, request.today):
        items = list_publications(request.dbsession, pick_list)
        if items:
            shown.append((pick_list, items))
    return shown


def municipal_picks(request, municipality_code):
    shown = []
    for pick_list in visible_lists(request.dbsession, municipality_code, request.today):
        items = list_publications(request.dbsession, pick_list)
        if items:
            shown.append((pick_list, items))
    return shown


def book_tips_for(request, publication):
    """Request method: the published tips about any publication of ``publication``'s work, newest first."""
    return list(
        request.dbsession.scalars(
            select(BookTip)
            .join(Publication, BookTip.publication_id == Publication.id)
            .where(Publication.work_id == publication.work_id, BookTip.status == PUBLISHED)
            .order_by(BookTip.published_at.desc(), BookTip.id.desc())
            .limit(TIPS_SHOWN * 2)
        )
    )


def municipality_tips(session, municipality_code, limit=TIPS_SHOWN):
    return list(
        session.scalars(
            select(BookTip)
            .join(Publication, BookTip.publication_id == Publication.id)
            .where(
                BookTip.municipality_code == municipality_code,
                BookTip.status == PUBLISHED,
                Publication.withdrawn.is_(False),
            )
            .order_by(BookTip.published_at.desc(), BookTip.id.desc())
            .limit(limit)
        )
    )


def national_tips(request):
    """Request method: the national unit's newest published book tips, for the front page."""
    return municipality_tips(request.dbsession, None)


def newest_revisions(session, page, status=None):
    """{language: the newest revision} of ``page``, only ``status`` ones when given."""
    query = select(ContentRevision).where(ContentRevision.page_id == page.id)
    if status is not None:
        query = query.where(ContentRevision.status == status)
    newest = {}
    for revision in session.scalars(query.order_by(ContentRevision.id)):
        newest[revision.language] = revision
    return newest


def published_page(session, municipality_code, slug):
    """(page, {language: revision}) of a published page, or None."""
    page = session.scalar(
        select(ContentPage).where(
            ContentPage.municipality_code.is_(None)
            if municipality_code is None
            else ContentPage.municipality_code == municipality_code,
            ContentPage.slug == slug,
            ContentPage.status == PUBLISHED,
        )
    )
    if page is None:
        return None
    revisions = newest_revisions(session, page, PUBLISHED)
    return (page, revisions) if revisions else None


def public_pages(request, municipality_code=None):
    """Request method: [(page, {language: revision})] published for a municipality (None: national), by slug.

    Two queries whatever the number of pages: the footer asks on every page view.
    """
    pages = list(
        request.dbsession.scalars(
            select(ContentPage)
            .where(
                ContentPage.municipality_code.is_(None)
                if municipality_code is None
                else ContentPage.municipality_code == municipality_code,
                ContentPage.status == PUBLISHED,
            )
            .order_by(ContentPage.kind, ContentPage.slug)
        )
    )
    if not pages:
        return []
    newest = {}
    revisions = request.dbsession.scalars(
        select(ContentRevision)
        .where(ContentRevision.page_id.in_([p.id for p in pages]), ContentRevision.status == PUBLISHED)
        .order_by(ContentRevision.id)
    )
    for revision in revisions:
        newest.setdefault(revision.page_id, {})[revision.language] = revision
    return [(page, newest[page.id]) for page in pages if page.id in newest]


def footer_pages(request):
    """Request method: the national pages for the footer; none on error pages (the database may be the error)."""
    if getattr(request, "exception", None) is not None:
        return []
    return public_pages(request)
