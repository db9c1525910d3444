"""Pending challenges kept on the server and used once: identification round trips and WebAuthn."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import delete

from ..models import AuthChallenge, utcnow

LIFETIME = dt.timedelta(minutes=15)


def _digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


def put(session, purpose, data):
    """Keep ``data`` under a new random token (returned; the caller puts it in the session)."""
    now = utcnow()
    session.execute(delete(AuthChallenge).where(AuthChallenge.created_at < now - LIFETIME))
    token = secrets.token_urlsafe(32)
    session.add(AuthChallenge(id=_digest(token), purpose=purpose, data=data, created_at=now))
    session.flush()
    return token


def take(session, purpose, token):
    """Return the data kept under ``token`` and forget it; None when unknown, used, expired or of another purpose.

    The row is deleted and the deletion counted, so of two requests racing
    with the same token only one gets the data.
    """
    if not isinstance(token, str) or not token:
        return None
    digest = _digest(token)
    row = session.get(AuthChallenge, digest)
    if row is None or row.purpose != purpose:
        return None
    data, created = dict(row.data), row.created_at
    session.expunge(row)
    deleted = session.execute(delete(AuthChallenge).where(AuthChallenge.id == digest)).rowcount
    if deleted != 1 or utcnow() - created > LIFETIME:
        return None
    return data
