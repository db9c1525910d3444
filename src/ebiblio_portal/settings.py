"""Reading and checking the portal's settings.

Every setting the core or a plugin reads is declared (``values.Setting``) and
checked here at start-up, so a missing or malformed setting stops the portal
with a message that names the setting and the file it came from.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

LANGUAGES = ("fi", "sv", "en")
_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0", ""}


class SettingsError(Exception):
    """A setting is missing or malformed; the message names it and its file."""


def _source(settings):
    return settings.get("__file__") or "the settings"


def as_bool(value):
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"expected true or false, got {value!r}")


def as_list(value):
    if value is None:
        return None
    if isinstance(value, list | tuple | set):
        return list(value)
    items = [item for item in str(value).replace(",", " ").split() if item]
    return items or None


def _check_url(value):
    if value == "sandbox":  # a plugin's sandbox vendor, in process; refused unless ebiblio.sandbox is on
        return value
    parts = urlsplit(str(value))
    if not parts.scheme:
        raise ValueError(f"expected a URL such as sqlite:///var/ebiblio.sqlite, got {value!r}")
    return str(value)


def _check_secret(value):
    return str(value)


def _check_key(value):
    if len(str(value)) < 32:
        raise ValueError("must be at least 32 characters long")
    return str(value)


def _check_language(value):
    if value not in LANGUAGES:
        raise ValueError(f"expected one of {', '.join(LANGUAGES)}, got {value!r}")
    return value


def _check_int(value):
    try:
        return int(str(value).strip())
    except ValueError:
        raise ValueError(f"expected a whole number, got {value!r}") from None


_KINDS = {
    "str": str,
    "bool": as_bool,
    "int": _check_int,
    "url": _check_url,
    "secret": _check_secret,
    "key": _check_key,
    "list": as_list,
    "language": _check_language,
}


def check(settings, declared):
    """Return ``settings`` with the declared settings typed, defaults filled and environment overrides applied.

    Raises ``SettingsError`` naming the first bad setting and the file.
    """
    result = dict(settings)
    source = _source(settings)
    problems = []
    for setting in declared:
        value = result.get(setting.name)
        if setting.env and os.environ.get(setting.env):
            value = os.environ[setting.env]
        if value is None or (isinstance(value, str) and not value.strip() and setting.kind != "list"):
            if setting.required:
                hint = f" (or the environment variable {setting.env})" if setting.env else ""
                problems.append(f"setting {setting.name} is missing in {source}{hint}: {setting.help}")
                continue
            result[setting.name] = setting.default
            continue
        checker = _KINDS.get(setting.kind)
        if checker is None:
            raise SettingsError(f"setting {setting.name} declares an unknown kind {setting.kind!r}")
        try:
            result[setting.name] = checker(value.strip() if isinstance(value, str) else value)
        except ValueError as error:
            problems.append(f"setting {setting.name} in {source} is malformed: {error}")
    if problems:
        raise SettingsError("; ".join(problems))
    return result


def redacted(settings, declared):
    """The settings with every secret replaced, for logs and the plugins report."""
    secrets = {setting.name for setting in declared if setting.kind in ("secret", "key")}
    return {
        name: ("***" if name in secrets or "password" in name or "token" in name else value)
        for name, value in settings.items()
        if not name.startswith("__")
    }
