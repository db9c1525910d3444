"""The sandbox magazine vendor as a WSGI app: its JSON API, covers and replica reader.

    GET  /v1/health
    GET  /v1/titles?page_token=
    GET  /v1/issues?since=ISO&page_token=&limit=
    GET  /v1/issues/removed?since=ISO&page_token=
    GET  /v1/issues/<id>
    POST /v1/issues/<id>/reader-links   {"patron": ..., "expires_in": seconds}
    GET  /covers/<id>.svg
    GET  /reader/<id>?patron=&exp=&sig=[&page=]

Every /v1 request needs the ``X-Api-Key`` header.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import re
from urllib.parse import parse_qs, quote, urlencode
from wsgiref.util import application_uri

from . import catalogue, pages
from .archive import IssueArchive

MAX_ISSUES_PER_PAGE = 1000
REMOVED_PER_PAGE = 10_000
TITLES_PER_PAGE = 1000
MAX_LINK_SECONDS = 24 * 3600

_ISSUE_PATH = re.compile(r"^/v1/issues/([^/]+)$")
_READER_LINKS_PATH = re.compile(r"^/v1/issues/([^/]+)/reader-links$")
_COVER_PATH = re.compile(r"^/covers/([^/]+)\.svg$")
_READER_PATH = re.compile(r"^/reader/([^/]+)$")


class BadRequest(Exception):
    """A request the sandbox answers with 400."""


def sign(secret, issue_id, patron, expires):
    """The reader link's signature: HMAC-SHA256 (hex) of ``issue|patron|exp``."""
    return hmac.new(secret, f"{issue_id}|{patron}|{expires}".encode(), hashlib.sha256).hexdigest()


def _iso(moment):
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def _encode_token(*parts):
    return base64.urlsafe_b64encode("|".join(parts).encode()).decode().rstrip("=")


def _decode_token(token):
    try:
        padded = token + "=" * (-len(token) % 4)
        return base64.urlsafe_b64decode(padded.encode()).decode().split("|")
    except (ValueError, UnicodeDecodeError) as error:
        raise BadRequest("page_token is not one this vendor issued") from error


def _moment_token(token):
    parts = _decode_token(token)
    try:
        return dt.datetime.fromisoformat(parts[0]), parts[1]
    except (ValueError, IndexError) as error:
        raise BadRequest("page_token is not one this vendor issued") from error


def _offset_token(token):
    try:
        return int(_decode_token(token)[0])
    except ValueError as error:
        raise BadRequest("page_token is not one this vendor issued") from error


def _since(query):
    value = query.get("since")
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as error:
        raise BadRequest("since must be an ISO 8601 date-time") from error
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _int(query, name, default, low, high):
    try:
        return max(low, min(high, int(query.get(name, default))))
    except ValueError as error:
        raise BadRequest(f"{name} must be an integer") from error


