"""License accounting and loans of the sandbox distributor, as E-kirjasto counts them.

Per license: ``left`` checkouts in total (None: unlimited), ``available``
seats now, and the terms' ``concurrency``. A checkout takes one of each; a
return (or a loan running out) gives a seat back, ``available =
min(available + 1, concurrency, left)``, so a used-up license never reopens.
The caller holds the sandbox's lock around every method here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

ODL_ERRORS = "http://opds-spec.org/odl/error"
LSD_ERRORS = "http://readium.org/license-status-document/error"
LIVE = ("ready", "active")


class Problem(Exception):
    """An RFC 7807 problem the sandbox answers with."""

    def __init__(self, status, type_, title, detail=""):
        super().__init__(title)
        self.status, self.type, self.title, self.detail = status, type_, title, detail


@dataclasses.dataclass
class LicenseState:
    """The live counts of one license."""

    spec: object
    left: int | None
    available: int
    active: dict = dataclasses.field(default_factory=dict)

    @classmethod
    def fresh(cls, spec):
        left = None if spec.checkouts is None else max(spec.checkouts - spec.used, 0)
        available = spec.concurrency if left is None else min(spec.concurrency, left)
        return cls(spec, left, available)

    def status(self, now):
        expired = self.spec.expires is not None and self.spec.expires <= now
        return "unavailable" if expired or self.left == 0 else "available"


@dataclasses.dataclass
class Loan:
    """One checkout: what its License Status Document tells."""

    identifier: str
    license_identifier: str
    publication_key: str
    patron: str | None
    status: str
    issued: dt.datetime
    status_updated: dt.datetime
    end: dt.datetime
    events: list = dataclasses.field(default_factory=list)

    @property
    def live(self):
        return self.status in LIVE


class Lending:
    """Every license's counts and every loan, in memory."""

    def __init__(self):
        self.licenses = {}
        self.loans = {}
        # No live loan ends before this (None: none is live), so most requests skip looking for due loans.
        self.soonest_end = None

    def state(self, spec):
        """The live state of a license, created from its spec on first use."""
        state = self.licenses.get(spec.identifier)
        if state is None:
            state = self.licenses[spec.identifier] = LicenseState.fresh(spec)
        return state

    def peek(self, spec):
        """The live state if the license was ever used, else a fresh one that is not kept."""
        return self.licenses.get(spec.identifier) or LicenseState.fresh(spec)

    def checkout(self, spec, publication_key, loan_id, patron, expires, now):
        """Lend one seat of the license; return ``(loan, created)``. An existing ``loan_id`` returns that loan."""
        existing = self.loans.get(loan_id)
        if existing is not None:
            return existing, False
        state = self.state(spec)
        if spec.expires is not None and spec.expires <= now:
            raise Problem(403, f"{ODL_ERRORS}/checkout/expired", "The license has expired")
        if state.left == 0 or state.available <= 0:
            raise Problem(409, f"{ODL_ERRORS}/checkout/unavailable", "No copy of the license is free")
        longest = now + dt.timedelta(seconds=spec.length)
        end = longest if expires is None else min(expires, longest)
        if spec.expires is not None:
            end = min(end, spec.expires)
        if end <= now:
            raise Problem(400, "about:blank", "The requested end of the loan has passed")
        if state.left is not None:
            state.left -= 1
        state.available -= 1
        loan = Loan(loan_id, spec.identifier, publication_key, patron, "ready", now, now, end)
        loan.events.append({"type": "register", "name": "ebiblio-sandbox", "timestamp": now})
        state.active[loan_id] = loan
        self.loans[loan_id] = loan
        self.soonest_end = end if self.soonest_end is None else min(self.soonest_end, end)
        return loan, True

    def activate(self, loan, now):
        """The license document was fetched: a ready loan becomes active."""
        if loan.status == "ready":
            loan.status, loan.status_updated = "active", now

    def finish(self, loan, status, now):
        """End a live loan (returned, cancelled, expired) and give its seat back."""
        state = self.licenses[loan.license_identifier]
        loan.status, loan.status_updated = status, now
        loan.events.append({"type": "return" if status != "expired" else "expire", "timestamp": now})
        state.active.pop(loan.identifier, None)
        ceiling = state.spec.concurrency if state.left is None else min(state.spec.concurrency, state.left)
        state.available = min(state.available + 1, ceiling)

    def give_back(self, loan, now):
        """The patron returns the loan early."""
        if not loan.live:
            raise Problem(400, f"{LSD_ERRORS}/return", "The loan is already over")
        self.finish(loan, "cancelled" if loan.status == "ready" else "returned", now)

    def renew(self, loan, spec, end, now):
        """Extend a live loan up to the license's loan length and expiry."""
        if not loan.live:
            raise Problem(400, f"{LSD_ERRORS}/renew", "The loan is over")
        limit = now + dt.timedelta(seconds=spec.length)
        if spec.expires is not None:
            limit = min(limit, spec.expires)
        loan.end = limit if end is None else min(end, limit)
        self.soonest_end = loan.end if self.soonest_end is None else min(self.soonest_end, loan.end)
        loan.status_updated = now
        loan.events.append({"type": "renew", "timestamp": now})

    def expire_due(self, now):
        """End every live loan whose time is up."""
        if self.soonest_end is None or now < self.soonest_end:
            return
        soonest = None
        for state in self.licenses.values():
            for loan in list(state.active.values()):
                if loan.end <= now:
                    self.finish(loan, "expired", now)
                elif soonest is None or loan.end < soonest:
                    soonest = loan.end
        self.soonest_end = soonest
