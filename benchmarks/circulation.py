"""Circulation under load, through the whole Pyramid stack (WebTest on the app, one client per patron thread).

    .venv/bin/python benchmarks/circulation.py [--url postgresql+psycopg://postgres@127.0.0.1:5432/test]
        [--patrons 200] [--rounds 20] [--ops 2000] [--workers 3] [--processes 2]

1. *Contention*: ``--patrons`` logged-in patrons press Borrow on the same title with 3 seats at the same moment
   (a barrier releases their threads together); whoever finds no seat places a hold. Every round must end with
   exactly 3 loans and patrons-3 holds at positions 1..patrons-3 with no duplicate or missing queue number; the
   round is then undone (loans returned at the vendor, holds cancelled) and repeated ``--rounds`` times.
2. *Throughput*: ``--processes`` worker processes (each its own app, as a production server runs several, with
   its own in-process ODL sandbox vendor) of ``--workers`` threads each borrow and return titles (every thread on
   titles of its own) until ``--ops`` operations are done; prints operations per second (operations done by all
   processes over the wall time from their common start to the last one's end) and latency percentiles. A
   borrow the vendor or the rules refuse is counted apart, not as an operation.

Runs in a schema of its own on PostgreSQL (dropped at the end), or in a temporary SQLite file.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import statistics
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import webtest
from sqlalchemy import bindparam, func, select, update

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

ACTIVE_LOAN = (
    select(Loan.id).where(Loan.publication_id == bindparam("publication_id"), Loan.status == "active").limit(1)
)
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
PIN = "8642"


def engine_for(url):
    """A fresh place for the run: ``(engine, cleanup, where)``; ``attach(url, where)`` opens it in another process."""
    if url.startswith("postgresql"):
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        admin = make_engine(url)
        with admin.begin() as connection:
            connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        engine = attach(url, schema, pool_size=40)

        def cleanup():
            engine.dispose()
            with admin.begin() as connection:
                connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
            admin.dispose()

        return engine, cleanup, schema
    path = tempfile.mkdtemp() + "/bench.sqlite"
    engine = attach(f"sqlite:///{path}", None)
    return engine, engine.dispose, None


def attach(url, schema, pool_size=10):
    if schema is None:
        return make_engine(url)
    return make_engine(
        url, connect_args={"options": f"-csearch_path={schema}"}, pool_size=pool_size, max_overflow=pool_size
    )


def portal(engine):
    import ebiblio_vendor_odl.plugin as odl

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
    return make_app(settings, core_plugins(odl))


def build(engine):
    upgrade(engine)
    app = portal(engine)
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


def lendable_titles(factory):
    """E-books with a license that lends for the whole run: each thread borrows and returns its own share."""
    with factory() as session:
        return [
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


def throughput(app, factory, titles, workers, ops, start=None):
    """Borrow and return with ``workers`` threads until ``ops`` operations; ``(latencies, refused, began, ended)``.

    ``start`` (a barrier shared with the other processes) is passed once every client has logged in.
    """
    library_ids = make_patrons(factory, workers)
    clients = [log_in(app, library_id) for library_id in library_ids]
    per_worker = [titles[n::workers] for n in range(workers)]
    done = [0]
    refused = [0]
    guard = threading.Lock()

    def work(n):
        client, token = clients[n]
        mine = []
        position = 0
        # The client's own look-up of the loan to return: one autocommit statement, outside the measured requests.
        lookup = app.registry["db.engine"].connect().execution_options(isolation_level="AUTOCOMMIT")
        try:
            return borrow_and_return(client, token, per_worker[n], mine, position, lookup)
        finally:
            lookup.close()

    def borrow_and_return(client, token, titles, mine, position, lookup):
        while True:
            with guard:
                if done[0] >= ops:
                    return mine
                done[0] += 2
            publication_id = titles[position % len(titles)]
            position += 1
            started = time.perf_counter()
            answer = client.post(f"/lainat/lainaa/{publication_id}", {"csrf_token": token}, status=303)
            elapsed = time.perf_counter() - started
            if not answer.location.endswith("/lainat"):
                with guard:
                    refused[0] += 1
                    done[0] -= 2
                continue
            mine.append(elapsed)
            loan_id = lookup.scalar(ACTIVE_LOAN, {"publication_id": publication_id})
            started = time.perf_counter()
            client.post(f"/lainat/{loan_id}/palauta", {"csrf_token": token}, status=303)
            mine.append(time.perf_counter() - started)

    if start is not None:
        start.wait()
    began, began_cpu = time.monotonic(), time.process_time()
    latencies = []
    with ThreadPoolExecutor(workers) as pool:
        for part in pool.map(work, range(workers)):
            latencies.extend(part)
    return latencies, refused[0], began, time.monotonic(), time.process_time() - began_cpu


def throughput_process(url, schema, titles, workers, ops, start, results):
    """One worker process: its own engine, app and sandbox vendor, on titles no other process lends."""
    engine = attach(url, schema, pool_size=workers + 2)
    try:
        app = portal(engine)
        results.put(throughput(app, app.registry["db.session_factory"], titles, workers, ops, start))
    finally:
        engine.dispose()


def throughput_in_processes(url, schema, titles, processes, workers, ops):
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(processes)
    results = context.Queue()
    share = ops // processes
    children = [
        context.Process(
            target=throughput_process,
            args=(url, schema, titles[n::processes], workers, share, start, results),
        )
        for n in range(processes)
    ]
    for child in children:
        child.start()
    parts = [results.get() for _ in children]
    for child in children:
        child.join()
    latencies = sorted(value for part in parts for value in part[0])
    refused = sum(part[1] for part in parts)
    elapsed = max(part[3] for part in parts) - min(part[2] for part in parts)
    return latencies, refused, elapsed, sum(part[4] for part in parts)


def percentile(sorted_values, fraction):
    return sorted_values[min(len(sorted_values) - 1, int(fraction * len(sorted_values)))]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--patrons", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--ops", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=3, help="threads per process")
    parser.add_argument("--processes", type=int, default=2, help="worker processes, each with its own app")
    args = parser.parse_args(argv)
    engine, cleanup, schema = engine_for(args.url)
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
        titles = lendable_titles(factory)
        if args.processes > 1:
            if schema is None:
                parser.error("--processes needs PostgreSQL")
            latencies, refused, elapsed, cpu = throughput_in_processes(
                args.url, schema, titles, args.processes, args.workers, args.ops
            )
        else:
            latencies, refused, began, ended, cpu = throughput(app, factory, titles, args.workers, args.ops)
            latencies, elapsed = sorted(latencies), ended - began
        count = len(latencies)
        print(
            f"throughput: {count} borrow/return operations in {elapsed:.1f} s = {count / elapsed:.0f} ops/s "
            f"with {args.processes} process(es) of {args.workers} thread(s); {refused} borrows refused; "
            f"latency p50 {percentile(latencies, 0.5) * 1000:.1f} ms, p95 {percentile(latencies, 0.95) * 1000:.1f} "
            f"ms, p99 {percentile(latencies, 0.99) * 1000:.1f} ms; {cpu * 1000 / count:.1f} ms of CPU per operation "
            f"in the benchmark's processes (portal, WebTest clients and sandbox vendor; the database server apart); "
            f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
        )
        return 1 if failures else 0
    finally:
        cleanup()


if __name__ == "__main__":
    sys.exit(main())
