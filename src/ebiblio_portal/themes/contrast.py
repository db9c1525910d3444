"""WCAG 2.1 contrast of a theme's colours, for the colour pairs the portal's stylesheets really use."""

from __future__ import annotations

import dataclasses
import math
import re

from ..i18n import _

NORMAL_TEXT = 4.5  # WCAG 1.4.3 (AA), text below 18pt / 14pt bold
LARGE_TEXT = 3.0  # WCAG 1.4.3 (AA), text of at least 18pt / 14pt bold
NON_TEXT = 3.0  # WCAG 1.4.11 (AA), controls, borders and focus indicators

COLOUR_TOKENS = (
    "color-background",
    "color-text",
    "color-primary",
    "color-on-primary",
    "color-accent",
    "color-muted",
    "color-surface",
    "color-focus",
)
_HEX = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


@dataclasses.dataclass(frozen=True)
class Pair:
    """Foreground on background, each a colour token or a fixed colour the stylesheets use."""

    foreground: str
    background: str
    minimum: float
    label: object  # translatable: "text on background"


# From static/css/*.css: where a token's colour is drawn on another's.
PAIRS = (
    Pair("color-text", "color-background", NORMAL_TEXT, _("text on background")),
    Pair("color-text", "color-surface", NORMAL_TEXT, _("text on surface")),
    # Form fields and buttons have a fixed white background or text (accounts.css, portal.css).
    Pair("color-text", "#ffffff", NORMAL_TEXT, _("text in form fields")),
    Pair("color-muted", "color-background", NORMAL_TEXT, _("muted text on background")),
    Pair("color-muted", "color-surface", NORMAL_TEXT, _("muted text on surface")),
    Pair("color-primary", "color-background", NORMAL_TEXT, _("links on background")),
    Pair("color-primary", "color-surface", NORMAL_TEXT, _("links on surface")),
    Pair("color-on-primary", "color-primary", NORMAL_TEXT, _("header text on primary")),
    Pair("#ffffff", "color-accent", NORMAL_TEXT, _("button text on accent")),
    Pair("#a30000", "color-background", NORMAL_TEXT, _("error text on background")),
    Pair("color-focus", "color-background", NON_TEXT, _("focus ring on background")),
    Pair("color-accent", "color-surface", NON_TEXT, _("notice border on surface")),
)


@dataclasses.dataclass(frozen=True)
class Failure:
    pair: Pair
    foreground: str
    background: str
    ratio: float | None  # None: a colour that is not #rgb or #rrggbb

    def shown_ratio(self):
        """The ratio to two decimals, never rounded up to the minimum it fails."""
        shown = round(self.ratio, 2)
        if shown >= self.pair.minimum:
            shown = math.floor(self.ratio * 100) / 100
        return shown

    def describe(self):
        """English, for logs: "text #777777 on background #ffffff is 4.48:1, needs 4.5:1"."""
        if self.ratio is None:
            colours = f"{self.pair.foreground} {self.foreground!r} or {self.pair.background} {self.background!r}"
            return f"{colours} is not a #rrggbb colour"
        return (
            f"{_name(self.pair.foreground)} {self.foreground} on {_name(self.pair.background)} {self.background} "
            f"is {self.shown_ratio():.2f}:1, needs {self.pair.minimum:g}:1"
        )


def _name(token):
    return token.removeprefix("color-") if token.startswith("color-") else FIXED.get(token, token)


FIXED = {"#ffffff": "white", "#a30000": "error red"}


def parse(colour):
    """(r, g, b) in 0..255 of ``#rgb`` or ``#rrggbb``, or None."""
    match = _HEX.match(str(colour).strip())
    if match is None:
        return None
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return tuple(int(digits[i : i + 2], 16) for i in (0, 2, 4))


def relative_luminance(rgb):
    """WCAG 2.1 relative luminance of an sRGB colour."""

    def channel(value):
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first, second):
    """WCAG contrast ratio of two colours (``#rrggbb``), from 1 to 21."""
    lighter, darker = sorted((relative_luminance(parse(first)), relative_luminance(parse(second))), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def failures(tokens, pairs=PAIRS):
    """The pairs whose colours in ``tokens`` fall short of their minimum contrast, in order."""
    found = []
    for pair in pairs:
        foreground = _colour(tokens, pair.foreground)
        background = _colour(tokens, pair.background)
        if parse(foreground) is None or parse(background) is None:
            found.append(Failure(pair, foreground, background, None))
            continue
        ratio = contrast_ratio(foreground, background)
        if ratio < pair.minimum:
            found.append(Failure(pair, foreground.lower(), background.lower(), ratio))
    return found


def _colour(tokens, name):
    return name if name.startswith("#") else str(tokens.get(name, ""))
