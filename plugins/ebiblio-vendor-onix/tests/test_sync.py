"""Syncing the catalogue from the sandbox's ONIX deliveries: full, incremental, resumed, and under faults."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from ebiblio_vendor_onix.catalogue import SHARED_ISBNS
from ebiblio_vendor_onix.provider import Position
from ebiblio_vendor_onix.writer import write_onix

from ebiblio_portal.interfaces import MalformedResponse, VendorRefused, VendorUnavailable
from ebiblio_portal.sandbox import serve_on_loopback
from ebiblio_portal.values import Medium

from .conftest import SANDBOX_SIZE, build_provider

AFTER_OPENING = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)


def keys(batches):
    return [record.vendor_key for batch in batches for record in batch.records]


def test_a_full_sync_reads_the_whole_catalogue_in_pages(provider):
    batches = list(provider.sync(None))
    records = [record for batch in batches for record in batch.records]
    # The built-in change delivery deleted one product.
    assert len(records) == len(set(keys(batches))) == SANDBOX_SIZE - 1
    assert all(len(batch.records) <= 100 for batch in batches) and len(batches) == 3
    assert {batch.total for batch in batches} == {SANDBOX_SIZE - 1}
    by_title = {record.title: record for record in records}
    assert by_title["Seven Brothers"].language == "en"
    assert by_title["Seitsemän veljestä"].isbn == SHARED_ISBNS["seitseman-veljesta"]
    assert by_title["Adventures of Huckleberry Finn"].medium is Medium.AUDIOBOOK
    assert by_title["The Tales of Ensign Stål"].cover_url.startswith("http://sandbox.invalid/covers/")
    assert {record.language for record in records} >= {"en", "de", "fr", "es", "sv", "fi"}


def test_an_incremental_sync_brings_only_the_changes(provider, sandbox):
    batches = list(provider.sync(AFTER_OPENING))
    assert sorted(keys(batches)) == ["NL0000000", "NL0000038"]
    assert [key for batch in batches for key in batch.removed] == ["NL0000039"]
    withdrawn = [record for batch in batches for record in batch.records if record.vendor_key == "NL0000038"]
    assert withdrawn[0].withdrawn is True


def test_a_new_change_is_seen_after_its_date(provider, sandbox):
    moment = dt.datetime(2025, 1, 2, tzinfo=dt.UTC)
    sandbox.update("NL0000005", created=moment, title="Canute Whistlewinks (new edition)")
    sandbox.delete("NL0000006", created=moment + dt.timedelta(hours=1))
    batches = list(provider.sync(moment - dt.timedelta(seconds=1)))
    assert keys(batches) == ["NL0000005"]
    assert batches[0].records[0].title == "Canute Whistlewinks (new edition)"
    assert [key for batch in batches for key in batch.removed] == ["NL0000006"]
    full = keys(provider.sync(None))
    assert "NL0000006" not in full and "NL0000005" in full


def test_a_sync_resumes_inside_a_delivery(provider):
    batches = list(provider.sync(None))
    resumed = list(provider.sync(None, batches[1].cursor))
    assert keys(resumed) == keys(batches[2:])
    assert Position.decode(batches[1].cursor).offset == 200


def test_a_sync_resumes_across_deliveries(provider, sandbox):
    sandbox.update("NL0000007", created=dt.datetime(2025, 3, 1, tzinfo=dt.UTC), title="Dikter (ny upplaga)")
    since = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    batches = list(provider.sync(since))
    # The first full file, then the built-in delta and the new one.
    last_of_full = max(index for index, batch in enumerate(batches) if "full-0000" in batch.cursor)
    resumed = list(provider.sync(since, batches[last_of_full].cursor))
    assert keys(resumed) == keys(batches[last_of_full + 1 :]) == ["NL0000000", "NL0000038", "NL0000007"]


def test_an_unknown_cursor_starts_over(provider, caplog):
    with caplog.at_level(logging.WARNING):
        assert len(keys(provider.sync(None, "something-else"))) == SANDBOX_SIZE - 1
    assert "cursor" in caplog.text


def test_duplicated_products_in_a_delivery_count_once_and_the_last_wins(provider, sandbox):
    sandbox.set_duplicates(True)
    records = [record for batch in provider.sync(None) for record in batch.records]
    titles = {record.vendor_key: record.title for record in records}
    assert len(records) == len(titles) == SANDBOX_SIZE - 1
    assert titles["NL0000001"] == "Die sieben Brüder (revised)"
    assert titles["NL0000005"].endswith("(revised)")


def test_short_tag_deliveries_read_the_same(sandbox, provider):
    reference = list(provider.sync(None))
    sandbox.set_short_tags(True)
    short = list(provider.sync(None))
    assert [batch.records for batch in short] == [batch.records for batch in reference]


def test_read_delivery_streams_a_local_file(tmp_path, provider):
    path = write_onix(tmp_path / "delivery.xml", 250, short_tags=True)
    batches = list(provider.read_delivery(path))
    assert [len(batch.records) for batch in batches] == [100, 100, 50]
    assert batches[0].records[0].title == "Seven Brothers"


def test_a_wrong_token_is_refused_with_a_clear_message(sandbox):
    provider = build_provider("sandbox", sandbox, token="wrong-token")
    with pytest.raises(VendorRefused, match="refused the token"):
        list(provider.sync(None))
    with pytest.raises(VendorRefused, match="EBIBLIO_VENDOR_ONIX_TOKEN"):
        provider.availability("NL0000000")
    assert provider.health().ok is False


@pytest.mark.parametrize("fault", ["error", "drop"])
def test_a_failing_delivery_download_is_unavailable(provider, sandbox, fault):
    sandbox.set(fault, only="deliveries/")
    with pytest.raises(VendorUnavailable):
        list(provider.sync(None))


def test_a_malformed_delivery_is_malformed(provider, sandbox):
    sandbox.set("malformed", only="deliveries/")
    with pytest.raises(MalformedResponse):
        list(provider.sync(None))


def test_a_truncated_delivery_yields_the_good_part_then_fails(provider, sandbox):
    sandbox.set("truncate", only=".xml")
    seen = []
    with pytest.raises(MalformedResponse, match="breaks off"):
        for batch in provider.sync(None):
            seen.append(batch)
    good = keys(seen)
    assert 100 < len(good) < SANDBOX_SIZE - 1 and len(good) == len(set(good))
    # The cursor of the last good batch resumes where the file broke off once the vendor mends it.
    sandbox.clear()
    rest = keys(provider.sync(None, seen[-1].cursor))
    assert len(good) + len(rest) == SANDBOX_SIZE - 1 and not set(good) & set(rest)


def test_a_malformed_delivery_list_is_malformed(provider, sandbox):
    sandbox.set("malformed", only="/onix/deliveries")
    with pytest.raises(MalformedResponse):
        list(provider.sync(None))


def test_a_slow_delivery_times_out_on_loopback(sandbox):
    sandbox.set("slow", only=".xml", slow_seconds=1.0)
    with serve_on_loopback(sandbox) as url:
        provider = build_provider(url, None, timeout=0.2)
        with pytest.raises(VendorUnavailable):
            list(provider.sync(None))


def test_a_sync_over_loopback_reads_everything(sandbox):
    with serve_on_loopback(sandbox) as url:
        provider = build_provider(url, None)
        records = [record for batch in provider.sync(None) for record in batch.records]
    assert len(records) == SANDBOX_SIZE - 1
    assert records[0].cover_url.startswith(url)
