"""Circulation for reading apps: borrow through an OPDS borrow link, and the "my books" shelf ``/opds/loans``.

Reading apps authenticate with HTTP Basic (library ID and PIN, as the authentication document says) or with
the portal's session cookie; failed attempts count against the same limits as the login form.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt

from pyramid.view import view_config
from sqlalchemy import select

from ..accounts.identity import is_library_id
from ..accounts.interfaces import IRateLimiter
from ..catalog.availability import availability_for, vendors_counting_seats
from ..i18n import _
from ..models import Patron
from ..opds import documents as doc
from ..opds.views import problem, respond
from ..security.passwords import hash_secret, verify_secret
from .interfaces import CirculationError, ICirculation, NotAvailable

ACQUISITION = "http://opds-spec.org/acquisition"
SHELF = "http://opds-spec.org/shelf"
_NOBODY = hash_secret("not-a-pin-of-anybody")


def basic_patron(request):
    """The patron named by an ``Authorization: Basic`` header with the right PIN, or None."""
    header = request.headers.get("Authorization", "")
    if not header.startswith("Basic "):
        return None
    try:
        library_id, _sep, pin = base64.b64decode(header[6:], validate=True).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    library_id = "".join(ch for ch in library_id if ch.isdigit())[:20]
    session, limiter = request.dbsession, request.find_service(IRateLimiter)
    address = request.client_addr or "unknown"
    if limiter.locked_for(session, "patron", library_id) or limiter.locked_for(session, "address", address):
        return None
    patron = None
    if is_library_id(library_id):
        patron = session.scalar(select(Patron).where(Patron.library_id == library_id, Patron.status == "active"))
    stored = patron.pin_hash if patron is not None and patron.pin_hash else _NOBODY
    if not (verify_secret(stored, pin[:100]) and patron is not None and patron.pin_hash):
        limiter.fail(session, "patron", library_id)
        limiter.fail(session, "address", address)
        return None
    limiter.clear(session, "patron", library_id)
    return patron


def reading_app_patron(request):
    patron = request.patron
    if patron is not None and patron.pin_hash and patron.status == "active":
        return patron
    return basic_patron(request)


def unauthorized(request):
    response = respond(doc.authentication_document(request), doc.AUTHENTICATION, status=401)
    response.headers["WWW-Authenticate"] = 'Basic realm="ebiblio"'
    return response


def loan_entry(request, circulation, publication, availability, loan=None, hold=None, position=None):
    """A publication entry whose links say what this patron has: an open loan, or a place in the queue."""
    entry = doc.publication_entry(request, publication, availability)
    if loan is not None:
        token = circulation.reader_link(request_patron(request), loan_id=loan.id)
        entry["links"] = [link for link in entry["links"] if link["rel"] != doc.BORROW]
        entry["links"].append(
            {
                "rel": ACQUISITION,
                "href": request.route_url("circulation_reader", token=token),
                "properties": {"availability": {"state": "ready", "until": loan.due_at.isoformat()}},
            }
        )
    elif hold is not None:
        for link in entry["links"]:
            if link["rel"] == doc.BORROW:
                state = (
                    {"state": "ready", "until": hold.ready_until.isoformat()}
                    if hold.status == "ready"
                    else {"state": "reserved"}
                )
                link["properties"]["availability"] = state
                if position is not None:
                    link["properties"].setdefault("holds", {})["position"] = position
    return entry


def request_patron(request):
    return request.environ["ebiblio.opds_patron"]


def borrow_in_feed(request, publication):
    """The OPDS borrow link: lend the title, or queue for it when no copy is free; answer its new entry."""
    patron = reading_app_patron(request)
    if patron is None:
        return unauthorized(request)
    if request.method != "POST":
        return problem(request, 405, _("Borrow with POST."))
    request.environ["ebiblio.opds_patron"] = patron
    circulation = request.find_service(ICirculation)
    loan = hold = None
    try:
        try:
            loan = circulation.borrow(patron, publication)
        except NotAvailable as refused:
            if not refused.details.get("can_hold"):
                raise
            hold = circulation.place_hold(patron, publication)
    except CirculationError as error:
        status = {"not_eligible": 403, "limit": 403, "not_found": 404, "vendor": 502}.get(error.code, 409)
        return problem(request, status, error.message)
    availability = availability_for(
        request.dbsession, [publication], counted_by_vendor=vendors_counting_seats(request)
    )[publication.id]
    position = circulation.position(hold) if hold is not None else None
    entry = loan_entry(request, circulation, publication, availability, loan=loan, hold=hold, position=position)
    return respond(entry, doc.PUBLICATION, status=201)


@view_config(route_name="opds_loans", request_method="GET")
def loans_feed(request):
    """The reading app's "my books": open loans with their reader links, then holds with their places."""
    patron = reading_app_patron(request)
    if patron is None:
        return unauthorized(request)
    request.environ["ebiblio.opds_patron"] = patron
    circulation = request.find_service(ICirculation)
    shelf = circulation.shelf(patron)
    publications = [loan.publication for loan in shelf.loans] + [item.hold.publication for item in shelf.holds]
    availability = availability_for(
        request.dbsession, publications, dt.datetime.now(dt.UTC), vendors_counting_seats(request)
    )
    entries = [
        loan_entry(request, circulation, loan.publication, availability[loan.publication.id], loan=loan)
        for loan in shelf.loans
    ]
    entries += [
        loan_entry(
            request,
            circulation,
            item.hold.publication,
            availability[item.hold.publication.id],
            hold=item.hold,
            position=item.position,
        )
        for item in shelf.holds
    ]
    self_href = request.route_url("opds_loans")
    document = {
        "metadata": {"title": request.localizer.translate(_("My loans and holds")), "numberOfItems": len(entries)},
        "links": doc.start_links(request, self_href),
    }
    if entries:
        document["publications"] = entries
    else:
        document["navigation"] = [
            {
                "href": request.route_url("opds_root"),
                "title": request.localizer.translate(_("E-library")),
                "type": doc.FEED,
                "rel": "start",
            }
        ]
    response = respond(document)
    response.headers["Cache-Control"] = "private, no-store"
    return response
