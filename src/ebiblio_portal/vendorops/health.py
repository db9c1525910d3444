"""Asking every vendor plugin for its health at once, each within a short timeout."""

from __future__ import annotations

import concurrent.futures
import logging
import time

from ..values import HealthReport

log = logging.getLogger(__name__)
TIMEOUT = 3.0
# Shared, so a vendor that hangs holds one worker, not a new thread per page view.
_pool = concurrent.futures.ThreadPoolExecutor(max_workers=8, thread_name_prefix="vendor-health")


def _ask(provider):
    started = time.monotonic()
    try:
        report = provider.health()
    except Exception as error:  # noqa: BLE001 - a failing plugin shows as down, never as an error page
        log.warning("health of vendor %s failed: %s", provider.name, error)
        return HealthReport(ok=False, detail=f"{type(error).__name__}: {error}"[:300])
    if not isinstance(report, HealthReport):
        return HealthReport(ok=False, detail="the plugin's health() did not return a HealthReport")
    if report.latency_ms is None:
        return HealthReport(report.ok, report.detail, round((time.monotonic() - started) * 1000, 1))
    return report


def health_of(providers, timeout=None):
    """{vendor name: HealthReport}; a vendor that does not answer within ``timeout`` seconds is down."""
    timeout = TIMEOUT if timeout is None else timeout
    futures = {provider.name: _pool.submit(_ask, provider) for provider in providers}
    concurrent.futures.wait(futures.values(), timeout=timeout)
    found = {}
    for name, future in futures.items():
        if future.done():
            found[name] = future.result()
        else:
            found[name] = HealthReport(ok=False, detail=f"no answer within {timeout:g} s")
    return found
