"""Looking up services outside a request (commands, background work)."""

import types

from pyramid_services import find_service_factory


def lookup(registry, iface, name=""):
    """The singleton service registered for ``iface`` (and ``name``) on ``registry``."""
    factory = find_service_factory(types.SimpleNamespace(registry=registry), iface, None, name)
    return factory(None, None)
