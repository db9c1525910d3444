"""Circulation: loans, holds, returns and reading across vendors, never lending more than the licenses allow.

``services.Circulation`` is the ``ICirculation`` service; ``actions.CirculationActions`` fills the title
page's buttons (``ITitleActions``); ``views`` serves my loans and holds and the reader redirect; ``opds``
the reading apps' borrow link and shelf. ``ebiblio circulation tick`` and ``reconcile`` run the
scheduled work (``cli/circulation.py``).
"""

from ..catalog.interfaces import ITitleActions
from .actions import CirculationActions
from .interfaces import ICirculation
from .services import Circulation


def includeme(config):
    config.register_service_factory(Circulation.create_service, ICirculation)
    config.register_service(CirculationActions(), ITitleActions)
    config.add_jinja2_search_path("ebiblio_portal.circulation:templates", name=".jinja2")
    config.add_route("circulation_loans", "/lainat")
    config.add_route("circulation_borrow", "/lainat/lainaa/{id:\\d+}")
    config.add_route("circulation_hold", "/lainat/varaa/{id:\\d+}")
    config.add_route("circulation_return", "/lainat/{loan_id}/palauta")
    config.add_route("circulation_read", "/lainat/{loan_id}/lue")
    config.add_route("circulation_cancel", "/lainat/varaukset/{hold_id}/peru")
    config.add_route("circulation_open", "/lue/julkaisu/{id:\\d+}")
    config.add_route("circulation_reader", "/lue/{token}")
    config.add_route("opds_loans", "/opds/loans")
    config.scan(".views")
    config.scan(".opds")
