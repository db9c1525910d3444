"""Through the web: the title page's buttons, my loans and holds, the reader link, OPDS, CSRF and bad input."""

from __future__ import annotations

import base64
import re

from sqlalchemy import select

from ebiblio_portal.models import Hold, Loan

from ..opds import validate
from .conftest import PIN
from .test_lending import one_seat

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def logged_in(world, patron):
    browser = world.webtest()
    token = CSRF.search(browser.get("/kirjaudu?lang=en").text).group(1)
    browser.post("/kirjaudu", {"csrf_token": token, "library_id": patron.library_id, "pin": PIN}, status=303)
    return browser


def form_token(page):
    return CSRF.search(page.text).group(1)


def test_borrow_read_and_return_from_the_title_page(world):
    publication, patron = one_seat(world), world.patron()
    anonymous = world.webtest().get(f"/teos/{publication.id}?lang=en")
    assert "Log in to borrow" in anonymous.text
    browser = logged_in(world, patron)
    page = browser.get(f"/teos/{publication.id}?lang=en")
    assert f'action="/lainat/lainaa/{publication.id}"' in page.text
    done = browser.post(f"/lainat/lainaa/{publication.id}", {"csrf_token": form_token(page)}, status=303)
    assert done.location.endswith("/lainat")
    shelf = browser.get("/lainat?lang=en")
    assert "You borrowed Nummisuutarit" in shelf.text and "Nummisuutarit" in shelf.text
    loan = world.all(select(Loan))[0]
    opened = browser.get(f"/lainat/{loan.id}/lue", status=303)
    assert "/lue/" in opened.location
    vendor = browser.get(opened.location, status=303)
    assert "/sandbox/odl/loans/" in vendor.location and vendor.headers["Cache-Control"] == "no-store"
    # The signed link works for a reading app without the session, and not when tampered with.
    assert world.webtest().get(opened.location, status=303)
    assert "could not be opened" in world.webtest().get(opened.location + "x?lang=en", status=410).text
    browser.post(f"/lainat/{loan.id}/palauta", {"csrf_token": form_token(shelf), "from": "loans"}, status=303)
    assert "The loan was returned" in browser.get("/lainat?lang=en").text
    assert world.all(select(Loan.status)) == ["returned"]
    # Returned twice: one return, and a clear word.
    browser.post(f"/lainat/{loan.id}/palauta", {"csrf_token": form_token(shelf)}, status=303)
    assert "already ended" in browser.get("/lainat?lang=en").text


def test_every_change_needs_the_csrf_token_and_a_login(world):
    publication, patron = one_seat(world), world.patron()
    world.webtest().post(f"/lainat/lainaa/{publication.id}", status=403)
    browser = logged_in(world, patron)
    browser.post(f"/lainat/lainaa/{publication.id}", {"csrf_token": "forged"}, status=400)
    assert world.all(select(Loan)) == []
    assert world.webtest().get("/lainat", status=303).location.startswith("http://localhost/kirjaudu")


def test_bad_input_gets_a_message_not_an_error(world):
    browser = logged_in(world, world.patron())
    token = form_token(browser.get("/lainat?lang=en"))
    browser.post("/lainat/lainaa/99999999999", {"csrf_token": token}, status=303)
    browser.post("/lainat/not-a-loan/palauta", {"csrf_token": token}, status=303)
    browser.post("/lainat/varaukset/" + "x" * 300 + "/peru", {"csrf_token": token}, status=303)
    page = browser.get("/lainat?lang=en")
    assert "no longer in the collection" in page.text or "No such" in page.text
    assert browser.get("/lue/garbage?lang=en", status=410)


def test_holds_on_the_title_page_and_my_loans(world):
    publication = one_seat(world)
    logged_in(world, world.patron())  # a login on another device changes nothing here
    first = logged_in(world, world.patron())
    page = first.get(f"/teos/{publication.id}?lang=en")
    first.post(f"/lainat/lainaa/{publication.id}", {"csrf_token": form_token(page)}, status=303)
    second = logged_in(world, world.patron())
    page = second.get(f"/teos/{publication.id}?lang=en")
    assert "Place a hold" in page.text
    second.post(f"/lainat/varaa/{publication.id}", {"csrf_token": form_token(page)}, status=303)
    shelf = second.get("/lainat?lang=en")
    assert "You are number 1 in the queue" in shelf.text and "Estimated wait" in shelf.text
    assert "You are number 1 in the queue" in second.get(f"/teos/{publication.id}?lang=en").text
    hold = world.all(select(Hold))[0]
    second.post(f"/lainat/varaukset/{hold.id}/peru", {"csrf_token": form_token(shelf)}, status=303)
    assert "The hold was cancelled" in second.get("/lainat?lang=en").text


