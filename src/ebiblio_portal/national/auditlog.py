"""Reading the audit log: filters and pages."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import func, select

from ..models import AuditEntry
from ..web import HELSINKI

PAGE_SIZE = 50


@dataclasses.dataclass
class AuditFilter:
    """What the log view was asked for; every field may be empty."""

    actor: str = ""
    action: str = ""
    target: str = ""
    since: dt.date | None = None
    until: dt.date | None = None

    def query(self):
        statement = select(AuditEntry)
        if self.actor:
            statement = statement.where(AuditEntry.actor.contains(self.actor, autoescape=True))
        if self.action:
            statement = statement.where(AuditEntry.action.startswith(self.action, autoescape=True))
        if self.target:
            statement = statement.where(AuditEntry.target.contains(self.target, autoescape=True))
        if self.since:
            statement = statement.where(AuditEntry.at >= _start_of(self.since))
        if self.until:
            statement = statement.where(AuditEntry.at < _start_of(self.until + dt.timedelta(days=1)))
        return statement


def _start_of(day):
    """Midnight of a Finnish calendar day, in UTC: the log's dates are days in Finland."""
    return dt.datetime.combine(day, dt.time(), HELSINKI).astimezone(dt.UTC)


def page_of(session, wanted, page):
    """The entries of page ``page`` (1-based), newest first, and the number of pages."""
    statement = wanted.query()
    total = session.scalar(select(func.count()).select_from(statement.subquery()))
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    entries = session.scalars(
        statement.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    ).all()
    return entries, page, pages, total


def actions(session):
    """The distinct actions in the log, for the filter's choices."""
    return list(session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)))
