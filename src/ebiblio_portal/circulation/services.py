"""``Circulation``: borrow, hold, return and read, exact with the licenses, in step with the vendors.

Every change is made of short transactions (``steps.Steps``):

1. *reserve* — under the publication's lock (``seats.lock``): check the rules, pick the license, and insert the
   loan as ``pending``; a pending loan holds its seat, so nobody else can take it while the vendor is asked;
2. the vendor is called outside any transaction, with the loan's id as its idempotency key;
3. *record* — the vendor's answer is written (``active``), or the loan is marked ``failed`` when the vendor
   refused. If recording fails, the loan is returned at the vendor at once (compensation); if the process
   dies first, the next ``tick`` finds the loan still ``pending`` and settles it the same way.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import uuid
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import lazyload
from zope.interface import implementer

from ..accounts.interfaces import IEligibility
from ..catalog.availability import DEFAULT_LOAN_LENGTH, estimate_wait
from ..i18n import _
from ..interfaces import IContentProvider, INotifier, ISearchIndex, VendorError, VendorRefused
from ..models import Hold, License, Loan, Patron, Publication, UnsentNotice
from ..services import lookup
from ..stats import recording
from . import events, notices, seats, tokens
from .interfaces import (
    AlreadyDone,
    CirculationError,
    ICirculation,
    LimitReached,
    NotAvailable,
    NotEligible,
    NotFound,
    VendorFailed,
)
from .rules import Rules
from .steps import Steps

log = logging.getLogger(__name__)
HELSINKI = ZoneInfo("Europe/Helsinki")
OPEN_HOLDS = ("waiting", "ready")
ENDED_LOANS = ("returned", "expired", "cancelled", "failed")
TICK_BATCH = 500
# A notice that could not be sent is tried again by the tick after these waits, NOTICE_ATTEMPTS times in all.
NOTICE_RETRY_AFTER = (dt.timedelta(minutes=5), dt.timedelta(minutes=30), dt.timedelta(hours=2), dt.timedelta(hours=6))
NOTICE_ATTEMPTS = 5
LOAN_INSERT = ("id", "patron_id", "publication_id", "license_id", "status", "started_at", "due_at")
# A pending loan this old is no double click in flight but an attempt whose answer was lost.
RESUME_AFTER = dt.timedelta(seconds=10)
# Inside the locked steps only columns are read: no joined publication, no license or contributor lists.
BARE_PUBLICATION = (lazyload(Publication.licenses), lazyload(Publication.contributors))
BARE_LOAN = (lazyload(Loan.publication),)
# Core updates of rows the session does not hold: nothing to synchronise.
UNSYNCED = {"synchronize_session": False}
# The borrow and return path's statements, built once (see seats.py); the reserve step asks about the patron
# in the statement that counts the seats: a seated loan of this title, a ready hold on it, loans of the medium.
PATRON_ID = bindparam("patron_id")
RESERVE_COUNT = seats.counting(
    select(Loan.id)
    .where(Loan.patron_id == PATRON_ID, Loan.publication_id == seats.PUBLICATION_ID, seats.seated(Loan.status))
    .limit(1)
    .scalar_subquery()
    .label("mine"),
    select(Hold.id)
    .where(Hold.patron_id == PATRON_ID, Hold.publication_id == seats.PUBLICATION_ID, Hold.status == "ready")
    .limit(1)
    .scalar_subquery()
    .label("ready_hold"),
    select(func.count())
    .select_from(Loan)
    .join(Publication, Publication.id == Loan.publication_id)
    .where(Loan.patron_id == PATRON_ID, seats.seated(Loan.status), Publication.medium == bindparam("medium"))
    .scalar_subquery()
    .label("of_medium"),
)
SPEND_CHECKOUT = (
    update(License)
    .where(License.id == bindparam("license_id"))
    .values(checkouts_left=License.checkouts_left - 1)
    .execution_options(**UNSYNCED)
)
RECORD_LOAN = (
    update(Loan)
    .where(Loan.id == bindparam("loan_id"), Loan.status == "pending")
    .values(
        status="active",
        vendor_loan_id=bindparam("vendor_loan_id"),
        started_at=bindparam("starts"),
        due_at=bindparam("ends"),
        return_url=bindparam("return_url"),
        fulfilment_url=bindparam("fulfilment_url"),
    )
    .execution_options(**UNSYNCED)
)
FULFIL_READY_HOLD = (
    update(Hold)
    .where(
        Hold.patron_id == bindparam("b_patron_id"),
        Hold.publication_id == bindparam("b_publication_id"),
        Hold.status == "ready",
    )
    .values(status="fulfilled", vendor_hold_id=None)
    .execution_options(**UNSYNCED)
)
COUNT_LOAN = (
    update(Publication)
    .where(Publication.id == seats.PUBLICATION_ID)
    .values(popularity=Publication.popularity + 1)
    .execution_options(**UNSYNCED)
)
INSERT_LOAN = insert(Loan)
END_LOAN = (
    update(Loan)
    .where(Loan.id == bindparam("loan_id"), Loan.status == "active")
    .values(status=bindparam("status"), ended_at=bindparam("ended_at"))
    .execution_options(**UNSYNCED)
)


def utcnow():
    return dt.datetime.now(dt.UTC)


@dataclasses.dataclass(frozen=True)
class PatronFacts:
    """What circulation needs of a patron, read once so it survives the commits between steps."""

    id: int
    municipality_code: str | None
    language: str
    email: str | None


@dataclasses.dataclass(frozen=True)
class Title:
    """What lending needs of a publication, read once: a plain value that crosses the steps' commits."""

    id: int
    vendor_name: str
    vendor_key: str
    medium: str
    language: str
    title: str
    simultaneous_use: bool

    @classmethod
    def of(cls, publication):
        return cls(*(getattr(publication, column.key) for column in TITLE_COLUMNS))


