"""The title page's buttons (``ITitleActions``): borrow, place a hold, read or listen, return, cancel."""

from __future__ import annotations

from pyramid.request import RequestLocalCache
from sqlalchemy import select
from zope.interface import implementer

from ..catalog.actions import SampleOnly, TitleAction
from ..catalog.interfaces import ITitleActions
from ..i18n import _
from ..models import Hold, Loan
from .interfaces import ICirculation
from .seats import SEATED


def _open_items(request):
    """The logged-in patron's open loans and holds by publication id, read once per request."""
    patron = request.patron
    if patron is None:
        return {}, {}
    loans = request.dbsession.scalars(select(Loan).where(Loan.patron_id == patron.id, Loan.status.in_(SEATED)))
    holds = request.dbsession.scalars(
        select(Hold).where(Hold.patron_id == patron.id, Hold.status.in_(("waiting", "ready")))
    )
    return {loan.publication_id: loan for loan in loans}, {hold.publication_id: hold for hold in holds}


@implementer(ITitleActions)
class CirculationActions:
    """What the patron can do with a title now, given their own loans and holds and its availability."""

    lending_open = True

    def __init__(self):
        self.cache = RequestLocalCache(_open_items)
        self.samples = SampleOnly()

    def actions(self, request, publication, availability):
        listen = publication.medium == "audiobook"
        read_label = _("Listen") if listen else _("Read")
        sample = self.samples.actions(request, publication, availability)
        if request.patron is None:
            login = request.route_path("login", _query={"next": request.path})
            label = _("Log in to read") if publication.simultaneous_use else _("Log in to borrow")
            return [TitleAction("login", label, login, method="get"), *sample]
        if publication.simultaneous_use:
            return [
                TitleAction("read", read_label, request.route_path("circulation_open", id=publication.id), method="get")
            ]
        loans, holds = self.cache.get_or_create(request)
        loan, hold = loans.get(publication.id), holds.get(publication.id)
        if loan is not None and loan.status == "active":
            return [
                TitleAction("read", read_label, request.route_path("circulation_read", loan_id=loan.id), method="get"),
                TitleAction("return", _("Return"), request.route_path("circulation_return", loan_id=loan.id)),
            ]
        if loan is not None:
            return [TitleAction("note", _("Borrowing is being completed."), "", method="none")]
        if hold is not None and hold.status == "ready":
            return [
                TitleAction(
                    "borrow",
                    _("Borrow now – your hold is ready"),
                    request.route_path("circulation_borrow", id=publication.id),
                ),
                TitleAction("cancel", _("Cancel hold"), request.route_path("circulation_cancel", hold_id=hold.id)),
            ]
        if hold is not None:
            position = request.find_service(ICirculation).position(hold)
            note = _("You are number ${position} in the queue.", mapping={"position": position})
            return [
                TitleAction("note", note, "", method="none"),
                TitleAction("cancel", _("Cancel hold"), request.route_path("circulation_cancel", hold_id=hold.id)),
            ]
        if not availability.lendable and publication.licenses:
            return sample
        queues = request.find_service(ICirculation).rules.medium_queues(publication.medium)
        free = availability.unlimited or ((availability.copies_available or 0) > 0 and availability.holds == 0)
        if free or not publication.licenses:
            # A vendor that queues itself states no licenses: try to borrow, and offer a hold if it has no copy.
            return [
                TitleAction("borrow", _("Borrow"), request.route_path("circulation_borrow", id=publication.id)),
                *sample,
            ]
        if queues:
            return [
                TitleAction("hold", _("Place a hold"), request.route_path("circulation_hold", id=publication.id)),
                *sample,
            ]
        return sample
