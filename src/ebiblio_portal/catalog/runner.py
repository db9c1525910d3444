"""Running catalogue syncs for commands and the admin: one vendor after another, with progress."""

from __future__ import annotations

import contextlib
import logging

from ..interfaces import ICatalogueFile, ISearchIndex
from ..search import index_updater
from ..services import lookup
from .sync import CatalogueSync

log = logging.getLogger(__name__)


def sync_vendors(env, providers, full=False, from_file=None, progress=None, out=print):
    """Sync each provider; a failing vendor is reported and the next one still runs."""
    reports = []
    for provider in providers:
        # Each committed batch re-indexes what it changed: no full rebuild after a sync.
        sync = CatalogueSync(env.session_factory, provider, on_change=index_updater(lookup(env.registry, ISearchIndex)))
        batches, mode = None, None
        if from_file:
            if not ICatalogueFile.providedBy(provider):
                raise ValueError(f"the vendor {provider.name} does not take file deliveries")
            batches, mode = provider.read_delivery(from_file), "file"
        bar = progress(f"{provider.name}", None) if progress else contextlib.nullcontext(None)
        with bar as advance:
            report = sync.run(full=full, batches=batches, progress=advance, mode=mode)
        reports.append(report)
        out(
            f"{provider.name}: {report.status} ({report.mode}): {report.seen} read, {report.written} written, "
            f"{report.unchanged} unchanged, {report.removed} removed, {report.failed} skipped"
            + (f" — {report.message}" if report.message else "")
        )
        for error in report.errors[:10]:
            out(f"  skipped {error.vendor_key or '?'}: {error.message}")
        if report.failed > 10:
            out(f"  … and {report.failed - 10} more; every skipped record is listed in the sync report")
    return reports
