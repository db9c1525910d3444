"""The short transactions a circulation step is made of, committed one by one and retried when the database says so."""

from __future__ import annotations

import logging
import random
import time

from sqlalchemy.exc import DBAPIError, OperationalError

log = logging.getLogger(__name__)

ATTEMPTS = 8
# Deadlock and serialization failure on PostgreSQL; a busy database on SQLite.
RETRYABLE_STATES = ("40P01", "40001", "55P03")


def retryable(error):
    original = getattr(error, "orig", None)
    if getattr(original, "sqlstate", None) in RETRYABLE_STATES:
        return True
    return isinstance(error, OperationalError) and "database is locked" in str(error)


class Steps:
    """Runs work in its own transaction of ``manager`` (a ``transaction`` manager the session is joined to).

    ``commit(step)`` is the one place a transaction ends well; tests replace it to fail a named step
    ("reserve", "record", ...) and prove the vendor and the portal still agree.
    """

    def __init__(self, session, manager):
        self.session = session
        self.manager = manager

    def commit(self, step):
        self.manager.commit()
        self.manager.begin()

    def abort(self):
        self.manager.abort()
        self.manager.begin()

    def checkpoint(self):
        """End whatever the caller had open (e.g. the request's reads), so the next step starts afresh.

        Only SQLite needs it: its lock is the transaction's first write. PostgreSQL reads committed data
        statement by statement, so the request's transaction simply continues into the next step.
        """
        if self.session.get_bind().dialect.name == "sqlite":
            self.commit("checkpoint")

    def run(self, step, work):
        """Run ``work(session)`` and commit; an exception aborts (nothing written) and propagates."""
        for attempt in range(ATTEMPTS):
            try:
                result = work(self.session)
                self.commit(step)
                return result
            except DBAPIError as error:
                self.abort()
                if not retryable(error) or attempt == ATTEMPTS - 1:
                    raise
                log.info("circulation step %s retried after %s", step, type(getattr(error, "orig", error)).__name__)
                time.sleep(random.uniform(0.005, 0.05) * (attempt + 1))  # noqa: S311 - jitter, not security
            except BaseException:
                self.abort()
                raise
        raise AssertionError("unreachable")
