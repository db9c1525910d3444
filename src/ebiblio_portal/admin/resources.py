"""Contexts of staff views: whose data a view touches, for the security policy's role checks."""

from __future__ import annotations

from pyramid.httpexceptions import HTTPForbidden, HTTPNotFound

from ..models import Municipality


class Scope:
    """One municipality's data, or the national unit's (``municipality_code`` None)."""

    def __init__(self, municipality_code):
        self.municipality_code = municipality_code


class NationalScope(Scope):
    """The national unit's data: only national administrators."""

    def __init__(self, request=None):
        super().__init__(None)


class MunicipalityScope(Scope):
    """Route factory: the municipality named by ``{code}`` in the URL.

    An unknown code is not raised here (the error page needs a context): ``found`` raises 404 in the view.
    """

    def __init__(self, request):
        code = request.matchdict.get("code")
        self.municipality = request.dbsession.get(Municipality, code) if code else None
        super().__init__(code)

    def found(self):
        """The municipality, or 404."""
        if self.municipality is None:
            raise HTTPNotFound()
        return self.municipality


def require(request, permission, municipality_code):
    """Raise 403 unless the staff user holds ``permission`` in ``municipality_code`` (None: national)."""
    if not request.has_permission(permission, Scope(municipality_code)):
        raise HTTPForbidden()
