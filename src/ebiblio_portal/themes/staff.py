"""The staff section where a municipality's administrators choose, adjust, preview and publish its theme."""

from ..admin import MunicipalityScope
from ..admin.sections import MUNICIPAL_SCOPE, AdminSection
from ..i18n import _
from ..security.policy import MANAGE_MUNICIPALITY


def includeme(config):
    config.add_jinja2_search_path("ebiblio_portal.themes:templates", name=".jinja2")
    config.add_route("admin_theme", r"/hallinta/kunta/{code:\d{3}}/teema", factory=MunicipalityScope)
    config.add_route(
        "admin_theme_draft_css", r"/hallinta/kunta/{code:\d{3}}/teema/luonnos.css", factory=MunicipalityScope
    )
    config.add_admin_section(
        AdminSection(
            "theme",
            "admin_theme",
            _("Theme"),
            MANAGE_MUNICIPALITY,
            scope=MUNICIPAL_SCOPE,
            position=50,
            description=_("The look of the municipality's pages: theme, colours, font, logo and picture."),
        )
    )
    config.scan(".views")
