"""The small part of RFC 6570 URI templates that ODL and LCP links use.

Checkout links are ``...{?id,checkout_id,patron_id,expires,...}``, return
links ``...{?id,name}``: simple ``{var}`` and the form-style ``{?...}`` /
``{&...}`` expressions are enough. Variables without a value are left out.
"""

from __future__ import annotations

import re
from urllib.parse import quote

_EXPRESSION = re.compile(r"\{([?&/]?)([^}]*)\}")


def expand(template, values):
    """Expand ``template`` with ``values`` (a mapping of variable name to value; None means undefined)."""

    def replace(match):
        operator, names = match.group(1), match.group(2)
        pairs = []
        for raw in names.split(","):
            # Modifiers (explode "*", prefix ":n") are not used by ODL; the bare name is.
            name = raw.strip().rstrip("*").split(":", 1)[0]
            value = values.get(name)
            if value is not None:
                pairs.append((name, _encode(value)))
        if not pairs:
            return ""
        if operator == "?":
            return "?" + "&".join(f"{name}={value}" for name, value in pairs)
        if operator == "&":
            return "&" + "&".join(f"{name}={value}" for name, value in pairs)
        if operator == "/":
            return "/" + "/".join(value for _, value in pairs)
        return ",".join(value for _, value in pairs)

    return _EXPRESSION.sub(replace, template)


def _encode(value):
    if value is True or value is False:
        value = "true" if value else "false"
    return quote(str(value), safe="-._~")
