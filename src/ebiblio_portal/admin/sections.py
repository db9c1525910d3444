"""Sections of the staff area, added by the features that own them."""

from __future__ import annotations

import dataclasses

from .resources import NationalScope, Scope

NATIONAL_SCOPE = "national"
MUNICIPAL_SCOPE = "municipality"


@dataclasses.dataclass(frozen=True)
class AdminSection:
    """A link on the staff area's front page.

    ``scope`` is ``"national"`` (a route without parameters) or ``"municipality"`` (a route with
    ``{code}``, listed on each municipality's staff page); ``permission`` is checked in that scope.
    """

    name: str
    route_name: str
    title: object
    permission: str
    scope: str = NATIONAL_SCOPE
    position: int = 100
    description: object = None


def add_admin_section(config, section):
    """Add a section to the staff area; two sections of one name conflict at start-up."""
    if section.scope not in (NATIONAL_SCOPE, MUNICIPAL_SCOPE):
        raise ValueError(f"admin section {section.name!r}: scope must be 'national' or 'municipality'")

    def register():
        config.registry["admin.sections"][section.name] = section

    config.action(("admin section", section.name), register)


def visible_sections(request, scope, municipality_code=None):
    """The sections of ``scope`` the staff user may open, in order."""
    context = NationalScope() if scope == NATIONAL_SCOPE else Scope(municipality_code)
    sections = sorted(request.registry["admin.sections"].values(), key=lambda s: (s.position, s.name))
    return [s for s in sections if s.scope == scope and request.has_permission(s.permission, context)]


def section_url(request, section, municipality_code=None):
    if section.scope == MUNICIPAL_SCOPE:
        return request.route_path(section.route_name, code=municipality_code)
    return request.route_path(section.route_name)
