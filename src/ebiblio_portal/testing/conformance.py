"""The conformance suite every ``IContentProvider`` runs against itself.

A vendor plugin subclasses ``ContentProviderConformance`` in its tests and
defines a ``subject`` fixture returning a ``ConformanceSubject``::

    class TestMyVendor(ContentProviderConformance):
        @pytest.fixture
        def subject(self):
            sandbox = FaultInjector(make_sandbox())
            return ConformanceSubject(make_provider=..., sandbox=sandbox, lendable_key="...")

Every test then runs against the plugin's own sandbox vendor, in process and
on loopback, including its fault switches.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Callable

import pytest
from zope.interface.verify import verifyObject

from ..interfaces import IContentProvider, VendorError, VendorRefused, VendorUnavailable
from ..sandbox import serve_on_loopback
from ..values import Availability, FulfilmentLink, HealthReport, LoanGrant, Medium, PublicationRecord, SyncBatch


@dataclasses.dataclass
class ConformanceSubject:
    """What the suite needs from a plugin.

    ``make_provider(base_url, sandbox_app, timeout)`` builds the provider:
    ``base_url`` is ``"sandbox"`` (then ``sandbox_app`` is the in-process app)
    or a loopback URL. ``sandbox`` is the plugin's sandbox wrapped in a
    ``FaultInjector``. ``lendable_key`` names a publication with at least
    one free seat; ``open_key`` a simultaneous-use one (either may be None).
    """

    make_provider: Callable
    sandbox: object
    lendable_key: str | None = None
    open_key: str | None = None


def _until(days=14):
    return dt.datetime.now(dt.UTC) + dt.timedelta(days=days)


class ContentProviderConformance:
    """The behaviour the portal relies on from every vendor."""

    @pytest.fixture
    def subject(self):
        raise NotImplementedError("define a 'subject' fixture returning a ConformanceSubject")

    @pytest.fixture
    def provider(self, subject):
        subject.sandbox.clear()
        return subject.make_provider("sandbox", subject.sandbox, 5.0)

    def test_provides_the_interface(self, provider):
        assert verifyObject(IContentProvider, provider)
        assert provider.name and provider.title
        assert isinstance(provider.queues, bool)

    def test_sync_yields_batches_of_readable_records(self, provider):
        batches = list(provider.sync(None))
        assert batches, "a full sync yields at least one batch"
        records = [record for batch in batches for record in batch.records]
        assert records, "the sandbox catalogue is not empty"
        for batch in batches:
            assert isinstance(batch, SyncBatch)
        keys = set()
        for record in records:
            assert isinstance(record, PublicationRecord)
            assert record.vendor_key and record.title and record.language
            assert record.medium in tuple(Medium)
            keys.add(record.vendor_key)
        assert len(keys) == len(records), "a full sync does not repeat a record"

    def test_sync_since_the_future_brings_nothing(self, provider):
        future = dt.datetime.now(dt.UTC) + dt.timedelta(days=3650)
        records = [record for batch in provider.sync(future) for record in batch.records]
        assert records == []

    def test_sync_resumes_after_the_cursor(self, provider):
        batches = list(provider.sync(None))
        if len(batches) < 2:
            pytest.skip("the sandbox catalogue fits one batch")
        first = {record.vendor_key for record in batches[0].records}
        rest = [record.vendor_key for batch in provider.sync(None, batches[0].cursor) for record in batch.records]
        assert rest and not first & set(rest)

    def test_availability_answers_for_a_lendable_title(self, subject, provider):
        if subject.lendable_key is None:
            pytest.skip("this vendor lends nothing")
        availability = provider.availability(subject.lendable_key)
        assert isinstance(availability, Availability)
        assert availability.copies_available >= 1

    def test_checkout_and_checkin_move_one_seat(self, subject, provider):
        if subject.lendable_key is None:
            pytest.skip("this vendor lends nothing")
        before = provider.availability(subject.lendable_key).copies_available
        grant = provider.checkout(subject.lendable_key, None, "patron-conformance", str(uuid.uuid4()), _until())
        assert isinstance(grant, LoanGrant)
        assert grant.ends > grant.starts
        assert provider.availability(subject.lendable_key).copies_available == before - 1
        provider.checkin(subject.lendable_key, grant.vendor_loan_id)
        assert provider.availability(subject.lendable_key).copies_available == before

    def test_checkout_is_idempotent_by_loan_id(self, subject, provider):
        if subject.lendable_key is None:
            pytest.skip("this vendor lends nothing")
        before = provider.availability(subject.lendable_key).copies_available
        loan_id = str(uuid.uuid4())
        first = provider.checkout(subject.lendable_key, None, "patron-twice", loan_id, _until())
        second = provider.checkout(subject.lendable_key, None, "patron-twice", loan_id, _until())
        assert first.vendor_loan_id == second.vendor_loan_id
        assert provider.availability(subject.lendable_key).copies_available == before - 1
        provider.checkin(subject.lendable_key, first.vendor_loan_id)

    def test_checkin_twice_is_one_return(self, subject, provider):
        if subject.lendable_key is None:
            pytest.skip("this vendor lends nothing")
        before = provider.availability(subject.lendable_key).copies_available
        grant = provider.checkout(subject.lendable_key, None, "patron-return", str(uuid.uuid4()), _until())
        provider.checkin(subject.lendable_key, grant.vendor_loan_id)
        provider.checkin(subject.lendable_key, grant.vendor_loan_id)
        assert provider.availability(subject.lendable_key).copies_available == before

    def test_loan_status_follows_the_loan(self, subject, provider):
        if subject.lendable_key is None:
            pytest.skip("this vendor lends nothing")
        grant = provider.checkout(subject.lendable_key, None, "patron-status", str(uuid.uuid4()), _until())
        assert provider.loan_status(subject.lendable_key, grant.vendor_loan_id).status in ("ready", "active")
        provider.checkin(subject.lendable_key, grant.vendor_loan_id)
        status = provider.loan_status(subject.lendable_key, grant.vendor_loan_id)
        assert status is None or status.status not in ("ready", "active")

    def test_fulfil_gives_a_link_for_a_live_loan(self, subject, provider):
        if subject.lendable_key is None:
            pytest.skip("this vendor lends nothing")
        grant = provider.checkout(subject.lendable_key, None, "patron-read", str(uuid.uuid4()), _until())
        link = provider.fulfil(subject.lendable_key, grant.vendor_loan_id, "patron-read")
        assert isinstance(link, FulfilmentLink) and link.href and link.media_type
        provider.checkin(subject.lendable_key, grant.vendor_loan_id)

    def test_simultaneous_use_opens_without_a_loan(self, subject, provider):
        if subject.open_key is None:
            pytest.skip("this vendor has no simultaneous-use items")
        link = provider.fulfil(subject.open_key, None, "patron-open")
        assert isinstance(link, FulfilmentLink) and link.href

    def test_checkout_of_an_unknown_title_is_refused(self, subject, provider):
        if subject.lendable_key is None:
            pytest.skip("this vendor lends nothing")
        with pytest.raises(VendorRefused):
            provider.checkout("no-such-title-" + uuid.uuid4().hex, None, "patron-x", str(uuid.uuid4()), _until())

    def test_health_is_reported(self, subject, provider):
        report = provider.health()
        assert isinstance(report, HealthReport) and report.ok
        subject.sandbox.set("error")
        assert provider.health().ok is False

    @pytest.mark.parametrize("fault", ["error", "malformed", "truncate", "drop"])
    def test_a_failing_vendor_raises_a_vendor_error(self, subject, provider, fault):
        subject.sandbox.set(fault)
        with pytest.raises(VendorError):
            list(provider.sync(None))
        if subject.lendable_key is not None:
            with pytest.raises(VendorError):
                provider.availability(subject.lendable_key)

    def test_a_vendor_that_is_down_is_unavailable(self, subject, provider):
        subject.sandbox.set("error")
        with pytest.raises(VendorUnavailable):
            list(provider.sync(None))

    def test_a_dropped_connection_on_loopback_is_unavailable(self, subject):
        subject.sandbox.set("drop")
        with serve_on_loopback(subject.sandbox) as url:
            provider = subject.make_provider(url, None, 5.0)
            with pytest.raises(VendorUnavailable):
                list(provider.sync(None))

    def test_a_slow_vendor_times_out_on_loopback(self, subject):
        subject.sandbox.set("slow", slow_seconds=1.5)
        with serve_on_loopback(subject.sandbox) as url:
            provider = subject.make_provider(url, None, 0.3)
            with pytest.raises(VendorUnavailable):
                list(provider.sync(None))
        subject.sandbox.clear()
