"""Generated SVG covers: the title and author on a colour of their own."""

from __future__ import annotations

import colorsys
import hashlib
import struct
import textwrap
import zlib
from xml.sax.saxutils import escape


def _hue(title):
    return int(hashlib.sha1(title.isbn.encode(), usedforsecurity=False).hexdigest()[:4], 16) % 360


def cover_svg(title):
    """A 300x450 SVG cover for a sandbox title, deterministic by its ISBN."""
    hue = _hue(title)
    lines = textwrap.wrap(title.title, 16)[:5] or [title.title[:16]]
    author = title.authors[0][0] if title.authors else ""
    text = "".join(
        f'<text x="150" y="{120 + 40 * n}" font-size="28" text-anchor="middle" fill="#fff">{escape(line)}</text>'
        for n, line in enumerate(lines)
    )
    badge = "🎧 " if title.medium == "audiobook" else ""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="450" viewBox="0 0 300 450" role="img"'
        f' aria-label="{escape(title.title, {chr(34): "&quot;"})}">'
        f'<rect width="300" height="450" fill="hsl({hue},45%,32%)"/>'
        f'<rect x="16" y="16" width="268" height="418" fill="none" stroke="hsl({hue},60%,75%)" stroke-width="3"/>'
        f"{text}"
        f'<text x="150" y="400" font-size="18" text-anchor="middle" fill="hsl({hue},60%,85%)">'
        f"{escape(badge + author)}</text></svg>"
    )
    return svg.encode("utf-8")


def cover_png(title, width=30, height=45):
    """A small one-colour PNG thumbnail in the cover's colour (OPDS wants one raster image)."""
    red, green, blue = (round(c * 255) for c in colorsys.hls_to_rgb(_hue(title) / 360, 0.32, 0.45))
    row = b"\x00" + bytes((red, green, blue)) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunks = (_chunk(b"IHDR", header), _chunk(b"IDAT", zlib.compress(row * height)), _chunk(b"IEND", b""))
    return b"\x89PNG\r\n\x1a\n" + b"".join(chunks)


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
