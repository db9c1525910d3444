"""Deleting an account: end loans and holds at the vendors first, then erase the personal data.

The patron row stays as an anonymous husk (home municipality and dates only)
so the loans and holds it had still count in the statistics, but nothing in
it or anywhere else points back to the person: names, library ID, the keyed
hash of the identity code, email, PIN, passkeys and login sessions are gone.
The person may register again later and gets a new, unrelated account.
"""

from __future__ import annotations

import logging
import secrets

from sqlalchemy import delete, select

from ..interfaces import IContentProvider, VendorError
from ..models import AuditEntry, Hold, Loan, Passkey, PatronWish, utcnow
from . import logins

log = logging.getLogger(__name__)

OPEN_LOANS = ("pending", "active")
OPEN_HOLDS = ("waiting", "ready", "reserved")


class VendorsDidNotAnswer(Exception):
    """A vendor could not end a loan or hold now; nothing was erased, the patron may try again later."""


def end_at_vendors(session, patron, find_provider):
    """Return every open loan and cancel every open hold at its vendor, then mark them ended here.

    ``find_provider(vendor_name)`` returns the vendor's ``IContentProvider`` or
    None. Raises ``VendorsDidNotAnswer`` (and ends nothing here) when a vendor fails.
    """
    loans = list(session.scalars(select(Loan).where(Loan.patron_id == patron.id, Loan.status.in_(OPEN_LOANS))))
    holds = list(session.scalars(select(Hold).where(Hold.patron_id == patron.id, Hold.status.in_(OPEN_HOLDS))))
    try:
        for loan in loans:
            provider = find_provider(loan.publication.vendor_name)
            if provider is not None and loan.vendor_loan_id:
                provider.checkin(loan.publication.vendor_key, loan.vendor_loan_id)
        for hold in holds:
            provider = find_provider(hold.publication.vendor_name)
            if provider is not None and hold.vendor_hold_id:
                provider.release_hold(hold.publication.vendor_key, hold.vendor_hold_id)
    except VendorError as error:
        log.warning("account deletion of patron %s waits: %s", patron.id, error)
        raise VendorsDidNotAnswer(str(error)) from None
    now = utcnow()
    for loan in loans:
        loan.status, loan.ended_at = "returned", now
    for hold in holds:
        hold.status = "cancelled"
    return len(loans), len(holds)


def erase(session, patron):
    """Erase the patron's personal data and keep an anonymous row for the statistics."""
    for loan in session.scalars(select(Loan).where(Loan.patron_id == patron.id)):
        # Vendor ids and links may carry the pseudonymous patron reference.
        loan.vendor_loan_id = loan.return_url = loan.fulfilment_url = None
    for hold in session.scalars(select(Hold).where(Hold.patron_id == patron.id)):
        hold.vendor_hold_id = None
    session.execute(delete(Passkey).where(Passkey.patron_id == patron.id))
    # Wishes and feedback are free text the patron wrote: they may name the patron.
    session.execute(delete(PatronWish).where(PatronWish.patron_id == patron.id))
    logins.end_everywhere(session, patron=patron)
    patron.library_id = "deleted-" + secrets.token_hex(6)
    patron.identity_hash = "deleted-" + secrets.token_hex(28)
    patron.given_name = patron.family_name = ""
    patron.email = patron.pin_hash = None
    patron.birth_year = None
    patron.keep_history = False
    patron.status = "deleted"
    patron.identified_at = None
    session.add(AuditEntry(actor=f"patron:{patron.id}", action="patron.deleted", target=f"patron:{patron.id}"))
    session.flush()


def delete_account(session, patron, find_provider):
    """End loans and holds at the vendors, then erase; raises ``VendorsDidNotAnswer`` before erasing anything."""
    ended = end_at_vendors(session, patron, find_provider)
    erase(session, patron)
    return ended


def provider_finder(request):
    """``find_provider`` for a request: the ``IContentProvider`` registered under the vendor's name."""

    def find(vendor_name):
        try:
            return request.find_service(IContentProvider, name=vendor_name)
        except LookupError:
            return None

    return find