TITLE_COLUMNS = (
    Publication.id,
    Publication.vendor_name,
    Publication.vendor_key,
    Publication.medium,
    Publication.language,
    Publication.title,
    Publication.simultaneous_use,
)
LOAN_TO_RETURN = (
    select(Loan.patron_id, Loan.status, Loan.vendor_loan_id, *TITLE_COLUMNS)
    .join(Publication, Publication.id == Loan.publication_id)
    .where(Loan.id == bindparam("loan_id"))
)


@dataclasses.dataclass(frozen=True)
class Reservation:
    """A seat reserved by the *reserve* step: the pending loan, the license asked for, a ready hold claimed."""

    loan: Loan
    license_identifier: str | None
    claims_hold: bool
    title: Title


@dataclasses.dataclass
class ShelfHold:
    hold: Hold
    position: int | None
    estimated_wait: dt.timedelta | None


@dataclasses.dataclass
class Shelf:
    """A patron's open loans (soonest due first) and holds (ready first, then by position)."""

    loans: list
    holds: list
    settling: list  # loans still being settled with the vendor


@dataclasses.dataclass
class TickReport:
    expired_loans: int = 0
    expired_holds: int = 0
    holds_ready: int = 0
    reminders: int = 0
    settled: int = 0
    unsettled: int = 0
    notifications: int = 0
    notices_given_up: int = 0


@dataclasses.dataclass
class ReconcileReport:
    checked: int = 0
    ended_at_vendor: int = 0
    due_changed: int = 0
    unknown_at_vendor: int = 0
    unreachable: int = 0
    repaired: int = 0
    lines: list = dataclasses.field(default_factory=list)


