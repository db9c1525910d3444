"""The hooks through which plugins extend the portal.

A plugin is a module registered under the ``ebiblio_portal`` entry-point group
whose functions are decorated with ``ebiblio_portal.hookimpl``. The ``register_*``
hooks return lists; the portal concatenates every plugin's answer. The core's
own defaults are plugins on these same hooks (``plugins.DEFAULT_PLUGINS``).
"""

from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("ebiblio_portal")
hookimpl = pluggy.HookimplMarker("ebiblio_portal")


@hookspec
def register_settings():
    """Declare the settings the plugin reads, as a list of ``values.Setting``.

    Declared settings are checked at start-up: a missing required one or a
    value of the wrong kind stops the portal with a message naming it.
    """


@hookspec
def register_sandboxes(settings):
    """Return ``values.Sandbox`` apps for development and tests.

    Called only when ``ebiblio.sandbox`` is true. Each is served under
    ``/sandbox/<name>/`` and is handed to ``register_content_providers`` and
    ``register_identity_providers`` so a plugin can reach its sandbox in process.
    """


@hookspec
def register_content_providers(settings, sandboxes):
    """Return the ``IContentProvider`` vendors this plugin offers, configured from ``settings``.

    ``sandboxes`` maps a sandbox name to its WSGI app (empty in production).
    Return an empty list when the plugin's vendor is not configured.
    """


@hookspec
def register_themes(settings):
    """Return ``ITheme`` objects: the national look or a municipality's."""


@hookspec
def register_locale_catalogs():
    """Return ``ILocaleCatalog`` objects: message catalogues for the portal's languages."""


@hookspec
def register_identity_providers(settings, sandboxes):
    """Return ``IIdentityProvider`` objects for strong identification."""


@hookspec
def register_routes(config):
    """Add routes, views, static views and templates to the Pyramid ``config``.

    Called once while the application is configured, after the core's own
    routes, so a plugin may add pages of its own.
    """
