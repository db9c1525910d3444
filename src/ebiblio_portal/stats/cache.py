"""A short-lived, per-process cache of the figures read from the monthly tables.

The figures change only when the refresh counts new events, so the key holds the refresh's high-water
marks: a refresh makes a new key, and an entry is used for ``ebiblio.stats.cache_seconds`` at most
(0, the default, turns the cache off). Live figures (waiting holds per seat) are never cached.
"""

from __future__ import annotations

import threading
import time

from sqlalchemy import select

from ..models import StatsMark

SETTING = "ebiblio.stats.cache_seconds"
MAX_ENTRIES = 256

_entries = {}
_lock = threading.Lock()


def seconds(settings):
    try:
        return max(0.0, float(settings.get(SETTING) or 0))
    except ValueError:
        return 0.0


def marks(session):
    return tuple(session.execute(select(StatsMark.name, StatsMark.last_id).order_by(StatsMark.name)).all())


def cached(request, key, compute):
    """``compute()``, or its value for the same ``key`` and high-water marks read less than the setting ago."""
    lifetime = seconds(request.registry.settings)
    if not lifetime:
        return compute()
    full_key = (id(request.registry), key, marks(request.dbsession))
    now = time.monotonic()
    with _lock:
        found = _entries.get(full_key)
        if found is not None and found[0] > now:
            return found[1]
    value = compute()
    with _lock:
        if len(_entries) >= MAX_ENTRIES:
            for stale in [k for k, (until, _v) in _entries.items() if until <= now] or list(_entries)[:1]:
                del _entries[stale]
        _entries[full_key] = (now + lifetime, value)
    return value


def clear():
    with _lock:
        _entries.clear()
