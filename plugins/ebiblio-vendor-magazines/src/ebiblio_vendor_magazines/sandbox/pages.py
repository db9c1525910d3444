"""What the sandbox draws: issue covers (SVG) and the replica reader (HTML with SVG pages)."""

from __future__ import annotations

from html import escape

PAGE_WIDTH, PAGE_HEIGHT = 420, 594


def cover_svg(issue, toc):
    """A cover for ``issue``: the periodical's colour and name, the issue number and three headlines."""
    periodical = issue.periodical
    headlines = "".join(
        f'<text x="24" y="{380 + 34 * n}" font-size="17" fill="#fff">{escape(title)}</text>'
        for n, title in enumerate(toc[:3])
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{PAGE_WIDTH}" height="{PAGE_HEIGHT}" '
        f'viewBox="0 0 {PAGE_WIDTH} {PAGE_HEIGHT}" role="img" '
        f'aria-label="{escape(periodical.title)} {escape(issue.name)}">'
        f'<rect width="100%" height="100%" fill="{periodical.colour}"/>'
        f'<rect x="0" y="0" width="100%" height="96" fill="#000" fill-opacity="0.25"/>'
        f'<text x="24" y="62" font-family="Georgia, serif" font-size="34" font-weight="bold" fill="#fff">'
        f"{escape(periodical.title)}</text>"
        f'<text x="{PAGE_WIDTH - 24}" y="130" text-anchor="end" font-size="20" fill="#fff">{escape(issue.name)}</text>'
        f'<circle cx="{PAGE_WIDTH // 2}" cy="250" r="90" fill="#fff" fill-opacity="0.18"/>'
        f"{headlines}</svg>"
    )


def page_svg(issue, toc, number):
    """Page ``number`` of ``issue``: the cover, the contents, or an article page."""
    if number == 1:
        return cover_svg(issue, toc)
    if number == 2:
        heading = {"sv": "Innehåll", "en": "Contents"}.get(issue.periodical.language, "Sisällys")
        lines = [f"{n * 4 + 4}  {title}" for n, title in enumerate(toc)]
    else:
        heading = toc[(number - 3) % len(toc)] if toc else issue.periodical.title
        lines = ["—" * 30] * 12
    body = "".join(
        f'<text x="32" y="{130 + 30 * n}" font-size="15" fill="#333">{escape(line)}</text>'
        for n, line in enumerate(lines)
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{PAGE_WIDTH}" height="{PAGE_HEIGHT}" '
        f'viewBox="0 0 {PAGE_WIDTH} {PAGE_HEIGHT}" role="img" aria-label="{number}">'
        f'<rect width="100%" height="100%" fill="#fdfcf8"/>'
        f'<text x="32" y="80" font-family="Georgia, serif" font-size="24" fill="#111">{escape(heading)}</text>'
        f"{body}"
        f'<text x="{PAGE_WIDTH // 2}" y="{PAGE_HEIGHT - 24}" text-anchor="middle" font-size="12" fill="#777">'
        f"{escape(issue.periodical.title)} {escape(issue.name)} · {number}</text></svg>"
    )


def reader_html(issue, toc, number, link_to):
    """The reader page showing page ``number``; ``link_to(n)`` is the signed URL of page ``n``."""
    previous = f'<a rel="prev" href="{escape(link_to(number - 1))}">‹</a>' if number > 1 else ""
    following = f'<a rel="next" href="{escape(link_to(number + 1))}">›</a>' if number < issue.page_count else ""
    title = f"{issue.periodical.title} {issue.name}"
    return (
        f'<!DOCTYPE html><html lang="{escape(issue.periodical.language)}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title>"
        "<style>body{margin:0;background:#333;color:#eee;font-family:sans-serif;text-align:center}"
        "nav{padding:8px}nav a{color:#fff;font-size:2em;margin:0 1em;text-decoration:none}"
        "svg{max-width:100%;height:auto;background:#fff}</style></head><body>"
        f"<h1>{escape(title)}</h1>"
        f'<nav aria-label="pages">{previous}<span class="page">{number} / {issue.page_count}</span>{following}</nav>'
        f'<main class="replica-page" data-page="{number}">{page_svg(issue, toc, number)}</main>'
        "</body></html>"
    )


def refusal_html(reason):
    """The page a tampered or expired reader link gets."""
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Forbidden</title></head>'
        f"<body><h1>Forbidden</h1><p>{escape(reason)}</p></body></html>"
    )
