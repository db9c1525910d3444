"""Who is asking and what they may do: patrons and staff, roles as permissions (Pyramid 2 security policy)."""

from __future__ import annotations

from pyramid.interfaces import ISecurityPolicy
from pyramid.request import RequestLocalCache
from pyramid.security import Allowed, Denied
from zope.interface import implementer

from ..accounts import logins

# Permission -> who has it. Views name a permission; only this table knows the roles behind it.
PATRON = "patron"  # any logged-in patron, even one who still has to choose a PIN
ACCOUNT = "account"  # a patron whose PIN is set: my account, passkeys, loans
STAFF = "staff"  # any staff user
REGISTER_PATRONS = "register_patrons"  # desk registration: librarians and municipal administrators
NATIONAL = "national"  # the national e-library unit's own views: national administrators
MANAGE_MUNICIPALITY = "manage_municipality"  # a municipality's theme and staff: its administrators
CURATE = "curate"  # a municipality's picks, book tips, pages and patrons' wishes: its librarians and administrators
DESK_ROLES = ("librarian", "municipal_admin")

NATIONAL_ADMIN = "national_admin"
# Municipal permission -> the municipal roles that hold it; national administrators hold every one.
MUNICIPAL_ROLES = {
    MANAGE_MUNICIPALITY: ("municipal_admin",),
    CURATE: ("librarian", "municipal_admin"),
}


@implementer(ISecurityPolicy)
class PortalSecurityPolicy:
    """Identities come from the login session (``accounts.logins``); permissions from the table above."""

    def __init__(self):
        self.cache = RequestLocalCache(logins.current)

    def identity(self, request):
        return self.cache.get_or_create(request)

    def authenticated_userid(self, request):
        identity = self.identity(request)
        return identity.userid if identity is not None else None

    def permits(self, request, context, permission):
        identity = self.identity(request)
        if identity is None:
            return Denied("not logged in")
        if permission == PATRON:
            return _answer(identity.kind == "patron", "patrons only")
        if permission == ACCOUNT:
            return _answer(identity.kind == "patron" and not identity.must_set_pin, "set a PIN first")
        if permission == STAFF:
            return _answer(identity.kind == "staff", "staff only")
        if permission == REGISTER_PATRONS:
            return _answer(identity.kind == "staff" and bool(identity.municipalities(*DESK_ROLES)), "no desk role")
        if identity.kind != "staff":
            return Denied("staff only")
        if permission == NATIONAL:
            return _answer(identity.has_role(NATIONAL_ADMIN), "national administrators only")
        if permission in MUNICIPAL_ROLES:
            return _municipal(identity, context, MUNICIPAL_ROLES[permission])
        return Denied(f"unknown permission {permission!r}")

    def remember(self, request, userid, **kw):
        # The login lives in the session and the login_sessions table; the session sets its own cookie.
        return []

    def forget(self, request, **kw):
        return []


def _answer(ok, why):
    return Allowed("ok") if ok else Denied(why)


def _municipal(identity, context, roles):
    """National administrators everywhere; municipal roles only in the context's own municipality.

    A context with ``municipality_code`` is one municipality's (None: the national unit's, which only
    national administrators touch). A context without it is a listing: the role anywhere lets the view
    in, and the view shows only ``identity.municipalities(*roles)``.
    """
    if identity.has_role(NATIONAL_ADMIN):
        return Allowed("national administrator")
    if not hasattr(context, "municipality_code"):
        return _answer(bool(identity.municipalities(*roles)), "no municipal role")
    code = context.municipality_code
    return _answer(code is not None and code in identity.municipalities(*roles), "not this municipality's staff")


def patron(request):
    """The logged-in ``Patron``, or None."""
    identity = request.identity
    return identity.patron if identity is not None and identity.kind == "patron" else None


def staff(request):
    """The logged-in ``StaffUser``, or None."""
    identity = request.identity
    return identity.staff if identity is not None and identity.kind == "staff" else None


def preferred_language(request):
    found = patron(request)
    return found.language if found is not None else None


def includeme(config):
    policy = PortalSecurityPolicy()
    config.registry.identity_cache = policy.cache
    config.set_security_policy(policy)
    config.add_request_method(patron, "patron", reify=False, property=True)
    config.add_request_method(staff, "staff", reify=False, property=True)
    config.add_request_method(preferred_language, "preferred_language", property=True)
