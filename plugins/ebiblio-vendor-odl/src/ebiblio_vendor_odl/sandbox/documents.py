"""The JSON documents the sandbox distributor serves, in the strict or the bent dialect.

The strict dialect follows OPDS 2.0, ODL 1.0 and the Readium LCP License
Status Document. The bent ("lenient") dialect is what a real Finnish
distributor sends: numbers and booleans as strings, ``max_checkout_length``
for ``length``, ``format`` as an array, ``checkout``/``status`` as link
relations and status documents without ``message``, ``updated`` or ``events``.
"""

from __future__ import annotations

import functools

from .catalogue import AUDIOBOOK

FEED_TYPE = "application/opds+json"
PUBLICATION_TYPE = "application/opds-publication+json"
INFO_TYPE = "application/vnd.odl.info+json"
STATUS_TYPE = "application/vnd.readium.license.status.v1.0+json"
LCP_TYPE = "application/vnd.readium.lcp.license.v1.0+json"
CHECKOUT_TEMPLATE = "{?id,checkout_id,patron_id,expires,passphrase,hint,hint_url,notification_url}"
BORROW_REL = "http://opds-spec.org/acquisition/borrow"


def stamp(moment):
    """ISO 8601 in UTC with a Z."""
    return moment.isoformat().replace("+00:00", "Z")


@functools.lru_cache(maxsize=512)
def _license_stamp(moment):
    # License dates come from a few dozen values; formatting each once keeps big feeds cheap.
    return stamp(moment)


def _protection(lenient, audiobook):
    def flag(value):
        return ("true" if value else "false") if lenient else value

    return {
        "format": [LCP_TYPE],
        "devices": _number(6, lenient),
        "copy": flag(False),
        "print": flag(False),
        "tts": flag(not audiobook),
    }


def _number(value, lenient):
    return str(value) if lenient else value


def _people(people):
    return [{"name": name, "sortAs": sort_as} for name, sort_as in people]


def publication(title, base, counts, lenient, modified, withdrawn=False):
    """One OPDS 2.0 publication with its ODL licenses; ``counts`` maps a license id to ``(left, available, status)``."""
    key = title.key
    metadata = {
        "@type": "http://schema.org/Audiobook" if title.medium == "audiobook" else "http://schema.org/Book",
        "identifier": key,
        "title": title.title,
        "author": _people(title.authors),
        "language": title.language,
        "publisher": {"name": title.publisher},
        "published": title.published,
        "modified": stamp(modified),
        "subject": [
            {"scheme": scheme, "code": code, "name": name} if code else {"scheme": scheme, "name": name}
            for scheme, code, name in title.subjects
        ],
        "description": title.description,
    }
    if title.subtitle:
        metadata["subtitle"] = title.subtitle
    if title.translators:
        metadata["translator"] = _people(title.translators)
    if title.narrators:
        metadata["narrator"] = _people(title.narrators)
    if title.series:
        metadata["belongsTo"] = {"series": [{"name": title.series[0], "position": _number(title.series[1], lenient)}]}
    if title.duration:
        metadata["duration"] = _number(title.duration, lenient)
    if title.pages:
        metadata["numberOfPages"] = _number(title.pages, lenient)
    if title.medium == "audiobook":
        metadata["conformsTo"] = "https://readium.org/webpub-manifest/profiles/audiobook"
    links = [
        {"rel": "self", "href": f"{base}publications/{key}", "type": PUBLICATION_TYPE},
        {"rel": "preview", "href": f"{base}samples/{title.isbn}.html", "type": "text/html"},
    ]
    document = {
        "metadata": metadata,
        "links": links,
        "images": [
            {"href": f"{base}covers/{title.isbn}.svg", "type": "image/svg+xml", "width": 300, "height": 450},
            {"href": f"{base}covers/{title.isbn}.png", "type": "image/png", "width": 30, "height": 45},
        ],
        "licenses": []
        if withdrawn
        else [_license(spec, title, base, counts[spec.identifier], lenient) for spec in title.licenses],
    }
    return document


def _terms(spec, lenient):
    terms = {"concurrency": _number(spec.concurrency, lenient)}
    if spec.checkouts is not None:
        terms["checkouts"] = _number(spec.checkouts, lenient)
    if spec.expires is not None:
        terms["expires"] = _license_stamp(spec.expires)
    terms["max_checkout_length" if lenient else "length"] = _number(spec.length, lenient)
    return terms


