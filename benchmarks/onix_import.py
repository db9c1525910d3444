"""ONIX import into SQLite: products per second and peak memory, at two file sizes.

    .venv/bin/python benchmarks/onix_import.py [COUNT ...]      (default: 10000 100000)

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

count, directory = int(sys.argv[1]), sys.argv[2]
path = write_onix(f"{directory}/delivery-{count}.xml", count)
engine = make_engine(f"sqlite:///{directory}/import-{count}.sqlite")
upgrade(engine)
provider = OnixProvider(make_client("http://vendor.invalid/"))
sync = CatalogueSync(sessionmaker(bind=engine), provider)
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


def run(count, directory):
    output = subprocess.run([sys.executable, "-c", CHILD, str(count), directory], capture_output=True, text=True)
    if output.returncode:
        sys.exit(output.stderr)
    return json.loads(output.stdout.strip().splitlines()[-1])


def main(counts):
    print(
        f"{'products':>9} {'written':>8} {'seconds':>8} {'products/s':>11} {'per CPU s':>10} {'peak MB':>8} "
        f"{'re-import/s':>12}"
    )
    with tempfile.TemporaryDirectory() as directory:
        for count in counts:
            result = run(count, directory)
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
    main([int(arg) for arg in sys.argv[1:]] or [10_000, 100_000])
