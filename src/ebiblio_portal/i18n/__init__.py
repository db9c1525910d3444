"""Languages: Finnish by default, Swedish and English; catalogues come from locale plugins."""

import logging
from urllib.parse import urlencode

from pyramid.events import NewResponse
from pyramid.i18n import TranslationStringFactory
from zope.interface.verify import verifyObject

from ..interfaces import ILocaleCatalog
from ..plugins import collect

DOMAIN = "ebiblio_portal"
LANGUAGES = ("fi", "sv", "en")
COOKIE = "ebiblio_lang"
ONE_YEAR = 365 * 24 * 3600

_ = TranslationStringFactory(DOMAIN)
log = logging.getLogger(__name__)


def chosen_language(request):
    """The language asked for with ``?lang=`` on this request, if it is one we speak."""
    value = request.GET.get("lang")
    return value if value in LANGUAGES else None


def negotiate_language(request):
    """``?lang=``, then the remembered choice, then the patron's setting, then Accept-Language, then the default."""
    language = chosen_language(request)
    if language:
        return language
    remembered = request.cookies.get(COOKIE)
    if remembered in LANGUAGES:
        return remembered
    preferred = getattr(request, "preferred_language", None)
    if preferred in LANGUAGES:
        return preferred
    default = request.registry.settings.get("ebiblio.default_language", "fi")
    return request.accept_language.lookup(LANGUAGES, default=default)


def language_url(request, language):
    """This page in ``language``: the same path and query, with ``lang`` set."""
    query = [(key, value) for key, value in request.GET.items() if key != "lang"]
    query.append(("lang", language))
    return request.path + "?" + urlencode(query)


def remember_language(event):
    request, response = event.request, event.response
    language = chosen_language(request)
    if language and request.cookies.get(COOKIE) != language:
        response.set_cookie(
            COOKIE,
            language,
            max_age=ONE_YEAR,
            httponly=True,
            samesite="Lax",
            secure=request.registry.settings.get("ebiblio.secure_cookies", True),
        )
    # Only a language already negotiated: negotiating now may need the login, and the transaction has ended.
    if "locale_name" in request.__dict__:
        response.headers.setdefault("Content-Language", request.locale_name)
    response.vary = tuple(sorted(set(response.vary or ()) | {"Accept-Language", "Cookie"}))


def includeme(config):
    config.set_locale_negotiator(negotiate_language)
    catalogs = []
    for catalog in collect(config.registry.plugins.hook.register_locale_catalogs):
        try:
            verifyObject(ILocaleCatalog, catalog)
        except Exception as error:  # noqa: BLE001 - a broken catalogue must not stop the portal
            log.error("locale catalogue %r is skipped: %s", catalog, error)
            continue
        catalogs.append(catalog)
        config.add_translation_dirs(catalog.directory)
    config.registry["i18n.catalogs"] = catalogs
    config.add_subscriber(remember_language, NewResponse)
    config.add_request_method(language_url)
