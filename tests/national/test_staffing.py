"""Staff management: who creates whom, invitations with strong passwords, deactivation by role."""

import datetime as dt
import re

import pytest
from sqlalchemy import select, update

from ebiblio_portal.interfaces import INotifier
from ebiblio_portal.models import AuditEntry, AuthChallenge, StaffUser
from ebiblio_portal.security.passwords import WeakPassword, check_staff_password
from ebiblio_portal.services import lookup

from ..common.staff import HOME, OTHER, add_staff, csrf, denied, log_in_as, log_in_staff

NATIONAL_PAGE = "/hallinta/henkilokunta"
HOME_PAGE = f"/hallinta/kunta/{HOME}/henkilokunta"
MAY_OPEN_HOME = {"municipal_admin", "national_admin"}


def test_staff_pages_by_role(testapp, as_who):
    national = testapp.get(NATIONAL_PAGE + "?lang=en", expect_errors=True)
    home = testapp.get(HOME_PAGE + "?lang=en", expect_errors=True)
    assert (national.status_int == 200) is (as_who == "national_admin") and (
        national.status_int == 200 or denied(national)
    )
    assert (home.status_int == 200) is (as_who in MAY_OPEN_HOME) and (home.status_int == 200 or denied(home))
    data = {"csrf_token": csrf(testapp), "username": "intruder", "display_name": "X", "role": "librarian"}
    if as_who != "national_admin":
        assert denied(testapp.post(NATIONAL_PAGE, {**data, "municipality": HOME}, expect_errors=True))
    if as_who not in MAY_OPEN_HOME:
        assert denied(testapp.post(HOME_PAGE, data, expect_errors=True))


@pytest.mark.parametrize(
    ("password", "username", "why"),
    [
        ("short-pass", None, "at least 12"),
        ("aaaaaabbbbbb", None, "more different"),
        ("Salasana2026!", None, "common"),
        ("kirjastonhoitaja", None, "common"),
        ("x-maija.virtanen-2026", "maija.virtanen", "username"),
    ],
)
def test_weak_staff_passwords_are_refused(password, username, why):
    with pytest.raises(WeakPassword, match=why):
        check_staff_password(password, username)


def test_a_strong_passphrase_passes():
    check_staff_password("kolme vihreää kirjahyllyä", "maija")


def _create(testapp, path, status=200, **fields):
    data = {"csrf_token": csrf(testapp), "username": "", "display_name": "", "email": "", "role": "", **fields}
    return testapp.post(path + "?lang=en", data, status=status)


def _invitation_path(page):
    url = page.html.find(id="invitation-link").text.strip()
    return re.sub(r"^https?://[^/]+", "", url)


def _set_password(testapp, path, password, again=None, status=303):
    data = {"csrf_token": csrf(testapp), "password": password, "password_again": again or password}
    return testapp.post(path + "?lang=en", data, status=status)


def test_the_national_unit_invites_a_municipal_administrator_who_sets_a_strong_password(testapp, cast, dbsession):
    log_in_as(testapp, cast, "national_admin")
    page = _create(
        testapp,
        NATIONAL_PAGE,
        username="Kunta.Paakayttaja",
        display_name="Kaisa Kunta",
        role="municipal_admin",
        municipality=OTHER,
    )
    assert page.headers["Cache-Control"] == "no-store"
    path = _invitation_path(page)
    created = dbsession.scalars(select(StaffUser).where(StaffUser.username == "kunta.paakayttaja")).one()
    assert [(r.role, r.municipality_code) for r in created.roles] == [("municipal_admin", OTHER)]
    entry = dbsession.scalars(select(AuditEntry).where(AuditEntry.action == "staff.created")).one()
    assert entry.detail == {"username": "kunta.paakayttaja", "role": "municipal_admin", "municipality": OTHER}

    newcomer = type(testapp)(testapp.app, extra_environ=testapp.extra_environ)
    log_in = {"csrf_token": csrf(newcomer), "username": "kunta.paakayttaja", "password": "anything at all"}
    newcomer.post("/henkilokunta/kirjaudu", log_in, status=400)  # no password before the invitation is used
    assert "Kaisa Kunta" in newcomer.get(path + "?lang=en").text
    assert "at least 12" in _set_password(newcomer, path, "lyhyt", status=400).text
    assert "differ" in _set_password(newcomer, path, "kolme vihreää kirjahyllyä", "toinen", status=400).text
    assert "username" in _set_password(newcomer, path, "kunta.paakayttaja-2026", status=400).text
    _set_password(newcomer, path, "kolme vihreää kirjahyllyä")
    newcomer.get(path, status=404)  # used once
    log_in_staff(newcomer, "kunta.paakayttaja", "kolme vihreää kirjahyllyä")
    newcomer.get(f"/hallinta/kunta/{OTHER}/henkilokunta", status=200)
    newcomer.get(HOME_PAGE, status=403)


