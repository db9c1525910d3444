"""Vendor operations: the vendor list with last syncs and health, a vendor's history, failing records, sync now."""

import datetime as dt

import pytest
from sqlalchemy import select

from ebiblio_portal.models import AuditEntry, SyncError, SyncRun, Vendor
from ebiblio_portal.vendorops.requests import claim_requested, request_sync

from ..common.staff import CSRF, denied, log_in_as

NOW = dt.datetime.now(dt.UTC)


def _run(session, vendor, status="ok", started=None, failed=0, **counts):
    if session.get(Vendor, vendor) is None:
        session.add(Vendor(name=vendor, title=vendor.title(), origin="domestic"))
        session.flush()
    run = SyncRun(
        vendor_name=vendor,
        mode="incremental",
        status=status,
        started_at=started or NOW - dt.timedelta(hours=1),
        records_failed=failed,
        **counts,
    )
    session.add(run)
    session.flush()
    for number in range(failed):
        session.add(SyncError(run_id=run.id, vendor_key=f"rec-{number:03d}", message="no title", excerpt="{}"))
    session.flush()
    return run


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/hallinta/toimittajat"),
        ("get", "/hallinta/toimittajat/alpha"),
        ("get", "/hallinta/toimittajat/lisenssit"),
        ("post", "/hallinta/toimittajat/alpha/synkronoi"),
    ],
)
def test_vendor_operations_are_for_national_administrators(testapp, as_who, method, path, dbsession):
    if method == "get":
        page = testapp.get(path + "?lang=en", expect_errors=True)
        assert page.status_int == 200 if as_who == "national_admin" else denied(page), (as_who, page.status)
        return
    token = CSRF.search(testapp.get("/?lang=en").text)
    data = {"csrf_token": token.group(1)} if token else {}
    page = testapp.post(path, data, expect_errors=True)
    if as_who == "national_admin":
        assert page.status_int == 303
    else:
        assert denied(page) or page.status_int == 400, (as_who, page.status)
        assert dbsession.get(Vendor, "alpha") is None or dbsession.get(Vendor, "alpha").sync_requested_at is None


def test_the_run_page_is_for_national_administrators(testapp, as_who, dbsession):
    run = _run(dbsession, "alpha", failed=1)
    page = testapp.get(f"/hallinta/toimittajat/alpha/ajot/{run.id}?lang=en", expect_errors=True)
    assert page.status_int == 200 if as_who == "national_admin" else denied(page)


def test_the_list_shows_last_syncs_and_health_and_a_hung_vendor_is_down(testapp, cast, dbsession):
    _run(dbsession, "alpha", started=NOW - dt.timedelta(days=2), records_seen=5)
    _run(dbsession, "alpha", status="ok_with_errors", failed=2, records_seen=100, records_written=60)
    log_in_as(testapp, cast, "national_admin")
    page = testapp.get("/hallinta/toimittajat?lang=en")
    rows = {row.th.text.strip(): row for row in page.html.find("table").tbody.find_all("tr")}
    alpha = [td.text.strip() for td in rows["Alpha Books"].find_all("td")]
    assert alpha[0].startswith("Up") and "Succeeded, some records skipped" in alpha[3]
    assert alpha[4:] == ["100", "60", "38", "2"]
    assert "Down" in rows["Broken Audio"].td.text and "connection refused" in rows["Broken Audio"].td.text
    assert "Down" in rows["Slow Magazines"].td.text and "no answer" in rows["Slow Magazines"].td.text
    assert "Never synced" in rows["Slow Magazines"].text


def test_failing_records_of_a_run_are_paged(testapp, cast, dbsession):
    run = _run(dbsession, "alpha", status="ok_with_errors", failed=60, records_seen=60)
    log_in_as(testapp, cast, "national_admin")
    first = testapp.get(f"/hallinta/toimittajat/alpha/ajot/{run.id}?lang=en")
    assert "rec-000" in first.text and "rec-049" in first.text and "rec-050" not in first.text
    assert "Page 1 of 2" in first.text
    second = testapp.get(f"/hallinta/toimittajat/alpha/ajot/{run.id}?lang=en&page=2")
    assert "rec-050" in second.text and "rec-059" in second.text and "rec-000" not in second.text
    bad = testapp.get(f"/hallinta/toimittajat/alpha/ajot/{run.id}?lang=en&page=x%00")
    assert "There is no such page" in bad.text and "rec-000" in bad.text
    other = _run(dbsession, "broken")
    testapp.get(f"/hallinta/toimittajat/alpha/ajot/{other.id}", status=404)
    testapp.get("/hallinta/toimittajat/nobody", status=404)
    testapp.get("/hallinta/toimittajat/nobody/ajot/1", status=404)


def test_sync_now_is_requested_once_and_audited(testapp, cast, dbsession):
    log_in_as(testapp, cast, "national_admin")
    page = testapp.get("/hallinta/toimittajat/alpha?lang=en")
    form = next(f for f in page.forms.values() if f.action.endswith("/synkronoi"))
    page = form.submit().follow()
    assert "The sync is requested" in page.text
    vendor = dbsession.get(Vendor, "alpha")
    assert vendor.sync_requested_at is not None and vendor.sync_requested_by == "staff:national_admin"
    assert "Sync now</button>" not in page.text and "A sync was requested" in page.text
    audit = dbsession.scalars(select(AuditEntry).where(AuditEntry.action == "vendor.sync_requested")).all()
    assert [a.target for a in audit] == ["vendor:alpha"]
    # A second post (an old tab) does not request it twice.
    token = CSRF.search(testapp.get("/?lang=en").text).group(1)
    again = testapp.post("/hallinta/toimittajat/alpha/synkronoi?lang=en", {"csrf_token": token}).follow()
    assert "already requested" in again.text
    assert len(dbsession.scalars(select(AuditEntry).where(AuditEntry.action == "vendor.sync_requested")).all()) == 1


def test_sync_now_without_a_csrf_token_is_refused(testapp, cast, dbsession):
    log_in_as(testapp, cast, "national_admin")
    testapp.post("/hallinta/toimittajat/alpha/synkronoi", {}, status=400)
    assert dbsession.get(Vendor, "alpha") is None or dbsession.get(Vendor, "alpha").sync_requested_at is None


def test_a_running_sync_is_not_started_twice(testapp, cast, dbsession, vendors):
    _run(dbsession, "alpha", status="running", started=NOW - dt.timedelta(minutes=5))
    provider = vendors.providers[0]
    assert request_sync(dbsession, provider, "staff:x") == "running"
    log_in_as(testapp, cast, "national_admin")
    page = testapp.get("/hallinta/toimittajat/alpha?lang=en")
    assert "A sync is running" in page.text and "Sync now</button>" not in page.text
    # A request made before the run started waits for it: the scheduler does not claim it meanwhile.
    dbsession.get(Vendor, "alpha").sync_requested_at = NOW
    dbsession.flush()
    assert claim_requested(dbsession) == []
    # A run that has said "running" for over six hours has crashed: it no longer blocks.
    assert claim_requested(dbsession, at=NOW + dt.timedelta(hours=7)) == ["alpha"]


def test_two_schedulers_claim_a_request_once(dbsession, vendors):
    provider = vendors.providers[0]
    assert request_sync(dbsession, provider, "staff:x") == "requested"
    assert request_sync(dbsession, provider, "staff:y") == "already_requested"
    assert claim_requested(dbsession) == ["alpha"]
    assert claim_requested(dbsession) == []
    assert dbsession.get(Vendor, "alpha").sync_requested_at is None
