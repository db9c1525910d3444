"""Rate limiting of logins in the database, so every web process counts the same failures."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac

from sqlalchemy import case, delete, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite
from zope.interface import implementer

from ..models import RateLimit, UTCDateTime, utcnow
from .interfaces import IRateLimiter


@dataclasses.dataclass(frozen=True)
class Policy:
    """``free`` failures within ``window`` cost nothing; each one after that locks for twice as long."""

    free: int
    window: dt.timedelta
    first_lock: dt.timedelta
    longest_lock: dt.timedelta

    def lock_after(self, failures):
        if failures <= self.free:
            return None
        lock = self.first_lock * (2 ** min(failures - self.free - 1, 20))
        return min(lock, self.longest_lock)


POLICIES = {
    # A PIN has few digits: five tries, then 1, 2, 4 ... minutes, at most an hour, per library ID.
    "patron": Policy(5, dt.timedelta(hours=24), dt.timedelta(minutes=1), dt.timedelta(hours=1)),
    "staff": Policy(5, dt.timedelta(hours=24), dt.timedelta(minutes=1), dt.timedelta(hours=1)),
    # One address may fail more (a library's public computers share one), then waits 15 minutes.
    "address": Policy(30, dt.timedelta(minutes=15), dt.timedelta(minutes=15), dt.timedelta(minutes=15)),
}


@implementer(IRateLimiter)
class DatabaseRateLimiter:
    """``IRateLimiter`` on the ``rate_limits`` table: one atomic upsert per failure."""

    def __init__(self, secret, policies=None, clock=utcnow):
        self._secret = secret.encode()
        self.policies = dict(policies or POLICIES)
        self.clock = clock

    @classmethod
    def create_service(cls, context, request):
        return cls(request.registry.settings["ebiblio.secret"])

    def _key(self, scope, key):
        # Addresses and typed IDs are personal data: keep only a keyed hash of them.
        return hmac.new(self._secret, f"{scope}\x00{key}".encode(), hashlib.sha256).hexdigest()

    def locked_for(self, session, scope, key):
        until = session.scalar(select(RateLimit.locked_until).where(RateLimit.key == self._key(scope, key)))
        now = self.clock()
        return until - now if until is not None and until > now else None

    def fail(self, session, scope, key):
        policy = self.policies[scope]
        now = self.clock()
        hashed = self._key(scope, key)
        dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
        stale = RateLimit.first_failure_at < now - policy.window
        statement = (
            dialect.insert(RateLimit)
            .values(key=hashed, failures=1, first_failure_at=now, locked_until=None)
            .on_conflict_do_update(
                index_elements=[RateLimit.key],
                set_={
                    "failures": case((stale, 1), else_=RateLimit.failures + 1),
                    "first_failure_at": case((stale, literal(now, UTCDateTime())), else_=RateLimit.first_failure_at),
                },
            )
            .returning(RateLimit.failures)
        )
        failures = session.execute(statement).scalar_one()
        lock = policy.lock_after(failures)
        if lock is not None:
            session.execute(update(RateLimit).where(RateLimit.key == hashed).values(locked_until=now + lock))
        return lock

    def clear(self, session, scope, key):
        session.execute(delete(RateLimit).where(RateLimit.key == self._key(scope, key)))

    def prune(self, session, older_than=dt.timedelta(days=2)):
        """Drop rows whose window and lock are long over (a scheduler may call this)."""
        cutoff = self.clock() - older_than
        session.execute(
            delete(RateLimit).where(
                RateLimit.first_failure_at < cutoff,
                (RateLimit.locked_until.is_(None)) | (RateLimit.locked_until < cutoff),
            )
        )