def test_an_expired_invitation_does_not_work(testapp, cast, dbsession):
    log_in_as(testapp, cast, "national_admin")
    path = _invitation_path(
        _create(testapp, NATIONAL_PAGE, username="myohassa", display_name="M", role="national_admin")
    )
    dbsession.execute(update(AuthChallenge).values(created_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=4)))
    testapp.get(path, status=404)
    _set_password(testapp, path, "kolme vihreää kirjahyllyä", status=404)
    testapp.get("/henkilokunta/kutsu/not-a-token", status=404)


def test_bad_create_forms_are_explained(testapp, cast, dbsession):
    log_in_as(testapp, cast, "national_admin")
    page = _create(testapp, NATIONAL_PAGE, status=400, username="a b", display_name="", email="nope", role="chief")
    for field in ("username", "display_name", "email", "role"):
        assert page.html.find(id=f"{field}-error") is not None, field
    taken = _create(
        testapp, NATIONAL_PAGE, status=400, username="librarian", display_name="L", role="librarian", municipality=HOME
    )
    assert "taken" in taken.html.find(id="username-error").text
    no_place = _create(testapp, NATIONAL_PAGE, status=400, username="uusi", display_name="U", role="librarian")
    assert no_place.html.find(id="municipality-error") is not None
    assert dbsession.scalar(select(StaffUser).where(StaffUser.username == "uusi")) is None


def test_a_municipal_administrator_creates_only_their_own_librarians(testapp, cast, dbsession):
    log_in_as(testapp, cast, "municipal_admin")
    _create(testapp, HOME_PAGE, username="uusi.hoitaja", display_name="Uusi Hoitaja", role="librarian")
    created = dbsession.scalars(select(StaffUser).where(StaffUser.username == "uusi.hoitaja")).one()
    assert [(r.role, r.municipality_code) for r in created.roles] == [("librarian", HOME)]
    for role in ("municipal_admin", "national_admin"):
        _create(testapp, HOME_PAGE, status=400, username=f"x-{role}", display_name="X", role=role)
    # The municipality comes from the URL, never from the form.
    _create(testapp, HOME_PAGE, username="toinen.hoitaja", display_name="T", role="librarian", municipality=OTHER)
    other = dbsession.scalars(select(StaffUser).where(StaffUser.username == "toinen.hoitaja")).one()
    assert other.roles[0].municipality_code == HOME
    assert dbsession.scalar(select(StaffUser).where(StaffUser.username.like("x-%"))) is None
    testapp.post(f"/hallinta/kunta/{OTHER}/henkilokunta", {"csrf_token": csrf(testapp)}, status=403)


def _state(testapp, code, staff, action, status):
    path = f"/hallinta/kunta/{code}/henkilokunta/{staff.id}/tila"
    return testapp.post(path, {"csrf_token": csrf(testapp), "action": action}, status=status)


def test_a_municipal_administrator_deactivates_only_their_own_librarians(testapp, cast, dbsession):
    log_in_as(testapp, cast, "municipal_admin")
    librarian_app = type(testapp)(testapp.app, extra_environ=testapp.extra_environ)
    log_in_staff(librarian_app, "librarian")
    librarian_app.get("/hallinta", status=200)

    _state(testapp, HOME, cast.staff["other_librarian"], "deactivate", 403)  # another municipality's, via mine
    _state(testapp, OTHER, cast.staff["other_librarian"], "deactivate", 403)  # via theirs
    _state(testapp, HOME, cast.staff["national_admin"], "deactivate", 403)
    _state(testapp, HOME, cast.staff["other_admin"], "deactivate", 403)
    assert all(user.active for user in cast.staff.values())

    _state(testapp, HOME, cast.staff["librarian"], "deactivate", 303)
    assert not cast.staff["librarian"].active
    assert "kirjaudu" in librarian_app.get("/hallinta", status=303).location  # the login ended at once
    entry = dbsession.scalars(select(AuditEntry).where(AuditEntry.action == "staff.deactivated")).one()
    assert entry.target == f"staff:{cast.staff['librarian'].id}" and entry.actor == "staff:municipal_admin"
    _state(testapp, HOME, cast.staff["librarian"], "activate", 303)
    assert cast.staff["librarian"].active


def test_nobody_switches_themselves_off(testapp, cast):
    log_in_as(testapp, cast, "national_admin")
    me = cast.staff["national_admin"]
    path = f"/hallinta/henkilokunta/{me.id}/tila"
    testapp.post(path, {"csrf_token": csrf(testapp), "action": "deactivate"}, status=403)
    assert me.active


