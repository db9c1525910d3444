"""Registration through strong identification, end to end through the sandbox identity provider."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from ebiblio_portal.accounts.identity import identity_hash, is_library_id
from ebiblio_portal.identity import IdentityProviders
from ebiblio_portal.interfaces import IdentificationError
from ebiblio_portal.models import Patron
from ebiblio_portal.services import lookup

from .helpers import callback_url, csrf, identify, log_in, log_out, register, start_identification


def count_patrons(portal):
    return portal.extra_environ["app.dbsession"].scalar(select(func.count()).select_from(Patron))


def test_a_new_patron_registers_sets_a_pin_and_logs_in_again(portal, idp):
    patron = register(portal, "matti")
    assert is_library_id(patron.library_id)
    assert (patron.given_name, patron.family_name, patron.municipality_code) == ("Matti", "Meikäläinen", "837")
    assert patron.birth_year == 1990 and patron.pin_hash.startswith("$argon2")
    # Only the keyed hash of the identity code is kept.
    assert patron.identity_hash == identity_hash("test-identity-key-" + "y" * 32, idp.person("matti").identity_code)
    log_out(portal)
    assert portal.get("/tili", status=303).location.endswith("/kirjaudu?next=%2Ftili")
    assert log_in(portal, patron.library_id, "8642").location.endswith("/tili")
    assert "Meikäläinen" in portal.get("/tili?lang=en").text


def test_registering_twice_finds_the_existing_account(portal):
    first = register(portal, "maija")
    log_out(portal)
    again = identify(portal, "maija")
    assert again.status_int == 303 and again.location.endswith("/tili")
    page = portal.get("/tili?lang=en")
    assert f"You already have an account. Your library ID is {first.library_id}." in page.text
    assert count_patrons(portal) == 1


def test_a_resident_of_a_municipality_that_has_not_joined_is_refused(portal):
    page = identify(portal, "anna", status=403)
    assert "Registration is not possible" in page.text
    assert "Porvoo has not joined the e-library" in page.text
    assert 'href="/kunta/porvoo"' in page.text, "says where to ask"
    assert count_patrons(portal) == 0
    assert portal.get("/tili", status=303), "and nobody is logged in"


def test_a_person_without_a_home_municipality_is_refused(portal):
    page = identify(portal, "erik", status=403)
    assert "did not tell us a home municipality" in page.text
    assert count_patrons(portal) == 0


def test_a_child_under_15_is_sent_to_the_library(portal):
    page = identify(portal, "eeli", status=403)
    assert "under 15 register at their local library" in page.text
    assert count_patrons(portal) == 0


def test_a_municipality_that_left_yesterday_takes_no_new_patrons(portal, municipalities):
    municipalities["837"].access_end = dt.date.today() - dt.timedelta(days=1)
    page = identify(portal, "matti", status=403)
    assert "Tampere has left the e-library" in page.text
    assert count_patrons(portal) == 0


def test_a_municipality_that_joins_later_takes_no_patrons_yet(portal, municipalities):
    municipalities["638"].access_start = dt.date.today() + dt.timedelta(days=10)
    page = identify(portal, "anna", status=403)
    assert "joins the e-library on" in page.text


@pytest.mark.parametrize(
    "answer", ["bad_signature", "wrong_nonce", "expired", "wrong_issuer", "wrong_audience", "malformed_claims"]
)
def test_a_tampered_or_wrong_identity_answer_is_refused(portal, answer):
    page = identify(portal, "matti", answer=answer, status=400)
    assert "We could not verify the identification" in page.text
    assert count_patrons(portal) == 0


def test_an_invalid_identity_code_from_the_provider_is_refused(portal):
    page = identify(portal, "matti", answer="invalid_identity_code", status=400)
    assert "We could not verify the identification" in page.text
    assert count_patrons(portal) == 0


def test_a_tampered_state_is_refused(portal):
    url = callback_url(start_identification(portal), "matti")
    tampered = url.replace("state=", "state=x")
    assert "We could not verify the identification" in portal.get(tampered, status=400).text
    assert count_patrons(portal) == 0


def test_a_replayed_callback_is_refused(portal):
    url = callback_url(start_identification(portal), "matti")
    cookie = portal.cookies.get("ebiblio_session")
    assert portal.get(url).status_int == 303
    log_out(portal)
    # The same callback again, even with the session cookie from before it was used.
    portal.set_cookie("ebiblio_session", cookie)
    page = portal.get(url, status=400)
    assert "expired or was already used" in page.text
    assert count_patrons(portal) == 1


def test_a_callback_without_an_identification_started_is_refused(portal):
    page = portal.get("/kirjaudu/tunnistaudu/paluu?code=abc&state=def&lang=en", status=400)
    assert "expired or was already used" in page.text


def test_cancelling_at_the_provider_says_so(portal):
    page = start_identification(portal)
    form = page.forms[0]
    cancelled = form.submit("cancel")
    answer = portal.get(cancelled.location.split("localhost:6543", 1)[1], status=400)
    assert "You cancelled the identification." in answer.text


def test_starting_identification_needs_a_csrf_token(portal):
    portal.post("/kirjaudu/tunnistaudu", {"purpose": "register"}, status=400)


def test_an_unknown_purpose_is_a_clear_error(portal):
    page = portal.post("/kirjaudu/tunnistaudu", {"csrf_token": csrf(portal), "purpose": "x"}, status=400)
    assert "Start again from the login page." in page.text


def test_an_unreachable_provider_is_a_clear_error(portal, monkeypatch):
    oidc = lookup(portal.app.registry, IdentityProviders).get("oidc")

    def unreachable(redirect_uri):
        raise IdentificationError("the identity provider could not be reached")

    monkeypatch.setattr(oidc, "start", unreachable)
    page = portal.post("/kirjaudu/tunnistaudu", {"csrf_token": csrf(portal), "purpose": "register"}, status=503)
    assert "did not answer" in page.text
