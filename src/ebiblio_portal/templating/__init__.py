"""Jinja2 templates: theme template blocks first, then the core's, with i18n and formatting helpers."""

import os

from jinja2 import pass_context

from ..i18n import DOMAIN, LANGUAGES, formatting

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pass_context
def _format_date(context, value, format="medium"):
    return formatting.format_date(context.get("request"), value, format)


@pass_context
def _format_number(context, value):
    return formatting.format_number(context.get("request"), value)


def includeme(config):
    settings = config.get_settings()
    settings.setdefault("jinja2.i18n.domain", DOMAIN)
    settings.setdefault("jinja2.autoescape", "true")
    settings.setdefault("jinja2.undefined", "strict")
    settings.setdefault("jinja2.trim_blocks", "true")
    settings.setdefault("jinja2.lstrip_blocks", "true")
    config.include("pyramid_jinja2")
    config.add_jinja2_renderer(".jinja2")
    config.add_jinja2_search_path(os.path.join(HERE, "templates"), name=".jinja2")
    config.add_static_view("static", "ebiblio_portal:static", cache_max_age=3600)

    def register_globals():
        environment = config.get_jinja2_environment(".jinja2")
        environment.filters["format_date"] = _format_date
        environment.filters["format_number"] = _format_number
        environment.globals["LANGUAGES"] = LANGUAGES

    config.action(None, register_globals, order=999)
