"""Login sessions: a random token in the signed session cookie, its hash in the database.

The session cookie is signed but held by the browser, so an old copy of it
could be sent again after logout. What makes a login live is therefore a row in
``login_sessions``: logging out (or a PIN reset, or deleting the account)
deletes the row, and every copy of the cookie stops working at once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import secrets

from pyramid.csrf import new_csrf_token
from sqlalchemy import bindparam, delete, select
from sqlalchemy.exc import SQLAlchemyError

from ..models import LoginSession, Patron, StaffUser, utcnow

SESSION_KEY = "login"
LONGEST = dt.timedelta(hours=8)
IDLE = dt.timedelta(hours=2)
TOUCH_EVERY = dt.timedelta(minutes=5)


def _digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


@dataclasses.dataclass(frozen=True)
class PatronIdentity:
    patron: Patron
    login_id: str
    kind: str = "patron"

    @property
    def userid(self):
        return f"patron:{self.patron.id}"

    @property
    def must_set_pin(self):
        return self.patron.pin_hash is None or self.patron.status == "pin_required"


@dataclasses.dataclass(frozen=True)
class StaffIdentity:
    staff: StaffUser
    login_id: str
    kind: str = "staff"

    @property
    def userid(self):
        return f"staff:{self.staff.id}"

    def municipalities(self, *roles):
        """Municipality codes in which the staff user has one of ``roles``."""
        return sorted({r.municipality_code for r in self.staff.roles if r.role in roles and r.municipality_code})

    def has_role(self, *roles):
        return any(role.role in roles for role in self.staff.roles)


def start(request, *, patron=None, staff=None, method):
    """Log ``patron`` or ``staff`` in: a fresh session (no fixation) and a new login row."""
    _end_row(request)
    request.session.invalidate()
    token = secrets.token_urlsafe(32)
    request.dbsession.add(
        LoginSession(
            id=_digest(token),
            patron_id=patron.id if patron is not None else None,
            staff_id=staff.id if staff is not None else None,
            method=method,
        )
    )
    request.dbsession.flush()
    request.session[SESSION_KEY] = token
    new_csrf_token(request)
    _forget_cached(request)


def end(request):
    """Log out: delete the login row and empty the session."""
    _end_row(request)
    request.session.invalidate()
    new_csrf_token(request)
    _forget_cached(request)


def end_everywhere(session, patron=None, staff=None, keep=None):
    """End every login of a patron or staff user (after a PIN reset or deletion), except ``keep``."""
    column = LoginSession.patron_id if patron is not None else LoginSession.staff_id
    owner = patron if patron is not None else staff
    statement = delete(LoginSession).where(column == owner.id)
    if keep is not None:
        statement = statement.where(LoginSession.id != keep)
    session.execute(statement)


def current(request):
    """The ``PatronIdentity`` or ``StaffIdentity`` of the request, or None."""
    token = request.session.get(SESSION_KEY)
    if not isinstance(token, str) or not token:
        return None
    try:
        return _lookup(request.dbsession, _digest(token))
    except SQLAlchemyError:
        # Without the database nobody can be vouched for; the error pages still render.
        return None


# One statement for the login row and its patron, built once: every request of a logged-in patron runs it.
LOGIN_AND_PATRON = (
    select(LoginSession, Patron)
    .outerjoin(Patron, Patron.id == LoginSession.patron_id)
    .where(LoginSession.id == bindparam("login_id"))
)


def _lookup(session, login_id):
    found = session.execute(LOGIN_AND_PATRON, {"login_id": login_id}).first()
    row, patron = found if found is not None else (None, None)
    now = utcnow()
    if row is None or now - row.created_at > LONGEST or now - row.last_seen_at > IDLE:
        return None
    if now - row.last_seen_at > TOUCH_EVERY:
        row.last_seen_at = now
    if row.patron_id is not None:
        if patron is None or patron.status == "deleted":
            return None
        return PatronIdentity(patron, row.id)
    staff = session.get(StaffUser, row.staff_id)
    if staff is None or not staff.active:
        return None
    return StaffIdentity(staff, row.id)


def prune(session, now=None):
    """Delete login rows that can no longer be used (a scheduler or the next login may call this)."""
    now = now or utcnow()
    session.execute(
        delete(LoginSession).where((LoginSession.created_at < now - LONGEST) | (LoginSession.last_seen_at < now - IDLE))
    )


def logins_of(session, patron):
    return list(session.scalars(select(LoginSession).where(LoginSession.patron_id == patron.id)))


def _end_row(request):
    token = request.session.get(SESSION_KEY)
    if isinstance(token, str) and token:
        request.dbsession.execute(delete(LoginSession).where(LoginSession.id == _digest(token)))


def _forget_cached(request):
    policy_cache = getattr(request.registry, "identity_cache", None)
    if policy_cache is not None:
        policy_cache.clear(request)
