"""Statistics pages through the whole Pyramid stack on generated circulation, and the refresh that feeds them.

    .venv/bin/python benchmarks/stats_pages.py --url URL [--generate] [--loans 1000000] [--requests 60]
        [--cache-seconds 0]

With ``--generate`` (on an empty, migrated-or-not database) the script makes the municipalities, three
vendors, ``--publications`` titles with licenses, some patrons with waiting holds, and ``--loans`` loan
events over the last 24 months across every municipality (by population; titles by a Zipf-like
popularity), with returns, expiries and holds in proportion and anonymous patron events; then it times
``stats.refresh`` (the first, full count of every event). It then logs a national administrator in (its
password, then a code of a TOTP secret sealed with the app's secret) and times the national page (every
municipality, default and filtered) and municipalities' pages, request by request after a warm-up, and
prints p50 and p95 in milliseconds. ``--cache-seconds`` sets ``ebiblio.stats.cache_seconds`` (default 0:
every request reads the monthly tables).
Targets (issue 8): national page p95 ≤ 200 ms, a municipality's page p95 ≤ 100 ms, SQLite and PostgreSQL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import sys
import time

import pyotp
import webtest
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from ebiblio_portal.accounts import totp
from ebiblio_portal.accounts.identity import new_library_id
from ebiblio_portal.db import make_engine, safe_url
from ebiblio_portal.db.migrate import upgrade
from ebiblio_portal.models import (
    CirculationEvent,
    Hold,
    License,
    Municipality,
    Patron,
    PatronEvent,
    Publication,
    StaffRole,
    StaffUser,
    Vendor,
    Work,
)
from ebiblio_portal.municipalities.registry import load_municipalities
from ebiblio_portal.security.passwords import hash_secret
from ebiblio_portal.stats.refresh import refresh
from ebiblio_portal.testing.fixtures import base_settings, core_plugins, make_app

VENDORS = (("bench-ebooks", "ebook"), ("bench-audio", "audiobook"), ("bench-magazines", "magazine"))
LANGUAGES = ("fi", "fi", "fi", "fi", "sv", "sv", "en", "ru", "et", "ar")
PASSWORD = "benchmark-password-2026"
WARM_UP = 5
CHUNK = 20_000
NATIONAL_TARGET_MS, MUNICIPAL_TARGET_MS = 200, 100


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def _months_back(now, count):
    first = dt.datetime(now.year, now.month, 1, tzinfo=dt.UTC)
    months = []
    for back in range(count):
        index = first.year * 12 + first.month - 1 - back
        months.append(dt.datetime(index // 12, index % 12 + 1, 1, tzinfo=dt.UTC))
    return months[::-1]


def _bulk(session, model, rows):
    for start in range(0, len(rows), CHUNK):
        session.execute(insert(model), rows[start : start + CHUNK])


def generate(engine, loans, publications, rng):
    """Fill the database; returns nothing, prints what it made."""
    started = time.monotonic()
    now = dt.datetime.now(dt.UTC)
    with Session(engine) as session, session.begin():
        load_municipalities(session)
        for municipality in session.scalars(select(Municipality)):
            municipality.access_start = dt.date(2024, 4, 23)
        for name, _medium in VENDORS:
            session.add(Vendor(name=name, title=name.replace("-", " ").title(), origin="domestic"))
        session.flush()
        works = [{"key": f"bench:{n}", "title": f"Teos {n}"} for n in range(publications)]
        _bulk(session, Work, works)
        work_ids = session.scalars(select(Work.id).where(Work.key.like("bench:%")).order_by(Work.id)).all()
        rows = []
        for n, work_id in enumerate(work_ids):
            vendor, medium = VENDORS[0 if n % 10 < 6 else 1 if n % 10 < 9 else 2]
            title = f"Nimeke {n} {rng.choice(('meri', 'metsä', 'kaupunki', 'talvi', 'kesä'))}"
            rows.append(
                {
                    "work_id": work_id,
                    "vendor_name": vendor,
                    "vendor_key": f"k{n}",
                    "record_hash": "0" * 32,
                    "medium": medium,
                    "title": title,
                    "sort_title": title.lower(),
                    "language": rng.choice(LANGUAGES),
                    "synced_at": now,
                    "simultaneous_use": medium == "magazine",
                }
            )
        _bulk(session, Publication, rows)
        pubs = session.execute(
            select(Publication.id, Publication.vendor_name, Publication.medium, Publication.language).order_by(
                Publication.id
            )
        ).all()
        licenses = [
            {
                "publication_id": p.id,
                "identifier": f"lic-{p.id}",
                "concurrency": rng.choice((1, 1, 2, 3)),
                "checkouts_left": rng.choice((None, 0, 5, 20, 100)),
                "expires": now + dt.timedelta(days=rng.randint(1, 720)),
                "status": "available",
            }
            for p in pubs
            if p.medium != "magazine"
        ]
        _bulk(session, License, licenses)
        municipalities = session.execute(select(Municipality.code, Municipality.population)).all()
        codes = [m.code for m in municipalities]
        weights = [max(m.population, 1) for m in municipalities]
        patrons = [
            {
                "library_id": new_library_id(),
                "identity_hash": f"bench-{n:08d}",
                "given_name": "",
                "family_name": "",
                "municipality_code": rng.choices(codes, weights)[0],
                "status": "active",
                "created_at": now,
            }
            for n in range(2000)
        ]
        _bulk(session, Patron, patrons)
        patron_ids = session.scalars(select(Patron.id)).all()
        # Zipf-like popularity: a few titles are borrowed a lot, most a little.
        title_weights = [1 / (rank + 1) ** 0.9 for rank in range(len(pubs))]
        popular = rng.choices(pubs, title_weights, k=5000)
        holds = [
            {
                "id": f"bench-hold-{n}",
                "patron_id": rng.choice(patron_ids),
                "publication_id": pub.id,
                "status": "waiting",
                "placed_at": now,
                "queue_number": n + 1,
            }
            for n, pub in enumerate(popular)
        ]
        _bulk(session, Hold, holds)
    print(f"catalogue, licenses, patrons and holds made in {time.monotonic() - started:.1f} s", flush=True)

    months = _months_back(now, 24)
    seconds = [(m, ((months[i + 1] if i + 1 < len(months) else now) - m).total_seconds()) for i, m in enumerate(months)]
    kinds = [("loan", 1.0), ("return", 0.85), ("expiry", 0.12), ("hold", 0.3), ("hold_ready", 0.2)]
    made = 0
    started = time.monotonic()
    with Session(engine) as session, session.begin():
        for kind, share in kinds:
            count = int(loans * share)
            batch = []
            chosen_pubs = rng.choices(pubs, title_weights, k=count)
            chosen_codes = rng.choices(codes, weights, k=count)
            for n in range(count):
                month, length = seconds[n * len(seconds) // count]
                pub = chosen_pubs[n]
                batch.append(
                    {
                        "kind": kind,
                        "at": month + dt.timedelta(seconds=rng.random() * (length - 1)),
                        "publication_id": pub.id,
                        "vendor_name": pub.vendor_name,
                        "medium": pub.medium,
                        "language": pub.language,
                        "municipality_code": chosen_codes[n],
                    }
                )
                if len(batch) == CHUNK:
                    session.execute(insert(CirculationEvent), batch)
                    made += len(batch)
                    batch = []
            if batch:
                session.execute(insert(CirculationEvent), batch)
                made += len(batch)
            print(f"  {kind}: {count:,} events", flush=True)
        patron_events = []
        for kind, count in (("patron_registered", loans // 20), ("patron_active", loans // 4)):
            chosen_codes = rng.choices(codes, weights, k=count)
            for n in range(count):
                month, length = seconds[n * len(seconds) // count]
                patron_events.append(
                    {
                        "kind": kind,
                        "at": month + dt.timedelta(seconds=rng.random() * length),
                        "municipality_code": chosen_codes[n],
                    }
                )
        _bulk(session, PatronEvent, patron_events)
        made += len(patron_events)
    print(f"{made:,} events made in {time.monotonic() - started:.1f} s", flush=True)


def timed_refresh(engine):
    with Session(engine) as session, session.begin():
        report = refresh(session, settle=dt.timedelta(0))
    print(
        f"refresh: {report.circulation_events:,} circulation and {report.patron_events:,} patron events counted "
        f"in {report.seconds:.1f} s",
        flush=True,
    )
    with Session(engine) as session, session.begin():
        again = refresh(session, settle=dt.timedelta(0))
    print(f"refresh with nothing new: {again.seconds * 1000:.1f} ms", flush=True)


def client(engine, url, cache_seconds=0):
    """A browser logged in as the national administrator: password, then a code of its TOTP secret."""
    settings = base_settings(url, **{"ebiblio.engine": engine, "ebiblio.stats.cache_seconds": str(cache_seconds)})
    secret = totp.new_secret()
    with Session(engine) as session, session.begin():
        staff = session.scalar(select(StaffUser).where(StaffUser.username == "bench-national"))
        if staff is None:
            staff = StaffUser(username="bench-national", display_name="Benchmark", password_hash=hash_secret(PASSWORD))
            staff.roles.append(StaffRole(role="national_admin"))
            session.add(staff)
        # A fresh secret each run, sealed with the app's secret; a code works once, so forget the last one.
        staff.totp_secret = totp.seal(settings["ebiblio.secret"], secret)
        staff.totp_last_step = None
    app = make_app(settings, core_plugins())
    browser = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost"})
    token = _csrf(browser, "/henkilokunta/kirjaudu")
    data = {"csrf_token": token, "username": "bench-national", "password": PASSWORD}
    response = browser.post("/henkilokunta/kirjaudu", data, status=303)
    assert response.location.endswith("/henkilokunta/kirjaudu/koodi"), response.location
    code = {"csrf_token": _csrf(browser, "/henkilokunta/kirjaudu/koodi"), "code": pyotp.TOTP(secret).now()}
    response = browser.post("/henkilokunta/kirjaudu/koodi", code, status=303)
    assert "/kirjaudu" not in response.location, response.location
    return browser


def _csrf(browser, path):
    return re.search(r'name="csrf_token" value="([^"]+)"', browser.get(path).text).group(1)


def measure(browser, paths, requests):
    for path in paths[:WARM_UP]:
        browser.get(path)
    times = []
    for n in range(requests):
        path = paths[n % len(paths)]
        started = time.perf_counter()
        response = browser.get(path)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_int == 200 and "<svg" in response.text
    return percentile(times, 0.5), percentile(times, 0.95)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="the database (SQLite file or PostgreSQL)")
    parser.add_argument("--generate", action="store_true", help="fill an empty database first")
    parser.add_argument("--refresh", action="store_true", help="count the events (done after --generate anyway)")
    parser.add_argument("--loans", type=int, default=1_000_000)
    parser.add_argument("--publications", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument(
        "--cache-seconds", type=float, default=0, help="ebiblio.stats.cache_seconds (default 0: every request reads)"
    )
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    engine = make_engine(args.url)
    upgrade(engine)
    print(f"database: {safe_url(args.url)}", flush=True)
    if args.generate:
        generate(engine, args.loans, args.publications, rng)
    if args.generate or args.refresh:
        timed_refresh(engine)
    with Session(engine) as session:
        events = session.scalar(
            select(func.count()).select_from(CirculationEvent).where(CirculationEvent.kind == "loan")
        )
        by_size = session.scalars(select(Municipality.code).order_by(Municipality.population.desc())).all()
    print(f"loan events: {events:,}; statistics cache: {args.cache_seconds:g} s", flush=True)
    browser = client(engine, args.url, args.cache_seconds)
    now = dt.datetime.now(dt.UTC)
    first = _months_back(now, 24)[0].strftime("%Y-%m")
    national = [
        "/hallinta/tilastot",
        f"/hallinta/tilastot?from={first}",
        "/hallinta/tilastot?medium=audiobook",
        f"/hallinta/tilastot?municipality={by_size[0]}",
    ]
    # The largest municipalities have the most rows; the rest are a random sample.
    sample = by_size[:3] + rng.sample(by_size[3:], 7)
    municipal = [f"/hallinta/kunta/{code}/tilastot" for code in sample]
    municipal += [f"/hallinta/kunta/{by_size[0]}/tilastot?from={first}"]
    failed = False
    for name, paths, target in (
        ("national", national, NATIONAL_TARGET_MS),
        ("municipality", municipal, MUNICIPAL_TARGET_MS),
    ):
        p50, p95 = measure(browser, paths, args.requests)
        verdict = "ok" if p95 <= target else "OVER TARGET"
        failed |= p95 > target
        print(
            f"{name:13} page: p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  (target p95 ≤ {target} ms: {verdict})", flush=True
        )
    engine.dispose()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
