"""Fixtures: the sandbox identity provider on a settable clock, and a relying party talking to it in process."""

import time
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from ebiblio_identity_oidc.relying_party import OIDCIdentification
from ebiblio_identity_oidc.sandbox import SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, OIDCSandbox

REDIRECT_URI = "http://portal.test/kirjaudu/tunnistaudu/paluu"


class Clock:
    def __init__(self):
        self.now = time.time()

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def idp(clock):
    return OIDCSandbox(clock=clock)


@pytest.fixture
def provider(idp, clock):
    rp = OIDCIdentification("sandbox", SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, sandbox_app=idp, allow_temporary=True)
    rp.clock = clock
    return rp


@pytest.fixture
def browser(idp):
    """What the patron's browser does at the provider, in process."""
    return httpx.Client(transport=httpx.WSGITransport(app=idp), base_url="http://sandbox.invalid")


def authorize(browser, start, person="matti", answer="", **overrides):
    """Pick ``person`` on the sandbox's page; return the callback's query parameters."""
    parts = urlsplit(start.redirect_url)
    form = {key: values[0] for key, values in parse_qs(parts.query).items()}
    form.update(person=person, answer=answer)
    form.update(overrides)
    answer = browser.post("/authorize", data=form)
    assert answer.status_code == 303, answer.text
    location = urlsplit(answer.headers["location"])
    return {key: values[0] for key, values in parse_qs(location.query).items()}
