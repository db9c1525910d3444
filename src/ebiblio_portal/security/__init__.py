"""Security by default: headers and CSP, signed sessions, CSRF on every state change."""

from pyramid.csrf import SessionCSRFStoragePolicy
from pyramid.session import JSONSerializer, SignedCookieSessionFactory

from .headers import security_headers_tween_factory  # noqa: F401 - referenced by dotted name


def includeme(config):
    settings = config.get_settings()
    config.set_session_factory(
        SignedCookieSessionFactory(
            settings["ebiblio.secret"],
            cookie_name="ebiblio_session",
            secure=settings["ebiblio.secure_cookies"],
            httponly=True,
            samesite="Lax",
            timeout=8 * 3600,
            reissue_time=300,
            serializer=JSONSerializer(),
        )
    )
    config.set_csrf_storage_policy(SessionCSRFStoragePolicy())
    config.set_default_csrf_options(require_csrf=True)
    config.add_tween("ebiblio_portal.security.headers.security_headers_tween_factory")
    config.add_tween("ebiblio_portal.security.input.input_tween_factory")