def test_reading_apps_borrow_and_see_their_shelf_through_opds(world):
    publication, patron = one_seat(world), world.patron()
    app = world.webtest()
    refused = app.post(f"/opds/publications/{publication.id}/borrow", status=401)
    assert refused.headers["WWW-Authenticate"].startswith("Basic")
    shelf_links = [link["href"] for link in refused.json["links"] if link["rel"] == "http://opds-spec.org/shelf"]
    assert shelf_links == ["http://localhost/opds/loans"]
    assert validate.errors(refused.json, "authentication") == []
    wrong = {"Authorization": "Basic " + base64.b64encode(f"{patron.library_id}:0000".encode()).decode()}
    app.post(f"/opds/publications/{publication.id}/borrow", headers=wrong, status=401)
    auth = {"Authorization": "Basic " + base64.b64encode(f"{patron.library_id}:{PIN}".encode()).decode()}
    entry = app.post(f"/opds/publications/{publication.id}/borrow", headers=auth, status=201).json
    acquisition = next(link for link in entry["links"] if link["rel"] == "http://opds-spec.org/acquisition")
    assert acquisition["properties"]["availability"]["state"] == "ready"
    assert app.get(acquisition["href"].replace("http://localhost", ""), status=303)
    other = world.patron()
    other_auth = {"Authorization": "Basic " + base64.b64encode(f"{other.library_id}:{PIN}".encode()).decode()}
    held = app.post(f"/opds/publications/{publication.id}/borrow", headers=other_auth, status=201).json
    borrow = next(link for link in held["links"] if link["rel"] == "http://opds-spec.org/acquisition/borrow")
    assert borrow["properties"]["availability"]["state"] == "reserved"
    assert borrow["properties"]["holds"]["position"] == 1
    shelf = app.get("/opds/loans", headers=auth).json
    assert validate.errors(shelf) == [] and validate.errors(entry, "publication") == []
    assert validate.errors(app.get("/opds/loans", headers=other_auth).json) == []
    assert shelf["metadata"]["numberOfItems"] == 1 and shelf["publications"][0]["metadata"]["title"] == "Nummisuutarit"
    assert app.get("/opds/loans", status=401)


def test_magazines_open_with_read_and_other_vendors_offer_borrow(world):
    issue, patron = world.publication("magazines"), world.patron()
    browser = logged_in(world, patron)
    page = browser.get(f"/teos/{issue.id}?lang=en")
    assert f'href="/lue/julkaisu/{issue.id}"' in page.text and "Borrow" not in page.text
    signed = browser.get(f"/lue/julkaisu/{issue.id}", status=303)
    assert browser.get(signed.location, status=303).location.startswith("http")
    # A vendor that queues itself states no licenses: its titles can still be borrowed from the page.
    foreign = world.publication("onix")
    page = browser.get(f"/teos/{foreign.id}?lang=en")
    assert f'action="/lainat/lainaa/{foreign.id}"' in page.text
    browser.post(f"/lainat/lainaa/{foreign.id}", {"csrf_token": form_token(page)}, status=303)
    assert "You borrowed" in browser.get("/lainat?lang=en").text


def test_a_patron_whose_municipality_has_not_joined_is_told_why(world):
    from .conftest import NOT_JOINED

    publication = one_seat(world)
    browser = logged_in(world, world.patron(municipality=NOT_JOINED))
    page = browser.get(f"/teos/{publication.id}?lang=en")
    browser.post(f"/lainat/lainaa/{publication.id}", {"csrf_token": form_token(page)}, status=303)
    assert "has not joined the e-library" in browser.get(f"/teos/{publication.id}?lang=en").text
    assert world.all(select(Loan)) == []
    issue = world.publication("magazines")
    assert "has not joined" in browser.get(f"/lue/julkaisu/{issue.id}?lang=en", status=403).text
