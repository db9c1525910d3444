"""No token or patron reference reaches a log line or an error message."""

from __future__ import annotations

import datetime as dt
import logging
import uuid

import pytest
from ebiblio_vendor_odl import plugin
from ebiblio_vendor_odl.sandbox import OdlSandbox, classic_key

from ebiblio_portal.interfaces import VendorError
from ebiblio_portal.sandbox import FaultInjector, serve_on_loopback

TOKEN = "tok-3f9a1c-secret"
PATRON = "patron-ref-7e61b2"


def test_lending_logs_neither_token_nor_patron(caplog):
    caplog.set_level(logging.DEBUG)
    sandbox = FaultInjector(OdlSandbox(40))
    key = classic_key("Seitsemän veljestä")
    until = dt.datetime.now(dt.UTC) + dt.timedelta(days=7)
    with serve_on_loopback(sandbox) as url:
        settings = {"ebiblio.vendor.odl.url": url, "ebiblio.vendor.odl.token": TOKEN}
        (provider,) = plugin.register_content_providers(settings=settings, sandboxes={})
        sandbox.corrupt(classic_key("Rautatie"))
        list(provider.sync(None))
        grant = provider.checkout(key, None, PATRON, str(uuid.uuid4()), until)
        provider.checkout(key, None, PATRON, str(uuid.uuid4()), until)
        provider.loan_status(key, grant.vendor_loan_id)
        provider.fulfil(key, grant.vendor_loan_id, PATRON)
        provider.checkin(key, grant.vendor_loan_id)
        messages = []
        for fault in ("error", "malformed"):
            sandbox.set(fault, only="/checkout")
            with pytest.raises(VendorError) as raised:
                provider.checkout(key, None, PATRON, str(uuid.uuid4()), until)
            messages.append(str(raised.value))
        sandbox.clear()
        with pytest.raises(VendorError) as raised:
            provider.checkout(classic_key("Työmiehen vaimo"), None, PATRON, str(uuid.uuid4()), until)
        messages.append(str(raised.value))
    text = caplog.text + "\n".join(messages)
    assert "odl POST" in caplog.text and "/checkout" in caplog.text, "the requests were logged"
    assert "unreadable publication" in caplog.text
    assert TOKEN not in text
    assert PATRON not in text and "patron_id" not in text
