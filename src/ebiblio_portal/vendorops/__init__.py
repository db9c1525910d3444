"""Vendor operations for the national unit: each vendor's syncs, failing records, health, "sync now", licenses.

Librarians see the purchase suggestions (titles whose holds exceed their seats) for the whole collection too.
"""

from ..admin.sections import MUNICIPAL_SCOPE, NATIONAL_SCOPE, AdminSection
from ..i18n import _
from ..security.policy import CURATE, NATIONAL


def includeme(config):
    from ..admin.resources import MunicipalityScope

    config.add_jinja2_search_path("ebiblio_portal.vendorops:templates", name=".jinja2")
    config.add_route("vendorops_vendors", "/hallinta/toimittajat")
    config.add_route("vendorops_licenses", "/hallinta/toimittajat/lisenssit")
    config.add_route("vendorops_vendor", "/hallinta/toimittajat/{vendor}")
    config.add_route("vendorops_sync", "/hallinta/toimittajat/{vendor}/synkronoi")
    config.add_route("vendorops_run", r"/hallinta/toimittajat/{vendor}/ajot/{run:\d+}")
    config.add_route("purchase_suggestions", "/hallinta/hankintaehdotukset")
    config.add_route("purchase_suggestions_csv", "/hallinta/hankintaehdotukset.csv")
    config.add_route(
        "purchase_suggestions_municipal", r"/hallinta/kunta/{code:\d{3}}/hankintaehdotukset", factory=MunicipalityScope
    )
    config.add_admin_section(
        AdminSection(
            "vendors",
            "vendorops_vendors",
            _("Vendors"),
            NATIONAL,
            scope=NATIONAL_SCOPE,
            position=30,
            description=_("Syncs, failing records, health, sync now, and the license overview."),
        )
    )
    config.add_admin_section(
        AdminSection(
            "purchase_suggestions",
            "purchase_suggestions_municipal",
            _("Purchase suggestions"),
            CURATE,
            scope=MUNICIPAL_SCOPE,
            position=45,
            description=_("Titles of the whole collection whose holds exceed their seats."),
        )
    )
    config.scan(".views")
