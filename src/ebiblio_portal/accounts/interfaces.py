"""The contracts of the accounts feature."""

from __future__ import annotations

from zope.interface import Interface


class IRateLimiter(Interface):
    """Counts failed attempts per scope and key and locks the key out with a growing back-off.

    Keys (a typed library ID, a username, an address) are kept only as keyed
    hashes. The count lives where every web process sees it (the database).
    """

    def locked_for(session, scope, key):
        """Return the ``timedelta`` until ``key`` may try again in ``scope``, or None when it may try now."""

    def fail(session, scope, key):
        """Record a failed attempt; return the lock now in force (a ``timedelta``) or None."""

    def clear(session, scope, key):
        """Forget the failures of ``key`` in ``scope`` (after a successful attempt)."""


class IEligibility(Interface):
    """Decides whether a patron may borrow on a day; circulation asks it before every loan and hold."""

    def may_borrow(patron, day):
        """Return an ``Eligibility``: ``allowed``, a ``reason`` code and a translatable ``message``."""
