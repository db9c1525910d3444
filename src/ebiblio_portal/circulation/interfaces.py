"""The circulation contract: borrowing, holds, returns and reading, and why a request was refused."""

from __future__ import annotations

from zope.interface import Interface


class CirculationError(Exception):
    """A request the rules or the vendor refused; ``message`` is a TranslationString for the patron."""

    code = "refused"

    def __init__(self, message, **details):
        super().__init__(str(message))
        self.message = message
        self.details = details


class NotEligible(CirculationError):
    """The patron may not borrow now (home municipality not joined, account not in order)."""

    code = "not_eligible"


class LimitReached(CirculationError):
    """The patron already has as many loans of this medium, or holds, as the rules allow."""

    code = "limit"


class NotAvailable(CirculationError):
    """No seat is free (a hold may be placed), or the title lends nothing at all."""

    code = "not_available"


class AlreadyDone(CirculationError):
    """The patron already has this loan or hold, or it is already returned or cancelled."""

    code = "already"


class VendorFailed(CirculationError):
    """The vendor could not do it; the portal recorded nothing (or undid what it had started)."""

    code = "vendor"


class NotFound(CirculationError):
    """No such loan, hold or publication for this patron."""

    code = "not_found"


class ICirculation(Interface):
    """Loans, holds and returns of one patron at a time, never lending more than the licenses allow.

    Every method that changes something commits its own short transactions: the seat is reserved under the
    publication's lock, the vendor is called outside any transaction, and the vendor's answer is recorded
    (or undone at the vendor when recording fails). Methods raise a ``CirculationError`` subclass that
    carries a message for the patron.
    """

    def borrow(patron, publication):
        """Lend ``publication`` to ``patron`` (claiming their ready hold if they have one); return the ``Loan``."""

    def place_hold(patron, publication):
        """Queue ``patron`` for ``publication`` when no seat is free; return the ``Hold``."""

    def cancel_hold(patron, hold_id):
        """Cancel one of the patron's holds (waiting or ready); a ready hold passes to the next patron."""

    def return_loan(patron, loan_id):
        """Return a loan early: the seat frees at once and the queue advances. Returning twice is one return."""

    def reader_link(patron, loan_id=None, publication=None):
        """A signed, expiring portal URL that opens a loan (or a simultaneous-use publication) in the reader."""

    def fulfil(token):
        """Check a signed reader link and ask the vendor where to read; return a ``values.FulfilmentLink``."""

    def shelf(patron):
        """The patron's open loans and holds with positions and waits: a ``Shelf``."""

    def tick(now=None):
        """End loans that are due, pass on unclaimed ready holds, remind of loans ending, settle half-made loans.

        Safe to run often and in parallel; returns a ``TickReport`` of counts.
        """

    def reconcile(repair=True):
        """Compare open loans with their vendors; report (and with ``repair`` mend) drift; return a report."""
