"""The national look: the theme every page falls back to."""

from ..hookspecs import hookimpl
from ..themes.theme import Theme

NATIONAL = Theme(
    name="national",
    title="E-library (national)",
    tokens={
        "color-background": "#ffffff",
        "color-text": "#1a1a1a",
        "color-primary": "#00507a",
        "color-on-primary": "#ffffff",
        "color-accent": "#8a2b62",
        "color-muted": "#595959",
        "color-surface": "#f2f5f7",
        "color-focus": "#c2410c",
        "radius": "0.5rem",
    },
)


@hookimpl
def register_themes(settings):
    return [NATIONAL]
