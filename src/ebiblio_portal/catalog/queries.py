"""Reading the shared collection."""

from __future__ import annotations

from sqlalchemy import func, or_, select

from ..models import Publication, PublicationContributor

MAX_QUERY = 200


def lane(session, medium=None, language=None, audience=None, limit=12):
    """The newest publications (one per work) of a medium, language or audience."""
    statement = select(Publication).where(Publication.withdrawn.is_(False))
    if medium:
        statement = statement.where(Publication.medium == medium)
    if language:
        statement = statement.where(Publication.language == language)
    if audience:
        statement = statement.where(Publication.audience == audience)
    statement = statement.order_by(Publication.published.desc().nulls_last(), Publication.id.desc()).limit(limit * 2)
    seen, found = set(), []
    for publication in session.scalars(statement):
        if publication.work_id not in seen:
            seen.add(publication.work_id)
            found.append(publication)
    return found[:limit]


def simple_search(session, text, page=1, per_page=20):
    """Titles and contributors containing every word of ``text``; one hit per work."""
    words = [word for word in text[:MAX_QUERY].split() if word][:8]
    statement = select(Publication.work_id, func.min(Publication.id).label("id")).where(
        Publication.withdrawn.is_(False)
    )
    for word in words:
        pattern = f"%{word}%"
        statement = statement.where(
            or_(
                Publication.title.ilike(pattern),
                Publication.isbn == word,
                Publication.id.in_(
                    select(PublicationContributor.publication_id).where(PublicationContributor.name.ilike(pattern))
                ),
            )
        )
    statement = statement.group_by(Publication.work_id)
    total = session.scalar(select(func.count()).select_from(statement.subquery()))
    ids = [
        row.id
        for row in session.execute(
            statement.order_by(func.min(Publication.sort_title)).offset((page - 1) * per_page).limit(per_page)
        )
    ]
    by_id = {p.id: p for p in session.scalars(select(Publication).where(Publication.id.in_(ids)))}
    return [by_id[i] for i in ids if i in by_id], total
