"""Registers the theme through the portal's theme hook."""

import os

from ebiblio_portal import hookimpl
from ebiblio_portal.themes import Theme

HERE = os.path.dirname(os.path.abspath(__file__))

THEME = Theme(
    name="kauniainen",
    title="Kauniainen – Grankulla",
    municipality_code="235",
    tokens={
        "color-background": "#ffffff",
        "color-text": "#1b1b1b",
        "color-primary": "#0b4f3c",
        "color-on-primary": "#ffffff",
        "color-accent": "#7a2e0e",
        "color-muted": "#4d4d4d",
        "color-surface": "#eef5f1",
        "color-focus": "#b45309",
        "radius": "0.25rem",
    },
    fonts=("Source Sans 3", "system-ui", "sans-serif"),
    logo="/theme-static/kauniainen/logo.svg",
    hero_image=None,
    static_dir=os.path.join(HERE, "static"),
    template_dir=os.path.join(HERE, "templates"),
)


@hookimpl
def register_themes(settings):
    return [THEME]
