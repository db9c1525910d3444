"""My account: settings, PIN change and reset, moving, my data as JSON, deleting the account."""

import datetime as dt
import json

from sqlalchemy import inspect, select, text

from ebiblio_portal.models import Hold, Loan, LoginSession, Passkey, Patron

from .helpers import csrf, identify, log_in, log_out, register, set_pin


def test_settings_save_language_email_and_history(portal):
    patron = register(portal, "matti")
    token = csrf(portal, "/tili/asetukset?lang=en")
    data = {"csrf_token": token, "language": "sv", "email": "matti@example.fi", "keep_history": "on"}
    saved = portal.post("/tili/asetukset", data, status=303)
    assert saved.location.endswith("/tili?lang=sv")
    assert (patron.language, patron.email, patron.keep_history) == ("sv", "matti@example.fi", True)


def test_bad_settings_are_explained_and_nothing_is_saved(portal):
    patron = register(portal, "matti")
    token = csrf(portal, "/tili/asetukset?lang=en")
    page = portal.post("/tili/asetukset?lang=en", {"csrf_token": token, "language": "de", "email": "no"}, status=400)
    assert "Choose one of the languages." in page.text and "Check the email address" in page.text
    assert 'aria-invalid="true"' in page.text
    assert patron.language == "fi" and patron.email is None


def test_the_account_language_is_used_when_the_browser_has_not_chosen(portal):
    register(portal, "matti")
    token = csrf(portal, "/tili/asetukset?lang=en")
    portal.post("/tili/asetukset", {"csrf_token": token, "language": "sv"})
    portal.set_cookie("ebiblio_lang", "")
    assert '<html lang="sv">' in portal.get("/tili").text


def test_changing_the_pin_needs_the_current_one_after_the_identification_grace(portal):
    patron = register(portal, "matti")
    log_out(portal)
    log_in(portal, patron.library_id, "8642")
    page = set_pin(portal, "97531", current="1111", status=400)
    assert "The current PIN is wrong." in page.text
    set_pin(portal, "97531", current="8642")
    log_out(portal)
    log_in(portal, patron.library_id, "8642", status=400)
    log_in(portal, patron.library_id, "97531")


def test_weak_pins_are_refused_with_a_reason(portal):
    register(portal, "matti")
    for pin, again, reason in [
        ("12", "12", "4 to 12 digits"),
        ("abcd", "abcd", "4 to 12 digits"),
        ("1234", "1234", "too easy to guess"),
        ("7777", "7777", "too easy to guess"),
        ("5830", "5831", "not the same"),
    ]:
        token = csrf(portal, "/tili/pin?lang=en")
        data = {"csrf_token": token, "current_pin": "8642", "pin": pin, "pin_again": again}
        page = portal.post("/tili/pin?lang=en", data, status=400)
        assert reason in page.text


def test_a_forgotten_pin_is_reset_through_identification_and_other_logins_end(portal, dbsession):
    patron = register(portal, "matti")
    log_out(portal)
    other_device = log_in(portal, patron.library_id, "8642")
    assert other_device.status_int == 303
    old_cookie = portal.cookies["ebiblio_session"]
    portal.cookies.clear()
    answer = identify(portal, "matti", purpose="reset")
    assert answer.location.endswith("/tili/pin")
    page = portal.get("/tili/pin?lang=en")
    assert 'name="current_pin"' not in page.text, "identification replaces the old PIN"
    set_pin(portal, "24680")
    portal.cookies.clear()
    portal.set_cookie("ebiblio_session", old_cookie)
    assert portal.get("/tili", status=303), "the other device was logged out"
    log_in(portal, patron.library_id, "8642", status=400)
    log_in(portal, patron.library_id, "24680")


def test_resetting_without_an_account_says_register_first(portal):
    page = identify(portal, "matti", purpose="reset", status=403)
    assert "We found no account for you." in page.text and 'href="/rekisteroidy"' in page.text


def test_moving_is_noticed_at_the_next_identification(portal, idp):
    patron = register(portal, "matti")
    log_out(portal)
    idp.move("matti", "091")
    identify(portal, "matti")
    assert patron.municipality_code == "091"
    assert "Your home municipality has been updated" in portal.get("/tili?lang=en").text


def test_moving_to_a_municipality_that_has_not_joined_stops_borrowing_with_a_message(portal, idp, dbsession):
    patron = register(portal, "matti")
    log_out(portal)
    idp.move("matti", "638")
    identify(portal, "matti")
    assert patron.municipality_code == "638"
    page = portal.get("/tili?lang=en")
    assert "Porvoo has not joined the e-library" in page.text
    assert 'id="cannot-borrow"' in page.text


def test_a_municipality_leaving_stops_borrowing_from_that_day(portal, municipalities):
    register(portal, "matti")
    municipalities["837"].access_end = dt.date.today()
    assert "Tampere has left the e-library" in portal.get("/tili?lang=en").text
    municipalities["837"].access_end = dt.date.today() + dt.timedelta(days=1)
    assert "You may borrow" in portal.get("/tili?lang=en").text


