"""The front page's lanes, as a registry of lane providers.

Why a registry and not a fixed list: curation (national and municipal picks, book tips) arrives later as
its own package and adds its lanes with ``config.add_front_page_lane(provider)`` at a small ``position``
(picks 10-30, so they come first) without touching the front page. A provider implements
``ILaneProvider``; the front page asks each, in order of position, and leaves out the empty ones.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import func, select
from zope.interface import implementer

from ..i18n import _
from ..models import Loan, Publication
from ..values import Audience, Medium
from .interfaces import ILaneProvider
from .queries import lane
from .titles import one_per_work, visible

LANE_SIZE = 12
POPULAR_DAYS = 30


def includeme(config):
    config.registry["front_page.lanes"] = {}
    config.add_directive("add_front_page_lane", add_front_page_lane)
    for provider in DEFAULT_LANES:
        config.add_front_page_lane(provider)


def add_front_page_lane(config, provider):
    """Add a lane to the front page; two lanes of one name conflict at start-up."""

    def register():
        config.registry["front_page.lanes"][provider.name] = provider

    config.action(("front page lane", provider.name), register)


def front_page_lanes(request):
    """The lanes to show, in order: [(provider, publications)], empty lanes left out."""
    shown = []
    for provider in sorted(request.registry["front_page.lanes"].values(), key=lambda p: (p.position, p.name)):
        items = provider.items(request, LANE_SIZE)
        if items:
            shown.append((provider, items))
    return shown


def _cached(request, key, compute):
    """Lane contents change with a sync, not per request: every process keeps them for a few minutes."""
    ids = request.registry["catalog.cache"].get(("lane",) + key, lambda: [p.id for p in compute()])
    if not ids:
        return []
    by_id = {p.id: p for p in request.dbsession.scalars(select(Publication).where(Publication.id.in_(ids)))}
    return [by_id[i] for i in ids if i in by_id and not by_id[i].withdrawn]


@implementer(ILaneProvider)
@dataclasses.dataclass(frozen=True)
class NewestLane:
    """The newest publications (one per work) of a medium, language or audience."""

    name: str
    position: int
    heading: object
    medium: str | None = None
    language: str | None = None
    audience: str | None = None

    def title(self, request):
        return request.localizer.translate(self.heading)

    def items(self, request, limit):
        return _cached(
            request,
            (self.name, limit),
            lambda: lane(request.dbsession, self.medium, self.language, self.audience, limit=limit),
        )

    def more_url(self, request):
        query = {
            k: v for k, v in (("medium", self.medium), ("language", self.language), ("audience", self.audience)) if v
        }
        return request.route_path("browse_new", _query=query)


@implementer(ILaneProvider)
@dataclasses.dataclass(frozen=True)
class PopularLane:
    """Most borrowed in the last 30 days; the newest titles while there are no loans yet."""

    name: str = "popular"
    position: int = 130
    heading: object = _("Popular now")

    def title(self, request):
        return request.localizer.translate(self.heading)

    def items(self, request, limit):
        return _cached(request, (self.name, limit), lambda: popular(request.dbsession, limit))

    def more_url(self, request):
        return request.route_path("browse_new", _query={"sort": "popular"})


def popular_ids(session, limit, now=None):
    """Publication ids by loans started in the last 30 days, most first."""
    since = (now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=POPULAR_DAYS)
    return list(
        session.scalars(
            select(Loan.publication_id)
            .where(Loan.started_at >= since)
            .group_by(Loan.publication_id)
            .order_by(func.count().desc(), Loan.publication_id)
            .limit(limit)
        )
    )


def popular(session, limit):
    ids = popular_ids(session, limit * 2)
    if not ids:
        return lane(session, limit=limit)
    by_id = {p.id: p for p in session.scalars(select(Publication).where(Publication.id.in_(ids), visible()))}
    return one_per_work(by_id[i] for i in ids if i in by_id)[:limit]


DEFAULT_LANES = (
    NewestLane("new_ebooks", 100, _("New e-books"), medium=Medium.EBOOK),
    NewestLane("new_audiobooks", 110, _("New audiobooks"), medium=Medium.AUDIOBOOK),
    NewestLane("new_magazines", 120, _("New magazine issues"), medium=Medium.MAGAZINE),
    PopularLane(),
    NewestLane("in_swedish", 140, _("In Swedish"), language="sv"),
    NewestLane("for_children", 150, _("For children"), audience=Audience.CHILDREN),
)
