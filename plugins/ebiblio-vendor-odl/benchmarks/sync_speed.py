"""How fast the ODL provider syncs a large sandbox catalogue over loopback.

    .venv/bin/python plugins/ebiblio-vendor-odl/benchmarks/sync_speed.py --size 100000 --page-size 1000

Prints the whole sync over loopback (sandbox + HTTP + parsing), then its
parts: the sandbox serving pages over HTTP, and the provider's JSON decoding
and record reading of pages already fetched.
"""

from __future__ import annotations

import argparse
import json
import time

import httpx
from ebiblio_vendor_odl.provider import OdlProvider
from ebiblio_vendor_odl.sandbox import make_sandbox

from ebiblio_portal.sandbox import serve_on_loopback


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--page-size", type=int, default=1000)
    parser.add_argument("--lenient", action="store_true")
    args = parser.parse_args()

    started = time.perf_counter()
    sandbox = make_sandbox(args.size, lenient=args.lenient)
    print(f"sandbox of {args.size} built in {time.perf_counter() - started:.3f} s")

    with serve_on_loopback(sandbox) as url:
        client = httpx.Client(base_url=url, timeout=60)
        provider = OdlProvider(client, page_size=args.page_size)

        started = time.perf_counter()
        count = errors = 0
        for batch in provider.sync(None):
            count += len(batch.records)
            errors += len(batch.errors)
        elapsed = time.perf_counter() - started
        print(
            f"sync over loopback: {count} records ({errors} errors) in {elapsed:.2f} s,"
            f" {count / elapsed:,.0f} records/s"
        )

        pages = []
        started = time.perf_counter()
        for number in range(1, -(-args.size // args.page_size) + 1):
            response = client.get(f"feed?limit={args.page_size}&page={number}")
            pages.append((response.content, str(response.url)))
        serving = time.perf_counter() - started
        print(f"sandbox serving + HTTP alone: {args.size / serving:,.0f} records/s ({serving:.2f} s)")

        started = time.perf_counter()
        documents = [json.loads(content) for content, _ in pages]
        decoding = time.perf_counter() - started
        started = time.perf_counter()
        parsed = 0
        yielded = {}
        for document, (_, page_url) in zip(documents, pages, strict=True):
            batch, _ = provider._read_page(document, page_url, yielded)
            parsed += len(batch.records)
        reading = time.perf_counter() - started
        size = sum(len(content) for content, _ in pages) / args.size
        print(f"provider json.loads: {parsed / decoding:,.0f} records/s ({decoding:.2f} s, {size:,.0f} bytes/record)")
        print(f"provider records from JSON: {parsed / reading:,.0f} records/s ({reading:.2f} s)")
        print(f"provider part together: {parsed / (decoding + reading):,.0f} records/s")
        client.close()


if __name__ == "__main__":
    main()
