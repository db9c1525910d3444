"""The sandbox identity provider: a small OpenID Connect provider as a WSGI app.

    GET  /.well-known/openid-configuration   discovery
    GET  /authorize?response_type=code&...   the page where the tester picks a test person
    POST /authorize                          issues a code and redirects back with code and state
    POST /token                              code + PKCE verifier + client credentials -> ID token
    GET  /jwks                               the signing key (RS256)

Codes are single use and live two minutes. ``misbehave`` (or the form's
"answer" choice) makes the next answers wrong on purpose, so the relying party's
checks can be seen to work: see ``MISBEHAVIOURS``.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import hmac
import html
import json
import secrets
import threading
import time
from urllib.parse import parse_qs, urlencode, urlsplit
from wsgiref.util import application_uri

from joserfc import jwt
from joserfc.jwk import RSAKey

from ..claims import FAMILY_NAME, GIVEN_NAME, HOME_MUNICIPALITY, IDENTITY_CODE
from .persons import PERSONS

SANDBOX_CLIENT_ID = "ebiblio-portal-sandbox"
SANDBOX_CLIENT_SECRET = "sandbox-client-secret"
CODE_SECONDS = 120
TOKEN_SECONDS = 600
LOA = "http://ftn.ficora.fi/2017/loa2"  # Suomi.fi's "substantial" level of assurance

MISBEHAVIOURS = {
    "bad_signature": "ID token signed with a key that is not in the JWKS",
    "wrong_nonce": "ID token carries another nonce",
    "expired": "ID token expired half an hour ago",
    "wrong_issuer": "ID token names another issuer",
    "wrong_audience": "ID token is for another client",
    "malformed_claims": "names missing, home municipality not a code",
    "invalid_identity_code": "personal identity code with a wrong check character",
}


class OIDCSandbox:
    """A sandbox OpenID Connect provider with the test persons in ``persons.PERSONS``."""

    def __init__(self, client_id=SANDBOX_CLIENT_ID, client_secret=SANDBOX_CLIENT_SECRET, clock=None):
        self.client_id = client_id
        self.client_secret = client_secret
        self.clock = clock or time.time
        self.key = RSAKey.generate_key(2048, parameters={"kid": "sandbox-1", "use": "sig", "alg": "RS256"})
        self._rogue_key = RSAKey.generate_key(2048, parameters={"kid": "sandbox-1"})
        self.persons = {person.key: person for person in PERSONS}
        self.misbehave = None
        self.codes = {}
        self.tokens_issued = 0
        self._lock = threading.Lock()

    # Controls for tests and testers ----------------------------------------------------

    def move(self, person_key, municipality_code):
        """The person moves: from now on the provider vouches for the new home municipality."""
        self.persons[person_key] = dataclasses.replace(self.persons[person_key], municipality_code=municipality_code)

    def person(self, key):
        return self.persons[key]

    # WSGI --------------------------------------------------------------------------------

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "") or "/"
        method = environ.get("REQUEST_METHOD", "GET")
        try:
            if path == "/.well-known/openid-configuration" and method == "GET":
                return self._json(start_response, self.discovery(environ))
            if path == "/jwks" and method == "GET":
                return self._json(start_response, {"keys": [self.key.as_dict(private=False)]})
            if path == "/authorize" and method == "GET":
                return self._authorize_page(environ, start_response)
            if path == "/authorize" and method == "POST":
                return self._authorize(environ, start_response)
            if path == "/token" and method == "POST":
                return self._token(environ, start_response)
        except _OAuthError as error:
            return self._json(start_response, {"error": error.code, "error_description": error.text}, error.status)
        return self._text(start_response, "404 Not Found", "not found")

    def issuer(self, environ):
        return application_uri(environ).rstrip("/")

    def discovery(self, environ):
        issuer = self.issuer(environ)
        return {
            "issuer": issuer,
            "authorization_endpoint": issuer + "/authorize",
            "token_endpoint": issuer + "/token",
            "jwks_uri": issuer + "/jwks",
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "scopes_supported": ["openid", "profile"],
            "claims_supported": ["sub", IDENTITY_CODE, GIVEN_NAME, FAMILY_NAME, HOME_MUNICIPALITY],
            "acr_values_supported": [LOA],
        }

    # The authorization endpoint --------------------------------------------------------------

    def _request_params(self, params):
        """Check an authorization request; return its parameters or raise ``_OAuthError``."""
        wanted = {key: (params.get(key) or [""])[0] for key in _AUTHORIZE_PARAMS}
        if wanted["client_id"] != self.client_id:
            raise _OAuthError("unauthorized_client", "unknown client_id")
        redirect = urlsplit(wanted["redirect_uri"])
        if redirect.scheme not in ("http", "https") or not redirect.netloc:
            raise _OAuthError("invalid_request", "redirect_uri must be an absolute http(s) URL")
        if wanted["response_type"] != "code":
            raise _OAuthError("unsupported_response_type", "only the authorization code flow is offered")
        if "openid" not in wanted["scope"].split():
            raise _OAuthError("invalid_scope", "the scope must include openid")
        if wanted["code_challenge_method"] != "S256" or not 43 <= len(wanted["code_challenge"]) <= 128:
            raise _OAuthError("invalid_request", "PKCE with S256 is required")
        if not wanted["state"] or not wanted["nonce"]:
            raise _OAuthError("invalid_request", "state and nonce are required")
        return wanted

    def _authorize_page(self, environ, start_response):
        wanted = self._request_params(parse_qs(environ.get("QUERY_STRING", "")))
        hidden = "".join(
            f'<input type="hidden" name="{name}" value="{html.escape(value)}">' for name, value in wanted.items()
        )
        people = "".join(
            f'<li><input type="radio" name="person" id="person-{p.key}" value="{p.key}"{" checked" if i == 0 else ""}>'
            f' <label for="person-{p.key}">{html.escape(p.given_name)} {html.escape(p.family_name)}'
            f" <span class=note>({html.escape(p.note)})</span></label></li>"
            for i, p in enumerate(self.persons.values())
        )
        answers = '<option value="">Correct answer</option>' + "".join(
            f'<option value="{key}">{html.escape(text)}</option>' for key, text in MISBEHAVIOURS.items()
        )
        page = _PAGE.format(hidden=hidden, people=people, answers=answers)
        return self._html(start_response, page, wanted["redirect_uri"])

    def _authorize(self, environ, start_response):
        form = _read_form(environ)
        wanted = self._request_params(form)
        redirect = wanted["redirect_uri"]
        separator = "&" if "?" in redirect else "?"
        if (form.get("cancel") or [""])[0]:
            query = urlencode({"error": "access_denied", "state": wanted["state"]})
            return self._redirect(start_response, redirect + separator + query)
        person = self.persons.get((form.get("person") or [""])[0])
        if person is None:
            raise _OAuthError("invalid_request", "choose a test person")
        misbehave = (form.get("answer") or [""])[0] or None
        if misbehave is not None and misbehave not in MISBEHAVIOURS:
            raise _OAuthError("invalid_request", "unknown answer")
        code = secrets.token_urlsafe(32)
        with self._lock:
            now = self.clock()
            self.codes = {key: grant for key, grant in self.codes.items() if grant["expires"] > now}
            self.codes[code] = {
                **wanted,
                "person": person.key,
                "expires": now + CODE_SECONDS,
                "used": False,
                "misbehave": misbehave,
            }
        query = urlencode({"code": code, "state": wanted["state"]})
        return self._redirect(start_response, redirect + separator + query)

    # The token endpoint ----------------------------------------------------------------------

    def _token(self, environ, start_response):
        form = {key: values[0] for key, values in _read_form(environ).items()}
        client_id, secret = _client_credentials(environ, form)
        if client_id != self.client_id or not hmac.compare_digest(secret or "", self.client_secret):
            raise _OAuthError("invalid_client", "client authentication failed", "401 Unauthorized")
        if form.get("grant_type") != "authorization_code":
            raise _OAuthError("unsupported_grant_type", "only authorization_code")
        with self._lock:
            grant = self.codes.get(form.get("code", ""))
            if grant is None or grant["expires"] <= self.clock():
                raise _OAuthError("invalid_grant", "unknown or expired code")
            if grant["used"]:
                raise _OAuthError("invalid_grant", "the code was already used")
            grant["used"] = True
        if grant["redirect_uri"] != form.get("redirect_uri"):
            raise _OAuthError("invalid_grant", "redirect_uri differs from the authorization request")
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
        if not verifier or not hmac.compare_digest(challenge, grant["code_challenge"]):
            raise _OAuthError("invalid_grant", "the PKCE verifier does not match the challenge")
        id_token = self.id_token(environ, grant)
        self.tokens_issued += 1
        return self._json(
            start_response,
            {
                "access_token": secrets.token_urlsafe(32),
                "token_type": "Bearer",
                "expires_in": TOKEN_SECONDS,
                "id_token": id_token,
            },
        )

    def id_token(self, environ, grant):
        person = self.persons[grant["person"]]
        misbehave = grant.get("misbehave") or self.misbehave
        now = int(self.clock())
        claims = {
            "iss": self.issuer(environ),
            "sub": hashlib.sha256(f"{self.client_id}|{person.key}".encode()).hexdigest(),
            "aud": self.client_id,
            "iat": now,
            "exp": now + TOKEN_SECONDS,
            "auth_time": now,
            "nonce": grant["nonce"],
            "acr": LOA,
            IDENTITY_CODE: person.identity_code,
            GIVEN_NAME: person.given_name,
            FAMILY_NAME: person.family_name,
        }
        if person.municipality_code is not None:
            claims[HOME_MUNICIPALITY] = person.municipality_code
        key = self.key
        if misbehave == "bad_signature":
            key = self._rogue_key
        elif misbehave == "wrong_nonce":
            claims["nonce"] = secrets.token_urlsafe(32)
        elif misbehave == "expired":
            claims["iat"], claims["exp"], claims["auth_time"] = now - 3600, now - 1800, now - 3600
        elif misbehave == "wrong_issuer":
            claims["iss"] = "https://idp.invalid"
        elif misbehave == "wrong_audience":
            claims["aud"] = "another-client"
        elif misbehave == "malformed_claims":
            del claims[GIVEN_NAME]
            claims[HOME_MUNICIPALITY] = "Helsinki"
        elif misbehave == "invalid_identity_code":
            code = person.identity_code
            claims[IDENTITY_CODE] = code[:-1] + ("X" if code[-1] != "X" else "Y")
        return jwt.encode({"alg": "RS256", "kid": self.key.kid, "typ": "JWT"}, claims, key)

    # Answers ---------------------------------------------------------------------------------

    def _json(self, start_response, body, status="200 OK"):
        data = json.dumps(body).encode()
        start_response(
            status,
            [("Content-Type", "application/json"), ("Content-Length", str(len(data))), ("Cache-Control", "no-store")],
        )
        return [data]

    def _html(self, start_response, page, redirect_uri):
        data = page.encode()
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(redirect_uri))
        csp = f"default-src 'none'; style-src 'unsafe-inline'; form-action 'self' {origin}; frame-ancestors 'none'"
        start_response(
            "200 OK",
            [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Length", str(len(data))),
                ("Cache-Control", "no-store"),
                ("Content-Security-Policy", csp),
            ],
        )
        return [data]

    def _redirect(self, start_response, location):
        start_response(
            "303 See Other", [("Location", location), ("Content-Length", "0"), ("Cache-Control", "no-store")]
        )
        return [b""]

    def _text(self, start_response, status, text):
        data = text.encode()
        start_response(status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(data)))])
        return [data]


class _OAuthError(Exception):
    def __init__(self, code, text, status="400 Bad Request"):
        super().__init__(text)
        self.code, self.text, self.status = code, text, status


_AUTHORIZE_PARAMS = (
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
)


def _read_form(environ):
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    body = environ["wsgi.input"].read(min(length, 64 * 1024)) if length > 0 else b""
    return parse_qs(body.decode("utf-8", "replace"))


def _client_credentials(environ, form):
    header = environ.get("HTTP_AUTHORIZATION", "")
    if header.startswith("Basic "):
        try:
            decoded = base64.b64decode(header[6:]).decode()
        except (ValueError, UnicodeDecodeError):
            return None, None
        client_id, _, secret = decoded.partition(":")
        return client_id, secret
    return form.get("client_id"), form.get("client_secret")


_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sandbox identification</title>
<style>
body {{ font-family: sans-serif; margin: 0; color: #1a1a1a; background: #fff; line-height: 1.5; }}
main {{ max-width: 40rem; margin: 0 auto; padding: 1rem; }}
.warning {{ background: #fff4ce; border-left: 4px solid #8a6100; padding: .5rem 1rem; }}
ul {{ list-style: none; padding: 0; }}
li {{ margin: .5rem 0; }}
.note {{ color: #4a4a4a; }}
button {{ font-size: 1rem; padding: .6rem 1.2rem; margin-right: .5rem; border: 2px solid #00347a; border-radius: 4px; }}
button.primary {{ background: #00347a; color: #fff; }}
button.secondary {{ background: #fff; color: #00347a; }}
:focus-visible {{ outline: 3px solid #b3123e; outline-offset: 2px; }}
</style>
</head>
<body>
<main>
<h1>Sandbox identification</h1>
<p class="warning">This is a test identity provider for development. Nobody here is a real person.</p>
<form method="post" action="authorize">
{hidden}
<fieldset>
<legend>Identify as</legend>
<ul>{people}</ul>
</fieldset>
<p><label for="answer">Answer (to test how the portal handles a wrong one)</label><br>
<select id="answer" name="answer">{answers}</select></p>
<p><button type="submit" class="primary">Identify</button>
<button type="submit" class="secondary" name="cancel" value="1">Cancel</button></p>
</form>
</main>
</body>
</html>
"""