def _format(title, lenient):
    return [title.format] if lenient else title.format


def _license(spec, title, base, counts, lenient):
    left, available, status = counts
    live = {"available": _number(available, lenient)}
    if left is not None:
        live["left"] = _number(left, lenient)
    return {
        "metadata": {
            "identifier": spec.identifier,
            "format": _format(title, lenient),
            "created": _license_stamp(spec.created),
            "status": status,
            "terms": _terms(spec, lenient),
            "checkouts": live,
            "protection": _PROTECTION[lenient, title.format == AUDIOBOOK],
        },
        "links": [
            {
                "rel": "checkout" if lenient else BORROW_REL,
                "href": f"{base}licenses/{spec.identifier}/checkout{CHECKOUT_TEMPLATE}",
                "type": STATUS_TYPE,
                "templated": "true" if lenient else True,
            },
            {"rel": "status" if lenient else "self", "href": f"{base}licenses/{spec.identifier}", "type": INFO_TYPE},
        ],
    }


_PROTECTION = {(lenient, audio): _protection(lenient, audio) for lenient in (False, True) for audio in (False, True)}


def info_document(spec, title, state, lenient, now):
    """The License Info Document of one license."""
    checkouts = {
        "available": _number(state.available, lenient),
        "active": sorted(state.active),
    }
    if state.left is not None:
        checkouts["left"] = _number(state.left, lenient)
    return {
        "identifier": spec.identifier,
        "status": state.status(now),
        "format": _format(title, lenient),
        "created": stamp(spec.created),
        "terms": _terms(spec, lenient),
        "checkouts": checkouts,
    }


def status_document(loan, base, lenient):
    """The Readium LCP License Status Document of a loan."""
    loan_url = f"{base}loans/{loan.identifier}"
    document = {
        "id": loan.identifier,
        "status": loan.status,
        "links": [
            {"rel": "self", "href": loan_url, "type": STATUS_TYPE},
            {"rel": "license", "href": f"{loan_url}/license", "type": LCP_TYPE},
        ],
        "potential_rights": {"end": stamp(loan.end)},
    }
    if loan.live:
        templated = "true" if lenient else True
        document["links"].append(
            {"rel": "return", "href": f"{loan_url}/return{{?id,name}}", "type": STATUS_TYPE, "templated": templated}
        )
        document["links"].append(
            {"rel": "renew", "href": f"{loan_url}/renew{{?end,id,name}}", "type": STATUS_TYPE, "templated": templated}
        )
    if not lenient:
        document["message"] = _MESSAGES[loan.status]
        document["updated"] = {"license": stamp(loan.issued), "status": stamp(loan.status_updated)}
        document["events"] = [
            {**event, "timestamp": stamp(event["timestamp"]), "id": f"{loan.identifier}-{n}"}
            for n, event in enumerate(loan.events)
        ]
    return document


_MESSAGES = {
    "ready": "The license is ready to be fetched.",
    "active": "The license is in use.",
    "returned": "The license has been returned.",
    "cancelled": "The license was returned before it was used.",
    "expired": "The loan period has ended.",
    "revoked": "The license has been revoked.",
}


def lcp_license(loan, title, base):
    """A stand-in Readium LCP license: the right shape, no real encryption."""
    return {
        "id": loan.identifier,
        "issued": stamp(loan.issued),
        "updated": stamp(loan.status_updated),
        "provider": base,
        "encryption": {
            "profile": "http://readium.org/lcp/basic-profile",
            "content_key": {"algorithm": "http://www.w3.org/2001/04/xmlenc#aes256-cbc", "encrypted_value": ""},
            "user_key": {"algorithm": "http://www.w3.org/2001/04/xmlenc#sha256", "text_hint": "Kirjastokorttisi PIN"},
        },
        "links": [
            {"rel": "publication", "href": f"{base}content/{title.isbn}", "type": title.format},
            {"rel": "status", "href": f"{base}loans/{loan.identifier}", "type": STATUS_TYPE},
        ],
        "rights": {"start": stamp(loan.issued), "end": stamp(loan.end)},
    }


def problem(status, type_, title, detail=""):
    body = {"type": type_, "title": title, "status": status}
    if detail:
        body["detail"] = detail
    return body
