"""Patron accounts: strong identification, registration, login with library ID and PIN or a passkey.

What lives where: the browser holds a signed session cookie with a random
login token and the CSRF token; the database holds what must not be replayed
with an old copy of that cookie (the login itself, pending identification and
WebAuthn challenges, failed-login counts). The personal identity code is
hashed the moment strong identification returns it and is never stored,
logged or put in the session.
"""

from ..admin.sections import AdminSection
from ..i18n import _
from ..security.policy import REGISTER_PATRONS
from .eligibility import MembershipEligibility
from .interfaces import IEligibility, IRateLimiter
from .ratelimit import DatabaseRateLimiter


def includeme(config):
    config.include("ebiblio_portal.security.policy")
    config.register_service_factory(DatabaseRateLimiter.create_service, IRateLimiter)
    config.register_service_factory(MembershipEligibility.create_service, IEligibility)
    config.add_jinja2_search_path("ebiblio_portal.accounts:templates", name=".jinja2")

    # Patrons
    config.add_route("register", "/rekisteroidy")
    config.add_route("login", "/kirjaudu")
    config.add_route("forgotten_pin", "/kirjaudu/unohtunut-pin")
    config.add_route("identify", "/kirjaudu/tunnistaudu")
    config.add_route("identify_return", "/kirjaudu/tunnistaudu/paluu")
    config.add_route("passkey_login_options", "/kirjaudu/paasyavain/aloita")
    config.add_route("passkey_login", "/kirjaudu/paasyavain")
    config.add_route("logout", "/ulos")
    config.add_route("account", "/tili")
    config.add_route("account_settings", "/tili/asetukset")
    config.add_route("account_pin", "/tili/pin")
    config.add_route("account_data", "/tili/tiedot.json")
    config.add_route("account_delete", "/tili/poista")
    config.add_route("passkeys", "/tili/paasyavaimet")
    config.add_route("passkey_register_options", "/tili/paasyavaimet/aloita")
    config.add_route("passkey_register", "/tili/paasyavaimet/lisaa")
    config.add_route("passkey_remove", "/tili/paasyavaimet/{id:\\d+}/poista")
    # Staff
    config.add_route("staff_login", "/henkilokunta/kirjaudu")
    config.add_route("staff_totp", "/henkilokunta/kirjaudu/koodi")
    config.add_route("staff_totp_enrol", "/henkilokunta/kaksivaihe")
    config.add_route("desk_registration", "/henkilokunta/asiakasrekisterointi")
    config.add_admin_section(
        AdminSection("desk_registration", "desk_registration", _("Register a patron"), REGISTER_PATRONS, position=10)
    )
    config.scan(".views")
