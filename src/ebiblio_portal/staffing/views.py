"""Staff management pages: the national unit's list of everyone, a municipality's librarians, invitations."""

from __future__ import annotations

from pyramid.httpexceptions import HTTPForbidden, HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config
from sqlalchemy import select

from ..admin import audit
from ..i18n import _
from ..models import AuditEntry, Municipality, StaffRole, StaffUser
from ..security.passwords import WeakPassword, check_staff_password, hash_secret
from ..security.policy import MANAGE_MUNICIPALITY, NATIONAL
from . import accounts, invitations, mail

FIELDS = ("username", "display_name", "email", "role", "municipality")


def _translate(request, message):
    return request.localizer.translate(message)


def _values(request):
    values = {name: (request.POST.get(name) or "").strip()[:200] for name in FIELDS}
    values["username"] = values["username"].lower()[:100]
    return values


def _page(request, municipality, staff, errors=None, values=None, invited=None, status=200):
    request.response.status = status
    if invited is not None:
        request.response.headers["Cache-Control"] = "no-store"  # the invitation link is shown once
    national = municipality is None
    choices = []
    if national:
        choices = request.dbsession.scalars(select(Municipality).order_by(Municipality.name_fi)).all()
    return {
        "municipality": municipality,
        "national": national,
        "staff": staff,
        "roles": accounts.ROLE_TITLES if national else {"librarian": accounts.ROLE_TITLES["librarian"]},
        "choices": choices,
        "errors": {name: _translate(request, message) for name, message in (errors or {}).items()},
        "values": values or {},
        "invited": invited,
        "roles_text": accounts.roles_text,
        "manageable": (lambda user: True)
        if national
        else (lambda user: accounts.only_librarian_of(user, municipality.code)),
    }


def _everyone(request):
    return request.dbsession.scalars(select(StaffUser).order_by(StaffUser.username)).all()


def _librarians_of(request, code):
    query = (
        select(StaffUser)
        .join(StaffRole)
        .where(StaffRole.municipality_code == code)
        .order_by(StaffUser.username)
        .distinct()
    )
    return request.dbsession.scalars(query).all()


def _invitation_url(request, token):
    return request.route_url("staff_invitation", token=token)


def _invited(request, staff, token, again=False):
    """What the page says of a new invitation; it is also emailed when the staff member has an address."""
    url = _invitation_url(request, token)
    emailed = None
    if staff.email and mail.send_after_commit(request, mail.invitation(request, staff, url, again), staff.id):
        emailed = staff.email
    return {"username": staff.username, "url": url, "emailed": emailed}


def _create(request, municipality, allowed_roles, allowed_codes, listing):
    values = _values(request)
    if municipality is not None:
        values["municipality"] = municipality.code
    errors = accounts.check_new(request.dbsession, values, allowed_roles, allowed_codes)
    if errors:
        return _page(request, municipality, listing(), errors, values, status=400)
    staff, token = accounts.create(request.dbsession, values)
    audit.record(
        request,
        "staff.created",
        f"staff:{staff.id}",
        username=staff.username,
        role=values["role"],
        municipality=staff.roles[0].municipality_code,
    )
    return _page(request, municipality, listing(), invited=_invited(request, staff, token))


@view_config(
    route_name="staffing_national", renderer="staffing/staff.jinja2", request_method="GET", permission=NATIONAL
)
def national_page(request):
    return _page(request, None, _everyone(request))


@view_config(
    route_name="staffing_national", renderer="staffing/staff.jinja2", request_method="POST", permission=NATIONAL
)
def national_create(request):
    codes = set(request.dbsession.scalars(select(Municipality.code)))
    return _create(request, None, set(accounts.ROLE_TITLES), codes, lambda: _everyone(request))


@view_config(
    route_name="staffing_municipal",
    renderer="staffing/staff.jinja2",
    request_method="GET",
    permission=MANAGE_MUNICIPALITY,
)
def municipal_page(request):
    municipality = request.context.found()
    return _page(request, municipality, _librarians_of(request, municipality.code))


