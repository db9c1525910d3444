"""An OpenID Connect relying party: authorization code flow with PKCE (S256), state and nonce.

``start`` sends the browser to the provider's authorization endpoint and keeps
state, nonce and the PKCE verifier; ``finish`` checks the state, exchanges the
code at the token endpoint, verifies the ID token's RS256 signature against the
provider's JWKS, its issuer, audience, expiry, issue time and nonce, refuses a
nonce it has seen before, and reads the person from the Suomi.fi claims.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import secrets
import threading
import time
from urllib.parse import urlencode

import httpx
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError, MissingKeyError
from joserfc.jwk import KeySet
from zope.interface import implementer

from ebiblio_portal.i18n import _
from ebiblio_portal.interfaces import IdentificationError, IIdentityProvider
from ebiblio_portal.values import IdentificationStart
from ebiblio_portal.vendorhttp import SANDBOX_URL, make_client

from .claims import person_from_claims

log = logging.getLogger(__name__)

ALGORITHMS = ["RS256"]
LEEWAY = 60  # seconds of clock difference tolerated between the provider and the portal
MAX_TOKEN_AGE = 600  # an ID token issued longer ago than this is not fresh
MAX_ROUND_TRIP = 900  # the patron has this long at the provider
SCOPE = "openid profile"


def pkce_challenge(verifier):
    """The S256 code challenge of a PKCE verifier (RFC 7636)."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


class _SeenNonces:
    """Nonces of ID tokens already accepted, forgotten once the tokens could no longer be fresh."""

    def __init__(self):
        self._seen = {}
        self._lock = threading.Lock()

    def first_time(self, nonce, now):
        with self._lock:
            self._seen = {key: until for key, until in self._seen.items() if until > now}
            if nonce in self._seen:
                return False
            self._seen[nonce] = now + MAX_TOKEN_AGE + LEEWAY
            return True


