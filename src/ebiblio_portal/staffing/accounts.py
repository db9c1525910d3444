"""Creating staff users and switching them off; the checks of the create form."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from ..accounts import logins
from ..i18n import _
from ..models import StaffRole, StaffUser
from . import invitations

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,99}$")
ROLE_TITLES = {
    "national_admin": _("National administrator"),
    "municipal_admin": _("Municipal administrator"),
    "librarian": _("Librarian"),
}


def check_new(session, values, allowed_roles, allowed_municipalities):
    """Errors of the create form by field (translatable); ``values`` holds the cleaned fields."""
    errors = {}
    if not USERNAME.match(values["username"]):
        errors["username"] = _(
            "A username has 3 to 100 characters: lowercase letters a-z, digits, dots, hyphens and underscores."
        )
    elif session.scalar(select(func.count()).where(StaffUser.username == values["username"])):
        errors["username"] = _("That username is taken.")
    if not values["display_name"]:
        errors["display_name"] = _("Write the person's name.")
    if values["email"] and not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", values["email"]):
        errors["email"] = _("That is not an email address.")
    if values["role"] not in allowed_roles:
        errors["role"] = _("Choose a role.")
    elif values["role"] != "national_admin" and values["municipality"] not in allowed_municipalities:
        errors["municipality"] = _("Choose the municipality.")
    return errors


def create(session, values):
    """The new staff user (who cannot log in yet) and their invitation token."""
    staff = StaffUser(
        username=values["username"],
        display_name=values["display_name"],
        email=values["email"] or None,
        password_hash=invitations.NO_PASSWORD,
    )
    municipality = None if values["role"] == "national_admin" else values["municipality"]
    staff.roles.append(StaffRole(role=values["role"], municipality_code=municipality))
    session.add(staff)
    session.flush()
    return staff, invitations.invite(session, staff)


def set_active(session, staff, active):
    staff.active = active
    if not active:
        logins.end_everywhere(session, staff=staff)
        invitations.withdraw(session, staff)


def reset_totp(session, staff):
    """Forget the staff user's TOTP key (a lost phone) and end their logins; they enrol again."""
    staff.totp_secret = None
    staff.totp_last_step = None
    logins.end_everywhere(session, staff=staff)


def only_librarian_of(staff, code):
    """True when every role of ``staff`` is librarian in ``code``: what a municipal administrator may manage."""
    return bool(staff.roles) and all(r.role == "librarian" and r.municipality_code == code for r in staff.roles)


def roles_text(request, staff):
    parts = []
    for role in staff.roles:
        title = request.localizer.translate(ROLE_TITLES.get(role.role, role.role))
        parts.append(f"{title} ({role.municipality_code})" if role.municipality_code else title)
    return ", ".join(parts)
