"""The relying party against the sandbox: PKCE, state, nonce, signature, claims, replay, failures."""

import base64
import hashlib
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from ebiblio_identity_oidc.relying_party import MAX_ROUND_TRIP, OIDCIdentification, pkce_challenge
from ebiblio_identity_oidc.sandbox import MISBEHAVIOURS, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET
from joserfc.jwk import RSAKey
from zope.interface.verify import verifyObject

from ebiblio_portal.interfaces import IdentificationError, IIdentityProvider
from ebiblio_portal.sandbox import FaultInjector, serve_on_loopback

from .conftest import REDIRECT_URI, authorize


def test_the_provider_implements_the_interface(provider):
    assert verifyObject(IIdentityProvider, provider)


def test_start_sends_the_browser_with_pkce_state_and_nonce(provider):
    start = provider.start(REDIRECT_URI)
    query = {key: values[0] for key, values in parse_qs(urlsplit(start.redirect_url).query).items()}
    assert query["response_type"] == "code" and query["client_id"] == SANDBOX_CLIENT_ID
    assert query["redirect_uri"] == REDIRECT_URI and "openid" in query["scope"].split()
    assert query["code_challenge_method"] == "S256"
    assert query["code_challenge"] == pkce_challenge(start.kept["verifier"])
    assert query["state"] == start.kept["state"] and query["nonce"] == start.kept["nonce"]
    assert start.kept["verifier"] not in start.redirect_url, "the verifier never travels through the browser"
    assert len({provider.start(REDIRECT_URI).kept["state"] for _ in range(5)}) == 5


def test_pkce_challenge_is_rfc7636_s256():
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"  # the RFC's example
    assert pkce_challenge(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    expected = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
    assert pkce_challenge(verifier) == expected


def test_a_full_identification(provider, browser, idp):
    start = provider.start(REDIRECT_URI)
    person = provider.finish(REDIRECT_URI, authorize(browser, start, "aino"), start.kept)
    assert (person.given_name, person.family_name, person.municipality_code) == ("Aino", "Virtanen", "091")
    assert person.identity_code == idp.person("aino").identity_code


def test_a_person_without_a_municipality(provider, browser):
    start = provider.start(REDIRECT_URI)
    assert provider.finish(REDIRECT_URI, authorize(browser, start, "erik"), start.kept).municipality_code is None


@pytest.mark.parametrize("answer", sorted(MISBEHAVIOURS))
def test_every_misbehaviour_is_refused(provider, browser, answer):
    start = provider.start(REDIRECT_URI)
    params = authorize(browser, start, "matti", answer)
    with pytest.raises(IdentificationError):
        provider.finish(REDIRECT_URI, params, start.kept)


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        ("bad_signature", "signature"),
        ("wrong_nonce", "nonce"),
        ("expired", "expired"),
        ("wrong_issuer", "iss"),
        ("wrong_audience", "another client"),
        ("malformed_claims", "lacks a name"),
        ("invalid_identity_code", "not valid"),
    ],
)
def test_each_refusal_says_what_was_wrong(provider, browser, answer, words):
    start = provider.start(REDIRECT_URI)
    with pytest.raises(IdentificationError, match=words):
        provider.finish(REDIRECT_URI, authorize(browser, start, "matti", answer), start.kept)


def test_a_tampered_state_is_refused(provider, browser):
    start = provider.start(REDIRECT_URI)
    params = authorize(browser, start)
    with pytest.raises(IdentificationError, match="state"):
        provider.finish(REDIRECT_URI, {**params, "state": params["state"] + "x"}, start.kept)


def test_an_answer_to_another_identification_is_refused(provider, browser):
    first, second = provider.start(REDIRECT_URI), provider.start(REDIRECT_URI)
    with pytest.raises(IdentificationError, match="state"):
        provider.finish(REDIRECT_URI, authorize(browser, first), second.kept)


def test_a_replayed_code_is_refused(provider, browser):
    start = provider.start(REDIRECT_URI)
    params = authorize(browser, start)
    provider.finish(REDIRECT_URI, params, start.kept)
    with pytest.raises(IdentificationError, match="invalid_grant"):
        provider.finish(REDIRECT_URI, params, start.kept)


def test_a_replayed_id_token_is_refused(provider, browser, idp):
    start = provider.start(REDIRECT_URI)
    grant = {"person": "matti", "nonce": start.kept["nonce"], "misbehave": None}
    environ = {"wsgi.url_scheme": "http", "HTTP_HOST": "sandbox.invalid", "SCRIPT_NAME": "", "PATH_INFO": "/"}
    token = idp.id_token(environ, grant)
    provider.metadata()
    provider._metadata = {**provider._metadata, "issuer": "http://sandbox.invalid"}
    assert provider._verify_id_token(token, start.kept["nonce"])["nonce"] == start.kept["nonce"]
    with pytest.raises(IdentificationError, match="replay"):
        provider._verify_id_token(token, start.kept["nonce"])


