"""Themes: the national look and municipal ones, contributed by plugins through ``register_themes``."""

import logging

from zope.interface.verify import verifyObject

from ..interfaces import ITheme
from ..plugins import collect
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


def includeme(config):
    settings = config.get_settings()
    themes = []
    for theme in collect(config.registry.plugins.hook.register_themes, settings=settings):
        try:
            verifyObject(ITheme, theme)
        except Exception as error:  # noqa: BLE001 - a broken theme must not stop the portal
            log.error("theme %r does not implement ITheme and is skipped: %s", theme, error)
            continue
        themes.append(theme)
    registry = ThemeRegistry(themes)
    config.register_service(registry, ThemeRegistry)
    for theme in themes:
        if theme.static_dir:
            config.add_static_view(f"theme-static/{theme.name}", theme.static_dir, cache_max_age=3600)
        if theme.template_dir:
            # Theme blocks live under theme/<name>/ so themes never shadow the core's templates.
            config.add_jinja2_search_path(theme.template_dir, name=".jinja2")
    config.add_route("theme_css", "/theme/{name}.css")
    config.add_view(theme_css_view, route_name="theme_css", request_method="GET")
    config.add_request_method(current_theme, "theme", reify=True)


def current_theme(request):
    """The theme of this page: the municipality's page, else the patron's home municipality, else national."""
    registry = request.find_service(ThemeRegistry)
    municipality = getattr(request, "page_municipality", None)
    if municipality is not None:
        return registry.for_municipality(municipality.code, municipality.theme_name)
    return registry.national()
