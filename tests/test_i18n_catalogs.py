"""The message template is current, and Finnish and Swedish translate every message."""

import pathlib
import subprocess
import sys

from babel.messages.pofile import read_po

ROOT = pathlib.Path(__file__).parents[1]
LOCALES = ROOT / "locales" / "ebiblio_locales"


def msgids(catalog):
    return {message.id if isinstance(message.id, str) else message.id[0] for message in catalog if message.id}


def read(path, locale=None):
    with open(path, "rb") as handle:
        return read_po(handle, locale=locale)


def test_the_template_is_not_stale(tmp_path):
    fresh = tmp_path / "fresh.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            str(ROOT / "locales" / "babel.cfg"),
            "-o",
            str(fresh),
            "--no-location",
            "--sort-output",
            "src",
            "plugins",
            "themes",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    assert msgids(read(fresh)) == msgids(read(LOCALES / "ebiblio_portal.pot")), "run 'make extract' and translate"


def test_finnish_and_swedish_translate_every_message():
    template = msgids(read(LOCALES / "ebiblio_portal.pot"))
    for language in ("fi", "sv"):
        catalog = read(LOCALES / language / "LC_MESSAGES" / "ebiblio_portal.po", locale=language)
        translated = {
            (m.id if isinstance(m.id, str) else m.id[0])
            for m in catalog
            if m.id and (all(m.string) if isinstance(m.string, tuple) else m.string) and not m.fuzzy
        }
        assert template - translated == set(), f"{language} lacks translations"
    english = msgids(read(LOCALES / "en" / "LC_MESSAGES" / "ebiblio_portal.po", locale="en"))
    assert template <= english