def test_my_data_downloads_as_json(portal):
    patron = register(portal, "matti")
    answer = portal.get("/tili/tiedot.json")
    assert answer.content_type == "application/json"
    assert "attachment" in answer.headers["Content-Disposition"]
    assert answer.headers["Cache-Control"] == "no-store"
    data = json.loads(answer.text)
    assert data["account"]["library_id"] == patron.library_id
    assert data["account"]["home_municipality"]["code"] == "837"
    assert patron.identity_hash not in answer.text
    assert [login["method"] for login in data["logins"]] == ["identification"]


def test_my_data_needs_a_login(portal):
    assert portal.get("/tili/tiedot.json", status=303).location.endswith("/kirjaudu?next=%2Ftili%2Ftiedot.json")


def personal_values(patron):
    return [patron.library_id, patron.identity_hash, patron.given_name, patron.family_name, patron.email]


def text_in_database(session, values):
    """Every table's every text-like column, searched for any of ``values``."""
    connection = session.connection()
    found = []
    for table in inspect(connection).get_table_names():
        for row in connection.execute(text(f'SELECT * FROM "{table}"')):
            for value in row:
                shown = value.decode("latin-1") if isinstance(value, bytes) else str(value)
                found += [(table, needle) for needle in values if needle and needle in shown]
    return found


def test_deleting_the_account_leaves_no_personal_data(portal, dbsession):
    patron = register(portal, "matti")
    token = csrf(portal, "/tili/asetukset?lang=en")
    portal.post("/tili/asetukset", {"csrf_token": token, "language": "fi", "email": "matti@example.fi"})
    dbsession.add(Passkey(patron_id=patron.id, credential_id="abc", public_key=b"k", name="Phone"))
    dbsession.flush()
    before = personal_values(patron)
    assert text_in_database(dbsession, before)
    token = csrf(portal, "/tili/poista?lang=en")
    portal.post("/tili/poista?lang=en", {"csrf_token": token, "confirm": "on", "pin": "1111"}, status=400)
    portal.post("/tili/poista?lang=en", {"csrf_token": token, "pin": "8642"}, status=400)
    answer = portal.post("/tili/poista", {"csrf_token": token, "confirm": "on", "pin": "8642"}, status=303)
    assert answer.location.endswith("/")
    dbsession.expire_all()
    assert text_in_database(dbsession, before) == []
    husk = dbsession.get(Patron, patron.id)
    assert husk.status == "deleted" and husk.municipality_code == "837", "anonymous statistics stay"
    assert dbsession.scalars(select(LoginSession).where(LoginSession.patron_id == patron.id)).first() is None
    assert portal.get("/tili", status=303)
    log_in(portal, before[0], "8642", status=400)


def test_after_deletion_the_person_may_register_again_as_new(portal):
    first = register(portal, "matti")
    old_id = first.library_id
    token = csrf(portal, "/tili/poista?lang=en")
    portal.post("/tili/poista", {"csrf_token": token, "confirm": "on", "pin": "8642"}, status=303)
    again = register(portal, "matti")
    assert again.library_id != old_id and again.id != first.id


def test_deleting_ends_loans_and_holds_at_the_vendor_first(dbsession, municipalities):
    from ebiblio_portal.accounts import erasure

    from .test_units import open_loan_and_hold, patron_in

    patron = patron_in(dbsession, "837")
    loan, hold = open_loan_and_hold(dbsession, patron)
    calls = []

    class Vendor:
        def checkin(self, vendor_key, vendor_loan_id):
            calls.append(("checkin", vendor_key, vendor_loan_id))

        def release_hold(self, vendor_key, vendor_hold_id):
            calls.append(("release", vendor_key, vendor_hold_id))

    assert erasure.delete_account(dbsession, patron, lambda name: Vendor()) == (1, 1)
    assert calls == [("checkin", "book-1", "vendor-loan-1"), ("release", "book-1", "vendor-hold-1")]
    assert loan.status == "returned" and loan.ended_at is not None and loan.vendor_loan_id is None
    assert hold.status == "cancelled" and hold.vendor_hold_id is None
    assert dbsession.get(Loan, loan.id).patron_id == patron.id, "the anonymous loan stays for the statistics"
    assert dbsession.get(Hold, hold.id) is not None


def test_a_vendor_that_fails_stops_the_deletion_before_anything_is_erased(dbsession, municipalities):
    from ebiblio_portal.accounts import erasure
    from ebiblio_portal.interfaces import VendorUnavailable

    from .test_units import open_loan_and_hold, patron_in

    patron = patron_in(dbsession, "837")
    loan, _hold = open_loan_and_hold(dbsession, patron)

    class Down:
        def checkin(self, vendor_key, vendor_loan_id):
            raise VendorUnavailable("sandbox: 503")

    try:
        erasure.delete_account(dbsession, patron, lambda name: Down())
    except erasure.VendorsDidNotAnswer:
        pass
    else:
        raise AssertionError("the deletion should have stopped")
    assert patron.status == "active" and patron.given_name == "Testi" and loan.status == "active"
