"""Finding and loading plugins: the core's defaults, then the installed entry points."""

from __future__ import annotations

import dataclasses
import importlib
import importlib.metadata
import logging

import pluggy

from . import hookspecs

ENTRY_POINT_GROUP = "ebiblio_portal"

# The core's own defaults are plugins on the same hooks as everybody else's.
DEFAULT_PLUGINS = (
    "ebiblio_portal.defaults.core_settings",
    "ebiblio_portal.defaults.circulation_rules",
    "ebiblio_portal.defaults.curation_rules",
    "ebiblio_portal.defaults.national_theme",
    "ebiblio_portal.defaults.folder_themes",
)

log = logging.getLogger(__name__)


@dataclasses.dataclass
class FailedPlugin:
    name: str
    error: str


class PluginLoadError(Exception):
    """A plugin implements a hook that does not exist (usually a misspelling)."""


def make_plugin_manager(allow=None, entry_points=True, extra=()):
    """Return a plugin manager with the defaults, the allowed entry points and ``extra`` registered.

    ``allow`` is a set of entry-point names, or None for all. A plugin that
    fails to import is logged and skipped; the list is kept on
    ``manager.failed_plugins``.
    """
    manager = pluggy.PluginManager(ENTRY_POINT_GROUP)
    manager.add_hookspecs(hookspecs)
    manager.failed_plugins = []
    for dotted in DEFAULT_PLUGINS:
        manager.register(importlib.import_module(dotted), name=dotted)
    if entry_points:
        for entry_point in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
            if allow is not None and entry_point.name not in allow:
                log.info("plugin %s is installed but not in ebiblio.plugins; not loaded", entry_point.name)
                continue
            if manager.has_plugin(entry_point.name):
                continue
            try:
                plugin = entry_point.load()
            except Exception as error:  # noqa: BLE001 - any import failure must not stop the portal
                log.error("plugin %s failed to load and is skipped: %s", entry_point.name, error)
                manager.failed_plugins.append(FailedPlugin(entry_point.name, f"{type(error).__name__}: {error}"))
                continue
            _register(manager, plugin, entry_point.name)
    for plugin in extra:
        _register(manager, plugin, None)
    try:
        manager.check_pending()
    except pluggy.PluginValidationError as error:
        raise PluginLoadError(f"plugin {manager.get_name(error.plugin)}: {error}") from error
    return manager


def _register(manager, plugin, name):
    try:
        manager.register(plugin, name=name)
    except pluggy.PluginValidationError as error:
        # A hook implementation whose arguments the hook does not have: a programming error, said plainly.
        raise PluginLoadError(f"plugin {name or plugin!r}: {error}") from error


def plugin_names(manager):
    """Names of the registered plugins that are not the core's defaults."""
    return sorted(name for name, _plugin in manager.list_name_plugin() if name and name not in DEFAULT_PLUGINS)


def collect(hook, **kwargs):
    """Call a ``register_*`` hook and flatten the lists every plugin returned."""
    found = []
    for answer in hook(**kwargs):
        found.extend(answer or ())
    return found
