"""Reading the shared collection."""

from __future__ import annotations

from sqlalchemy import select

from ..models import Publication


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
