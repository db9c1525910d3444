"""Finding the theme to use and turning its design tokens into CSS."""

from __future__ import annotations

import re

# Token names and values go into a stylesheet; nothing that could end a rule may pass.
_NAME = re.compile(r"^[a-z][a-z0-9-]{0,40}$")
_VALUE = re.compile(r"^[#(),.%\w\s'\"-]{1,200}$")
_PATH = re.compile(r"^/[\w./-]{1,200}$")

ALLOWED_FONTS = (
    "system-ui",
    "Atkinson Hyperlegible",
    "Inter",
    "Source Sans 3",
    "Noto Sans",
    "Georgia",
    "serif",
    "sans-serif",
)


class ThemeRegistry:
    """Every installed theme, by name and by municipality."""

    def __init__(self, themes, refused=()):
        self.refused = list(refused)  # (name, reason) of themes refused at start-up
        self._by_name = {theme.name: theme for theme in themes}
        self._by_municipality = {theme.municipality_code: theme for theme in themes if theme.municipality_code}
        nationals = [theme for theme in themes if theme.municipality_code is None]
        self._national = nationals[-1] if nationals else None

    def all(self):
        return list(self._by_name.values())

    def get(self, name):
        return self._by_name.get(name)

    def national(self):
        return self._national

    def allowed_for(self, code):
        """The themes a municipality may wear: the national ones and those made for it."""
        return [theme for theme in self._by_name.values() if theme.municipality_code in (None, code)]

    def for_municipality(self, code, chosen=None):
        """The municipality's chosen theme, else one made for it, else the national one (a removed theme falls back)."""
        return self._by_name.get(chosen) or self._by_municipality.get(code) or self._national


def tokens_css(theme):
    lines = [":root {"]
    for name, value in sorted(theme.tokens.items()):
        if _NAME.match(name) and _VALUE.match(str(value)):
            lines.append(f"  --{name}: {value};")
    # The hero image goes through the stylesheet: an inline style attribute would break the CSP.
    if theme.hero_image and _PATH.match(theme.hero_image):
        lines.append(f'  --hero-image: url("{theme.hero_image}");')
    fonts = [font for font in theme.fonts if font in ALLOWED_FONTS]
    if fonts:
        lines.append("  --font-body: " + ", ".join(f'"{font}"' if " " in font else font for font in fonts) + ";")
    lines.append("}")
    return "\n".join(lines) + "\n"
