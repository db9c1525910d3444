"""Catalogue sync: full, incremental, resumed, with withdrawals and bad or repeated records."""

from __future__ import annotations

import datetime as dt

import pytest
from ebiblio_vendor_odl.sandbox import classic_key
from ebiblio_vendor_odl.sandbox.catalogue import CATALOGUE_START

from ebiblio_portal.interfaces import MalformedResponse
from ebiblio_portal.values import Audience, ContributorRole, Medium

SEVEN_BROTHERS = classic_key("Seitsemän veljestä")


def _records(batches):
    return [record for batch in batches for record in batch.records]


def _by_key(provider):
    return {record.vendor_key: record for record in _records(provider.sync(None))}


def test_a_full_sync_reads_every_publication_in_pages(provider):
    batches = list(provider.sync(None))
    assert [len(batch.records) for batch in batches] == [25, 25, 10]
    assert all(batch.total == 60 for batch in batches)
    assert all(batch.cursor for batch in batches[:-1]) and batches[-1].cursor is None
    assert len({record.vendor_key for record in _records(batches)}) == 60
    assert not any(batch.errors or batch.removed for batch in batches)


def test_the_classics_come_with_their_metadata_and_licenses(provider):
    records = _by_key(provider)
    novel = records[SEVEN_BROTHERS]
    assert (novel.title, novel.language, novel.medium) == ("Seitsemän veljestä", "fi", Medium.EBOOK)
    assert [(c.name, c.role, c.sort_name) for c in novel.contributors] == [
        ("Aleksis Kivi", ContributorRole.AUTHOR, "Kivi, Aleksis")
    ]
    assert novel.isbn == SEVEN_BROTHERS.removeprefix("urn:isbn:")
    assert novel.published == dt.date(1870, 1, 1)
    assert "Suomenkielinen kertomakirjallisuus" in novel.subjects and "veljekset" in novel.subjects
    assert novel.page_count == 412 and novel.audience == Audience.ADULTS
    assert [(t.identifier, t.concurrency, t.checkouts_left, t.checkouts_available) for t in novel.licenses] == [
        (f"{novel.isbn}-1", 1, 30, 1),
        (f"{novel.isbn}-2", 3, 100, 3),
    ]
    assert novel.licenses[0].expires == dt.datetime(2031, 4, 23, tzinfo=dt.UTC)
    assert novel.licenses[0].loan_length == dt.timedelta(days=21)
    assert novel.licenses[0].format == "application/epub+zip" and novel.licenses[0].status == "available"

    audiobook = records[classic_key("Seitsemän veljestä", "audiobook")]
    assert audiobook.medium == Medium.AUDIOBOOK and audiobook.duration_seconds == 16 * 3600 + 42 * 60
    assert [c.role for c in audiobook.contributors] == [ContributorRole.AUTHOR, ContributorRole.NARRATOR]

    swedish = records[classic_key("Fänrik Ståls sägner")]
    assert swedish.language == "sv" and swedish.contributors[0].name == "Johan Ludvig Runeberg"
    translated = records[classic_key("Vänrikki Stoolin tarinat")]
    assert ("Paavo Cajander", ContributorRole.TRANSLATOR) in [(c.name, c.role) for c in translated.contributors]
    assert records[classic_key("Boken om vårt land")].audience == Audience.CHILDREN
    series = records[classic_key("Konungens handske")]
    assert (series.series, series.series_number) == ("Fältskärns berättelser", "1")
    assert records[classic_key("Pride and Prejudice")].language == "en"


def test_used_up_and_expired_licenses_are_read_as_unavailable(provider):
    records = _by_key(provider)
    used_up = records[classic_key("Työmiehen vaimo")].licenses[0]
    assert (used_up.checkouts_left, used_up.checkouts_available, used_up.status) == (0, 0, "unavailable")
    expired = records[classic_key("Kauppa-Lopo")].licenses[0]
    assert expired.expires < dt.datetime.now(dt.UTC) and expired.status == "unavailable"


def test_covers_and_samples_are_served_by_the_sandbox(provider):
    novel = _by_key(provider)[SEVEN_BROTHERS]
    cover = provider.http.client.get(novel.cover_url)
    assert cover.status_code == 200 and cover.headers["content-type"] == "image/svg+xml"
    assert "Seitsemän" in cover.text
    sample = provider.http.client.get(novel.sample_url)
    assert sample.status_code == 200 and "Seitsemän veljestä" in sample.text


def test_since_brings_only_what_changed_after_it(sandbox, provider):
    since = CATALOGUE_START + dt.timedelta(minutes=40)
    keys = [record.vendor_key for record in _records(provider.sync(since))]
    assert keys == [sandbox.key_of(position) for position in range(40, 60)]


def test_an_incremental_sync_brings_touched_publications(sandbox, provider):
    before = sandbox.now()
    sandbox.touch(sandbox.key_of(3))
    sandbox.touch(sandbox.key_of(45))
    batches = list(provider.sync(before))
    assert [record.vendor_key for record in _records(batches)] == [sandbox.key_of(3), sandbox.key_of(45)]
    assert all(record.modified >= before for record in _records(batches))


