"""The catalogue sync: idempotent upserts, resumable, one bad record never spoils the rest."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker
from zope.interface import implementer

from ebiblio_portal.catalog.sync import CatalogueSync
from ebiblio_portal.interfaces import IContentProvider, VendorUnavailable
from ebiblio_portal.models import License, Publication, PublicationContributor, SyncError, SyncRun, Vendor, Work
from ebiblio_portal.values import (
    Contributor,
    ContributorRole,
    LicenseTerms,
    Medium,
    Origin,
    PublicationRecord,
    RecordError,
    SyncBatch,
)

T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def record(key, title=None, isbn=None, licenses=None, **extra):
    return PublicationRecord(
        vendor_key=key,
        medium=Medium.EBOOK,
        title=title or f"Kirja {key}",
        language="fi",
        isbn=isbn,
        contributors=(Contributor("Aleksis Kivi"), Contributor("Lukija", ContributorRole.NARRATOR)),
        subjects=("romaanit", "klassikot"),
        modified=T0,
        licenses=licenses if licenses is not None else (LicenseTerms(f"lic-{key}", concurrency=2, checkouts_left=10),),
        **extra,
    )


@implementer(IContentProvider)
class ScriptedVendor:
    """A vendor whose catalogue is a list of batches; it can fail after a given batch."""

    name, title, origin, queues = "scripted", "Scripted vendor", Origin.DOMESTIC, False

    def __init__(self, batches, fail_after=None):
        self.batches, self.fail_after, self.calls = batches, fail_after, []

    def sync(self, since, cursor=None):
        self.calls.append((since, cursor))
        start = int(cursor) if cursor else 0
        for index, batch in enumerate(self.batches[start:], start=start):
            if self.fail_after is not None and index >= self.fail_after:
                raise VendorUnavailable("scripted: connection dropped")
            yield SyncBatch(records=tuple(batch), cursor=str(index + 1))

    def availability(self, vendor_key): ...
    def checkout(self, vendor_key, license_identifier, patron_ref, loan_id, ends): ...
    def checkin(self, vendor_key, vendor_loan_id): ...
    def loan_status(self, vendor_key, vendor_loan_id): ...
    def place_hold(self, vendor_key, patron_ref, hold_id): ...
    def release_hold(self, vendor_key, vendor_hold_id): ...
    def fulfil(self, vendor_key, vendor_loan_id, patron_ref): ...
    def health(self): ...


@pytest.fixture
def factory(engine):
    """Sessions that commit for real (the sync manages its own transactions); tables emptied after."""
    made = sessionmaker(bind=engine, expire_on_commit=False)
    yield made
    with made() as session, session.begin():
        for model in (SyncError, SyncRun, PublicationContributor, License):
            session.query(model).delete()
        session.execute(Publication.__table__.delete())
        session.query(Work).delete()
        session.query(Vendor).delete()


def count(factory, model, *where):
    with factory() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


def test_a_full_sync_stores_every_record_with_its_children(factory):
    vendor = ScriptedVendor([[record("a"), record("b")], [record("c")]])
    report = CatalogueSync(factory, vendor).run()
    assert (report.status, report.seen, report.written, report.failed) == ("ok", 3, 3, 0)
    assert count(factory, Publication) == 3
    assert count(factory, PublicationContributor) == 6
    assert count(factory, License) == 3
    with factory() as session:
        stored = session.scalar(select(Publication).where(Publication.vendor_key == "a"))
        assert [c.role for c in stored.contributors] == ["author", "narrator"]
        assert stored.licenses[0].checkouts_left == 10
        assert session.get(Vendor, "scripted").sync_cursor is None


def test_running_again_with_nothing_changed_writes_nothing(factory):
    vendor = ScriptedVendor([[record("a"), record("b")]])
    CatalogueSync(factory, vendor).run()
    again = CatalogueSync(factory, vendor).run()
    assert (again.written, again.unchanged) == (0, 2)
    assert again.mode == "incremental"
    assert vendor.calls[-1][0] is not None, "the second run asks only for what changed since the first"


def test_a_changed_record_is_updated_in_place_keeping_its_license_row(factory):
    CatalogueSync(factory, ScriptedVendor([[record("a")]])).run()
    with factory() as session:
        license_id = session.scalar(select(License.id))
    changed = record(
        "a", title="Seitsemän veljestä", licenses=(LicenseTerms("lic-a", concurrency=2, checkouts_left=9),)
    )
    report = CatalogueSync(factory, ScriptedVendor([[changed]])).run(full=True)
    assert report.written == 1
    with factory() as session:
        assert session.scalar(select(Publication.title)) == "Seitsemän veljestä"
        assert session.scalar(select(License.id)) == license_id
        assert session.scalar(select(License.checkouts_left)) == 9
    assert count(factory, Publication) == 1


def test_a_license_the_vendor_drops_stops_lending(factory):
    CatalogueSync(factory, ScriptedVendor([[record("a")]])).run()
    CatalogueSync(factory, ScriptedVendor([[record("a", licenses=())]])).run(full=True)
    with factory() as session:
        assert session.scalar(select(License.status)) == "unavailable"


def test_a_bad_record_is_reported_and_the_rest_stored(factory):
    bad = record("bad", title="   ")
    vendor = ScriptedVendor([[record("a"), bad, record("b", isbn="97895")]])
    report = CatalogueSync(factory, vendor).run()
    assert report.status == "ok_with_errors"
    assert (report.written, report.failed) == (1, 2)
    assert {e.vendor_key for e in report.errors} == {"bad", "b"}
    assert count(factory, Publication) == 1
    assert count(factory, SyncError) == 2


def test_errors_the_vendor_reports_are_kept(factory):
    class Reporting(ScriptedVendor):
        def sync(self, since, cursor=None):
            yield SyncBatch(records=(record("a"),), errors=(RecordError("x1", "no title", "<Product>…"),))

    report = CatalogueSync(factory, Reporting([])).run()
    assert report.failed == 1 and report.written == 1
    with factory() as session:
        assert session.scalar(select(SyncError.message)) == "no title"


def test_duplicated_records_in_a_batch_count_once_and_the_last_wins(factory):
    report = CatalogueSync(factory, ScriptedVendor([[record("a", title="Old"), record("a", title="New")]])).run()
    assert report.written == 1
    with factory() as session:
        assert session.scalar(select(Publication.title)) == "New"


def test_a_vendor_failing_midway_keeps_what_was_stored_and_resumes(factory):
    batches = [[record("a")], [record("b")], [record("c")]]
    first = CatalogueSync(factory, ScriptedVendor(batches, fail_after=1)).run()
    assert first.status == "failed" and "connection dropped" in first.message
    assert count(factory, Publication) == 1
    with factory() as session:
        vendor = session.get(Vendor, "scripted")
        assert vendor.synced_until is None and vendor.sync_cursor
    resumed_vendor = ScriptedVendor(batches)
    second = CatalogueSync(factory, resumed_vendor).run()
    assert second.status == "ok" and "resumed" in second.mode
    assert resumed_vendor.calls == [(None, "1")]
    assert count(factory, Publication) == 3


def test_a_vendor_down_from_the_start_changes_nothing(factory):
    CatalogueSync(factory, ScriptedVendor([[record("a")]])).run()
    report = CatalogueSync(factory, ScriptedVendor([[record("a", title="X")]], fail_after=0)).run(full=True)
    assert report.status == "failed"
    with factory() as session:
        assert session.scalar(select(Publication.title)) == "Kirja a"
        assert session.scalars(select(SyncRun.status).order_by(SyncRun.id)).all() == ["ok", "failed"]


def test_the_same_isbn_from_two_vendors_is_one_work(factory):
    class Other(ScriptedVendor):
        name, title, origin = "other", "Other vendor", Origin.FOREIGN

    CatalogueSync(factory, ScriptedVendor([[record("a", isbn="9789510000001")]])).run()
    CatalogueSync(factory, Other([[record("x9", isbn="9789510000001"), record("x10")]])).run()
    assert count(factory, Publication) == 3
    assert count(factory, Work) == 2
    with factory() as session:
        work_ids = session.scalars(select(Publication.work_id).where(Publication.isbn == "9789510000001")).all()
        assert len(set(work_ids)) == 1


def test_a_removed_record_is_withdrawn_not_deleted(factory):
    class Removing(ScriptedVendor):
        def sync(self, since, cursor=None):
            yield SyncBatch(records=(), removed=("a",), cursor="1")

    CatalogueSync(factory, ScriptedVendor([[record("a"), record("b")]])).run()
    report = CatalogueSync(factory, Removing([])).run()
    assert report.removed == 1
    assert count(factory, Publication, Publication.withdrawn.is_(True)) == 1
    assert count(factory, Publication) == 2
    # The vendor offering it again brings it back.
    CatalogueSync(factory, ScriptedVendor([[record("a")]])).run(full=True)
    assert count(factory, Publication, Publication.withdrawn.is_(True)) == 0


def test_a_file_delivery_does_not_move_the_feed_high_water_mark(factory):
    vendor = ScriptedVendor([[record("a")]])
    report = CatalogueSync(factory, vendor).run(batches=[SyncBatch(records=(record("f1"),), cursor="9")], mode="file")
    assert report.mode == "file" and report.written == 1
    with factory() as session:
        stored = session.get(Vendor, "scripted")
        assert stored.synced_until is None and stored.sync_cursor is None


def test_counts_add_up_when_the_vendor_reports_bad_records(factory):
    class Reporting(ScriptedVendor):
        def sync(self, since, cursor=None):
            yield SyncBatch(records=(record("a"),), errors=(RecordError("x1", "no title"),), cursor="1")

    CatalogueSync(factory, Reporting([])).run()
    again = CatalogueSync(factory, Reporting([])).run(full=True)
    assert (again.seen, again.written, again.unchanged, again.failed) == (1, 0, 1, 1)


def test_the_index_callback_sees_each_committed_batch(factory):
    seen = []
    CatalogueSync(
        factory, ScriptedVendor([[record("a")], [record("b")]]), on_change=lambda s, ids: seen.append(ids)
    ).run()
    assert [len(ids) for ids in seen] == [1, 1]


def test_the_fingerprint_covers_every_field_of_a_record():
    import dataclasses

    from ebiblio_portal.catalog.sync import record_hash

    base = record("a", isbn="9789510000001")
    changes = {
        "title": "Toinen",
        "subtitle": "x",
        "series": "s",
        "series_number": "2",
        "publisher": "p",
        "published": dt.date(2001, 1, 1),
        "modified": T0 + dt.timedelta(days=1),
        "subjects": ("uusi",),
        "isbn": "9789510000002",
        "description": "d",
        "cover_url": "c",
        "sample_url": "u",
        "duration_seconds": 5,
        "page_count": 9,
        "simultaneous_use": True,
        "withdrawn": True,
        "language": "sv",
        "medium": Medium.AUDIOBOOK,
        "contributors": (Contributor("Joku"),),
        "licenses": (LicenseTerms("lic-a", concurrency=3),),
    }
    for field in dataclasses.fields(PublicationRecord):
        if field.name in ("vendor_key", "audience", "issue"):
            continue
        assert field.name in changes, f"the test does not change {field.name}"
        changed = dataclasses.replace(base, **{field.name: changes[field.name]})
        assert record_hash(changed) != record_hash(base), field.name
    assert record_hash(dataclasses.replace(base)) == record_hash(base)


def test_every_kind_of_value_reads_back_as_it_was_written(factory):
    from ebiblio_portal.values import MagazineIssue

    expires = dt.datetime(2027, 3, 4, 5, 6, 7, 890000, tzinfo=dt.UTC)
    issue = MagazineIssue("lehti", "Lehti", dt.date(2026, 11, 1), ("Pääkirjoitus", "Ristikko"))
    full = record(
        "v",
        published=dt.date(1870, 5, 31),
        duration_seconds=3600,
        simultaneous_use=True,
        issue=issue,
        licenses=(
            LicenseTerms("l1", concurrency=None, checkouts_left=0, expires=expires, loan_length=dt.timedelta(days=21)),
        ),
    )
    CatalogueSync(factory, ScriptedVendor([[full]])).run()
    with factory() as session:
        stored = session.scalar(select(Publication))
        assert (stored.published, stored.modified_at, stored.duration_seconds) == (dt.date(1870, 5, 31), T0, 3600)
        assert stored.simultaneous_use is True and stored.withdrawn is False
        assert (stored.issue_date, stored.table_of_contents) == (dt.date(2026, 11, 1), ["Pääkirjoitus", "Ristikko"])
        assert stored.subjects == ["romaanit", "klassikot"]
        (license_,) = stored.licenses
        assert (license_.expires, license_.concurrency, license_.checkouts_left) == (expires, None, 0)
        assert license_.loan_length_seconds == 21 * 86400
