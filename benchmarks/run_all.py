"""Every benchmark in turn, on fresh databases of a size that fits a coffee break (``make benchmark``).

    .venv/bin/python benchmarks/run_all.py [--publications 100000] [--loans 200000] [--postgres URL]

Runs the catalogue generator into a temporary SQLite file (and, with ``--postgres``, into a new database
beside the one the URL names), then the search, title-page and OPDS benchmarks on it, the ONIX import, the
ODL sync over loopback, circulation (on PostgreSQL only: it needs row locks and several processes) and the
statistics pages. Each script prints its own figures and targets; this one adds nothing but the order.
The issues' figures are taken at 1,000,000 publications: ``--publications 1000000`` (about 15 minutes of
indexing per database on two cores).
"""

from __future__ import annotations

import argparse
import pathlib
import subprocess
import sys
import tempfile
import time
import uuid

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

HERE = pathlib.Path(__file__).parent


def run(*arguments):
    print(f"\n$ {' '.join(arguments)}", flush=True)
    started = time.monotonic()
    finished = subprocess.run([sys.executable, *arguments], check=False)
    print(f"({time.monotonic() - started:.0f} s, exit {finished.returncode})", flush=True)
    return finished.returncode


def new_postgres_database(url):
    """A new, empty database on the server ``url`` names; returns its URL and a function that drops it."""
    base = make_url(url)
    name = f"ebiblio_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')

    def drop():
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()

    return base.set(database=name).render_as_string(hide_password=False), drop


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--publications", type=int, default=100_000, help="catalogue size (default 100,000)")
    parser.add_argument("--loans", type=int, default=200_000, help="loan events for the statistics pages")
    parser.add_argument("--postgres", help="a PostgreSQL URL: its server gets temporary databases too")
    args = parser.parse_args(argv)
    failed = 0
    with tempfile.TemporaryDirectory() as folder:
        urls = [f"sqlite:///{folder}/catalogue.sqlite"]
        cleanups = []
        if args.postgres:
            url, drop = new_postgres_database(args.postgres)
            urls.append(url)
            cleanups.append(drop)
        try:
            for url in urls:
                failed |= run(str(HERE / "generate_catalogue.py"), "--url", url, "--count", str(args.publications))
                failed |= run(str(HERE / "search.py"), "--url", url)
                failed |= run(str(HERE / "pages.py"), "--url", url, "--count", str(args.publications))
            failed |= run(str(HERE / "onix_import.py"), str(args.publications // 10), str(args.publications))
            failed |= run(str(HERE / "odl_sync.py"), "--size", str(args.publications))
            if args.postgres:
                failed |= run(str(HERE / "circulation.py"), "--url", args.postgres)
            stats_urls = [f"sqlite:///{folder}/stats.sqlite"]
            if args.postgres:
                url, drop = new_postgres_database(args.postgres)
                stats_urls.append(url)
                cleanups.append(drop)
            for url in stats_urls:
                failed |= run(str(HERE / "stats_pages.py"), "--url", url, "--generate", "--loans", str(args.loans))
        finally:
            for cleanup in cleanups:
                cleanup()
    print("\nSome benchmark missed its target or failed; see above." if failed else "\nEvery benchmark ran.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