def test_a_naive_since_is_taken_as_utc(sandbox, provider):
    before = sandbox.now()
    sandbox.touch(sandbox.key_of(7))
    naive = before.replace(tzinfo=None)
    assert [record.vendor_key for record in _records(provider.sync(naive))] == [sandbox.key_of(7)]


def test_a_sync_resumes_after_its_cursor(provider):
    full = [record.vendor_key for record in _records(provider.sync(None))]
    first = next(iter(provider.sync(None)))
    rest = [record.vendor_key for record in _records(provider.sync(None, first.cursor))]
    assert [record.vendor_key for record in first.records] + rest == full


def test_an_incremental_sync_resumes_after_its_cursor(sandbox, provider):
    before = sandbox.now()
    touched = [sandbox.key_of(position) for position in range(30)]
    for key in touched:
        sandbox.touch(key)
    first = next(iter(provider.sync(before)))
    rest = [record.vendor_key for record in _records(provider.sync(None, first.cursor))]
    assert [record.vendor_key for record in first.records] + rest == touched


def test_a_withdrawn_publication_is_reported_removed(sandbox, provider):
    before = sandbox.now()
    key = sandbox.key_of(12)
    sandbox.withdraw(key)
    batches = list(provider.sync(before))
    assert [batch.removed for batch in batches] == [(key,)]
    assert _records(batches) == []
    full = list(provider.sync(None))
    assert [key] == [removed for batch in full for removed in batch.removed]
    assert key not in {record.vendor_key for record in _records(full)}
    assert len(_records(full)) == 59


def test_an_unreadable_record_is_an_error_and_the_rest_come_through(sandbox, provider):
    key = sandbox.key_of(20)
    sandbox.corrupt(key)
    batches = list(provider.sync(None))
    errors = [error for batch in batches for error in batch.errors]
    assert [error.vendor_key for error in errors] == [key]
    assert "language" in errors[0].message and key in errors[0].excerpt
    assert len(_records(batches)) == 59


def test_records_repeated_in_a_feed_are_yielded_once(sandbox, provider):
    sandbox.duplicate_records()
    keys = [record.vendor_key for record in _records(provider.sync(None))]
    assert len(keys) == len(set(keys)) == 60


def _feed(publications, next_href=None):
    links = [{"rel": "self", "href": "/feed"}]
    if next_href:
        links.append({"rel": "next", "href": next_href})
    return {
        "metadata": {"title": "t", "numberOfItems": len(publications)},
        "links": links,
        "publications": publications,
    }


def _publication(key, modified, title="Kirja"):
    return {
        "metadata": {"identifier": key, "title": title, "language": "fi", "modified": modified},
        "links": [],
        "licenses": [{"metadata": {"identifier": f"{key}-1", "terms": {"concurrency": 1}}}],
    }


def test_a_record_listed_again_with_a_newer_change_wins(static_provider):
    feed = _feed(
        [
            _publication("a", "2025-01-01T00:00:00Z", "Vanha nimi"),
            _publication("b", "2025-01-01T00:00:00Z"),
            _publication("a", "2025-02-01T00:00:00Z", "Uusi nimi"),
        ],
        next_href="/feed2",
    )
    second = _feed([_publication("b", "2025-01-01T00:00:00Z"), _publication("a", "2025-03-01T00:00:00Z", "Uusin")])
    provider, _ = static_provider({("GET", "/feed"): (200, feed, {}), ("GET", "/feed2"): (200, second, {})})
    batches = list(provider.sync(None))
    assert [(r.vendor_key, r.title) for r in batches[0].records] == [("a", "Uusi nimi"), ("b", "Kirja")]
    # "b" did not change since it was yielded; "a" did.
    assert [(r.vendor_key, r.title) for r in batches[1].records] == [("a", "Uusin")]


def test_a_publication_without_identifier_is_an_error(static_provider):
    feed = _feed([{"metadata": {"title": "Nimetön", "language": "fi"}}, _publication("ok", "2025-01-01T00:00:00Z")])
    provider, _ = static_provider({("GET", "/feed"): (200, feed, {})})
    (batch,) = provider.sync(None)
    assert [record.vendor_key for record in batch.records] == ["ok"]
    assert [(error.vendor_key, "identifier" in error.message) for error in batch.errors] == [(None, True)]


@pytest.mark.parametrize(
    "document",
    [[1, 2, 3], {"publications": "many"}, _feed([], next_href="/feed")],
    ids=["a list", "publications not a list", "next link to itself"],
)
def test_a_document_that_is_no_feed_is_malformed(static_provider, document):
    provider, _ = static_provider({("GET", "/feed"): (200, document, {})})
    with pytest.raises(MalformedResponse):
        list(provider.sync(None))


def test_the_page_size_and_since_reach_the_vendor(static_provider):
    provider, vendor = static_provider({("GET", "/feed"): (200, _feed([]), {})}, page_size=500)
    list(provider.sync(dt.datetime(2025, 5, 1, 12, 30, tzinfo=dt.timezone(dt.timedelta(hours=3)))))
    assert vendor.requests == [("GET", "/feed", "limit=500&since=2025-05-01T09%3A30%3A00Z")]
