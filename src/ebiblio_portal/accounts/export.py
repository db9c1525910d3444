"""Everything the portal keeps about a patron, as one JSON document ("download my data")."""

from __future__ import annotations

from sqlalchemy import select

from ..models import Hold, Loan, LoginSession, Passkey, PatronWish


def _when(value):
    return value.isoformat() if value is not None else None


def patron_data(session, patron):
    loans = session.scalars(select(Loan).where(Loan.patron_id == patron.id).order_by(Loan.started_at))
    holds = session.scalars(select(Hold).where(Hold.patron_id == patron.id).order_by(Hold.placed_at))
    passkeys = session.scalars(select(Passkey).where(Passkey.patron_id == patron.id).order_by(Passkey.created_at))
    logins = session.scalars(select(LoginSession).where(LoginSession.patron_id == patron.id))
    wishes = session.scalars(select(PatronWish).where(PatronWish.patron_id == patron.id).order_by(PatronWish.id))
    municipality = patron.municipality
    return {
        "format": "ebiblio-portal patron data 1",
        "account": {
            "library_id": patron.library_id,
            "given_name": patron.given_name,
            "family_name": patron.family_name,
            "home_municipality": {
                "code": municipality.code,
                "name_fi": municipality.name_fi,
                "name_sv": municipality.name_sv,
            }
            if municipality is not None
            else None,
            "birth_year": patron.birth_year,
            "language": patron.language,
            "email": patron.email,
            "keep_loan_history": patron.keep_history,
            "national_look": patron.national_theme,
            "status": patron.status,
            "registered_at": _when(patron.created_at),
            "last_strong_identification_at": _when(patron.identified_at),
            "personal_identity_code": "not stored: only a keyed hash of it, to keep one account per person",
        },
        "loans": [
            {
                "title": loan.publication.title,
                "vendor": loan.publication.vendor_name,
                "status": loan.status,
                "started_at": _when(loan.started_at),
                "due_at": _when(loan.due_at),
                "ended_at": _when(loan.ended_at),
            }
            for loan in loans
            if loan.status in ("pending", "active") or patron.keep_history
        ],
        "holds": [
            {
                "title": hold.publication.title,
                "status": hold.status,
                "placed_at": _when(hold.placed_at),
                "ready_until": _when(hold.ready_until),
            }
            for hold in holds
        ],
        "passkeys": [
            {"name": key.name, "created_at": _when(key.created_at), "last_used_at": _when(key.last_used_at)}
            for key in passkeys
        ],
        "logins": [
            {"method": login.method, "started_at": _when(login.created_at), "last_seen_at": _when(login.last_seen_at)}
            for login in logins
        ],
        "wishes_and_feedback": [
            {
                "kind": wish.kind,
                "title": wish.title,
                "author": wish.author,
                "text": wish.text,
                "sent_at": _when(wish.created_at),
                "answer": wish.answer,
                "answered_at": _when(wish.answered_at),
            }
            for wish in wishes
        ],
    }
