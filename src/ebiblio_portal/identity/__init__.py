"""Strong identification providers from plugins (registration itself arrives with the accounts feature)."""

import logging

from zope.interface.verify import verifyObject

from ..interfaces import IIdentityProvider
from ..plugins import collect

log = logging.getLogger(__name__)


class IdentityProviders:
    """Every configured identity provider, by name."""

    def __init__(self, providers):
        self._providers = {provider.name: provider for provider in providers}

    def all(self):
        return list(self._providers.values())

    def get(self, name):
        return self._providers.get(name)


def includeme(config):
    settings = config.get_settings()
    found = []
    for provider in collect(
        config.registry.plugins.hook.register_identity_providers,
        settings=settings,
        sandboxes=config.registry.get("vendors.sandboxes", {}),
    ):
        try:
            verifyObject(IIdentityProvider, provider)
        except Exception as error:  # noqa: BLE001 - a broken plugin must not stop the portal
            log.error("identity provider %r is skipped: %s", provider, error)
            continue
        found.append(provider)
    config.register_service(IdentityProviders(found), IdentityProviders)
