"""The lending rules of the national unit, read from the settings declared in ``defaults.circulation_rules``."""

from __future__ import annotations

import dataclasses
import datetime as dt

from ..defaults.circulation_rules import DEFAULTS, PREFIX
from ..values import Medium


@dataclasses.dataclass(frozen=True)
class Rules:
    """Loan periods, limits and queueing per medium; how long ready holds wait; reminders; link lifetime."""

    loan_period: dict
    loan_limit: dict
    queues: dict
    hold_limit: int = 5
    hold_ready: dt.timedelta = dt.timedelta(hours=72)
    reminder: dt.timedelta = dt.timedelta(hours=48)
    settle_after: dt.timedelta = dt.timedelta(minutes=5)
    link_lifetime: dt.timedelta = dt.timedelta(minutes=15)

    @classmethod
    def from_settings(cls, settings):
        def get(name, default):
            value = settings.get(PREFIX + name)
            return default if value is None else value

        return cls(
            loan_period={m: dt.timedelta(days=int(get(f"loan_days.{m}", d[0]))) for m, d in DEFAULTS.items()},
            loan_limit={m: int(get(f"loan_limit.{m}", d[1])) for m, d in DEFAULTS.items()},
            queues={m: bool(get(f"queues.{m}", d[2])) for m, d in DEFAULTS.items()},
            hold_limit=int(get("hold_limit", 5)),
            hold_ready=dt.timedelta(hours=int(get("hold_ready_hours", 72))),
            reminder=dt.timedelta(hours=int(get("reminder_hours", 48))),
            settle_after=dt.timedelta(seconds=int(get("settle_after_seconds", 300))),
            link_lifetime=dt.timedelta(minutes=int(get("link_minutes", 15))),
        )

    def period(self, medium):
        return self.loan_period.get(medium, self.loan_period[Medium.EBOOK])

    def limit(self, medium):
        return self.loan_limit.get(medium, self.loan_limit[Medium.EBOOK])

    def medium_queues(self, medium):
        return self.queues.get(medium, True)