@implementer(ICirculation)
class Circulation:
    """The lending service; one per request (or per command run), bound to its session and transactions."""

    def __init__(self, *, session, manager, registry, settings, clock=utcnow, steps=None):
        self.session = session
        self.registry = registry
        self.settings = settings
        self.rules = Rules.from_settings(settings)
        self.secret = settings["ebiblio.secret"]
        self.clock = clock
        self.steps = steps or Steps(session, manager)
        self._outbox = []
        # Publications whose "available now" changed: re-indexed for search after the commit.
        self._changed = set()

    @classmethod
    def create_service(cls, context, request):
        return cls(
            session=request.dbsession, manager=request.tm, registry=request.registry, settings=request.registry.settings
        )

    # -- who and what ------------------------------------------------------------------------------------------

    def facts(self, patron):
        return PatronFacts(patron.id, patron.municipality_code, patron.language or "fi", patron.email)

    def provider(self, publication):
        try:
            return lookup(self.registry, IContentProvider, name=publication.vendor_name)
        except (LookupError, ValueError, TypeError):
            raise VendorFailed(_("This title cannot be borrowed right now. Try again later.")) from None

    def patron_ref(self, patron_id):
        return tokens.patron_ref(self.secret, patron_id)

    def check_eligible(self, patron):
        day = self.clock().astimezone(HELSINKI).date()
        try:
            eligibility = lookup(self.registry, IEligibility)
        except (LookupError, ValueError, TypeError):
            eligibility = None
        if eligibility is not None:
            verdict = eligibility.may_borrow(patron, day, patron.language or "fi")
            if not verdict:
                raise NotEligible(verdict.message or _("You cannot borrow right now."))
            return
        # Without the accounts feature: the home municipality's membership alone decides.
        municipality = patron.municipality
        if (
            patron.status not in ("active", "pin_required")
            or municipality is None
            or not municipality.is_member_on(day)
        ):
            raise NotEligible(_("You cannot borrow right now."))

    def vendor_total(self, publication, provider):
        """Seats of a title whose vendor queues itself and states no licenses: the vendor's copies (see seats.py)."""
        if publication.simultaneous_use or not provider.queues or self._has_licenses(publication.id):
            return None
        try:
            return provider.availability(publication.vendor_key).copies_total
        except VendorError as error:
            log.warning("%s: availability of a title could not be read: %s", publication.vendor_name, error)
            raise VendorFailed(_("The e-book service did not answer. Nothing was changed; try again soon.")) from None

    def _has_licenses(self, publication_id):
        found = self.session.execute(select(License.id).where(License.publication_id == publication_id).limit(1))
        return found.first() is not None

    # -- borrowing ---------------------------------------------------------------------------------------------

    def borrow(self, patron, publication):
        if publication.withdrawn:
            raise NotFound(_("This title is no longer in the collection."))
        if publication.simultaneous_use:
            raise AlreadyDone(_("This title needs no loan: open it with the Read button."))
        self.check_eligible(patron)
        who = self.facts(patron)
        provider = self.provider(publication)
        vendor_total = self.vendor_total(publication, provider)
        title = Title.of(publication)
        self.steps.checkpoint()
        reserved = self._run("reserve", lambda session: self._reserve(session, who, title, vendor_total))
        try:
            return self._lend(provider, who, reserved)
        finally:
            self._send()

    def _lend(self, provider, who, reserved):
        """Ask the vendor for a reserved loan and record its answer (or undo it there)."""
        loan, vendor_key = reserved.loan, reserved.title.vendor_key
        try:
            grant = provider.checkout(
                vendor_key, reserved.license_identifier, self.patron_ref(who.id), loan.id, loan.due_at
            )
        except VendorRefused as error:
            log.info("%s refused a checkout: %s", provider.name, error)
            self._run("refused", lambda session: self._give_up(session, loan.id))
            raise NotAvailable(
                _("The e-book service has no free copy of this title after all. You can place a hold."),
                can_hold=True,
            ) from None
        except VendorError as error:
            # The vendor may or may not have lent it: the loan stays pending and the tick settles it.
            log.warning("%s: checkout did not complete: %s", provider.name, error)
            raise VendorFailed(
                _("The e-book service did not answer. You were not lent the title; try again in a few minutes.")
            ) from None
        try:
            return self._run("record", lambda session: self._record(session, who, reserved, grant))
        except CirculationError:
            raise
        except Exception:
            log.exception("a loan could not be recorded; returning it at %s", provider.name)
            self._compensate(provider, vendor_key, loan.id, grant)
            raise VendorFailed(_("Borrowing did not complete. You were not lent the title; try again.")) from None

    def _reserve(self, session, who, title, vendor_total):
        """Under the lock: check the rules, pick the license and insert the pending loan (one read, two writes)."""
        now = self.clock()
        seats.lock(session, title.id)
        counted = seats.count(
            session, title, now, vendor_total, statement=RESERVE_COUNT, patron_id=who.id, medium=title.medium
        )
        mine, ready, loans_of_medium = (counted.answers[name] for name in ("mine", "ready_hold", "of_medium"))
        if mine is not None:
            return self._again(session, now, mine, title, ready is not None)
        limit = self.rules.limit(title.medium)
        if loans_of_medium >= limit:
            raise LimitReached(
                _(
                    "You already have ${count} loans of this kind, the most allowed. Return one first.",
                    mapping={"count": limit},
                )
            )
        if ready is None:
            if counted.total == 0:
                raise NotAvailable(_("This title cannot be borrowed at the moment."))
            no_seat = counted.free is not None and counted.free <= 0
            if no_seat or counted.waiting > 0:
                raise NotAvailable(_("All copies are on loan."), can_hold=self.rules.medium_queues(title.medium))
        if counted.free is not None and counted.free <= 1:
            self._changed.add(title.id)
        license_ = None
        if counted.licensed:
            if not counted.licenses:
                raise NotAvailable(_("All copies are on loan."), can_hold=self.rules.medium_queues(title.medium))
            license_ = counted.licenses[0][0]
        due = now + self.rules.period(title.medium)
        if license_ is not None:
            if license_.loan_length_seconds:
                due = min(due, now + dt.timedelta(seconds=license_.loan_length_seconds))
            if license_.expires is not None:
                due = min(due, license_.expires)
            if license_.checkouts_left is not None:
                session.execute(SPEND_CHECKOUT, {"license_id": license_.id})
        loan = Loan(
            id=str(uuid.uuid4()),
            patron_id=who.id,
            publication_id=title.id,
            license_id=license_.id if license_ is not None else None,
            status="pending",
            started_at=now,
            due_at=due.replace(microsecond=0),
        )
        session.execute(INSERT_LOAN, {key: getattr(loan, key) for key in LOAN_INSERT})
        return Reservation(loan, license_.identifier if license_ is not None else None, ready is not None, title)

    def _again(self, session, now, loan_id, title, claims_hold):
        """The patron already has a seat on this title: a loan, a double click, or an attempt whose answer was lost."""
        mine = session.get(Loan, loan_id, options=BARE_LOAN)
        if mine.status == "active":
            raise AlreadyDone(_("You already have this title on loan."), loan_id=mine.id)
        if mine.status == "pending" and now - mine.started_at >= RESUME_AFTER:
            # An earlier attempt whose answer was lost: ask again with the same idempotency key.
            license_ = session.get(License, mine.license_id) if mine.license_id else None
            identifier = license_.identifier if license_ is not None else None
            return Reservation(mine, identifier, claims_hold, title)
        raise AlreadyDone(_("Your borrowing of this title is still being completed. Look again in a moment."))

    def _record(self, session, who, reserved, grant):
        """Make the pending loan active with the vendor's answer; return it as recorded."""
        loan, title = reserved.loan, reserved.title
        recorded = session.execute(
            RECORD_LOAN,
            {
                "loan_id": loan.id,
                "vendor_loan_id": grant.vendor_loan_id,
                "starts": grant.starts,
                "ends": grant.ends,
                "return_url": grant.return_url,
                "fulfilment_url": grant.fulfilment_url,
            },
        )
        if recorded.rowcount != 1:
            # The tick settled it meanwhile (returned it at the vendor): nothing is lent.
            raise VendorFailed(_("Borrowing did not complete. You were not lent the title; try again."))
        if reserved.claims_hold:
            # A claimed ready hold is fulfilled; the vendor ends its own hold when it lends.
            session.execute(FULFIL_READY_HOLD, {"b_patron_id": who.id, "b_publication_id": title.id})
        session.execute(COUNT_LOAN, {"publication_id": title.id})
        events.record(session, "loan", title, who.municipality_code, self.clock())
        recording.patron_active(session, who.id, who.municipality_code, self.clock())
        return Loan(
            id=loan.id,
            patron_id=loan.patron_id,
            publication_id=loan.publication_id,
            license_id=loan.license_id,
            vendor_loan_id=grant.vendor_loan_id,
            status="active",
            started_at=grant.starts,
            due_at=grant.ends,
            return_url=grant.return_url,
            fulfilment_url=grant.fulfilment_url,
        )

    def _give_up(self, session, loan_id):
        loan = session.get(Loan, loan_id)
        if loan is None or loan.status != "pending":
            return
        loan.status = "failed"
        loan.ended_at = self.clock()
        self._changed.add(loan.publication_id)
        if loan.license_id is not None:
            license_ = session.get(License, loan.license_id)
            if license_ is not None and license_.checkouts_left is not None:
                license_.checkouts_left += 1

    def _compensate(self, provider, vendor_key, loan_id, grant):
        """Recording failed after the vendor lent: return it at the vendor, then mark the loan cancelled."""
        try:
            provider.checkin(vendor_key, grant.vendor_loan_id)
        except VendorError as error:
            log.warning("%s: compensating return failed (%s); the next tick settles it", provider.name, error)
            return False
        try:
            self._run("compensated", lambda session: self._cancel_pending(session, loan_id))
        except Exception:  # noqa: BLE001 - the tick settles a loan left pending
            log.exception("a compensated loan could not be marked; the next tick settles it")
        return True

    def _cancel_pending(self, session, loan_id):
        loan = session.get(Loan, loan_id)
        if loan is not None and loan.status == "pending":
            loan.status = "cancelled"
            loan.ended_at = self.clock()

    # -- returning ---------------------------------------------------------------------------------------------

    def return_loan(self, patron, loan_id):
        found = None
        if isinstance(loan_id, str) and len(loan_id) <= 36:
            found = self.session.execute(LOAN_TO_RETURN, {"loan_id": loan_id}).first()
        if found is None or found.patron_id != patron.id:
            raise NotFound(_("No such loan."))
        if found.status in ENDED_LOANS:
            raise AlreadyDone(_("This loan has already ended."))
        if found.status in ("pending", "settling"):
            raise AlreadyDone(_("Your borrowing of this title is still being completed. Look again in a moment."))
        title = Title(*found[3:])  # the row's TITLE_COLUMNS
        provider = self.provider(title)
        vendor_total = self.vendor_total(title, provider)
        try:
            provider.checkin(title.vendor_key, found.vendor_loan_id)
        except VendorError as error:
            log.warning("%s: return failed: %s", provider.name, error)
            raise VendorFailed(
                _("The e-book service did not answer. The loan was not returned; try again soon.")
            ) from None
        municipality_code = patron.municipality_code
        self.steps.checkpoint()

        def work(session):
            seats.lock(session, title.id)
            now = self.clock()
            ended = session.execute(END_LOAN, {"loan_id": loan_id, "status": "returned", "ended_at": now})
            if ended.rowcount != 1:
                return False  # returned meanwhile (a double click), or ended by the tick
            events.record(session, "return", title, municipality_code, now)
            self._advance(session, title, now, vendor_total)
            return True

        try:
            returned = self._run("return", work)
        finally:
            self._send()
        if not returned:
            raise AlreadyDone(_("This loan has already ended."))

    # -- the queue ---------------------------------------------------------------------------------------------

    def place_hold(self, patron, publication):
        if publication.withdrawn:
            raise NotFound(_("This title is no longer in the collection."))
        if publication.simultaneous_use or not self.rules.medium_queues(publication.medium):
            raise NotAvailable(_("Holds cannot be placed on this kind of title."))
        self.check_eligible(patron)
        who = self.facts(patron)
        provider = self.provider(publication)
        vendor_total = self.vendor_total(publication, provider)
        publication_id, vendor_key = publication.id, publication.vendor_key
        self.steps.checkpoint()

        placed = []

        def work(session):
            hold = self._reserve_hold(session, who, publication_id, vendor_total)
            if provider.queues:
                # Inside the lock: the vendor's queue gets patrons in the portal's order, so the two stay in step.
                try:
                    grant = provider.place_hold(vendor_key, self.patron_ref(who.id), hold.id)
                except VendorError as error:
                    log.warning("%s: placing a hold failed: %s", provider.name, error)
                    raise VendorFailed(
                        _("The e-book service did not answer. No hold was placed; try again soon.")
                    ) from None
                hold.vendor_hold_id = grant.vendor_hold_id
                placed.append(grant.vendor_hold_id)
            return hold

        try:
            return self._run("hold", work)
        except CirculationError:
            raise
        except Exception:
            log.exception("a hold could not be recorded; releasing it at %s", provider.name)
            for vendor_hold_id in placed:
                self._release_at_vendor(provider, vendor_key, vendor_hold_id)
            raise VendorFailed(_("Placing the hold did not complete. No hold was placed; try again.")) from None

    def _reserve_hold(self, session, who, publication_id, vendor_total):
        now = self.clock()
        seats.lock(session, publication_id)
        publication = session.get(Publication, publication_id)
        has = session.scalar(
            select(func.count())
            .select_from(Loan)
            .where(Loan.patron_id == who.id, Loan.publication_id == publication_id, Loan.status.in_(seats.SEATED))
        )
        if has:
            raise AlreadyDone(_("You already have this title on loan."))
        holding = session.scalars(
            select(Hold).where(
                Hold.patron_id == who.id, Hold.publication_id == publication_id, Hold.status.in_(OPEN_HOLDS)
            )
        ).first()
        if holding is not None:
            raise AlreadyDone(_("You already have a hold on this title."))
        held = session.scalar(
            select(func.count()).select_from(Hold).where(Hold.patron_id == who.id, Hold.status.in_(OPEN_HOLDS))
        )
        if held >= self.rules.hold_limit:
            raise LimitReached(
                _(
                    "You already have ${count} holds, the most allowed. Cancel one first.",
                    mapping={"count": self.rules.hold_limit},
                )
            )
        counted = seats.count(session, publication, now, vendor_total)
        if counted.total == 0:
            raise NotAvailable(_("This title cannot be borrowed at the moment."))
        if counted.total is None or (counted.free > 0 and counted.waiting == 0):
            raise NotAvailable(_("A copy is free now: borrow it instead."), can_borrow=True)
        last = session.scalar(select(func.max(Hold.queue_number)).where(Hold.publication_id == publication_id)) or 0
        hold = Hold(
            id=str(uuid.uuid4()),
            patron_id=who.id,
            publication_id=publication_id,
            status="waiting",
            placed_at=now,
            queue_number=last + 1,
        )
        session.add(hold)
        events.record(session, "hold", publication, who.municipality_code, now)
        recording.patron_active(session, who.id, who.municipality_code, now)
        session.flush()
        return hold

    def cancel_hold(self, patron, hold_id):
        hold = self.session.get(Hold, hold_id) if isinstance(hold_id, str) and len(hold_id) <= 36 else None
        if hold is None or hold.patron_id != patron.id:
            raise NotFound(_("No such hold."))
        if hold.status not in OPEN_HOLDS:
            raise AlreadyDone(_("This hold has already ended."))
        publication = hold.publication
        provider = self.provider(publication)
        vendor_total = self.vendor_total(publication, provider) if not publication.licenses else None
        publication_id, municipality_code, vendor_key = publication.id, patron.municipality_code, publication.vendor_key
        self.steps.checkpoint()

        def work(session):
            seats.lock(session, publication_id)
            current = session.get(Hold, hold_id, populate_existing=True)
            if current.status not in OPEN_HOLDS:
                return None
            now = self.clock()
            was_ready = current.status == "ready"
            current.status = "cancelled"
            publication = session.get(Publication, publication_id)
            events.record(session, "hold_cancelled", publication, municipality_code, now)
            if was_ready:
                self._advance(session, publication, now, vendor_total)
            released, current.vendor_hold_id = current.vendor_hold_id, None
            return released

        try:
            released = self._run("cancel", work)
        finally:
            self._send()
        if released:
            self._release_at_vendor(provider, vendor_key, released)

    def _release_at_vendor(self, provider, vendor_key, vendor_hold_id):
        try:
            provider.release_hold(vendor_key, vendor_hold_id)
        except VendorError as error:
            # The vendor's queue keeps a stale place; reconciliation lists it.
            log.warning("%s: releasing a hold failed: %s", provider.name, error)

    def _advance(self, session, publication, now, vendor_total=None):
        """Give free seats to the patrons first in the queue: their holds become ready (call under the lock)."""
        counted = seats.count(session, publication, now, vendor_total)
        free = counted.waiting if counted.total is None else counted.free
        if counted.total is not None and counted.free == 1 and counted.waiting == 0:
            self._changed.add(publication.id)  # the freed seat makes the title available now
        if free <= 0 or counted.waiting == 0:
            return 0
        nexts = list(
            session.scalars(
                select(Hold)
                .where(Hold.publication_id == publication.id, Hold.status == "waiting")
                .order_by(Hold.queue_number)
                .limit(free)
            )
        )
        until = (now + self.rules.hold_ready).replace(microsecond=0)
        for hold in nexts:
            hold.status, hold.ready_until = "ready", until
            patron = session.get(Patron, hold.patron_id)
            events.record(session, "hold_ready", publication, patron.municipality_code if patron else None, now)
            if patron is not None:
                self._outbox.append(
                    notices.Notice("hold_ready", patron.email, patron.language, publication.title, until)
                )
        return len(nexts)

    # -- reading -----------------------------------------------------------------------------------------------

    def reader_link(self, patron, loan_id=None, publication=None):
        expires = int((self.clock() + self.rules.link_lifetime).timestamp())
        payload = {"u": patron.id, "e": expires}
        if loan_id is not None:
            payload["l"] = loan_id
        else:
            payload["p"] = publication.id
        return tokens.sign(self.secret, payload)

    def fulfil(self, token, patron=None):
        try:
            payload = tokens.verify(self.secret, token, int(self.clock().timestamp()))
        except tokens.BadToken:
            raise NotFound(
                _("This reading link has expired or is not valid. Open the title again from your loans.")
            ) from None
        if patron is not None and payload.get("u") != patron.id:
            raise NotFound(_("This reading link belongs to someone else."))
        owner = self.session.get(Patron, payload.get("u"))
        if owner is None or owner.status == "deleted":
            raise NotFound(_("This reading link has expired or is not valid. Open the title again from your loans."))
        if "l" in payload:
            loan = self.session.get(Loan, str(payload["l"]))
            if loan is None or loan.patron_id != owner.id or loan.status != "active" or loan.due_at <= self.clock():
                raise NotFound(_("This loan has ended."))
            publication, vendor_loan_id = loan.publication, loan.vendor_loan_id
        else:
            publication = self.session.get(Publication, payload.get("p"))
            if publication is None or publication.withdrawn or not publication.simultaneous_use:
                raise NotFound(
                    _("This reading link has expired or is not valid. Open the title again from your loans.")
                )
            self.check_eligible(owner)
            vendor_loan_id = None
        provider = self.provider(publication)
        try:
            return provider.fulfil(publication.vendor_key, vendor_loan_id, self.patron_ref(owner.id))
        except VendorError as error:
            log.warning("%s: fulfilment failed: %s", provider.name, error)
            raise VendorFailed(_("The reader could not be opened right now. Try again in a moment.")) from None

    # -- the patron's shelf ------------------------------------------------------------------------------------

    def open_loans_and_holds(self, patron_id):
        loans = list(
            self.session.scalars(
                select(Loan).where(Loan.patron_id == patron_id, Loan.status.in_(seats.SEATED)).order_by(Loan.due_at)
            )
        )
        holds = list(
            self.session.scalars(
                select(Hold).where(Hold.patron_id == patron_id, Hold.status.in_(OPEN_HOLDS)).order_by(Hold.placed_at)
            )
        )
        return loans, holds

    def position(self, hold):
        if hold.status != "waiting":
            return None
        return self.session.scalar(
            select(func.count())
            .select_from(Hold)
            .where(
                Hold.publication_id == hold.publication_id,
                Hold.status == "waiting",
                Hold.queue_number <= hold.queue_number,
            )
        )

    def shelf(self, patron):
        loans, holds = self.open_loans_and_holds(patron.id)
        now = self.clock()
        shelf_holds = []
        for hold in holds:
            position = self.position(hold)
            wait = None
            if position is not None:
                lendable = [row for row in hold.publication.licenses if row.concurrency and row.status == "available"]
                total = sum(row.concurrency for row in lendable) or 1
                lengths = [row.loan_length_seconds for row in lendable if row.loan_length_seconds]
                length = dt.timedelta(seconds=min(lengths)) if lengths else DEFAULT_LOAN_LENGTH
                length = min(length, self.rules.period(hold.publication.medium))
                wait = estimate_wait(position, total, length)
            shelf_holds.append(ShelfHold(hold, position, wait))
        shelf_holds.sort(key=lambda item: (item.hold.status != "ready", item.position or 0))
        active = [loan for loan in loans if loan.status == "active" and loan.due_at > now]
        settling = [loan for loan in loans if loan.status in ("pending", "settling")]
        return Shelf(active, shelf_holds, settling)

    # -- scheduled work ----------------------------------------------------------------------------------------

    def _publications_with(self, column, *conditions):
        """Up to a tick's batch of publications that have loans or holds matching ``conditions``."""
        statement = select(column).where(*conditions).distinct().limit(TICK_BATCH)
        return self.session.execute(statement).scalars().all()

    def tick(self, now=None):
        now = now or self.clock()
        report = TickReport()
        self.steps.checkpoint()
        report.settled, report.unsettled = self._settle_pending(now)
        due = self._publications_with(Loan.publication_id, Loan.status == "active", Loan.due_at <= now)
        lapsed = self._publications_with(Hold.publication_id, Hold.status == "ready", Hold.ready_until <= now)
        queued = self._publications_with(Hold.publication_id, Hold.status == "waiting")
        self.steps.checkpoint()
        for publication_id in dict.fromkeys([*due, *lapsed, *queued]):
            expired, passed, ready, releases = self._tick_publication(publication_id, now)
            report.expired_loans += expired
            report.expired_holds += passed
            report.holds_ready += ready
            for provider, vendor_key, vendor_hold_id in releases:
                self._release_at_vendor(provider, vendor_key, vendor_hold_id)
        report.reminders = self._remind(now)
        report.notifications = self._send()
        retried, report.notices_given_up = self._retry_notices(now)
        report.notifications += retried
        return report

    def _tick_publication(self, publication_id, now):
        publication = self.session.get(Publication, publication_id)
        try:
            provider = self.provider(publication)
            vendor_total = self.vendor_total(publication, provider) if not publication.licenses else None
        except VendorFailed:
            provider, vendor_total = None, None
        self.steps.checkpoint()

        def work(session):
            seats.lock(session, publication_id)
            publication = session.get(Publication, publication_id)
            expired = 0
            for loan in session.scalars(
                select(Loan).where(Loan.publication_id == publication_id, Loan.status == "active", Loan.due_at <= now)
            ):
                loan.status, loan.ended_at = "expired", loan.due_at
                patron = session.get(Patron, loan.patron_id)
                events.record(session, "expiry", publication, patron.municipality_code if patron else None, now)
                expired += 1
            releases = []
            passed = 0
            for hold in session.scalars(
                select(Hold).where(
                    Hold.publication_id == publication_id, Hold.status == "ready", Hold.ready_until <= now
                )
            ):
                hold.status = "expired"
                patron = session.get(Patron, hold.patron_id)
                events.record(session, "hold_expired", publication, patron.municipality_code if patron else None, now)
                if hold.vendor_hold_id and provider is not None:
                    releases.append((provider, publication.vendor_key, hold.vendor_hold_id))
                hold.vendor_hold_id = None
                passed += 1
            session.flush()
            if provider is not None and (publication.licenses or vendor_total is not None):
                ready = self._advance(session, publication, now, vendor_total)
            else:
                ready = 0
            return expired, passed, ready, releases

        return self._run("tick", work)

    def _remind(self, now):
        horizon = now + self.rules.reminder
        candidates = (
            self.session.execute(
                select(Loan.id).where(
                    Loan.status == "active", Loan.due_at > now, Loan.due_at <= horizon, Loan.reminded_at.is_(None)
                )
            )
            .scalars()
            .all()
        )
        self.steps.checkpoint()
        reminded = 0
        for loan_id in candidates:

            def work(session, loan_id=loan_id):
                # Parallel ticks: only the one whose update finds reminded_at empty sends the notice.
                marked = session.execute(
                    update(Loan)
                    .where(Loan.id == loan_id, Loan.reminded_at.is_(None), Loan.status == "active")
                    .values(reminded_at=now)
                )
                if marked.rowcount != 1:
                    return False
                loan = session.get(Loan, loan_id)
                patron = session.get(Patron, loan.patron_id)
                self._outbox.append(
                    notices.Notice("loan_ending", patron.email, patron.language, loan.publication.title, loan.due_at)
                )
                return True

            reminded += bool(self._run("remind", work))
        return reminded

    def _settle_pending(self, now):
        """Loans left pending by a crash or a lost answer: repeat the checkout with the same key, then return it."""
        stale = list(
            self.session.scalars(
                select(Loan)
                .where(Loan.status.in_(("pending", "settling")), Loan.started_at <= now - self.rules.settle_after)
                .limit(TICK_BATCH)
            )
        )
        settled = unsettled = 0
        for loan in stale:
            publication = loan.publication
            loan_id, due, patron_id = loan.id, loan.due_at, loan.patron_id
            if not self._run("claim", lambda session, loan_id=loan_id: self._claim(session, loan_id)):
                continue
            identifier = self.session.get(License, loan.license_id).identifier if loan.license_id else None
            try:
                provider = self.provider(publication)
                try:
                    grant = provider.checkout(
                        publication.vendor_key,
                        identifier,
                        self.patron_ref(patron_id),
                        loan_id,
                        max(due, now + dt.timedelta(minutes=1)),
                    )
                except VendorRefused:
                    grant = None  # the vendor never lent it, and will not now
                if grant is not None:
                    provider.checkin(publication.vendor_key, grant.vendor_loan_id)
            except (VendorError, CirculationError) as error:
                log.warning("a pending loan could not be settled yet: %s", error)
                unsettled += 1
                continue
            self._run("settle", lambda session, loan_id=loan_id, grant=grant: self._settled(session, loan_id, grant))
            settled += 1
        return settled, unsettled

    def _claim(self, session, loan_id):
        """Take a stale pending loan for settling; a patron's retry (which records only pending loans) then waits."""
        claimed = session.execute(
            update(Loan).where(Loan.id == loan_id, Loan.status.in_(("pending", "settling"))).values(status="settling")
        )
        return claimed.rowcount == 1

    def _settled(self, session, loan_id, grant):
        loan = session.get(Loan, loan_id)
        if loan is None or loan.status != "settling":
            return
        loan.status = "cancelled" if grant is not None else "failed"
        loan.ended_at = self.clock()
        if grant is None and loan.license_id is not None:
            license_ = session.get(License, loan.license_id)
            if license_ is not None and license_.checkouts_left is not None:
                license_.checkouts_left += 1

    def reconcile(self, repair=True):
        """Ask each vendor about every active loan; end what the vendor ended, follow its due time."""
        report = ReconcileReport()
        self.steps.checkpoint()
        loans = list(self.session.scalars(select(Loan).where(Loan.status == "active").order_by(Loan.started_at)))
        for loan in loans:
            report.checked += 1
            publication = loan.publication
            try:
                provider = self.provider(publication)
                grant = provider.loan_status(publication.vendor_key, loan.vendor_loan_id)
            except (VendorError, CirculationError) as error:
                report.unreachable += 1
                report.lines.append(f"{loan.id}: vendor {publication.vendor_name} did not answer ({error})")
                continue
            if grant is None:
                report.unknown_at_vendor += 1
                report.lines.append(f"{loan.id}: {publication.vendor_name} does not know this loan")
                change = ("expired", None)
            elif grant.status not in ("active", "ready", "pending"):
                report.ended_at_vendor += 1
                report.lines.append(f"{loan.id}: {publication.vendor_name} says {grant.status}")
                change = ("returned" if grant.status in ("returned", "cancelled") else "expired", None)
            elif abs((grant.ends - loan.due_at).total_seconds()) > 60:
                report.due_changed += 1
                report.lines.append(
                    f"{loan.id}: due {loan.due_at.isoformat()} here, {grant.ends.isoformat()} at the vendor"
                )
                change = (None, grant.ends)
            else:
                continue
            if repair:
                self._run(
                    "reconcile", lambda session, loan_id=loan.id, change=change: self._mend(session, loan_id, *change)
                )
                report.repaired += 1
        self._send()
        return report

    def _mend(self, session, loan_id, status, due):
        loan = session.get(Loan, loan_id)
        seats.lock(session, loan.publication_id)
        session.refresh(loan)
        if loan.status != "active":
            return
        now = self.clock()
        if due is not None:
            loan.due_at = due
            return
        loan.status, loan.ended_at = status, min(now, loan.due_at)
        patron = session.get(Patron, loan.patron_id)
        publication = session.get(Publication, loan.publication_id)
        events.record(
            session,
            "return" if status == "returned" else "expiry",
            publication,
            patron.municipality_code if patron else None,
            now,
        )
        if publication.licenses:
            self._advance(session, publication, now)

    def _run(self, step, work):
        """``steps.run``, keeping only the notices of the attempt that committed."""
        mark = len(self._outbox)

        def attempt(session):
            del self._outbox[mark:]
            return work(session)

        try:
            return self.steps.run(step, attempt)
        except BaseException:
            del self._outbox[mark:]
            raise

    # -- notifications -----------------------------------------------------------------------------------------

    def _reindex(self):
        changed, self._changed = self._changed, set()
        if not changed:
            return
        try:
            index = lookup(self.registry, ISearchIndex)
            self._run("reindex", lambda session: index.update_availability(session, sorted(changed)))
        except Exception:  # noqa: BLE001 - search catches up at the next change or reindex; lending stands
            log.exception("search could not be told that availability changed")

    def _notifier(self):
        try:
            return lookup(self.registry, INotifier)
        except (LookupError, ValueError, TypeError):
            return None

    def _deliver(self, notifier, pending):
        dirs = [catalog.directory for catalog in self.registry.get("i18n.catalogs", ())]
        return notices.send_all(notifier, pending, dirs, self.settings.get("ebiblio.public_url") or "")

    def _send(self):
        """After the commit: re-index what changed, send the notices; keep the ones that failed for the tick."""
        self._reindex()
        pending, self._outbox = self._outbox, []
        notifier = self._notifier() if pending else None
        if notifier is None:
            return 0
        sent, failed = self._deliver(notifier, pending)
        if failed:
            now = self.clock()
            try:
                self._run("keep notices", lambda session: self._keep(session, failed, now))
            except Exception:  # noqa: BLE001 - the step that made the notice stands; the patron sees it on the page
                log.exception("%d notices that could not be sent could not be kept either", len(failed))
        return sent

    def _keep(self, session, failed, now):
        session.add_all(
            UnsentNotice(
                kind=notice.kind,
                recipient=notice.email,
                language=notice.language,
                title=notice.title,
                subject_at=notice.when,
                status="waiting",
                attempts=1,
                next_attempt_at=now + NOTICE_RETRY_AFTER[0],
                last_error=reason[:200],
                created_at=now,
            )
            for notice, reason in failed
        )

    def _retry_notices(self, now):
        """Try again the notices that could not be sent, a bounded number of times; return (sent, given up)."""
        due = self.session.execute(
            select(UnsentNotice.id, UnsentNotice.attempts)
            .where(UnsentNotice.status == "waiting", UnsentNotice.next_attempt_at <= now)
            .order_by(UnsentNotice.next_attempt_at)
            .limit(TICK_BATCH)
        ).all()
        self.steps.checkpoint()
        notifier = self._notifier() if due else None
        sent = given_up = 0
        for notice_id, attempts in due if notifier is not None else ():
            # Claimed by bumping the attempt count it was read with: of parallel ticks one sends it.
            claimed = self._run(
                "claim notice", lambda session, i=notice_id, n=attempts: self._claim_notice(session, i, n, now)
            )
            if claimed is None:
                continue
            delivered, failed = self._deliver(notifier, [claimed])
            outcome = self._run(
                "notice tried",
                lambda session, i=notice_id, n=attempts, f=failed: self._notice_tried(session, i, n + 1, f, now),
            )
            sent += delivered
            given_up += outcome == "given_up"
        return sent, given_up

    def _claim_notice(self, session, notice_id, attempts, now):
        claimed = session.execute(
            update(UnsentNotice)
            .where(UnsentNotice.id == notice_id, UnsentNotice.status == "waiting", UnsentNotice.attempts == attempts)
            .values(attempts=attempts + 1, next_attempt_at=now + NOTICE_RETRY_AFTER[-1])
            .execution_options(**UNSYNCED)
        )
        if claimed.rowcount != 1:
            return None
        row = session.get(UnsentNotice, notice_id, populate_existing=True)
        return notices.Notice(row.kind, row.recipient, row.language, row.title, row.subject_at)

    def _notice_tried(self, session, notice_id, attempts, failed, now):
        row = session.get(UnsentNotice, notice_id, populate_existing=True)
        if row is None:
            return None
        if not failed:
            session.delete(row)
            return "sent"
        row.last_error = failed[0][1][:200]
        if attempts >= NOTICE_ATTEMPTS:
            # Given up: the address goes (personal data); the row stays for the count and the log.
            log.warning("a %s notice was given up after %d attempts: %s", row.kind, attempts, row.last_error)
            row.status, row.recipient = "given_up", None
            return "given_up"
        row.next_attempt_at = now + NOTICE_RETRY_AFTER[min(attempts - 1, len(NOTICE_RETRY_AFTER) - 1)]
        return "waiting"
