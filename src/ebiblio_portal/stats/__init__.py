"""Service statistics: anonymous events counted into monthly tables, shown as charts, tables and CSV.

Circulation writes ``circulation_events`` and registration and borrowing write ``patron_events`` (``recording``);
``refresh`` counts them into ``stats_monthly`` and ``stats_title_loans`` from a high-water mark (``ebiblio
stats refresh``, also at the end of ``circulation tick``); the pages read only those tables (``queries``).
"""


def includeme(config):
    # Imported here: circulation and registration import ``stats.recording`` and must not pull in the web layer.
    from ..admin.resources import MunicipalityScope
    from ..admin.sections import MUNICIPAL_SCOPE, NATIONAL_SCOPE, AdminSection
    from ..i18n import _
    from ..security.policy import CURATE, NATIONAL

    config.add_jinja2_search_path("ebiblio_portal.stats:templates", name=".jinja2")
    config.add_route("stats_national", "/hallinta/tilastot")
    config.add_route("stats_national_csv", "/hallinta/tilastot.csv")

    config.add_route("stats_municipality", r"/hallinta/kunta/{code:\d{3}}/tilastot", factory=MunicipalityScope)
    config.add_route("stats_municipality_csv", r"/hallinta/kunta/{code:\d{3}}/tilastot.csv", factory=MunicipalityScope)
    config.add_admin_section(
        AdminSection(
            "stats",
            "stats_national",
            _("Service statistics"),
            NATIONAL,
            scope=NATIONAL_SCOPE,
            position=40,
            description=_("Loans, holds and patrons by month, municipality, medium, language and vendor."),
        )
    )
    config.add_admin_section(
        AdminSection(
            "municipal_stats",
            "stats_municipality",
            _("Statistics"),
            CURATE,
            scope=MUNICIPAL_SCOPE,
            position=40,
            description=_("Loans, holds and patrons of this municipality."),
        )
    )
    config.scan(".views")
