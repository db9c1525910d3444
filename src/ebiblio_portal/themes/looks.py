"""A municipality's look: an installed theme with the colours, font and images its staff chose."""

from __future__ import annotations

import re

from .contrast import COLOUR_TOKENS, failures
from .services import ALLOWED_FONTS
from .theme import Theme

NONE = ""  # a logo or hero choice of "no image"
_HEX6 = re.compile(r"^#[0-9a-f]{6}$")
_FALLBACK_FONTS = ("system-ui", "sans-serif")

# The stylesheets' own values (portal.css :root): what a theme that leaves a colour out gets.
STYLESHEET_DEFAULTS = {
    "color-background": "#ffffff",
    "color-text": "#1a1a1a",
    "color-primary": "#00507a",
    "color-on-primary": "#ffffff",
    "color-accent": "#8a2b62",
    "color-muted": "#595959",
    "color-surface": "#f2f5f7",
    "color-focus": "#c2410c",
}


def colours_of(theme):
    """The colour tokens a page in ``theme`` really shows."""
    return {name: str(theme.tokens.get(name, STYLESHEET_DEFAULTS[name])) for name in COLOUR_TOKENS}


def theme_failures(theme):
    return failures(colours_of(theme))


def starting_choice(theme):
    """A choice that shows ``theme`` as it comes."""
    return {
        "theme": theme.name,
        "tokens": {},
        "font": theme.fonts[0] if theme.fonts and theme.fonts[0] in ALLOWED_FONTS else "system-ui",
        "logo": theme.logo or NONE,
        "hero": theme.hero_image or NONE,
    }


def apply(registry, code, choice):
    """The ``Theme`` that ``choice`` makes for municipality ``code``.

    None when its theme is not installed (any more) or is not allowed for the municipality.
    """
    if not isinstance(choice, dict):
        return None
    base = registry.get(choice.get("theme"))
    if base is None or base.municipality_code not in (None, code):
        return None
    tokens = dict(base.tokens)
    for name, value in (choice.get("tokens") or {}).items():
        if name in COLOUR_TOKENS and isinstance(value, str) and _HEX6.match(value):
            tokens[name] = value
    font = choice.get("font")
    fonts = (font, *(f for f in _FALLBACK_FONTS if f != font)) if font in ALLOWED_FONTS else tuple(base.fonts)
    logos, heroes = _choices(base, "logo"), _choices(base, "hero")
    logo = choice.get("logo") if choice.get("logo") in logos else None
    hero = choice.get("hero") if choice.get("hero") in heroes else None
    return Theme(
        name=base.name,
        title=base.title,
        municipality_code=base.municipality_code,
        tokens=tokens,
        fonts=fonts,
        logo=logo,
        hero_image=hero,
        static_dir=base.static_dir,
        template_dir=base.template_dir,
    )


def _choices(theme, kind):
    """The images of ``kind`` ("logo" or "hero") a theme offers; themes from other plugins offer their own one."""
    method = getattr(theme, f"{kind}_choices", None)
    if callable(method):
        return method()
    single = theme.logo if kind == "logo" else theme.hero_image
    return (single,) if single else ()


def logo_choices(theme):
    return _choices(theme, "logo")


def hero_choices(theme):
    return _choices(theme, "hero")
