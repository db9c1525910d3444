"""The application factory. Read this first: the include list is the architecture.

Each feature is a package with an ``includeme``; plugins (vendors, themes,
locales, identity providers) arrive through the hooks in ``hookspecs`` and
are turned into services that views look up by interface.
"""

from __future__ import annotations

import logging

from pyramid.config import Configurator

from . import settings as portal_settings
from .plugins import collect, make_plugin_manager

log = logging.getLogger(__name__)


def load_plugins(raw_settings, plugin_manager=None):
    """Return the plugin manager and the checked settings for ``raw_settings``."""
    if plugin_manager is None:
        try:
            allow = portal_settings.as_list(raw_settings.get("ebiblio.plugins"))
        except ValueError as error:
            raise portal_settings.SettingsError(f"setting ebiblio.plugins is malformed: {error}") from None
        plugin_manager = make_plugin_manager(allow=set(allow) if allow else None)
    declared = collect(plugin_manager.hook.register_settings)
    checked = portal_settings.check(raw_settings, declared)
    if not checked.get("ebiblio.sandbox"):
        for setting in declared:
            if setting.kind == "url" and checked.get(setting.name) == "sandbox":
                raise portal_settings.SettingsError(
                    f"setting {setting.name} in {raw_settings.get('__file__') or 'the settings'} is 'sandbox', "
                    "but sandboxes are off (ebiblio.sandbox = false): give the vendor's real address"
                )
    checked["ebiblio.declared_settings"] = declared
    return plugin_manager, checked


def configure(settings, global_config=None, plugin_manager=None):
    """Return a committed ``Configurator`` for the portal."""
    settings = dict(settings)
    if global_config and "__file__" in global_config:
        settings.setdefault("__file__", global_config["__file__"])
    plugin_manager, settings = load_plugins(settings, plugin_manager)
    config = Configurator(settings=settings)
    config.registry.plugins = plugin_manager

    config.include("pyramid_services")
    config.include(".db")  # engine, sessions, one transaction per request
    config.include(".security")  # headers and CSP, sessions, CSRF on every state change
    config.include(".i18n")  # fi/sv/en, catalogues from locale plugins
    config.include(".templating")  # Jinja2, the base layout and its helpers
    config.include(".themes")  # the national look and municipal themes from plugins
    config.include(".vendors")  # sandboxes and content providers from plugins
    config.include(".identity")  # strong identification providers from plugins
    config.include(".admin")  # the staff area under /hallinta; the features below add their sections to it
    config.include(".accounts")  # registration, login, my account; the security policy
    config.include(".circulation")  # loans, holds, returns, reading; the title page's buttons
    config.include(".municipalities")
    config.include(".themes.staff")  # municipal administrators choose, adjust, preview and publish their theme
    config.include(".national")  # the national unit: membership, fees, the audit log
    config.include(".staffing")  # staff users: invitations, deactivation, by role
    config.include(".catalog")  # the shared collection
    config.include(".vendorops")  # the national unit's vendor operations: syncs, health, licenses
    config.include(".opds")  # OPDS 2.0 feeds of the catalogue for reading apps
    config.include(".search")  # the search index of the database in use, and /search
    config.include(".curation")  # picks (front-page lanes), book tips, content pages, patrons' wishes
    config.include(".stats")  # service statistics from anonymous events, for the national unit and municipalities
    config.include(".notify")
    config.include(".health")
    config.include(".web")  # the front page and errors
    # Plugins' own pages come last so they may build on everything above.
    plugin_manager.hook.register_routes(config=config)
    config.commit()
    return config
