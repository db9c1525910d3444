"""My loans and holds (``/lainat``), the forms behind the title page's buttons, and the reader redirect."""

from __future__ import annotations

from babel.dates import format_timedelta
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config
from sqlalchemy.orm import lazyload

from ..catalog.titles import format_wait
from ..i18n import _
from ..i18n.formatting import format_date, locale_of
from ..models import Publication
from ..security.policy import ACCOUNT
from .interfaces import CirculationError, ICirculation, NotFound, VendorFailed

MAX_ID = 2**31 - 1


def service(request):
    return request.find_service(ICirculation)


def flash(request, message):
    # Only the latest outcome is worth telling; unread older ones must not grow the session cookie.
    request.session.pop_flash()
    request.session.flash(request.localizer.translate(message))


def back(request, publication=None):
    """Where a form returns: the title page it came from, or my loans."""
    if request.POST.get("from") == "loans" or publication is None:
        return HTTPSeeOther(request.route_path("circulation_loans"))
    return HTTPSeeOther(request.route_path("publication", id=publication.id))


def publication_of(request):
    identifier = int(request.matchdict["id"])
    # The buttons need the publication's own columns only: its contributors and licenses are not read.
    options = (lazyload(Publication.contributors), lazyload(Publication.licenses))
    publication = request.dbsession.get(Publication, identifier, options=options) if identifier <= MAX_ID else None
    return publication if publication is not None and not publication.withdrawn else None


@view_config(
    route_name="circulation_loans", renderer="circulation/loans.jinja2", request_method="GET", permission=ACCOUNT
)
def loans_page(request):
    circulation = service(request)
    shelf = circulation.shelf(request.patron)
    now = circulation.clock()
    locale = locale_of(request)
    return {
        "shelf": shelf,
        "time_left": {
            loan.id: format_timedelta(loan.due_at - now, threshold=1.1, locale=locale) for loan in shelf.loans
        },
        "waits": {
            item.hold.id: format_wait(item.estimated_wait, locale) for item in shelf.holds if item.estimated_wait
        },
    }


@view_config(route_name="circulation_borrow", request_method="POST", permission=ACCOUNT)
def borrow(request):
    publication = publication_of(request)
    if publication is None:
        flash(request, _("This title is no longer in the collection."))
        return back(request)
    try:
        loan = service(request).borrow(request.patron, publication)
    except CirculationError as error:
        flash(request, error.message)
        return back(request, publication)
    flash(
        request,
        _(
            "You borrowed ${title}. The loan ends on ${due}.",
            mapping={"title": publication.title, "due": format_date(request, loan.due_at)},
        ),
    )
    return HTTPSeeOther(request.route_path("circulation_loans"))


@view_config(route_name="circulation_hold", request_method="POST", permission=ACCOUNT)
def place_hold(request):
    publication = publication_of(request)
    if publication is None:
        flash(request, _("This title is no longer in the collection."))
        return back(request)
    circulation = service(request)
    try:
        hold = circulation.place_hold(request.patron, publication)
    except CirculationError as error:
        flash(request, error.message)
        return back(request, publication)
    position = circulation.position(hold)
    flash(
        request,
        _(
            "You are number ${position} in the queue for ${title}.",
            mapping={"position": position, "title": publication.title},
        ),
    )
    return HTTPSeeOther(request.route_path("circulation_loans"))


def _act_then_show_loans(request, act, done):
    """Run one patron action, say how it went, and go back to my loans."""
    try:
        act()
    except CirculationError as error:
        flash(request, error.message)
    else:
        flash(request, done)
    return HTTPSeeOther(request.route_path("circulation_loans"))


@view_config(route_name="circulation_return", request_method="POST", permission=ACCOUNT)
def return_loan(request):
    return _act_then_show_loans(
        request,
        lambda: service(request).return_loan(request.patron, request.matchdict["loan_id"]),
        _("The loan was returned. Thank you!"),
    )


@view_config(route_name="circulation_cancel", request_method="POST", permission=ACCOUNT)
def cancel_hold(request):
    return _act_then_show_loans(
        request,
        lambda: service(request).cancel_hold(request.patron, request.matchdict["hold_id"]),
        _("The hold was cancelled."),
    )


@view_config(route_name="circulation_read", request_method="GET", permission=ACCOUNT)
def read_loan(request):
    """The Read button of a loan: a fresh signed link, so an old page never opens an ended loan."""
    token = service(request).reader_link(request.patron, loan_id=request.matchdict["loan_id"][:36])
    return HTTPSeeOther(request.route_path("circulation_reader", token=token))


@view_config(route_name="circulation_open", request_method="GET", permission=ACCOUNT)
def open_publication(request):
    """The Read button of a simultaneous-use title (a magazine issue): no loan, a signed link all the same."""
    publication = publication_of(request)
    if publication is None:
        return problem(request, NotFound(_("This title is no longer in the collection.")))
    circulation = service(request)
    try:
        circulation.check_eligible(request.patron)
    except CirculationError as error:
        return problem(request, error, status=403)
    return HTTPSeeOther(
        request.route_path("circulation_reader", token=circulation.reader_link(request.patron, publication=publication))
    )


@view_config(route_name="circulation_reader", request_method="GET")
def reader(request):
    """A signed reader link: works without the session (reading apps), ends with the loan or its lifetime."""
    try:
        link = service(request).fulfil(request.matchdict["token"], patron=request.patron)
    except CirculationError as error:
        return problem(request, error, status=503 if isinstance(error, VendorFailed) else 410)
    response = HTTPSeeOther(location=link.href)
    response.headers["Cache-Control"] = "no-store"
    return response


def problem(request, error, status=404):
    from pyramid.renderers import render_to_response

    response = render_to_response(
        "circulation/problem.jinja2", {"text": request.localizer.translate(error.message)}, request=request
    )
    response.status = status
    return response
