"""ODL feed sync over loopback into SQLite: publications per second, and a re-run with nothing changed.

    .venv/bin/python benchmarks/odl_sync.py [--size 100000] [--url sqlite:///PATH]

The ODL plugin's sandbox distributor runs in a separate process behind
waitress on 127.0.0.1 (as a real vendor would be another machine); the portal
syncs its feed exactly as ``ebiblio sync odl`` does. Targets (issue 3): at least
2,000 publications/s; a re-run with nothing changed at least 10 times faster.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time

import httpx
from ebiblio_vendor_odl.provider import OdlProvider
from sqlalchemy.orm import sessionmaker

from ebiblio_portal.catalog.sync import CatalogueSync
from ebiblio_portal.db import make_engine
from ebiblio_portal.db.migrate import upgrade
from ebiblio_portal.vendorhttp import make_client

SERVER = """
import sys, waitress
from ebiblio_vendor_odl.sandbox import make_sandbox
waitress.serve(make_sandbox(int(sys.argv[1])), host="127.0.0.1", port=int(sys.argv[2]), threads=4, _quiet=True)
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    sys.exit(f"the sandbox at {url} did not start")


def timed_sync(sync, **kwargs):
    started = time.perf_counter()
    report = sync.run(**kwargs)
    return report, time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--url", help="database URL (default: a new SQLite file)")
    args = parser.parse_args()
    port = free_port()
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(args.size), str(port)])
    try:
        base = f"http://127.0.0.1:{port}/"
        wait_for(base + "feed?limit=1")
        with tempfile.TemporaryDirectory() as directory:
            engine = make_engine(args.url or f"sqlite:///{directory}/odl.sqlite")
            upgrade(engine)
            provider = OdlProvider(make_client(base, timeout=60))
            sync = CatalogueSync(sessionmaker(bind=engine), provider)
            first, first_s = timed_sync(sync)
            again, again_s = timed_sync(sync)
            full, full_s = timed_sync(sync, full=True)
    finally:
        server.terminate()
        server.wait()
    print(f"{'run':<34} {'read':>8} {'written':>8} {'seconds':>8} {'per second':>11}")
    for label, report, seconds in (
        ("first sync (everything new)", first, first_s),
        ("re-run, nothing changed", again, again_s),
        ("full re-read, nothing changed", full, full_s),
    ):
        print(
            f"{label:<34} {report.seen:>8,} {report.written:>8,} {seconds:>8.2f} {report.seen / seconds:>11,.0f}"
            if report.seen
            else f"{label:<34} {report.seen:>8,} {report.written:>8,} {seconds:>8.2f} {'-':>11}"
        )
    print(
        f"re-run with nothing changed: {first_s / again_s:,.0f}x faster than the first sync; "
        f"a full re-read {first_s / full_s:.1f}x faster"
    )
    print(
        f"(status {first.status}/{again.status}/{full.status}; load average {os.getloadavg()[0]:.2f} "
        f"on {os.cpu_count()} cores)"
    )


if __name__ == "__main__":
    main()
