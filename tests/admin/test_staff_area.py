"""The staff area: who sees which sections, and the policy's municipal role checks."""

import pytest
from pyramid.config import Configurator
from pyramid.request import Request
from pyramid.scripting import prepare

from ebiblio_portal.admin import audit
from ebiblio_portal.admin.resources import NationalScope, Scope
from ebiblio_portal.admin.sections import AdminSection, add_admin_section
from ebiblio_portal.models import AuditEntry
from ebiblio_portal.security.policy import CURATE, MANAGE_MUNICIPALITY, NATIONAL

from ..common.staff import HOME, NOT_JOINED, OTHER, denied, log_in_as

# who -> the staff pages of HOME they may open
HOME_PAGE = {
    "anonymous": False,
    "patron": False,
    "librarian": True,
    "other_librarian": False,
    "municipal_admin": True,
    "other_admin": False,
    "national_admin": True,
}


def test_the_staff_area_front_page_is_for_staff_only(testapp, as_who):
    page = testapp.get("/hallinta?lang=en", expect_errors=True)
    if as_who in ("anonymous", "patron"):
        assert denied(page)
    else:
        assert page.status_int == 200 and "Staff area" in page.text


def test_anonymous_visitors_are_sent_to_the_staff_login(testapp, cast):
    page = testapp.get("/hallinta/kunta/837", status=303)
    assert "/henkilokunta/kirjaudu?next=%2Fhallinta%2Fkunta%2F837" in page.location


def test_a_municipality_staff_page_by_role(testapp, as_who):
    page = testapp.get(f"/hallinta/kunta/{HOME}?lang=en", expect_errors=True)
    if HOME_PAGE[as_who]:
        assert page.status_int == 200
    else:
        assert denied(page), (as_who, page.status)


def test_an_unknown_municipality_is_not_found(testapp, cast):
    log_in_as(testapp, cast, "national_admin")
    testapp.get("/hallinta/kunta/999", status=404)


def test_staff_see_their_own_municipalities_and_desk_registration(testapp, cast):
    log_in_as(testapp, cast, "librarian")
    page = testapp.get("/hallinta?lang=en")
    assert f"/hallinta/kunta/{HOME}" in page.text and f"/hallinta/kunta/{OTHER}" not in page.text
    assert "/henkilokunta/asiakasrekisterointi" in page.text
    assert 'name="code"' not in page.text  # only the national unit picks any municipality


def test_national_administrators_may_open_any_municipality(testapp, cast):
    log_in_as(testapp, cast, "national_admin")
    page = testapp.get("/hallinta?lang=en")
    assert "/henkilokunta/asiakasrekisterointi" not in page.text
    chosen = testapp.get("/hallinta/kunta", {"code": NOT_JOINED}, status=303)
    assert chosen.location.endswith(f"/hallinta/kunta/{NOT_JOINED}")
    assert testapp.get("/hallinta/kunta", {"code": "x"}, status=303).location.endswith("/hallinta")


def test_a_librarian_may_not_pick_another_municipality(testapp, cast):
    log_in_as(testapp, cast, "librarian")
    assert denied(testapp.get("/hallinta/kunta", {"code": OTHER}, expect_errors=True))


@pytest.mark.parametrize(
    ("who", "permission", "code", "allowed"),
    [
        ("librarian", CURATE, HOME, True),
        ("librarian", CURATE, OTHER, False),
        ("librarian", CURATE, None, False),
        ("librarian", MANAGE_MUNICIPALITY, HOME, False),
        ("municipal_admin", MANAGE_MUNICIPALITY, HOME, True),
        ("municipal_admin", MANAGE_MUNICIPALITY, OTHER, False),
        ("municipal_admin", CURATE, HOME, True),
        ("municipal_admin", NATIONAL, None, False),
        ("national_admin", CURATE, OTHER, True),
        ("national_admin", CURATE, None, True),
        ("national_admin", MANAGE_MUNICIPALITY, HOME, True),
        ("national_admin", NATIONAL, None, True),
    ],
)
def test_the_policy_checks_the_role_in_the_contexts_municipality(testapp, cast, who, permission, code, allowed):
    log_in_as(testapp, cast, who)
    request = _request(testapp)
    context = NationalScope() if code is None else Scope(code)
    assert bool(request.has_permission(permission, context)) is allowed


def test_a_listing_context_admits_the_role_anywhere(testapp, cast):
    log_in_as(testapp, cast, "librarian")
    request = _request(testapp)
    assert request.has_permission(CURATE, object())
    assert not request.has_permission(MANAGE_MUNICIPALITY, object())


def test_audit_records_who_did_what_from_where(testapp, cast, dbsession):
    log_in_as(testapp, cast, "librarian")
    request = _request(testapp)
    request.environ["REMOTE_ADDR"] = "192.0.2.7"
    entry = audit.record(request, "pick_list.publish", "pick_list:5", title="Kesä")
    dbsession.flush()
    stored = dbsession.get(AuditEntry, entry.id)
    assert (stored.actor, stored.action, stored.target, stored.address) == (
        "staff:librarian",
        "pick_list.publish",
        "pick_list:5",
        "192.0.2.7",
    )
    assert stored.detail == {"title": "Kesä"}


def test_a_section_needs_a_known_scope():
    config = Configurator()
    config.registry["admin.sections"] = {}
    with pytest.raises(ValueError, match="scope"):
        add_admin_section(config, AdminSection("x", "x", "X", CURATE, scope="galaxy"))


def _request(testapp):
    """A request of the logged-in user of ``testapp``, prepared on the app's registry."""
    request = Request.blank("/hallinta", environ=dict(testapp.extra_environ))
    request.environ["HTTP_COOKIE"] = "; ".join(f"{c.name}={c.value}" for c in testapp.cookiejar)
    env = prepare(request=request, registry=testapp.app.registry)
    _opened.append(env["closer"])
    return env["request"]


_opened = []


@pytest.fixture(autouse=True)
def _close_prepared():
    yield
    while _opened:
        _opened.pop()()
