"""The sandbox identity provider: its documents, its page, its checks, and its test persons."""

import csv
import datetime as dt
import re
from urllib.parse import urlencode

import pytest
from ebiblio_identity_oidc.claims import HOME_MUNICIPALITY, IDENTITY_CODE
from ebiblio_identity_oidc.relying_party import pkce_challenge
from ebiblio_identity_oidc.sandbox import PERSONS, SANDBOX_CLIENT_ID

from ebiblio_portal.accounts import hetu
from ebiblio_portal.municipalities.registry import DATA_FILE


def good_request(**changes):
    query = {
        "response_type": "code",
        "client_id": SANDBOX_CLIENT_ID,
        "redirect_uri": "http://portal.test/cb",
        "scope": "openid profile",
        "state": "s" * 20,
        "nonce": "n" * 20,
        "code_challenge": pkce_challenge("v" * 64),
        "code_challenge_method": "S256",
    }
    query.update(changes)
    return {key: value for key, value in query.items() if value is not None}


def test_discovery_names_the_endpoints_and_suomi_fi_claims(browser):
    document = browser.get("/.well-known/openid-configuration").json()
    assert document["issuer"] == "http://sandbox.invalid"
    assert document["authorization_endpoint"] == "http://sandbox.invalid/authorize"
    assert document["code_challenge_methods_supported"] == ["S256"]
    assert IDENTITY_CODE in document["claims_supported"] and HOME_MUNICIPALITY in document["claims_supported"]
    keys = browser.get("/jwks").json()["keys"]
    assert keys[0]["kty"] == "RSA" and "d" not in keys[0], "only the public key is published"


def test_the_authorize_page_is_an_accessible_form(browser):
    page = browser.get("/authorize?" + urlencode(good_request()))
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    html = page.text
    assert '<html lang="en">' in html and "<main>" in html and "<h1>" in html and "<legend>" in html
    for person in PERSONS:
        assert f'id="person-{person.key}"' in html and f'<label for="person-{person.key}">' in html
    assert '<label for="answer">' in html
    assert "form-action 'self' http://portal.test" in page.headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"client_id": "someone"}, "unauthorized_client"),
        ({"redirect_uri": "javascript:alert(1)"}, "invalid_request"),
        ({"response_type": "token"}, "unsupported_response_type"),
        ({"scope": "profile"}, "invalid_scope"),
        ({"code_challenge_method": "plain"}, "invalid_request"),
        ({"code_challenge": None}, "invalid_request"),
        ({"nonce": None}, "invalid_request"),
        ({"state": None}, "invalid_request"),
    ],
)
def test_a_bad_authorization_request_is_refused(browser, changes, error):
    answer = browser.get("/authorize?" + urlencode(good_request(**changes)))
    assert answer.status_code == 400 and answer.json()["error"] == error


def test_a_code_lives_two_minutes_and_once(browser, idp, clock):
    answer = browser.post("/authorize", data={**good_request(), "person": "aino"})
    code = re.search(r"code=([^&]+)", answer.headers["location"]).group(1)
    token_request = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": "http://portal.test/cb",
        "code_verifier": "v" * 64,
    }
    auth = (SANDBOX_CLIENT_ID, idp.client_secret)
    clock.now += 121
    assert browser.post("/token", data=token_request, auth=auth).json()["error"] == "invalid_grant"


def test_choosing_nobody_or_an_unknown_answer_is_refused(browser):
    assert browser.post("/authorize", data=good_request()).status_code == 400
    assert browser.post("/authorize", data={**good_request(), "person": "aino", "answer": "x"}).status_code == 400


def test_the_client_may_authenticate_in_the_body_too(browser, idp):
    answer = browser.post("/authorize", data={**good_request(), "person": "aino"})
    code = re.search(r"code=([^&]+)", answer.headers["location"]).group(1)
    tokens = browser.post(
        "/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": "http://portal.test/cb",
            "code_verifier": "v" * 64,
            "client_id": SANDBOX_CLIENT_ID,
            "client_secret": idp.client_secret,
        },
    ).json()
    assert tokens["token_type"] == "Bearer" and tokens["id_token"].count(".") == 2


def test_unknown_paths_are_404(browser):
    assert browser.get("/nothing").status_code == 404


def registry():
    with open(DATA_FILE, encoding="utf-8") as handle:
        return {row["code"]: int(row["population"]) for row in csv.DictReader(handle)}


def test_the_test_persons_are_as_documented():
    known = registry()
    biggest = sorted(known, key=known.get, reverse=True)[:8]
    today = dt.date(2026, 6, 15)
    for person in PERSONS:
        code = person.identity_code
        assert hetu.validate(code, allow_temporary=True) == code and 900 <= int(code[7:10]) <= 999
        with pytest.raises(hetu.InvalidIdentityCode):
            hetu.validate(code)  # temporary codes: nobody real has them
        assert person.municipality_code is None or person.municipality_code in known
    by_key = {person.key: person for person in PERSONS}
    assert by_key["anna"].municipality_code not in biggest, "lives where the demo has not joined"
    assert by_key["erik"].municipality_code is None
    born = by_key["eeli"].born
    assert today.year - born.year - ((today.month, today.day) < (born.month, born.day)) < 15
    assert len({person.identity_code for person in PERSONS}) == len(PERSONS)


def test_moving_a_person_changes_what_the_provider_vouches_for(idp):
    idp.move("matti", "091")
    assert idp.person("matti").municipality_code == "091"
