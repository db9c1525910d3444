"""Title page and OPDS feed page through the whole Pyramid stack, against the bare query underneath.

    .venv/bin/python benchmarks/pages.py --url URL [--count N] [--requests 300] [--generate]

With ``--generate`` the catalogue is made first with ``benchmarks/generate_catalogue.py`` (on an empty
database); loans and holds are added for one title in fifty so availability has something to count.
Each measurement is warmed up, then timed request by request; the figures are p50 and p95 in
milliseconds, and the ratio of the full stack's p95 to the bare query's p95.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import pathlib
import random
import statistics
import subprocess
import sys
import time
import uuid

import webtest
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from ebiblio_portal.db import make_engine
from ebiblio_portal.models import Hold, Loan, Patron, Publication
from ebiblio_portal.testing.fixtures import base_settings, core_plugins, make_app

HERE = pathlib.Path(__file__).parent
WARM_UP = 30
FEED_PAGES = 20


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def timed(function, arguments):
    """Wall-clock milliseconds per call, and this process's CPU milliseconds (steadier on a busy machine)."""
    samples, cpu = [], []
    for argument in arguments[:WARM_UP]:
        function(argument)
    for argument in arguments[WARM_UP:]:
        started, started_cpu = time.perf_counter(), time.process_time()
        function(argument)
        samples.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return samples, cpu


def add_circulation(engine, every=50):
    """Loans and holds for one publication in ``every``, so availability counts real rows."""
    with Session(engine) as session, session.begin():
        if session.scalar(select(func.count()).select_from(Loan)):
            return
        patron_rows = [
            {"library_id": f"B{n:09d}", "identity_hash": uuid.uuid4().hex, "given_name": "B", "family_name": str(n)}
            for n in range(200)
        ]
        session.execute(insert(Patron), patron_rows)
        patrons = list(session.scalars(select(Patron.id)))
        ids = list(session.scalars(select(Publication.id).where(Publication.id % every == 0)))
        now = dt.datetime.now(dt.UTC)
        loans, holds = [], []
        for publication_id in ids:
            loans.append(
                {
                    "id": str(uuid.uuid4()),
                    "patron_id": random.choice(patrons),
                    "publication_id": publication_id,
                    "status": "active",
                    "started_at": now - dt.timedelta(days=random.randint(0, 40)),
                    "due_at": now + dt.timedelta(days=7),
                }
            )
            for position in range(random.randint(0, 3)):
                holds.append(
                    {
                        "id": str(uuid.uuid4()),
                        "patron_id": random.choice(patrons),
                        "publication_id": publication_id,
                        "status": "waiting",
                        "placed_at": now - dt.timedelta(hours=position),
                        "queue_number": position + 1,
                    }
                )
        for start in range(0, len(loans), 5000):
            session.execute(insert(Loan), loans[start : start + 5000])
        for start in range(0, len(holds), 5000):
            session.execute(insert(Hold), holds[start : start + 5000])


def client(engine, url):
    """WebTest on the real app: each request gets its own session and transaction, as in production."""
    app = make_app(base_settings(url, **{"ebiblio.engine": engine}), core_plugins())
    return webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost"})


def bare_title(engine):
    """The publication with its contributors and licenses: what any title page must read at least."""

    def run(publication_id):
        with Session(engine) as session:
            session.get(Publication, publication_id)

    return run


def bare_feed(engine):
    """Fifty publications of a medium, newest first, with contributors and licenses."""

    def run(page):
        with Session(engine) as session:
            session.scalars(
                select(Publication)
                .where(
                    Publication.withdrawn.is_(False),
                    Publication.medium == "ebook",
                    Publication.published.is_not(None),
                )
                .order_by(Publication.published.desc(), Publication.id.desc())
                .offset((page - 1) * 50)
                .limit(50)
            ).all()

    return run


def report(name, full, bare):
    for kind, ours, theirs in (("wall", full[0], bare[0]), ("cpu", full[1], bare[1])):
        p50, p95 = statistics.median(ours), percentile(ours, 0.95)
        b50, b95 = statistics.median(theirs), percentile(theirs, 0.95)
        print(
            f"{name:<20} {kind:<4} p50 {p50:6.2f} ms  p95 {p95:6.2f} ms | bare p50 {b50:5.2f} ms  p95 {b95:5.2f} ms"
            f" | p95 ratio {p95 / max(b95, 0.01):4.1f}"
        )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--generate", action="store_true", help="fill the (empty) database first")
    args = parser.parse_args(argv)
    if args.generate:
        command = [sys.executable, str(HERE / "generate_catalogue.py"), "--url", args.url, "--count", str(args.count)]
        subprocess.run(command, check=True)
    engine = make_engine(args.url)
    add_circulation(engine)
    if engine.dialect.name == "postgresql":
        # A bulk load leaves no planner statistics until autovacuum runs; production has them.
        with engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
    with Session(engine) as session:
        total = session.scalar(select(func.count()).select_from(Publication))
        top = session.scalar(select(func.max(Publication.id)))
    print(f"{engine.dialect.name}: {total:,} publications, {args.requests} requests per measurement")
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    rng = random.Random(7)
    with Session(engine) as session:
        candidates = list(
            session.scalars(
                select(Publication.id).where(
                    Publication.id.in_([rng.randint(1, top) for _ in range(args.requests * 3)]),
                    Publication.withdrawn.is_(False),
                )
            )
        )
    ids = (candidates * 2)[: args.requests + WARM_UP]
    app = client(engine, args.url)
    try:
        title = timed(lambda pid: app.get(f"/teos/{pid}?lang=fi", status=200), ids)
        report("title page", title, timed(bare_title(engine), ids))
        pages = [rng.randint(1, FEED_PAGES) for _ in range(args.requests + WARM_UP)]
        feed = timed(lambda page: app.get(f"/opds/new?medium=ebook&page={page}", status=200), pages)
        report("OPDS feed page (50)", feed, timed(bare_feed(engine), pages))
    finally:
        engine.dispose()


if __name__ == "__main__":
    main()
