"""Themes: the national look and municipal ones, contributed by plugins through ``register_themes``.

A theme whose colours fail WCAG AA contrast is refused at start-up (``contrast``). Which look a page
wears, and where its stylesheet is, is decided per request (``selection``); municipal staff choose
and adjust their municipality's theme in the staff area (``staff``, included after ``.admin``).
"""

import logging

from zope.interface.verify import verifyObject

from ..interfaces import ITheme
from ..plugins import FailedPlugin, collect
from .folders import SkippedFolder
from .looks import theme_failures
from .services import ThemeRegistry, tokens_css
from .theme import Theme  # noqa: F401 - for theme plugins

log = logging.getLogger(__name__)


def theme_css_view(request):
    theme = request.find_service(ThemeRegistry).get(request.matchdict["name"])
    if theme is None:
        request.response.status = 404
        request.response.text = "/* unknown theme */"
    else:
        request.response.text = tokens_css(theme)
    request.response.content_type = "text/css"
    request.response.cache_control = "public, max-age=300"
    return request.response


def accepted_themes(config):
    """The contributed themes that are themes and pass contrast; the refused ones are logged and listed."""
    settings = config.get_settings()
    manager = config.registry.plugins
    themes, refused = [], []
    for theme in collect(manager.hook.register_themes, settings=settings):
        if isinstance(theme, SkippedFolder):
            # Already logged by the folder loader; `ebiblio plugins` lists it too.
            getattr(manager, "failed_plugins", []).append(
                FailedPlugin(f"theme folder {theme.path}", f"skipped: {theme.reason}")
            )
            continue
        try:
            verifyObject(ITheme, theme)
        except Exception as error:  # noqa: BLE001 - a broken theme must not stop the portal
            log.error("theme %r does not implement ITheme and is skipped: %s", theme, error)
            continue
        failed = theme_failures(theme)
        if failed:
            reason = "; ".join(failure.describe() for failure in failed)
            log.error("theme %r refused: %s", theme.name, reason)
            refused.append((theme.name, reason))
            # `ebiblio plugins` lists it with the plugins that failed to load.
            getattr(manager, "failed_plugins", []).append(FailedPlugin(f"theme {theme.name}", f"refused: {reason}"))
            continue
        themes.append(theme)
    return themes, refused


def includeme(config):
    themes, refused = accepted_themes(config)
    registry = ThemeRegistry(themes, refused)
    config.register_service(registry, ThemeRegistry)
    for theme in themes:
        if theme.static_dir:
            config.add_static_view(f"theme-static/{theme.name}", theme.static_dir, cache_max_age=3600)
        if theme.template_dir:
            # Theme blocks live under theme/<name>/ so themes never shadow the core's templates.
            config.add_jinja2_search_path(theme.template_dir, name=".jinja2")
    config.add_route("theme_css", "/theme/{name}.css")
    config.add_view(theme_css_view, route_name="theme_css", request_method="GET")
    config.add_route("municipality_theme_css", r"/theme/kunta/{code:\d{3}}/{version:[0-9a-f]{12}}.css")
    config.include(".selection")
