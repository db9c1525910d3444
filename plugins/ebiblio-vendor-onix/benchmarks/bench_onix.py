"""How fast the ONIX plugin writes, parses and syncs, and how much memory a read takes.

Run from /work/main:  .venv/bin/python plugins/ebiblio-vendor-onix/benchmarks/bench_onix.py [COUNT]
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time

from ebiblio_vendor_onix import reader
from ebiblio_vendor_onix.provider import OnixProvider
from ebiblio_vendor_onix.sandbox import DEFAULT_TOKEN, OnixSandbox
from ebiblio_vendor_onix.writer import write_onix

from ebiblio_portal.sandbox import FaultInjector, serve_on_loopback
from ebiblio_portal.vendorhttp import make_client


def parse(path):
    """Records read, wall-clock seconds and CPU seconds (the machine may be shared: CPU time is the steadier)."""
    started, cpu = time.perf_counter(), time.process_time()
    count = sum(len(page.records) for page in reader.read_delivery_file(path))
    return count, time.perf_counter() - started, time.process_time() - cpu


def memory_of_a_read(count, directory):
    """Peak RSS (MB) of a fresh process that writes and reads ``count`` products."""
    script = (
        "import resource, sys\n"
        "from ebiblio_vendor_onix import reader\n"
        "from ebiblio_vendor_onix.writer import write_onix\n"
        f"path = write_onix({os.path.join(directory, f'mem-{count}.xml')!r}, {count})\n"
        "base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "n = sum(len(p.records) for p in reader.read_delivery_file(path))\n"
        "print(n, base // 1024, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)\n"
    )
    output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    records, before, peak = (int(part) for part in output.split())
    return records, before, peak


def main(count):
    with tempfile.TemporaryDirectory() as directory:
        for short in (False, True):
            path = os.path.join(directory, f"bench-{short}.xml")
            started = time.perf_counter()
            write_onix(path, count, short_tags=short)
            written = time.perf_counter() - started
            records, elapsed, cpu = parse(path)
            size = os.path.getsize(path) / 1e6
            print(
                f"{'short' if short else 'reference'} tags: write {count / written:,.0f} products/s ({size:.0f} MB); "
                f"parse {records / elapsed:,.0f} products/s wall, {records / cpu:,.0f} products/s CPU "
                f"({records} records in {elapsed:.1f} s, {cpu:.1f} s CPU)"
            )
        sandbox = FaultInjector(OnixSandbox(count, builtin_changes=False))
        with serve_on_loopback(sandbox) as url:
            provider = OnixProvider(make_client(url, token=DEFAULT_TOKEN, timeout=60))
            started = time.perf_counter()
            records = sum(len(batch.records) for batch in provider.sync(None))
            elapsed = time.perf_counter() - started
        print(f"sync over loopback: {records / elapsed:,.0f} publications/s ({records} in {elapsed:.1f} s)")
        for size in (10_000, 100_000):
            records, before, peak = memory_of_a_read(size, directory)
            print(f"peak RSS reading {records:,} products: {peak} MB (before the read {before} MB)")
    print(f"this process: peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
