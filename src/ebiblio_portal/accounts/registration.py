"""From a strongly identified person to an account: one per person, home municipality from the identification.

The personal identity code is turned into a keyed hash here and goes no
further: it is never stored, logged or put in the session.
"""

from __future__ import annotations

import dataclasses

from sqlalchemy import select

from ..models import AuditEntry, Municipality, Patron, utcnow
from ..stats import recording
from . import eligibility
from .identity import identity_hash, new_library_id

MIN_AGE = 15  # younger patrons register at their library with a guardian


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What identification led to: ``kind`` is registered, found or refused; ``reason`` says why refused."""

    kind: str
    patron: Patron | None = None
    reason: str | None = None
    municipality: Municipality | None = None
    moved_from: str | None = None


def age_on(born, day):
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def find_patron(session, key, identity_code):
    """The account of the person with ``identity_code`` (deleted accounts do not count), or None."""
    digest = identity_hash(key, identity_code)
    return session.scalar(select(Patron).where(Patron.identity_hash == digest, Patron.status != "deleted"))


def identified(session, key, person, today, *, may_register=True):
    """Find or register the account of a ``VerifiedPerson``; update its names and home municipality.

    A person who already has an account gets that account (never a second
    one). A new person is registered only when their home municipality is a
    member on ``today`` and they are at least ``MIN_AGE``.
    """
    municipality = session.get(Municipality, person.municipality_code) if person.municipality_code else None
    patron = find_patron(session, key, person.identity_code)
    if patron is not None:
        moved_from = None
        if patron.municipality_code != person.municipality_code:
            moved_from = patron.municipality_code
            # The population register is the source: a move is noticed at the next identification.
            patron.municipality_code = municipality.code if municipality is not None else None
            patron.municipality = municipality
            _audit(session, patron, "patron.moved", {"from": moved_from, "to": patron.municipality_code})
        patron.given_name, patron.family_name = person.given_name, person.family_name
        patron.identified_at = utcnow()
        return Outcome("found", patron=patron, municipality=municipality, moved_from=moved_from)
    if not may_register:
        return Outcome("refused", reason="no_account", municipality=municipality)
    reason = eligibility.membership(municipality, today)
    if person.municipality_code and municipality is None:
        reason = eligibility.NOT_JOINED  # a code the registry does not know cannot have joined
    if reason != eligibility.OK:
        return Outcome("refused", reason=reason, municipality=municipality)
    born = person.birth_date
    if born is not None and age_on(born, today) < MIN_AGE:
        return Outcome("refused", reason="too_young", municipality=municipality)
    patron = create_patron(
        session,
        key,
        person.identity_code,
        person.given_name,
        person.family_name,
        municipality,
        born.year if born else None,
    )
    patron.identified_at = utcnow()
    _audit(session, patron, "patron.registered", {"how": "identification"})
    return Outcome("registered", patron=patron, municipality=municipality)


def create_patron(session, key, identity_code, given_name, family_name, municipality, birth_year, **fields):
    """A new patron with a fresh library ID (retrying the rare clash with an existing one)."""
    library_id = new_library_id()
    while session.scalar(select(Patron.id).where(Patron.library_id == library_id)) is not None:
        library_id = new_library_id()
    patron = Patron(
        library_id=library_id,
        identity_hash=identity_hash(key, identity_code),
        given_name=given_name,
        family_name=family_name,
        municipality_code=municipality.code if municipality is not None else None,
        birth_year=birth_year,
        **fields,
    )
    session.add(patron)
    session.flush()
    recording.patron_registered(session, patron.municipality_code, utcnow())
    return patron


def _audit(session, patron, action, detail):
    session.add(AuditEntry(actor=f"patron:{patron.id}", action=action, target=f"patron:{patron.id}", detail=detail))
    session.flush()
