"""Content vendors from plugins, and their sandboxes in development."""

import logging

from pyramid.wsgi import wsgiapp2
from zope.interface.verify import verifyObject

from ..interfaces import IContentProvider
from ..plugins import collect
from .services import MountedSandbox, VendorDirectory

log = logging.getLogger(__name__)


def sandboxes_for(registry, settings):
    """The sandbox apps, by name, when ``ebiblio.sandbox`` is on; empty otherwise."""
    if not settings.get("ebiblio.sandbox"):
        return {}
    public = settings.get("ebiblio.public_url") or "http://localhost:6543"
    found = {}
    for sandbox in collect(registry.plugins.hook.register_sandboxes, settings=settings):
        found[sandbox.name] = MountedSandbox(sandbox.app, f"/sandbox/{sandbox.name}", public)
    return found


def providers_for(registry, settings, sandboxes):
    """Every configured content provider; one that breaks the interface is logged and left out."""
    providers = []
    for provider in collect(registry.plugins.hook.register_content_providers, settings=settings, sandboxes=sandboxes):
        try:
            verifyObject(IContentProvider, provider)
        except Exception as error:  # noqa: BLE001 - a broken plugin must not stop the portal
            log.error("content provider %r does not implement IContentProvider and is skipped: %s", provider, error)
            continue
        providers.append(provider)
    return providers


def includeme(config):
    settings = config.get_settings()
    sandboxes = sandboxes_for(config.registry, settings)
    config.registry["vendors.sandboxes"] = sandboxes
    for name, app in sandboxes.items():
        config.add_route(f"sandbox_{name}", f"/sandbox/{name}/*subpath")
        config.add_view(wsgiapp2(app.app), route_name=f"sandbox_{name}", require_csrf=False)
    directory = VendorDirectory(providers_for(config.registry, settings, sandboxes))
    config.register_service(directory, VendorDirectory)
    for provider in directory.all():
        config.register_service(provider, IContentProvider, name=provider.name)
