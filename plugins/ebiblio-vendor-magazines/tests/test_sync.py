"""Catalogue sync: full, incremental, resumed, and what leaves the archive window."""

import datetime as dt

import pytest

from ebiblio_portal.interfaces import VendorRefused, VendorUnavailable
from ebiblio_portal.values import Audience, Medium

NOW = dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC)


def records_of(batches):
    return [record for batch in batches for record in batch.records]


def removed_of(batches):
    return {key for batch in batches for key in batch.removed}


def test_a_full_sync_brings_every_issue_in_the_archive_once(provider, vendor):
    batches = list(provider.sync(None))
    records = records_of(batches)
    keys = [record.vendor_key for record in records]
    assert len(keys) == len(set(keys)) == vendor.listed_count()
    assert len(batches) > 3, "page_size=100 splits the catalogue into several batches"
    assert batches[0].total == vendor.listed_count()
    assert all(len(batch.records) <= 100 for batch in batches)
    assert batches[-1].cursor is None
    assert not any(batch.errors for batch in batches)


def test_an_issue_is_a_simultaneous_use_magazine_record(provider):
    records = {record.vendor_key: record for record in records_of(provider.sync(None))}
    record = records["kuvaviikko-20260610"]
    assert record.medium is Medium.MAGAZINE
    assert record.title == "Kotimaan Kuvaviikko 24/2026"
    assert record.language == "fi"
    assert record.publisher == "Kustannus Oy Iltarusko"
    assert record.simultaneous_use is True and record.licenses == ()
    assert record.published == dt.date(2026, 6, 10)
    assert record.modified == dt.datetime(2026, 6, 10, 3, 0, tzinfo=dt.UTC)
    assert 36 <= record.page_count <= 112
    assert record.cover_url == "http://sandbox.invalid/covers/kuvaviikko-20260610.svg"
    assert record.issue.periodical_key == "kuvaviikko"
    assert record.issue.periodical_title == "Kotimaan Kuvaviikko"
    assert record.issue.issue_date == dt.date(2026, 6, 10)
    assert 4 <= len(record.issue.table_of_contents) <= 6
    assert "yleisaikakauslehdet" in record.subjects


def test_the_catalogue_is_finnish_swedish_and_english_for_all_ages(provider):
    records = records_of(provider.sync(None))
    assert {record.language for record in records} == {"fi", "sv", "en"}
    assert {record.audience for record in records} == {Audience.CHILDREN, Audience.YOUNG, Audience.ADULTS}
    titles = {record.title for record in records}
    assert "Kustbladet Veckoslut 23/2026" in titles
    assert "Tiedeikkuna 7-8/2025" in titles and "Tiedeikkuna 8/2025" not in titles
    assert "Nordic Outlook 6/2026" in titles


def test_the_archive_keeps_24_months(provider):
    dates = [record.published for record in records_of(provider.sync(None))]
    assert min(dates) >= dt.date(2024, 6, 14)
    assert max(dates) <= NOW.date()


def test_an_incremental_sync_brings_only_what_changed(provider):
    since = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
    records = records_of(provider.sync(since))
    assert records
    assert all(record.modified >= since for record in records)
    everything = records_of(provider.sync(None))
    assert {r.vendor_key for r in records} == {r.vendor_key for r in everything if r.modified >= since}


def test_a_naive_since_is_taken_as_utc(provider):
    aware = {r.vendor_key for r in records_of(provider.sync(dt.datetime(2026, 6, 1, tzinfo=dt.UTC)))}
    naive = {r.vendor_key for r in records_of(provider.sync(dt.datetime(2026, 6, 1)))}
    assert naive == aware


def test_a_new_issue_arrives_by_the_next_sync(provider, vendor):
    vendor.advance(days=1)
    since = vendor.now
    vendor.advance(hours=1)
    issue_id = vendor.publish_issue("nordic-outlook", dt.date(2026, 6, 16))
    records = records_of(provider.sync(since))
    assert [record.vendor_key for record in records] == [issue_id]
    assert records[0].title == "Nordic Outlook 6/2026"
    assert records[0].language == "en"


def test_a_republished_issue_comes_again_but_only_once(provider, vendor):
    vendor.advance(days=1)
    since = vendor.now
    issue_id = vendor.publish_issue("kuvaviikko", dt.date(2026, 6, 10))
    assert [r.vendor_key for r in records_of(provider.sync(since))] == [issue_id]
    assert [r.vendor_key for r in records_of(provider.sync(None))].count(issue_id) == 1


def test_a_sync_resumes_after_its_cursor(provider):
    batches = list(provider.sync(None))
    resumed = list(provider.sync(None, batches[1].cursor))
    expected = [record.vendor_key for batch in batches[2:] for record in batch.records]
    assert [record.vendor_key for record in records_of(resumed)] == expected
    assert removed_of(resumed) == removed_of(batches)


def test_an_incremental_sync_resumes_with_its_since(provider):
    since = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    batches = list(provider.sync(since))
    assert len(batches) > 2
    resumed = records_of(provider.sync(since, batches[0].cursor))
    assert resumed and all(record.modified >= since for record in resumed)
    assert len(resumed) == len(records_of(batches[1:]))


