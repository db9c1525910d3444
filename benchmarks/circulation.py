"""Circulation under load, through the whole Pyramid stack (WebTest on the app, one client per patron thread).

    .venv/bin/python benchmarks/circulation.py [--url postgresql+psycopg://postgres@127.0.0.1:5432/test]
        [--patrons 200] [--rounds 20] [--ops 2000] [--workers 8]

1. *Contention*: ``--patrons`` logged-in patrons press Borrow on the same title with 3 seats at the same moment
   (a barrier releases their threads together); whoever finds no seat places a hold. Every round must end with
   exactly 3 loans and patrons-3 holds at positions 1..patrons-3 with no duplicate or missing queue number; the
   round is then undone (loans returned at the vendor, holds cancelled) and repeated ``--rounds`` times.
2. *Throughput*: ``--workers`` threads borrow and return titles (each on its own titles, against the in-process
   ODL sandbox vendor) until ``--ops`` operations are done; prints operations per second and latency percentiles.

Runs in a schema of its own on PostgreSQL (dropped at the end), or in a temporary SQLite file.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import webtest
from sqlalchemy import func, select, update

from ebiblio_portal.accounts.identity import new_library_id
from ebiblio_portal.catalog.sync import CatalogueSync
from ebiblio_portal.circulation.seats import lock
from ebiblio_portal.db import make_engine
from ebiblio_portal.db.migrate import upgrade
from ebiblio_portal.interfaces import IContentProvider
from ebiblio_portal.models import Hold, License, Loan, Municipality, Patron, Publication
from ebiblio_portal.municipalities.registry import load_municipalities
from ebiblio_portal.security.passwords import hash_secret
from ebiblio_portal.services import lookup
from ebiblio_portal.testing.fixtures import base_settings, core_plugins, make_app

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
PIN = "8642"


def engine_for(url):
    if url.startswith("postgresql"):
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        admin = make_engine(url)
        with admin.begin() as connection:
            connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        engine = make_engine(url, connect_args={"options": f"-csearch_path={schema}"}, pool_size=40, max_overflow=40)

        def cleanup():
            engine.dispose()
            with admin.begin() as connection:
                connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
            admin.dispose()

        return engine, cleanup
    path = tempfile.mkdtemp() + "/bench.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    return engine, engine.dispose


def build(engine):
    import ebiblio_vendor_odl.plugin as odl

    upgrade(engine)
    settings = base_settings(
        str(engine.url),
        **{
            "ebiblio.engine": engine,
            "ebiblio.vendor.odl.url": "sandbox",
            "ebiblio.vendor.odl.sandbox_size": "400",
            "ebiblio.circulation.hold_limit": "1000",
            "ebiblio.circulation.loan_limit.ebook": "1000",
            "ebiblio.circulation.loan_limit.audiobook": "1000",
        },
    )
    app = make_app(settings, core_plugins(odl))
    factory = app.registry["db.session_factory"]
    with factory.begin() as session:
        load_municipalities(session)
        session.get(Municipality, "091").access_start = __import__("datetime").date(2024, 4, 23)
    CatalogueSync(factory, lookup(app.registry, IContentProvider, name="odl")).run(full=True)
    return app, factory


def make_patrons(factory, count):
    pin_hash = hash_secret(PIN)
    with factory.begin() as session:
        patrons = [
            Patron(
                library_id=new_library_id(),
                identity_hash=uuid.uuid4().hex,
                given_name="Bench",
                family_name=str(n),
                municipality_code="091",
                pin_hash=pin_hash,
                language="en",
                status="active",
            )
            for n in range(count)
        ]
        session.add_all(patrons)
    return [p.library_id for p in patrons]


def log_in(app, library_id):
    client = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost"})
    token = CSRF.search(client.get("/kirjaudu?lang=en").text).group(1)
    client.post("/kirjaudu", {"csrf_token": token, "library_id": library_id, "pin": PIN}, status=303)
    token = CSRF.search(client.get("/lainat?lang=en").text).group(1)
    return client, token


def contention(app, factory, clients, publication_id, rounds):
    failures = 0
    timings = []
    for number in range(1, rounds + 1):
        barrier = threading.Barrier(len(clients))

        def press(pair, barrier=barrier):
            client, token = pair
            barrier.wait()
            answer = client.post(f"/lainat/lainaa/{publication_id}", {"csrf_token": token}, status=303)
            if answer.location.endswith("/lainat"):
                return "loan"
            client.post(f"/lainat/varaa/{publication_id}", {"csrf_token": token}, status=303)
            return "hold"

        started = time.perf_counter()
        with ThreadPoolExecutor(len(clients)) as pool:
            outcomes = list(pool.map(press, clients))
        timings.append(time.perf_counter() - started)
        with factory() as session:
            loans = session.scalar(
                select(func.count())
                .select_from(Loan)
                .where(Loan.publication_id == publication_id, Loan.status == "active")
            )
            numbers = sorted(
                session.scalars(
                    select(Hold.queue_number).where(Hold.publication_id == publication_id, Hold.status == "waiting")
                )
            )
        expected_holds = len(clients) - 3
        contiguous = numbers == list(range(numbers[0], numbers[0] + expected_holds)) if numbers else False
        ok = loans == 3 and outcomes.count("loan") == 3 and len(numbers) == expected_holds and contiguous
        failures += not ok
        print(
            f"round {number:2}: {loans} loans, {len(numbers)} holds, positions 1–{len(numbers)} "
            f"{'contiguous, no duplicates' if contiguous else 'BROKEN'}; {timings[-1]:.2f} s {'ok' if ok else 'FAILED'}"
        )
        undo(app, factory, publication_id)
    return failures, timings


def undo(app, factory, publication_id):
    """Return the round's loans at the vendor and cancel its holds, so the next round starts the same."""
    provider = lookup(app.registry, IContentProvider, name="odl")
    with factory.begin() as session:
        lock(session, publication_id)
        publication = session.get(Publication, publication_id)
        for loan in session.scalars(select(Loan).where(Loan.publication_id == publication_id, Loan.status == "active")):
            provider.checkin(publication.vendor_key, loan.vendor_loan_id)
            loan.status = "returned"
        session.execute(
            update(Hold)
            .where(Hold.publication_id == publication_id, Hold.status.in_(("waiting", "ready")))
            .values(status="cancelled")
        )