class MagazineSandbox(IssueArchive):
    """A WSGI app that speaks the magazine vendor's protocol over its ``IssueArchive``."""

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "") or "/"
        method = environ.get("REQUEST_METHOD", "GET")
        query = {key: values[0] for key, values in parse_qs(environ.get("QUERY_STRING", "")).items()}
        base = application_uri(environ)
        base = base if base.endswith("/") else base + "/"
        try:
            if path.startswith("/v1/"):
                if not hmac.compare_digest(environ.get("HTTP_X_API_KEY", "").encode(), self.api_key.encode()):
                    return _json(start_response, 401, {"error": "unauthorized", "title": "missing or wrong X-Api-Key"})
                status, body = self._api(method, path, query, environ, base)
                return _json(start_response, status, body)
            if method != "GET":
                return _json(start_response, 405, {"error": "method_not_allowed"})
            if match := _COVER_PATH.match(path):
                return self._cover(start_response, match.group(1))
            if match := _READER_PATH.match(path):
                return self._reader(start_response, match.group(1), query, base)
        except BadRequest as error:
            return _json(start_response, 400, {"error": "bad_request", "title": str(error)})
        return _json(start_response, 404, {"error": "not_found"})

    # -- the JSON API ------------------------------------------------------

    def _api(self, method, path, query, environ, base):
        if match := _READER_LINKS_PATH.match(path):
            if method != "POST":
                return 405, {"error": "method_not_allowed"}
            return self._reader_link(match.group(1), environ, base)
        if method != "GET":
            return 405, {"error": "method_not_allowed"}
        if path == "/v1/health":
            return 200, {"status": "ok", "time": _iso(self.now), "issues": len(self._issues)}
        if path == "/v1/titles":
            return 200, self._titles(query)
        if path == "/v1/issues":
            return 200, self._issue_list(query, base)
        if path == "/v1/issues/removed":
            return 200, self._removed(query)
        if match := _ISSUE_PATH.match(path):
            issue, listed = self.find(match.group(1))
            if issue is None:
                return 404, {"error": "not_found", "title": "no such issue"}
            if not listed:
                return 410, {"error": "gone", "title": "the issue has left the archive"}
            return 200, self.issue_json(issue, base)
        return 404, {"error": "not_found"}

    def _titles(self, query):
        start = _offset_token(query["page_token"]) if query.get("page_token") else 0
        chunk = self.periodicals[start : start + TITLES_PER_PAGE]
        following = start + TITLES_PER_PAGE
        return {
            "titles": [
                {
                    "id": p.id,
                    "title": p.title,
                    "language": p.language,
                    "publisher": p.publisher,
                    "subjects": list(p.subjects),
                    "audience": p.audience,
                    "description": p.description,
                    "issn": p.issn,
                    "frequency": p.frequency,
                }
                for p in chunk
            ],
            "total": len(self.periodicals),
            "next_page_token": _encode_token(str(following)) if following < len(self.periodicals) else None,
        }

    def _issue_list(self, query, base):
        since = _since(query)
        after = _moment_token(query["page_token"]) if query.get("page_token") else None
        limit = _int(query, "limit", MAX_ISSUES_PER_PAGE, 1, MAX_ISSUES_PER_PAGE)
        issues, more, total = self.issues_page(since, after, limit)
        last = issues[-1] if issues else None
        if self.duplicate_records and len(issues) > 1:
            last = issues[-2]
        body = {
            "issues": [self.issue_json(issue, base) for issue in issues],
            "next_page_token": _encode_token(last.modified.isoformat(), last.id) if more and last else None,
        }
        if total is not None:
            body["total"] = total
        return body

    def _removed(self, query):
        since = _since(query)
        after = _moment_token(query["page_token"]) if query.get("page_token") else None
        events, more = self.removed_page(since, after, REMOVED_PER_PAGE)
        return {
            "removed": [{"id": issue_id, "removed": _iso(when), "reason": reason} for when, issue_id, reason in events],
            "next_page_token": _encode_token(events[-1][0].isoformat(), events[-1][1]) if more else None,
        }

    def issue_json(self, issue, base):
        """An issue as the vendor sends it."""
        body = {
            "id": issue.id,
            "title_id": issue.periodical.id,
            "issue_date": issue.date.isoformat(),
            "name": issue.name,
            "cover_url": f"{base}covers/{quote(issue.id)}.svg",
            "page_count": issue.page_count,
            "table_of_contents": catalogue.table_of_contents(issue),
            "modified": _iso(issue.modified),
        }
        overrides = self.overrides(issue.id)
        if overrides:
            body.update(overrides)
        return body

    def _reader_link(self, issue_id, environ, base):
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
            request = json.loads(environ["wsgi.input"].read(length) or b"{}")
        except ValueError as error:
            raise BadRequest("the body must be JSON") from error
        if not isinstance(request, dict) or not isinstance(request.get("patron"), str) or not request["patron"]:
            raise BadRequest("patron is required")
        try:
            expires_in = max(60, min(MAX_LINK_SECONDS, int(request.get("expires_in", 3600))))
        except (TypeError, ValueError) as error:
            raise BadRequest("expires_in must be a number of seconds") from error
        issue, listed = self.find(issue_id)
        if issue is None:
            return 404, {"error": "not_found", "title": "no such issue"}
        if not listed:
            return 410, {"error": "gone", "title": "the issue has left the archive"}
        expires = int(self.now.timestamp()) + expires_in
        patron = request["patron"]
        signature = sign(self.secret, issue.id, patron, expires)
        query = urlencode({"patron": patron, "exp": expires, "sig": signature})
        return 201, {
            "url": f"{base}reader/{quote(issue.id)}?{query}",
            "expires": _iso(dt.datetime.fromtimestamp(expires, dt.UTC)),
        }

    # -- covers and the reader ---------------------------------------------

    def _cover(self, start_response, issue_id):
        issue, _listed = self.find(issue_id)
        if issue is None:
            return _json(start_response, 404, {"error": "not_found"})
        svg = pages.cover_svg(issue, catalogue.table_of_contents(issue))
        return _send(start_response, 200, "image/svg+xml", svg.encode())

    def _reader(self, start_response, issue_id, query, base):
        patron, expires, signature = query.get("patron", ""), query.get("exp", ""), query.get("sig", "")
        expected = sign(self.secret, issue_id, patron, expires)
        if not (patron and expires.isdigit() and hmac.compare_digest(signature.encode(), expected.encode())):
            return _send(start_response, 403, "text/html; charset=utf-8", pages.refusal_html("invalid link").encode())
        if int(expires) <= self.now.timestamp():
            return _send(start_response, 403, "text/html; charset=utf-8", pages.refusal_html("link expired").encode())
        issue, listed = self.find(issue_id)
        if not listed:
            return _send(start_response, 404, "text/html; charset=utf-8", pages.refusal_html("no such issue").encode())
        number = _int(query, "page", 1, 1, issue.page_count)
        signed = {"patron": patron, "exp": expires, "sig": signature}

        def link_to(page):
            return f"{base}reader/{quote(issue.id)}?{urlencode({**signed, 'page': page})}"

        html = pages.reader_html(issue, catalogue.table_of_contents(issue), number, link_to)
        return _send(start_response, 200, "text/html; charset=utf-8", html.encode())


_REASONS = {200: "OK", 201: "Created", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found"}
_REASONS.update({405: "Method Not Allowed", 410: "Gone"})


def _send(start_response, status, content_type, body):
    start_response(
        f"{status} {_REASONS.get(status, 'Unknown')}",
        [("Content-Type", content_type), ("Content-Length", str(len(body))), ("Cache-Control", "no-store")],
    )
    return [body]


def _json(start_response, status, body):
    return _send(start_response, status, "application/json", json.dumps(body, ensure_ascii=False).encode())
