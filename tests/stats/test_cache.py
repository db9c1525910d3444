"""The short-lived cache of what the statistics pages read: kept until a refresh counts new events."""

import datetime as dt
import types

from ebiblio_portal.stats import cache
from ebiblio_portal.stats.refresh import refresh

from ..common.staff import HOME, join
from .helpers import event, publication

MONTH = dt.datetime.now(dt.UTC).replace(day=1, hour=12)


def _request(dbsession, seconds):
    settings = {cache.SETTING: str(seconds)}
    return types.SimpleNamespace(registry=types.SimpleNamespace(settings=settings), dbsession=dbsession)


def test_the_cache_keeps_the_figures_until_a_refresh_counts_new_events(dbsession):
    join(dbsession, HOME)
    cache.clear()
    request, computed = _request(dbsession, 60), []

    def compute():
        computed.append(1)
        return len(computed)

    assert cache.cached(request, "national", compute) == 1
    assert cache.cached(request, "national", compute) == 1
    assert cache.cached(request, "other filters", compute) == 2
    book = publication(dbsession, "b1", "Kirja", medium="ebook", language="fi", vendor="acme")
    event(dbsession, "loan", book, HOME, MONTH)
    refresh(dbsession, settle=dt.timedelta(0))
    assert cache.cached(request, "national", compute) == 3
    cache.clear()


def test_without_the_setting_every_request_reads(dbsession):
    request, computed = _request(dbsession, 0), []
    for _ in range(2):
        cache.cached(request, "national", lambda: computed.append(1))
    assert len(computed) == 2
