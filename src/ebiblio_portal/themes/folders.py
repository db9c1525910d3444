"""Themes as plain folders: a ``theme.json`` with the static files and template blocks beside it.

A folder holds ``theme.json`` (name, title, municipality_code, tokens, fonts, logo, hero and
optionally more ``logos``/``heroes`` a municipality may choose from), ``static/`` for the images
it names and optionally ``templates/theme/<name>/`` for template blocks. A folder without
``theme.json`` is searched one level down, so ``themes/`` itself may be listed.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import re

from .theme import Theme

log = logging.getLogger(__name__)

MANIFEST = "theme.json"
_NAME = re.compile(r"^[a-z][a-z0-9-]{0,40}$")
_CODE = re.compile(r"^\d{3}$")
_IMAGE = re.compile(r"^[\w-]{1,80}\.(svg|png|jpg|jpeg|webp)$")
_KEYS = {"name", "title", "municipality_code", "tokens", "fonts", "logo", "hero", "logos", "heroes"}


class ThemeFolderError(ValueError):
    """A theme folder's ``theme.json`` is missing something or malformed; the message says what."""


@dataclasses.dataclass(frozen=True)
class SkippedFolder:
    """A theme folder that could not be loaded, and why: contributed in place of its theme so that the
    start-up can list it (``ebiblio plugins``) beside the plugins that failed."""

    path: str
    reason: str


def load_folders(folders, skipped=None):
    """The themes of ``folders``; a malformed one is logged, skipped and added to ``skipped`` (a list)."""
    themes = []
    for folder in folders:
        for path in _theme_folders(folder, skipped):
            try:
                themes.append(load_folder(path))
            except ThemeFolderError as error:
                log.error("theme folder %s is skipped: %s", path, error)
                if skipped is not None:
                    skipped.append(SkippedFolder(path, str(error)))
    return themes


def _theme_folders(folder, skipped=None):
    if not os.path.isdir(folder):
        log.error("theme folder %s is skipped: it is not a directory", folder)
        if skipped is not None:
            skipped.append(SkippedFolder(folder, "it is not a directory"))
        return []
    if os.path.isfile(os.path.join(folder, MANIFEST)):
        return [folder]
    return sorted(
        os.path.join(folder, entry)
        for entry in os.listdir(folder)
        if os.path.isfile(os.path.join(folder, entry, MANIFEST))
    )


def load_folder(path):
    """The ``Theme`` of one folder; raises ``ThemeFolderError``."""
    path = os.path.abspath(path)
    try:
        with open(os.path.join(path, MANIFEST), encoding="utf-8") as manifest:
            data = json.load(manifest)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ThemeFolderError(f"{MANIFEST} cannot be read: {error}") from None
    if not isinstance(data, dict):
        raise ThemeFolderError(f"{MANIFEST} must be a JSON object")
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise ThemeFolderError(f"{MANIFEST} has unknown keys: {', '.join(unknown)}")
    name = data.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise ThemeFolderError("name must be lower-case letters, digits and hyphens, e.g. 'my-town'")
    title = data.get("title")
    if not isinstance(title, str) or not 0 < len(title) <= 100:
        raise ThemeFolderError("title must be a text of 1 to 100 characters")
    code = data.get("municipality_code")
    if code is not None and (not isinstance(code, str) or not _CODE.match(code)):
        raise ThemeFolderError("municipality_code must be a three-digit code such as '598', or absent")
    tokens = data.get("tokens", {})
    if not isinstance(tokens, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in tokens.items()):
        raise ThemeFolderError('tokens must be an object of texts, e.g. {"color-primary": "#00507a"}')
    fonts = data.get("fonts", ["system-ui", "sans-serif"])
    if not isinstance(fonts, list) or not fonts or not all(isinstance(f, str) for f in fonts):
        raise ThemeFolderError("fonts must be a list of font names")
    static_dir = os.path.join(path, "static")
    logo, hero = (_image(name, static_dir, data.get(key), key) for key in ("logo", "hero"))
    logos, heroes = (
        tuple(_image(name, static_dir, file, key) for file in _list(data, key)) for key in ("logos", "heroes")
    )
    template_dir = os.path.join(path, "templates")
    return Theme(
        name=name,
        title=title,
        municipality_code=code,
        tokens=dict(tokens),
        fonts=tuple(fonts),
        logo=logo,
        hero_image=hero,
        static_dir=static_dir if os.path.isdir(static_dir) else None,
        template_dir=template_dir if os.path.isdir(template_dir) else None,
        logos=logos,
        heroes=heroes,
    )


def _list(data, key):
    value = data.get(key, [])
    if not isinstance(value, list):
        raise ThemeFolderError(f"{key} must be a list of file names in static/")
    return value


def _image(name, static_dir, file, key):
    """The URL path of an image in the theme's ``static/``, or None."""
    if file is None:
        return None
    if not isinstance(file, str) or not _IMAGE.match(file):
        raise ThemeFolderError(f"{key} must be the file name of an .svg, .png, .jpg or .webp image in static/")
    if not os.path.isfile(os.path.join(static_dir, file)):
        raise ThemeFolderError(f"{key} {file!r} is not in static/")
    return f"/theme-static/{name}/{file}"