@implementer(IIdentityProvider)
class OIDCIdentification:
    """Strong identification through an OpenID Connect provider."""

    name = "oidc"
    title = _("Strong identification")

    def __init__(self, issuer, client_id, client_secret, *, sandbox_app=None, allow_temporary=False, timeout=10.0):
        self.issuer = issuer
        self.client_id = client_id
        self.client_secret = client_secret
        self.allow_temporary = allow_temporary
        self.clock = time.time
        base = SANDBOX_URL if issuer == SANDBOX_URL else issuer
        self.http = make_client(base, sandbox_app=sandbox_app, timeout=timeout)
        self._metadata = None
        self._keys = None
        self._nonces = _SeenNonces()

    # The provider's own documents -------------------------------------------------

    def metadata(self):
        """The provider's discovery document, fetched once."""
        if self._metadata is None:
            document = self._get_json(".well-known/openid-configuration")
            for field in ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri"):
                if not isinstance(document.get(field), str) or not document[field]:
                    raise IdentificationError(f"the provider's discovery document lacks {field}")
            if self.issuer != SANDBOX_URL and document["issuer"].rstrip("/") != self.issuer.rstrip("/"):
                raise IdentificationError("the provider's discovery document names another issuer")
            if "S256" not in document.get("code_challenge_methods_supported", ["S256"]):
                raise IdentificationError("the provider does not support PKCE with S256")
            self._metadata = document
        return self._metadata

    def keys(self, refresh=False):
        """The provider's signing keys (JWKS); fetched again once when a token names an unknown key."""
        if self._keys is None or refresh:
            document = self._get_json(self.metadata()["jwks_uri"])
            try:
                self._keys = KeySet.import_key_set(document)
            except (JoseError, ValueError, TypeError, KeyError):
                raise IdentificationError("the provider's JWKS cannot be read") from None
        return self._keys

    # IIdentityProvider ----------------------------------------------------------------

    def start(self, redirect_uri):
        metadata = self.metadata()
        state = secrets.token_urlsafe(32)
        nonce = secrets.token_urlsafe(32)
        verifier = secrets.token_urlsafe(64)
        query = urlencode(
            {
                "response_type": "code",
                "client_id": self.client_id,
                "redirect_uri": redirect_uri,
                "scope": SCOPE,
                "state": state,
                "nonce": nonce,
                "code_challenge": pkce_challenge(verifier),
                "code_challenge_method": "S256",
            }
        )
        endpoint = metadata["authorization_endpoint"]
        separator = "&" if "?" in endpoint else "?"
        kept = {"state": state, "nonce": nonce, "verifier": verifier, "started": int(self.clock())}
        return IdentificationStart(redirect_url=endpoint + separator + query, kept=kept)

    def finish(self, redirect_uri, params, kept):
        for field in ("state", "nonce", "verifier", "started"):
            if not kept or field not in kept:
                raise IdentificationError("no identification was started in this session")
        if not hmac.compare_digest(str(params.get("state", "")), str(kept["state"])):
            raise IdentificationError("the answer's state does not belong to this identification")
        if self.clock() - float(kept["started"]) > MAX_ROUND_TRIP:
            raise IdentificationError("the identification took too long; start again")
        if params.get("error"):
            # An OAuth error code is a short ASCII word; anything else is not repeated.
            code = str(params["error"])[:40] if str(params["error"]).replace("_", "").isalnum() else "error"
            raise IdentificationError(f"the provider answered {code}")
        code = params.get("code")
        if not isinstance(code, str) or not code or len(code) > 2000:
            raise IdentificationError("the answer carries no authorization code")
        tokens = self._exchange(code, redirect_uri, kept["verifier"])
        claims = self._verify_id_token(tokens.get("id_token"), kept["nonce"])
        return person_from_claims(claims, allow_temporary=self.allow_temporary)

    # Steps ----------------------------------------------------------------------------

    def _exchange(self, code, redirect_uri, verifier):
        data = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": verifier,
        }
        response = self._request(
            "POST", self.metadata()["token_endpoint"], data=data, auth=(self.client_id, self.client_secret or "")
        )
        if response.status_code != 200:
            reason = _json_field(response, "error") or str(response.status_code)
            raise IdentificationError(f"the token endpoint refused the code: {reason}")
        try:
            tokens = json.loads(response.content)
        except ValueError:
            raise IdentificationError("the token endpoint's answer is not JSON") from None
        if not isinstance(tokens, dict) or not isinstance(tokens.get("id_token"), str):
            raise IdentificationError("the token endpoint's answer has no ID token")
        return tokens

    def _verify_id_token(self, id_token, nonce):
        token = self._decode(id_token)
        claims = token.claims
        metadata = self.metadata()
        now = self.clock()
        registry = jwt.JWTClaimsRegistry(
            now=int(now),
            leeway=LEEWAY,
            iss={"essential": True, "value": metadata["issuer"]},
            sub={"essential": True},
            exp={"essential": True},
            iat={"essential": True},
        )
        try:
            registry.validate(claims)
        except JoseError as error:
            raise IdentificationError(f"the ID token was refused: {error}") from None
        audience = claims.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.client_id not in audiences:
            raise IdentificationError("the ID token was issued to another client")
        if len(audiences) > 1 and claims.get("azp") != self.client_id:
            raise IdentificationError("the ID token's authorised party is another client")
        if not isinstance(claims.get("iat"), int | float) or now - claims["iat"] > MAX_TOKEN_AGE + LEEWAY:
            raise IdentificationError("the ID token is not fresh")
        if not isinstance(claims.get("nonce"), str) or not hmac.compare_digest(claims["nonce"], nonce):
            raise IdentificationError("the ID token's nonce does not belong to this identification")
        if not self._nonces.first_time(claims["nonce"], now):
            raise IdentificationError("the ID token was already used (replay)")
        return claims

    def _decode(self, id_token):
        if not isinstance(id_token, str) or id_token.count(".") != 2:
            raise IdentificationError("the ID token is not a signed JWT")
        for refresh in (False, True):
            try:
                return jwt.decode(id_token, self.keys(refresh=refresh), algorithms=ALGORITHMS)
            except (MissingKeyError, InvalidKeyIdError):
                if refresh:  # the provider may have rotated its keys since we fetched them
                    raise IdentificationError(
                        "the ID token is signed with a key the provider does not publish"
                    ) from None
            except JoseError as error:
                raise IdentificationError(f"the ID token's signature is not valid: {error}") from None
            except (ValueError, TypeError):
                raise IdentificationError("the ID token cannot be read") from None
        raise IdentificationError("the ID token cannot be verified")  # pragma: no cover - the loop returns or raises

    def _get_json(self, url):
        response = self._request("GET", url)
        if response.status_code != 200:
            raise IdentificationError(f"the provider answered {response.status_code} to {_path(url)}")
        try:
            document = json.loads(response.content)
        except ValueError:
            raise IdentificationError(f"the provider's {_path(url)} is not JSON") from None
        if not isinstance(document, dict):
            raise IdentificationError(f"the provider's {_path(url)} is not a JSON object")
        return document

    def _request(self, method, url, **kwargs):
        try:
            response = self.http.request(method, url, **kwargs)
            response.read()
        except (httpx.HTTPError, OSError) as error:
            raise IdentificationError(
                f"the identity provider could not be reached ({type(error).__name__} on {_path(url)})"
            ) from None
        # Only the path: query strings and bodies carry codes and tokens.
        log.debug("identity provider %s %s -> %s", method, _path(url), response.status_code)
        return response


def _json_field(response, field):
    try:
        value = json.loads(response.content).get(field)
    except (ValueError, AttributeError):
        return None
    return str(value)[:60] if isinstance(value, str) and value.replace("_", "").isalnum() else None


def _path(url):
    return str(url).split("?", 1)[0]
