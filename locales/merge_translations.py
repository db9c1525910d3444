"""Merge translations into the fi/sv/en catalogues after ``make extract``.

    python locales/merge_translations.py locales/pending/FEATURE.json [...]

Each JSON file maps an English msgid to {"fi": ..., "sv": ...} (a list of two
strings for a plural). Entries already translated stay as they are unless a
file gives them anew; msgids no longer in the template are dropped. Prints
what is still missing per language.
"""

import json
import os
import sys

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

BASE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ebiblio_locales")
DOMAIN = "ebiblio_portal"


def key(message_id):
    return message_id if isinstance(message_id, str) else message_id[0]


def existing(path, language):
    if not os.path.exists(path):
        return {}
    with open(path, "rb") as handle:
        return {key(m.id): m.string for m in read_po(handle, locale=language) if m.id}


def merge(translations):
    with open(os.path.join(BASE, f"{DOMAIN}.pot"), "rb") as handle:
        template = read_po(handle)
    missing = {}
    for language in ("fi", "sv", "en"):
        path = os.path.join(BASE, language, "LC_MESSAGES", f"{DOMAIN}.po")
        old = existing(path, language)
        catalog = Catalog(
            locale=language,
            domain=DOMAIN,
            project="ebiblio-portal",
            copyright_holder="ebiblio-portal developers",
            fuzzy=False,
        )
        for message in template:
            if not message.id:
                continue
            plural = isinstance(message.id, tuple)
            empty = ("", "") if plural else ""
            given = translations.get(key(message.id), {}).get(language)
            if isinstance(given, list):
                given = tuple(given)
            # English is the source language: an empty string shows the msgid itself.
            string = given or old.get(key(message.id)) or empty
            if language != "en" and not (all(string) if plural else string):
                missing.setdefault(language, []).append(key(message.id))
            catalog.add(message.id, string)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            write_po(handle, catalog, no_location=True, sort_output=True, width=100)
    return missing


def main(paths):
    translations = {}
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            translations.update(json.load(handle))
    missing = merge(translations)
    for language, ids in missing.items():
        print(f"{language}: {len(ids)} untranslated", *ids[:20], sep="\n  ")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
