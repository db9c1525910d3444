"""Membership of the e-library: each municipality's status on a day, search, and the dates form's checks."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata

from ..i18n import _

MEMBER = "member"
JOINING = "joining"
LEFT = "left"
NEVER = "never"
STATUSES = (MEMBER, JOINING, LEFT, NEVER)
STATUS_TITLES = {
    MEMBER: _("Member"),
    JOINING: _("Joining"),
    LEFT: _("Left"),
    NEVER: _("Not joined"),
}
_FINNISH_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def status_on(municipality, day):
    """``MEMBER``, ``JOINING`` (access starts later), ``LEFT`` (access ended) or ``NEVER`` on ``day``."""
    if municipality.access_start is None:
        return NEVER
    if municipality.is_member_on(day):
        return MEMBER
    return JOINING if day < municipality.access_start else LEFT


def fold(text):
    """'Ääni Öljy' -> 'aani oljy': what a search compares, without case or accents."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().strip()


def matches(municipality, query):
    """True when ``query`` is part of the Finnish or Swedish name, or is the code."""
    wanted = fold(query)
    return (
        not wanted
        or wanted == municipality.code
        or any(wanted in fold(name) for name in (municipality.name_fi, municipality.name_sv))
    )


def parse_date(text):
    """A date from a form: ``2024-04-23`` (a date input) or ``23.4.2024``; None for empty; ValueError otherwise."""
    text = (text or "").strip()
    if not text:
        return None
    found = _FINNISH_DATE.match(text)
    if found:
        day, month, year = (int(part) for part in found.groups())
        return dt.date(year, month, day)
    return dt.date.fromisoformat(text)


@dataclasses.dataclass
class MembershipForm:
    """The three dates of a membership, checked; ``errors`` maps a field to a translatable message."""

    contract_signed: dt.date | None = None
    access_start: dt.date | None = None
    access_end: dt.date | None = None
    errors: dict = dataclasses.field(default_factory=dict)

    FIELDS = ("contract_signed", "access_start", "access_end")

    @classmethod
    def from_post(cls, post):
        form = cls()
        for name in cls.FIELDS:
            try:
                setattr(form, name, parse_date(post.get(name, "")[:40]))
            except ValueError:
                form.errors[name] = _("Write the date as day.month.year, for example 23.4.2024.")
        if "access_end" not in form.errors and form.access_end is not None:
            if form.access_start is None and "access_start" not in form.errors:
                form.errors["access_end"] = _("Give the date access starts before the date it ends.")
            elif form.access_start is not None and form.access_end <= form.access_start:
                form.errors["access_end"] = _("Access must end after it starts.")
        for name in cls.FIELDS:
            value = getattr(form, name)
            if name not in form.errors and value is not None and not 2000 <= value.year <= 2100:
                form.errors[name] = _("Give a date between the years 2000 and 2100.")
        return form

    def apply(self, municipality):
        """Write the dates to ``municipality``; return what changed as {field: [before, after]} in ISO form."""
        changed = {}
        for name in self.FIELDS:
            before, after = getattr(municipality, name), getattr(self, name)
            if before != after:
                changed[name] = [_iso(before), _iso(after)]
                setattr(municipality, name, after)
        return changed


def _iso(day):
    return day.isoformat() if day is not None else None