def test_an_unknown_cursor_starts_over(provider):
    assert len(records_of(provider.sync(None, "some-other-vendor-cursor"))) == len(records_of(provider.sync(None)))


def test_a_sync_broken_between_batches_resumes_from_the_last_cursor(provider, sandbox):
    batches = provider.sync(None)
    first = next(batches)
    sandbox.set("error")
    with pytest.raises(VendorUnavailable):
        next(batches)
    sandbox.clear()
    rest = records_of(provider.sync(None, first.cursor))
    keys = {record.vendor_key for record in first.records} | {record.vendor_key for record in rest}
    assert len(keys) == len(first.records) + len(rest) == sandbox.listed_count()


def test_issues_that_fall_off_the_archive_window_are_removed(provider, vendor):
    before = {record.vendor_key for record in records_of(provider.sync(None))}
    since = vendor.now
    vendor.advance(days=40)
    batches = list(provider.sync(since))
    removed = removed_of(batches)
    assert removed, "40 days on, the oldest issues have fallen off"
    assert removed <= before
    assert all(key[-8:] < "20240727" for key in removed)
    after = {record.vendor_key for record in records_of(provider.sync(None))}
    assert not removed & after
    with pytest.raises(VendorRefused, match="left the vendor's archive"):
        provider.availability(sorted(removed)[0])


def test_a_full_sync_reports_every_issue_that_has_left(provider, vendor):
    removed = removed_of(provider.sync(None))
    # Issues 24 to 30 months old were generated but have already fallen off.
    assert removed and all(key[-8:] < "20240615" for key in removed)


def test_nothing_is_removed_between_two_syncs_on_the_same_day(provider, vendor):
    since = vendor.now
    vendor.advance(hours=2)
    assert removed_of(provider.sync(since)) == set()


def test_a_shorter_archive_window_removes_more(provider, vendor):
    since = vendor.now
    vendor.set_archive_months(12)
    vendor.advance(minutes=1)
    removed = removed_of(provider.sync(since))
    assert "kuvaviikko-20250604" in removed
    assert "kuvaviikko-20250618" not in removed
    assert not removed & {record.vendor_key for record in records_of(provider.sync(None))}


def test_a_withdrawn_issue_is_removed(provider, vendor):
    since = vendor.now
    vendor.advance(minutes=5)
    vendor.withdraw_issue("kattaus-20260515")
    assert removed_of(provider.sync(since)) == {"kattaus-20260515"}
    assert "kattaus-20260515" not in {record.vendor_key for record in records_of(provider.sync(None))}


def test_duplicated_records_in_the_feed_come_through_once(provider, sandbox, client):
    expected = sorted(record.vendor_key for record in records_of(provider.sync(None)))
    sandbox.repeat_records()
    page = [issue["id"] for issue in client.get("v1/issues", params={"limit": 100}).json()["issues"]]
    assert len(page) > len(set(page)), "the vendor now repeats records"
    keys = [record.vendor_key for record in records_of(provider.sync(None))]
    assert sorted(keys) == expected


def test_a_bad_record_becomes_a_record_error_and_the_rest_come_through(provider, vendor):
    vendor.override_issue("kuvaviikko-20260610", issue_date="not a date")
    vendor.override_issue("kattaus-20260515", title_id="no-such-periodical")
    batches = list(provider.sync(None))
    errors = [error for batch in batches for error in batch.errors]
    assert {error.vendor_key for error in errors} == {"kuvaviikko-20260610", "kattaus-20260515"}
    assert any("issue_date" in error.excerpt and "date" in error.message for error in errors)
    assert any("unknown periodical" in error.message for error in errors)
    assert len(records_of(batches)) == vendor.listed_count() - 2


def test_a_vendor_bending_the_format_is_read_leniently(provider, vendor):
    vendor.override_issue(
        "kuvaviikko-20260610",
        page_count="68 sivua",
        table_of_contents="Pääkirjoitus; Kesän matkat, Ristikko",
        modified="2026-06-10T03:00:00",
        language="FIN",
        cover_url="/covers/kuvaviikko-20260610.svg",
    )
    vendor.override_issue("kattaus-20260515", issue_date="15.5.2026", page_count=52.0, modified=1778814000)
    records = {record.vendor_key: record for record in records_of(provider.sync(None))}
    bent = records["kuvaviikko-20260610"]
    assert bent.page_count == 68
    assert bent.issue.table_of_contents == ("Pääkirjoitus", "Kesän matkat", "Ristikko")
    assert bent.modified == dt.datetime(2026, 6, 10, 3, 0, tzinfo=dt.UTC)
    assert bent.language == "fi"
    assert bent.cover_url == "http://sandbox.invalid/covers/kuvaviikko-20260610.svg"
    finnish = records["kattaus-20260515"]
    assert finnish.published == dt.date(2026, 5, 15) and finnish.page_count == 52
    assert finnish.modified == dt.datetime.fromtimestamp(1778814000, dt.UTC)


def test_the_cover_urls_are_served_by_the_vendor(provider, client):
    record = records_of(provider.sync(None))[0]
    response = client.get(record.cover_url)
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/svg+xml"
    assert record.issue.periodical_title in response.text
