"""Municipal self-service: front-page picks, book tips, content pages and patrons' wishes.

Librarians and municipal administrators curate their own municipality's content (permission
``curate`` in a ``MunicipalityScope``); national content (``municipality_code`` None) belongs to
national administrators. Patrons see only what is published (and, for picks, visible today).
"""

from ..admin.resources import MunicipalityScope, NationalScope
from ..admin.sections import AdminSection
from ..i18n import _
from .interfaces import IMarkdownRenderer
from .lanes import PICK_LANES
from .markdown import SafeMarkdown
from .queries import book_tips_for, footer_pages, national_picks, national_tips, public_pages
from .text import finnish_day, pick

# Staff pages: (route name, path after the scope's prefix). Each exists for a municipality and nationally.
STAFF_ROUTES = (
    ("picks", "nostot"),
    ("pick_new", "nostot/uusi"),
    ("pick_edit", r"nostot/{id:\d+}"),
    ("pick_move", r"nostot/{id:\d+}/siirra"),
    ("pick_status", r"nostot/{id:\d+}/tila"),
    ("pick_delete", r"nostot/{id:\d+}/poista"),
    ("pick_add", r"nostot/{id:\d+}/lisaa"),
    ("pick_item", r"nostot/{id:\d+}/teos"),
    ("tips", "kirjavinkit"),
    ("tip_new", "kirjavinkit/uusi"),
    ("tip_edit", r"kirjavinkit/{id:\d+}"),
    ("tip_status", r"kirjavinkit/{id:\d+}/tila"),
    ("tip_delete", r"kirjavinkit/{id:\d+}/poista"),
    ("pages", "sivut"),
    ("page_new", "sivut/uusi"),
    ("page_edit", r"sivut/{id:\d+}"),
    ("page_status", r"sivut/{id:\d+}/tila"),
    ("page_history", r"sivut/{id:\d+}/historia"),
    ("page_restore", r"sivut/{id:\d+}/palauta"),
)
MUNICIPAL_ONLY_ROUTES = (
    ("wishes", "toiveet"),
    ("wish_answer", r"toiveet/{id:\d+}"),
)
MUNICIPAL_PREFIX = r"/hallinta/kunta/{code:\d{3}}/"
NATIONAL_PREFIX = "/hallinta/valtakunnallinen/"

SECTIONS = (
    ("picks", _("Front-page picks"), _("Lists of titles on the front page, with their dates"), 10),
    ("tips", _("Book tips"), _("Librarians' short texts about titles"), 20),
    ("pages", _("Content pages"), _("Help, news, accessibility statement and contact details"), 30),
)


def includeme(config):
    # Imported here: the policy imports accounts, which a plain import of this package must not need.
    from ..security.policy import CURATE

    config.add_jinja2_search_path("ebiblio_portal.curation:templates", name=".jinja2")
    config.register_service_factory(SafeMarkdown.create_service, IMarkdownRenderer)
    for name, path in STAFF_ROUTES:
        config.add_route(f"curation_{name}", MUNICIPAL_PREFIX + path, factory=MunicipalityScope)
        config.add_route(f"curation_{name}_national", NATIONAL_PREFIX + path, factory=NationalScope)
    for name, path in MUNICIPAL_ONLY_ROUTES:
        config.add_route(f"curation_{name}", MUNICIPAL_PREFIX + path, factory=MunicipalityScope)
    for name, title, description, position in SECTIONS:
        for suffix, scope in (("", "municipality"), ("_national", "national")):
            route = f"curation_{name}{suffix}"
            config.add_admin_section(AdminSection(route, route, title, CURATE, scope, position, description))
    config.add_admin_section(
        AdminSection(
            "curation_wishes", "curation_wishes", _("Patrons' wishes"), CURATE, "municipality", 40,
            _("Acquisition wishes and feedback from the municipality's patrons"),
        )
    )  # fmt: skip
    config.add_route("content_page_national_fi", "/sivu/{page}")
    config.add_route("content_page_national_sv", "/sida/{page}")
    config.add_route("content_page_fi", "/kunta/{slug}/sivu/{page}")
    config.add_route("content_page_sv", "/kommun/{slug}/sida/{page}")
    config.add_route("my_wishes", "/tili/toiveet")
    config.add_request_method(national_picks, "national_picks", reify=True)
    config.add_request_method(national_tips, "national_tips", reify=True)
    config.add_request_method(book_tips_for, "book_tips_for")
    config.add_request_method(public_pages, "public_pages")
    config.add_request_method(footer_pages, "footer_pages")
    config.add_request_method(pick, "localized")
    config.add_request_method(finnish_day, "finnish_day")
    for lane in PICK_LANES:
        config.add_front_page_lane(lane)
    config.scan(".views")