def test_a_slow_round_trip_is_refused(provider, browser, clock):
    start = provider.start(REDIRECT_URI)
    params = authorize(browser, start)
    clock.now += MAX_ROUND_TRIP + 1
    with pytest.raises(IdentificationError, match="too long"):
        provider.finish(REDIRECT_URI, params, start.kept)


@pytest.mark.parametrize("kept", [None, {}, {"state": "s"}])
def test_nothing_kept_means_nothing_started(provider, kept):
    with pytest.raises(IdentificationError, match="no identification was started"):
        provider.finish(REDIRECT_URI, {"state": "s", "code": "c"}, kept)


def test_an_error_from_the_provider_is_named_but_not_echoed(provider, browser):
    start = provider.start(REDIRECT_URI)
    with pytest.raises(IdentificationError, match="access_denied"):
        provider.finish(REDIRECT_URI, {"state": start.kept["state"], "error": "access_denied"}, start.kept)
    with pytest.raises(IdentificationError) as refused:
        provider.finish(REDIRECT_URI, {"state": start.kept["state"], "error": "<script>"}, start.kept)
    assert "<script>" not in str(refused.value)


def test_a_missing_code_is_refused(provider):
    start = provider.start(REDIRECT_URI)
    with pytest.raises(IdentificationError, match="no authorization code"):
        provider.finish(REDIRECT_URI, {"state": start.kept["state"]}, start.kept)


def test_a_different_redirect_uri_is_refused_by_the_provider(provider, browser):
    start = provider.start(REDIRECT_URI)
    with pytest.raises(IdentificationError, match="invalid_grant"):
        provider.finish("http://elsewhere.test/cb", authorize(browser, start), start.kept)


def test_a_wrong_pkce_verifier_is_refused_by_the_provider(provider, browser):
    start = provider.start(REDIRECT_URI)
    params = authorize(browser, start)
    with pytest.raises(IdentificationError, match="invalid_grant"):
        provider.finish(REDIRECT_URI, params, {**start.kept, "verifier": "x" * 64})


def test_a_wrong_client_secret_is_refused(idp, browser):
    rp = OIDCIdentification("sandbox", SANDBOX_CLIENT_ID, "wrong", sandbox_app=idp, allow_temporary=True)
    start = rp.start(REDIRECT_URI)
    with pytest.raises(IdentificationError, match="invalid_client"):
        rp.finish(REDIRECT_URI, authorize(browser, start), start.kept)


def test_rotated_keys_are_fetched_again(provider, browser, idp):
    start = provider.start(REDIRECT_URI)
    provider.finish(REDIRECT_URI, authorize(browser, start), start.kept)
    idp.key = RSAKey.generate_key(2048, parameters={"kid": "sandbox-2", "use": "sig", "alg": "RS256"})
    start = provider.start(REDIRECT_URI)
    assert provider.finish(REDIRECT_URI, authorize(browser, start), start.kept).given_name == "Matti"


@pytest.mark.parametrize("fault", ["error", "malformed", "truncate"])
def test_a_failing_provider_is_a_clear_error(idp, fault):
    wrapped = FaultInjector(idp)
    rp = OIDCIdentification("sandbox", SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, sandbox_app=wrapped)
    wrapped.set(fault, only="openid-configuration")
    with pytest.raises(IdentificationError, match="openid-configuration"):
        rp.start(REDIRECT_URI)


def test_a_failing_token_endpoint_is_a_clear_error(idp, browser):
    wrapped = FaultInjector(idp)
    rp = OIDCIdentification("sandbox", SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, sandbox_app=wrapped)
    start = rp.start(REDIRECT_URI)
    params = authorize(browser, start)
    wrapped.set("malformed", only="/token")
    with pytest.raises(IdentificationError, match="not JSON"):
        rp.finish(REDIRECT_URI, params, start.kept)


def test_a_real_issuer_over_http_and_its_discovery_must_name_it(idp, monkeypatch):
    with serve_on_loopback(idp) as url:
        issuer = url.rstrip("/")
        rp = OIDCIdentification(issuer, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, allow_temporary=True, timeout=3)
        start = rp.start(REDIRECT_URI)
        assert start.redirect_url.startswith(issuer + "/authorize?")
        with httpx.Client(base_url=issuer) as browser:
            params = authorize(browser, start, "sofia")
        assert rp.finish(REDIRECT_URI, params, start.kept).municipality_code == "837"
        real_discovery = idp.discovery
        monkeypatch.setattr(
            idp, "discovery", lambda environ: {**real_discovery(environ), "issuer": "https://idp.invalid"}
        )
        other = OIDCIdentification(issuer, SANDBOX_CLIENT_ID, "s", timeout=3)
        with pytest.raises(IdentificationError, match="another issuer"):
            other.start(REDIRECT_URI)


def test_an_unreachable_provider_is_a_clear_error():
    with serve_on_loopback(lambda environ, start_response: []) as url:
        closed = url
    rp = OIDCIdentification(closed.rstrip("/"), "c", "s", timeout=1)
    with pytest.raises(IdentificationError, match="could not be reached"):
        rp.start(REDIRECT_URI)