def throughput(app, factory, workers, ops):
    with factory() as session:
        candidates = [
            p.id
            for p in session.scalars(
                select(Publication).where(Publication.medium == "ebook", Publication.simultaneous_use.is_(False))
            )
            if any(
                row.status == "available"
                and (row.checkouts_left or 100) > 10
                and (row.concurrency or 0) >= 1
                and (row.expires is None or row.expires.year > 2027)
                for row in p.licenses
            )
        ]
    library_ids = make_patrons(factory, workers)
    clients = [log_in(app, library_id) for library_id in library_ids]
    per_worker = [candidates[n::workers] for n in range(workers)]
    latencies = []
    done = [0]
    guard = threading.Lock()

    def work(n):
        client, token = clients[n]
        titles = per_worker[n]
        mine = []
        position = 0
        while True:
            with guard:
                if done[0] >= ops:
                    return mine
                done[0] += 2
            publication_id = titles[position % len(titles)]
            position += 1
            started = time.perf_counter()
            answer = client.post(f"/lainat/lainaa/{publication_id}", {"csrf_token": token}, status=303)
            mine.append(time.perf_counter() - started)
            if not answer.location.endswith("/lainat"):
                continue
            with factory() as session:
                loan_id = session.scalar(
                    select(Loan.id).where(Loan.publication_id == publication_id, Loan.status == "active").limit(1)
                )
            started = time.perf_counter()
            client.post(f"/lainat/{loan_id}/palauta", {"csrf_token": token}, status=303)
            mine.append(time.perf_counter() - started)

    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        for part in pool.map(work, range(workers)):
            latencies.extend(part)
    elapsed = time.perf_counter() - started
    return len(latencies), elapsed, sorted(latencies)


def percentile(sorted_values, fraction):
    return sorted_values[min(len(sorted_values) - 1, int(fraction * len(sorted_values)))]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--patrons", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--ops", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=8)
    args = parser.parse_args(argv)
    engine, cleanup = engine_for(args.url)
    try:
        app, factory = build(engine)
        with factory.begin() as session:
            publication = session.scalars(
                select(Publication).where(Publication.title == "Seitsemän veljestä", Publication.medium == "ebook")
            ).one()
            # Leave only its 3-seat license lending, so the title has exactly 3 seats.
            for row in session.scalars(select(License).where(License.publication_id == publication.id)):
                if row.concurrency != 3:
                    row.status = "unavailable"
            publication_id = publication.id
        failures = 0
        if args.rounds:
            print(f"database: {engine.dialect.name}; logging in {args.patrons} patrons ...", flush=True)
            library_ids = make_patrons(factory, args.patrons)
            with ThreadPoolExecutor(8) as pool:
                clients = list(pool.map(lambda library_id: log_in(app, library_id), library_ids))
            failures, timings = contention(app, factory, clients, publication_id, args.rounds)
            print(
                f"contention: {args.rounds - failures}/{args.rounds} rounds exact; a round of {args.patrons} "
                f"simultaneous borrows took median {statistics.median(timings):.2f} s, max {max(timings):.2f} s"
            )
        if not args.ops:
            return 1 if failures else 0
        count, elapsed, latencies = throughput(app, factory, args.workers, args.ops)
        print(
            f"throughput: {count} borrow/return operations in {elapsed:.1f} s = {count / elapsed:.0f} ops/s "
            f"with {args.workers} threads; latency p50 {percentile(latencies, 0.5) * 1000:.1f} ms, "
            f"p95 {percentile(latencies, 0.95) * 1000:.1f} ms, p99 {percentile(latencies, 0.99) * 1000:.1f} ms"
        )
        return 1 if failures else 0
    finally:
        cleanup()


if __name__ == "__main__":
    sys.exit(main())
