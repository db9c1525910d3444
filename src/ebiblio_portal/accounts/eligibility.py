"""Who may borrow: residents of a municipality that is a member on the day, with an account in order."""

from __future__ import annotations

import dataclasses

from babel.dates import format_date
from zope.interface import implementer

from ..i18n import _
from .interfaces import IEligibility

OK = "ok"
ACCOUNT_CLOSED = "account_closed"
NO_MUNICIPALITY = "no_municipality"
NOT_JOINED = "not_joined"
NOT_YET_JOINED = "not_yet_joined"
LEFT = "left"


@dataclasses.dataclass(frozen=True)
class Eligibility:
    """The answer to "may this patron borrow today?": ``reason`` is a code, ``message`` says it to the patron."""

    allowed: bool
    reason: str
    message: object = None
    municipality: object = None

    def __bool__(self):
        return self.allowed


def membership(municipality, day):
    """The reason code for a home municipality on ``day`` (``OK`` when its residents may borrow)."""
    if municipality is None:
        return NO_MUNICIPALITY
    if municipality.access_start is None:
        return NOT_JOINED
    if day < municipality.access_start:
        return NOT_YET_JOINED
    if municipality.access_end is not None and day >= municipality.access_end:
        return LEFT
    return OK


def message_for(reason, municipality, language="fi"):
    """A translatable message for a reason code; says where to ask."""
    name = municipality.name(language) if municipality is not None else ""
    if reason == NO_MUNICIPALITY:
        return _(
            "Strong identification did not tell us a home municipality in Finland. The e-library is for "
            "residents of municipalities that have joined. If your details are wrong, contact the Digital and "
            "Population Data Services Agency; if you have questions, ask your local library."
        )
    if reason == NOT_JOINED:
        return _(
            "Your home municipality ${name} has not joined the e-library, so its residents cannot borrow yet. "
            "Ask your municipality's library about joining.",
            mapping={"name": name},
        )
    if reason == NOT_YET_JOINED:
        return _(
            "Your home municipality ${name} joins the e-library on ${day}. You can borrow from that day.",
            mapping={"name": name, "day": format_date(municipality.access_start, format="medium", locale=language)},
        )
    if reason == LEFT:
        return _(
            "Your home municipality ${name} has left the e-library, so you cannot borrow any more. Loans you "
            "already have continue until they end. Ask your municipality's library for more.",
            mapping={"name": name},
        )
    if reason == ACCOUNT_CLOSED:
        return _("This account is closed.")
    return None


@implementer(IEligibility)
class MembershipEligibility:
    """``IEligibility`` from the patron's account status and home municipality's membership dates."""

    @classmethod
    def create_service(cls, context, request):
        return cls()

    def may_borrow(self, patron, day, language="fi"):
        if patron.status not in ("active", "pin_required"):
            reason = ACCOUNT_CLOSED
        else:
            reason = membership(patron.municipality, day)
        return Eligibility(
            allowed=reason == OK,
            reason=reason,
            message=message_for(reason, patron.municipality, language),
            municipality=patron.municipality,
        )
