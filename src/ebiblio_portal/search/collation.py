"""Sort keys in Finnish and Swedish alphabetical order, stored at sync time.

Both alphabets end in å, ä, ö (after z); w and v, ü and y are letters of their own in current
Finnish collation. Latin letters become ASCII so that byte order ("C" collation, or SQLite's BINARY)
is the right order on every database.
"""

from __future__ import annotations

import re
import unicodedata

# After "z" come "{", "|", "}" in ASCII: å, ä, ö in that order; æ and ø sort as ä and ö.
LAST_LETTERS = {"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}", "ü": "y", "ß": "ss", "þ": "th", "ð": "d"}
SPACES = re.compile(r"\s+")


def sort_key(text):
    """A key that sorts ``text`` in Finnish/Swedish alphabetical order: "Åsa" after "Zorro", "Ö" last."""
    key = []
    for char in unicodedata.normalize("NFC", (text or "").casefold()):
        if char in LAST_LETTERS:
            key.append(LAST_LETTERS[char])
            continue
        base = unicodedata.normalize("NFKD", char)[0]
        if base.isascii() and base.isalnum():
            key.append(base)
        elif char.isspace():
            key.append(" ")
        elif char.isalnum():
            key.append(char)  # other scripts: after the Latin alphabet, in code point order
    return SPACES.sub(" ", "".join(key)).strip()
