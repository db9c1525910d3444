"""How fast the provider syncs over loopback: ``python benchmarks/sync_speed.py [TITLES]``.

The default of 2,000 periodicals gives about 100,000 issues in the archive window.
Prints the whole sync rate (sandbox + HTTP + parsing) and the provider's parsing alone.
"""

import sys
import time

from ebiblio_vendor_magazines.provider import make_provider
from ebiblio_vendor_magazines.sandbox import SANDBOX_API_KEY, MagazineSandbox

from ebiblio_portal.sandbox import serve_on_loopback


def main(titles=2000):
    started = time.perf_counter()
    vendor = MagazineSandbox(titles)
    built = time.perf_counter() - started
    print(f"sandbox: {titles} periodicals, {vendor.listed_count()} issues listed, built in {built:.2f} s")
    with serve_on_loopback(vendor) as url:
        provider = make_provider(url, SANDBOX_API_KEY, timeout=30.0)
        parse_seconds, count, errors = 0.0, 0, 0
        original = provider._issues

        def timed(body, periodicals, seen):
            nonlocal parse_seconds
            begun = time.perf_counter()
            answer = original(body, periodicals, seen)
            parse_seconds += time.perf_counter() - begun
            return answer

        provider._issues = timed
        started = time.perf_counter()
        for batch in provider.sync(None):
            count += len(batch.records)
            errors += len(batch.errors)
        elapsed = time.perf_counter() - started
    print(f"sync over loopback: {count} records, {errors} errors in {elapsed:.2f} s = {count / elapsed:,.0f} records/s")
    print(f"provider parsing alone: {parse_seconds:.2f} s = {count / parse_seconds:,.0f} records/s")


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:]))
