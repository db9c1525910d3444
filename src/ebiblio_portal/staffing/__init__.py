"""Staff management: the national unit creates administrators, municipal administrators their own librarians.

A new staff member gets a one-use invitation link (``invitations``) and sets their own password there;
the creator sees the link once and passes it on. Deactivating a user ends every login of theirs at once.
"""

from ..admin.resources import MunicipalityScope
from ..admin.sections import MUNICIPAL_SCOPE, AdminSection
from ..i18n import _
from ..security.policy import MANAGE_MUNICIPALITY, NATIONAL


def includeme(config):
    config.add_jinja2_search_path("ebiblio_portal.staffing:templates", name=".jinja2")
    config.add_route("staffing_national", "/hallinta/henkilokunta")
    config.add_route("staffing_national_state", r"/hallinta/henkilokunta/{id:\d+}/tila")
    config.add_route("staffing_municipal", r"/hallinta/kunta/{code:\d{3}}/henkilokunta", factory=MunicipalityScope)
    config.add_route(
        "staffing_municipal_state",
        r"/hallinta/kunta/{code:\d{3}}/henkilokunta/{id:\d+}/tila",
        factory=MunicipalityScope,
    )
    config.add_route("staff_invitation", "/henkilokunta/kutsu/{token}")
    config.add_admin_section(
        AdminSection(
            "staff",
            "staffing_national",
            _("Staff users"),
            NATIONAL,
            position=80,
            description=_("Create administrators and librarians, and deactivate accounts."),
        )
    )
    config.add_admin_section(
        AdminSection(
            "municipal_staff",
            "staffing_municipal",
            _("Librarians"),
            MANAGE_MUNICIPALITY,
            scope=MUNICIPAL_SCOPE,
            position=80,
            description=_("Create and deactivate your municipality's librarian accounts."),
        )
    )
    config.scan(".views")
