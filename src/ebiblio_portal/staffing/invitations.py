"""One-use, expiring invitation links with which a new staff member sets their password."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import delete

from ..models import AuthChallenge, StaffUser, utcnow

PURPOSE = "staff_invitation"
VALID_FOR = dt.timedelta(days=3)
# A password hash that matches nothing: the account cannot log in until the invitation is used.
NO_PASSWORD = "!invited"


def _digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


def invite(session, staff):
    """A new invitation token for ``staff`` (earlier ones stop working); only its hash is stored."""
    withdraw(session, staff)
    token = secrets.token_urlsafe(32)
    session.add(AuthChallenge(id=_digest(token), purpose=PURPOSE, data={"staff_id": staff.id}))
    return token


def withdraw(session, staff):
    session.execute(
        delete(AuthChallenge).where(
            AuthChallenge.purpose == PURPOSE, AuthChallenge.data["staff_id"].as_integer() == staff.id
        )
    )


def find(session, token, now=None):
    """The ``StaffUser`` a valid invitation ``token`` is for, or None (unknown, expired, or the user inactive)."""
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        return None
    row = session.get(AuthChallenge, _digest(token))
    now = now or utcnow()
    if row is None or row.purpose != PURPOSE or now - row.created_at > VALID_FOR:
        return None
    staff = session.get(StaffUser, row.data.get("staff_id"))
    return staff if staff is not None and staff.active else None


def use(session, token):
    session.execute(delete(AuthChallenge).where(AuthChallenge.id == _digest(token)))