def test_the_national_unit_deactivates_anyone_and_reinvites(testapp, cast, dbsession):
    log_in_as(testapp, cast, "national_admin")
    target = cast.staff["other_admin"]
    path = f"/hallinta/henkilokunta/{target.id}/tila"
    page = testapp.post(path + "?lang=en", {"csrf_token": csrf(testapp), "action": "invite"}, status=200)
    assert "/henkilokunta/kutsu/" in page.html.find(id="invitation-link").text
    testapp.post(path, {"csrf_token": csrf(testapp), "action": "deactivate"}, status=303)
    assert not target.active
    assert dbsession.scalar(select(AuthChallenge).where(AuthChallenge.purpose == "staff_invitation")) is None
    testapp.post(path, {"csrf_token": csrf(testapp), "action": "explode"}, status=404)


def test_the_national_unit_resets_a_lost_two_step_login(testapp, cast, dbsession):
    log_in_as(testapp, cast, "national_admin")
    colleague = add_staff(dbsession, "kollega", "national_admin")
    path = f"/hallinta/henkilokunta/{colleague.id}/tila"
    testapp.post(path, {"csrf_token": csrf(testapp), "action": "reset_totp"}, status=303)
    assert colleague.totp_secret is None and colleague.totp_last_step is None
    assert dbsession.scalars(select(AuditEntry).where(AuditEntry.action == "staff.totp_reset")).one()


def test_a_municipal_administrator_may_not_reset_two_step_login(testapp, cast, dbsession):
    add_staff(dbsession, "toinen_admin", "municipal_admin", HOME)
    log_in_as(testapp, cast, "municipal_admin")
    librarian = cast.staff["librarian"]
    path = f"/hallinta/kunta/{HOME}/henkilokunta/{librarian.id}/tila"
    testapp.post(path, {"csrf_token": csrf(testapp), "action": "reset_totp"}, status=403)
    page = testapp.get(HOME_PAGE + "?lang=en")
    assert f"Deactivate {librarian.username}" in page.text
    assert "toinen_admin" in page.text and "Deactivate toinen_admin" not in page.text  # listed, not theirs to manage


def _sent(testapp):
    return lookup(testapp.app.registry, INotifier).sent


@pytest.fixture
def committing(testapp, dbsession):
    """The app with a transaction per request that commits, so what waits for the commit happens (in the
    test's own rolled-back session, which the requests share)."""
    return type(testapp)(testapp.app, extra_environ={"HTTP_HOST": "localhost", "app.dbsession": dbsession})


def test_an_invitation_is_emailed_to_the_new_staff_member_in_the_inviter_s_language(committing, cast, dbsession):
    log_in_as(committing, cast, "national_admin")
    before = len(_sent(committing))
    page = _create(
        committing,
        NATIONAL_PAGE,
        username="maija.meikalainen",
        display_name="Maija Meikäläinen",
        email="maija@kunta.example",
        role="librarian",
        municipality=HOME,
    )
    assert "emailed to maija@kunta.example" in page.text
    [mail] = _sent(committing)[before:]
    assert mail.recipient == "maija@kunta.example" and mail.language == "en"
    assert _invitation_path(page) in mail.body and "maija.meikalainen" in mail.body
    assert "Maija Meikäläinen" in mail.body and "staff area" in mail.subject


def test_no_email_without_an_address_and_a_new_link_says_so(committing, cast, dbsession):
    log_in_as(committing, cast, "national_admin")
    before = len(_sent(committing))
    page = _create(
        committing,
        NATIONAL_PAGE,
        username="ilman.osoitetta",
        display_name="Ilman Osoitetta",
        role="librarian",
        municipality=HOME,
    )
    assert "Give this link to the new staff member" in page.text and len(_sent(committing)) == before
    target = cast.staff["other_admin"]
    target.email = "toinen@kunta.example"
    dbsession.flush()
    path = f"/hallinta/henkilokunta/{target.id}/tila"
    committing.post(path + "?lang=fi", {"csrf_token": csrf(committing), "action": "invite"}, status=200)
    [mail] = _sent(committing)[before:]
    assert mail.recipient == "toinen@kunta.example" and mail.language == "fi"
    assert "uusi salasana" in mail.body.lower() or "uuden salasanan" in mail.body.lower()


def test_a_failed_invitation_email_keeps_the_account_and_the_link(committing, cast, dbsession, monkeypatch):
    log_in_as(committing, cast, "national_admin")

    def refuse(notification):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr(lookup(committing.app.registry, INotifier), "send", refuse)
    page = _create(
        committing,
        NATIONAL_PAGE,
        username="posti.rikki",
        display_name="Posti Rikki",
        email="posti@kunta.example",
        role="librarian",
        municipality=HOME,
    )
    assert _invitation_path(page).startswith("/henkilokunta/kutsu/")
    assert dbsession.scalars(select(StaffUser).where(StaffUser.username == "posti.rikki")).one()
