"""The demo: municipalities (the largest joined), staff, patrons, every sandbox catalogue and curated content."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from ..accounts import hetu
from ..accounts.identity import identity_hash, new_library_id
from ..catalog.runner import sync_vendors
from ..cli.progress import progress_bar
from ..curation.demo import load_demo_content
from ..models import Municipality, Patron, StaffRole, StaffUser
from ..municipalities.registry import load_municipalities
from ..security.passwords import hash_secret
from ..services import lookup
from ..stats.demo import make_history
from ..vendors.services import VendorDirectory

OPENING_DAY = dt.date(2024, 4, 23)
CONTRACT_DAY = dt.date(2023, 12, 1)
DEMO_PASSWORD = "demo-password-2026"
DEMO_PIN = "2468"
JOINED_BY_DEFAULT = 8


def joined_codes(session, settings):
    chosen = settings.get("ebiblio.demo.joined")
    if chosen:
        return list(chosen)
    biggest = session.scalars(
        select(Municipality.code).order_by(Municipality.population.desc()).limit(JOINED_BY_DEFAULT)
    )
    return list(biggest)


def load_demo(env, sync=True, out=print):
    with env.session_factory() as session, session.begin():
        count = load_municipalities(session)
        codes = joined_codes(session, env.settings)
        for code in codes:
            municipality = session.get(Municipality, code)
            if municipality is None:
                raise ValueError(f"ebiblio.demo.joined names an unknown municipality code {code!r}")
            if municipality.access_start is None:
                municipality.contract_signed, municipality.access_start = CONTRACT_DAY, OPENING_DAY
        out(f"Municipalities: {count} loaded, {len(codes)} joined.")
        staff = _staff(session, codes[0])
        patrons = _patrons(session, env.settings["ebiblio.identity_key"], codes)
    out("Staff (password " + DEMO_PASSWORD + "): " + ", ".join(staff))
    out("Patrons (PIN " + DEMO_PIN + "): " + ", ".join(patrons))
    if sync:
        providers = lookup(env.registry, VendorDirectory).all()
        if providers:
            sync_vendors(env, providers, progress=progress_bar, out=out)
        else:
            out("No vendor plugins are configured: the collection stays empty.")
    with env.session_factory() as session, session.begin():
        librarian = session.scalar(select(StaffUser).where(StaffUser.username == "kirjastonhoitaja"))
        added = load_demo_content(session, codes[0], librarian.id if librarian else None)
    if added:
        out("Curated content: " + ", ".join(added) + ".")
    with env.session_factory() as session, session.begin():
        loans = make_history(session, codes)
    if loans:
        out(f"Statistics: {loans} made-up loans over the last 12 months, so the statistics pages have charts.")
    return 0


def _staff(session, first_code):
    wanted = [
        ("admin", "National administrator", "national_admin", None),
        ("kunta-admin", "Municipal administrator", "municipal_admin", first_code),
        ("kirjastonhoitaja", "Librarian", "librarian", first_code),
    ]
    names = []
    for username, display, role, code in wanted:
        if session.scalar(select(StaffUser).where(StaffUser.username == username)) is None:
            user = StaffUser(username=username, display_name=display, password_hash=hash_secret(DEMO_PASSWORD))
            user.roles.append(StaffRole(role=role, municipality_code=code))
            session.add(user)
        names.append(f"{username} ({role}{'@' + code if code else ''})")
    return names


def _patrons(session, key, codes):
    people = [
        ("Aino", "Virtanen", dt.date(1985, 3, 14), 901, codes[0], "fi"),
        ("Elias", "Lindqvist", dt.date(1972, 11, 2), 902, codes[1 % len(codes)], "sv"),
        ("Sofia", "Korhonen", dt.date(2001, 6, 30), 903, codes[2 % len(codes)], "fi"),
    ]
    shown = []
    pin_hash = hash_secret(DEMO_PIN)
    for given, family, born, individual, code, language in people:
        digest = identity_hash(key, hetu.make(born, individual))
        patron = session.scalar(select(Patron).where(Patron.identity_hash == digest))
        if patron is None:
            patron = Patron(
                library_id=new_library_id(),
                identity_hash=digest,
                given_name=given,
                family_name=family,
                municipality_code=code,
                birth_year=born.year,
                pin_hash=pin_hash,
                language=language,
            )
            session.add(patron)
        shown.append(f"{patron.library_id} ({given} {family}, {code})")
    return shown
