"""The sandbox vendor's state: its periodicals, the issues in its archive window and its clock.

Issues are kept in one list ordered by (modified, id) so an incremental
listing is a bisect and a page is a slice; a second list orders them by the
moment they fall off the archive window, so "removed since" is a bisect too.
"""

from __future__ import annotations

import bisect
import datetime as dt
import threading

from . import catalogue

SANDBOX_API_KEY = "magazines-sandbox-key"
DEFAULT_SECRET = "magazines-sandbox-reader-secret"

ARCHIVE = "archive"
WITHDRAWN = "withdrawn"


def _utc_now():
    return dt.datetime.now(dt.UTC)


class IssueArchive:
    """The catalogue and circulation-free state of the magazine vendor, safe to share between threads.

    ``size`` is the number of periodicals; ``archive_months`` how long the
    vendor keeps an issue; ``history_months`` how far back issues were
    generated (issues older than the window have already fallen off);
    ``clock`` returns the vendor's "now" (an aware datetime).
    """

    def __init__(
        self,
        size=len(catalogue.HAND_WRITTEN),
        *,
        archive_months=24,
        history_months=30,
        api_key=SANDBOX_API_KEY,
        secret=DEFAULT_SECRET,
        clock=None,
        seed=2026,
    ):
        self.api_key = api_key
        self.secret = secret.encode()
        self.archive_months = archive_months
        self.duplicate_records = False
        self._clock = clock or _utc_now
        self._lock = threading.RLock()
        self.periodicals = catalogue.make_periodicals(size, seed)
        self._periodicals = {p.id: p for p in self.periodicals}
        self._issues = {}
        # Issues that left before their time: id -> (when, reason).
        self._left_early = {}
        self._overrides = {}
        today = self.now.date()
        first = catalogue.add_months(today, -history_months)
        for periodical in self.periodicals:
            for day in catalogue.release_dates(periodical, first, today):
                issue = catalogue.make_issue(periodical, day)
                self._issues[issue.id] = issue
        self._order = sorted(issue.order_key for issue in self._issues.values())
        self._index_expiry()

    # -- the clock ---------------------------------------------------------

    @property
    def now(self):
        """The vendor's current time."""
        return self._clock()

    @now.setter
    def now(self, when):
        self.set_now(when)

    def set_now(self, when):
        """Stop the vendor's clock at ``when`` (an aware datetime)."""
        self._clock = lambda: when

    def advance(self, **delta):
        """Move the vendor's clock forward, e.g. ``advance(days=40)``."""
        self.set_now(self.now + dt.timedelta(**delta))

    # -- controls for tests ------------------------------------------------

    def set_archive_months(self, months):
        """Change how many months the vendor keeps an issue; issues a shorter window cuts off leave now."""
        with self._lock:
            now = self.now
            listed = [issue for issue in self._issues.values() if self.is_listed(issue, now)]
            self.archive_months = months
            self._index_expiry()
            for issue in listed:
                if not self.is_listed(issue, now):
                    self._left_early[issue.id] = (now, ARCHIVE)

    def publish_issue(self, periodical_id, day, modified=None):
        """Publish (or republish) the issue of ``periodical_id`` dated ``day``; return its id."""
        with self._lock:
            periodical = self._periodicals.get(periodical_id)
            if periodical is None:
                raise ValueError(f"no periodical {periodical_id!r}")
            issue = catalogue.make_issue(periodical, day, modified or self.now)
            old = self._issues.get(issue.id)
            if old is not None:
                self._order.pop(bisect.bisect_left(self._order, old.order_key))
                self._expiry.pop(bisect.bisect_left(self._expiry, (self._removal[old.id], old.id)))
            self._issues[issue.id] = issue
            self._left_early.pop(issue.id, None)
            self._removal[issue.id] = self.removal_time(issue)
            bisect.insort(self._order, issue.order_key)
            bisect.insort(self._expiry, (self._removal[issue.id], issue.id))
            return issue.id

    def withdraw_issue(self, issue_id):
        """Take a listed issue out of the catalogue now (e.g. a rights problem)."""
        with self._lock:
            issue, listed = self.find(issue_id)
            if issue is None:
                raise ValueError(f"no issue {issue_id!r}")
            if listed:
                self._left_early[issue_id] = (self.now, WITHDRAWN)

    def repeat_records(self, on=True):
        """Misbehave like vendors whose pages repeat records (also reachable through a ``FaultInjector``)."""
        self.duplicate_records = on

    def override_issue(self, issue_id, **fields):
        """Send these raw JSON fields for an issue instead of the generated ones (to bend or break it)."""
        with self._lock:
            self._overrides.setdefault(issue_id, {}).update(fields)

    def overrides(self, issue_id):
        return self._overrides.get(issue_id)

    # -- queries -----------------------------------------------------------

    def periodical(self, periodical_id):
        return self._periodicals.get(periodical_id)

    def removal_time(self, issue):
        """When ``issue`` falls off the archive window: the day after it turns ``archive_months`` old."""
        day = catalogue.add_months(issue.date, self.archive_months) + dt.timedelta(days=1)
        return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)

    def is_listed(self, issue, now):
        return issue.modified <= now and now < self._removal[issue.id] and issue.id not in self._left_early

    def find(self, issue_id):
        """Return ``(issue, listed)``; ``issue`` is None when the vendor never had it."""
        with self._lock:
            issue = self._issues.get(issue_id)
            return issue, issue is not None and self.is_listed(issue, self.now)

    def listed_count(self):
        with self._lock:
            now = self.now
            return sum(1 for issue in self._issues.values() if self.is_listed(issue, now))

    def issues_page(self, since, after, limit):
        """Listed issues modified at or after ``since``, ordered, starting after the key ``after``.

        Returns ``(issues, more, total)``; ``total`` is counted only for a first page.
        """
        with self._lock:
            now, order = self.now, self._order
            if after is not None:
                start = bisect.bisect_right(order, after)
            elif since is not None:
                start = bisect.bisect_left(order, (since, ""))
            else:
                start = 0
            page, position = [], start
            while position < len(order) and len(page) < limit:
                modified, issue_id = order[position]
                if modified > now:
                    break
                position += 1
                issue = self._issues[issue_id]
                if self.is_listed(issue, now):
                    page.append(issue)
            more = position < len(order) and order[position][0] <= now
            total = None
            if after is None:
                total = len(page) + sum(
                    1
                    for modified, issue_id in order[position:]
                    if modified <= now and self.is_listed(self._issues[issue_id], now)
                )
            if self.duplicate_records and page:
                # A vendor that repeats records: the first one again, and the previous page's last one.
                page.append(page[0])
                if after is not None and after[1] in self._issues:
                    page.insert(0, self._issues[after[1]])
            return page, more, total

    def removed_page(self, since, after, limit):
        """Issue ids that left the catalogue at or after ``since`` (up to now), ordered by when.

        Returns ``(events, more)`` where each event is ``(when, issue_id, reason)``.
        """
        with self._lock:
            now = self.now
            low = bisect.bisect_left(self._expiry, (since, "")) if since is not None else 0
            high = bisect.bisect_right(self._expiry, (now, "\uffff"))
            events = [
                (when, issue_id, ARCHIVE)
                for when, issue_id in self._expiry[low:high]
                if issue_id not in self._left_early
            ]
            events.extend(
                (when, issue_id, reason)
                for issue_id, (when, reason) in self._left_early.items()
                if when <= now and (since is None or when >= since)
            )
            events.sort()
            if after is not None:
                events = events[bisect.bisect_right(events, (after[0], after[1], "\uffff")) :]
            return events[:limit], len(events) > limit

    def _index_expiry(self):
        # Removal times depend only on the date and the window: computed once, looked up on every listing.
        self._removal = {issue.id: self.removal_time(issue) for issue in self._issues.values()}
        self._expiry = sorted((when, issue_id) for issue_id, when in self._removal.items())
