"""ONIX import into SQLite: products per second and peak memory, at two file sizes.

    .venv/bin/python benchmarks/onix_import.py [--with-index] [COUNT ...]      (default: 10000 100000)

Each size runs in a fresh process (so its peak memory is its own): the ONIX
plugin's generator writes a delivery file, then the portal imports it exactly as
``ebiblio sync onix --from-file PATH`` does, into a new migrated SQLite file.
Targets (issue 3): at least 5,000 products/s; peak memory under 300 MB and flat.
"per CPU s" divides by the process's CPU time: the rate on a machine with nothing
else running, which a shared machine's wall clock hides.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile

CHILD = r"""
import json, resource, sys, time
from sqlalchemy.orm import sessionmaker
from ebiblio_portal.catalog.sync import CatalogueSync
from ebiblio_portal.db import make_engine
from ebiblio_portal.db.migrate import upgrade
from ebiblio_portal.vendorhttp import make_client
from ebiblio_vendor_onix.provider import OnixProvider
from ebiblio_vendor_onix.writer import write_onix

count, directory, with_index = int(sys.argv[1]), sys.argv[2], sys.argv[3] == "1"
path = write_onix(f"{directory}/delivery-{count}.xml", count)
engine = make_engine(f"sqlite:///{directory}/import-{count}.sqlite")
upgrade(engine)
provider = OnixProvider(make_client("http://vendor.invalid/"))
on_change = None
if with_index:
    from ebiblio_portal.search import index_for, index_updater

    on_change = index_updater(index_for(engine.dialect.name))
sync = CatalogueSync(sessionmaker(bind=engine), provider, on_change=on_change)
started, cpu = time.perf_counter(), time.process_time()
report = sync.run(batches=provider.read_delivery(path), mode="file")
elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
again = time.perf_counter()
second = sync.run(batches=provider.read_delivery(path), mode="file")
unchanged = time.perf_counter() - again
print(json.dumps({"count": count, "written": report.written, "failed": report.failed, "seconds": elapsed,
                  "cpu_seconds": cpu, "unchanged_seconds": unchanged, "unchanged": second.unchanged,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(count, directory, with_index):
    output = subprocess.run(
        [sys.executable, "-c", CHILD, str(count), directory, "1" if with_index else "0"], capture_output=True, text=True
    )
    if output.returncode:
        sys.exit(output.stderr)
    return json.loads(output.stdout.strip().splitlines()[-1])


def main(counts, with_index=False):
    if with_index:
        print("with the search index kept up to date batch by batch, as 'ebiblio sync' does")
    print(
        f"{'products':>9} {'written':>8} {'seconds':>8} {'products/s':>11} {'per CPU s':>10} {'peak MB':>8} "
        f"{'re-import/s':>12}"
    )
    with tempfile.TemporaryDirectory() as directory:
        for count in counts:
            result = run(count, directory, with_index)
            print(
                f"{count:>9,} {result['written']:>8,} {result['seconds']:>8.1f} "
                f"{count / result['seconds']:>11,.0f} {count / result['cpu_seconds']:>10,.0f} "
                f"{result['peak_mb']:>8.0f} "
                f"{count / result['unchanged_seconds']:>12,.0f}"
            )
    print(
        f"(load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; "
        f"this process peaked at {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)"
    )


if __name__ == "__main__":
    arguments = [arg for arg in sys.argv[1:] if arg != "--with-index"]
    main([int(arg) for arg in arguments] or [10_000, 100_000], with_index="--with-index" in sys.argv)
