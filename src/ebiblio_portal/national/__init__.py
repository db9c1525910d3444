"""The national e-library unit's tools in the staff area: membership, fees and the audit log.

Every view here is for national administrators (permission ``national``). Fees follow
``fees`` (the rule and the rate table); membership dates are what patrons' eligibility reads.
"""

from ..admin.sections import AdminSection
from ..i18n import _
from ..security.policy import NATIONAL
from .fees import FeeSchedule
from .interfaces import IFeeSchedule


def includeme(config):
    config.add_jinja2_search_path("ebiblio_portal.national:templates", name=".jinja2")
    config.register_service_factory(FeeSchedule.create_service, IFeeSchedule)
    config.add_route("national_municipalities", "/hallinta/kunnat")
    config.add_route("national_membership", r"/hallinta/kunnat/{code:\d{3}}")
    config.add_route("national_fees", "/hallinta/maksut")
    config.add_route("national_fee_rate", "/hallinta/maksut/hinnat")
    config.add_route("national_populations", "/hallinta/maksut/vakiluvut")
    config.add_route("national_invoice", r"/hallinta/maksut/{year:\d{4}}")
    config.add_route("national_invoice_csv", r"/hallinta/maksut/{year:\d{4}}.csv")
    config.add_route("national_audit", "/hallinta/loki")
    for name, route, title, description, position in (
        (
            "municipalities",
            "national_municipalities",
            _("Municipalities and membership"),
            _("Which municipalities have joined, and when their access starts and ends."),
            20,
        ),
        ("fees", "national_fees", _("Fees"), _("Rates per resident, yearly invoices and population figures."), 30),
        ("audit", "national_audit", _("Audit log"), _("What staff did, when and from where."), 90),
    ):
        config.add_admin_section(AdminSection(name, route, title, NATIONAL, position=position, description=description))
    config.scan(".views")