@view_config(
    route_name="staffing_municipal",
    renderer="staffing/staff.jinja2",
    request_method="POST",
    permission=MANAGE_MUNICIPALITY,
)
def municipal_create(request):
    municipality = request.context.found()
    return _create(
        request, municipality, {"librarian"}, {municipality.code}, lambda: _librarians_of(request, municipality.code)
    )


def _change_state(request, staff, municipality, back):
    action = request.POST.get("action")
    if action not in ("deactivate", "activate", "invite", "reset_totp"):
        raise HTTPNotFound()
    if action == "reset_totp" and municipality is not None:
        raise HTTPForbidden()  # only the national unit resets two-step login
    if staff.id == request.staff.id:
        raise HTTPForbidden()  # nobody switches themselves off or re-invites themselves
    listing = _everyone(request) if municipality is None else _librarians_of(request, municipality.code)
    if action == "invite":
        if not staff.active:
            raise HTTPForbidden()
        token = invitations.invite(request.dbsession, staff)
        audit.record(request, "staff.invited", f"staff:{staff.id}", username=staff.username)
        return _page(request, municipality, listing, invited=_invited(request, staff, token, again=True))
    name = staff.display_name
    if action == "reset_totp":
        accounts.reset_totp(request.dbsession, staff)
        audit.record(request, "staff.totp_reset", f"staff:{staff.id}", username=staff.username)
        message = _(
            "Two-step login of ${name} was reset: they enrol again at their next login.", mapping={"name": name}
        )
        request.session.flash(_translate(request, message))
        return HTTPSeeOther(back)
    accounts.set_active(request.dbsession, staff, action == "activate")
    audit.record(request, f"staff.{action}d", f"staff:{staff.id}", username=staff.username)
    message = _("${name} can no longer log in.", mapping={"name": name})
    if action == "activate":
        message = _("${name} can log in again.", mapping={"name": name})
    request.session.flash(_translate(request, message))
    return HTTPSeeOther(back)


def _target(request):
    staff = request.dbsession.get(StaffUser, int(request.matchdict["id"]))
    if staff is None:
        raise HTTPNotFound()
    return staff


@view_config(
    route_name="staffing_national_state", renderer="staffing/staff.jinja2", request_method="POST", permission=NATIONAL
)
def national_state(request):
    staff = _target(request)
    return _change_state(request, staff, None, request.route_path("staffing_national"))


@view_config(
    route_name="staffing_municipal_state",
    renderer="staffing/staff.jinja2",
    request_method="POST",
    permission=MANAGE_MUNICIPALITY,
)
def municipal_state(request):
    municipality = request.context.found()
    staff = _target(request)
    if not accounts.only_librarian_of(staff, municipality.code):
        raise HTTPForbidden()  # a municipal administrator manages only their own municipality's librarians
    return _change_state(request, staff, municipality, request.route_path("staffing_municipal", code=municipality.code))


@view_config(route_name="staff_invitation", renderer="staffing/invitation.jinja2", request_method="GET")
def invitation_page(request):
    staff = invitations.find(request.dbsession, request.matchdict["token"])
    request.response.headers["Referrer-Policy"] = "no-referrer"
    if staff is None:
        request.response.status = 404
    return {"staff": staff, "error": None}


@view_config(route_name="staff_invitation", renderer="staffing/invitation.jinja2", request_method="POST")
def set_password(request):
    token = request.matchdict["token"]
    staff = invitations.find(request.dbsession, token)
    if staff is None:
        request.response.status = 404
        return {"staff": None, "error": None}
    password = (request.POST.get("password") or "")[:200]
    again = (request.POST.get("password_again") or "")[:200]
    try:
        if password != again:
            raise WeakPassword(_("The passwords differ."))
        check_staff_password(password, staff.username)
    except WeakPassword as weak:
        request.response.status = 400
        return {"staff": staff, "error": _translate(request, weak.message)}
    staff.password_hash = hash_secret(password)
    invitations.use(request.dbsession, token)
    request.dbsession.add(
        AuditEntry(
            actor=f"staff:{staff.username}",
            action="staff.password_set",
            target=f"staff:{staff.id}",
            address=(request.client_addr or "unknown")[:64],
        )
    )
    request.session.flash(_translate(request, _("Your password is set. Log in with it now.")))
    return HTTPSeeOther(request.route_path("staff_login"))
