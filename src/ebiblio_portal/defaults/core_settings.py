"""The core's own settings, declared through the same hook plugins use."""

from ..hookspecs import hookimpl
from ..values import Setting


@hookimpl
def register_settings():
    return [
        Setting(
            "sqlalchemy.url",
            "url",
            required=True,
            env="EBIBLIO_DATABASE_URL",
            help="database URL: sqlite:///var/ebiblio.sqlite or postgresql+psycopg://...",
        ),
        Setting(
            "ebiblio.secret",
            "key",
            required=True,
            env="EBIBLIO_SECRET",
            help="signs sessions, CSRF tokens and reader links; at least 32 characters",
        ),
        Setting(
            "ebiblio.identity_key",
            "key",
            required=True,
            env="EBIBLIO_IDENTITY_KEY",
            help="HMAC key for personal identity codes; at least 32 characters; never change it",
        ),
        Setting(
            "ebiblio.plugins",
            "list",
            default=None,
            help="allow-list of plugin entry-point names; empty loads every installed plugin",
        ),
        Setting(
            "ebiblio.sandbox",
            "bool",
            default=False,
            help="serve the plugins' sandbox vendors and identity provider (development only)",
        ),
        Setting(
            "ebiblio.public_url",
            "url",
            default="http://localhost:6543",
            help="the address patrons use; sandbox links are built on it",
        ),
        Setting(
            "ebiblio.db.pool_size",
            "int",
            default=10,
            help="database connections each process keeps open; at least the server's threads (waitress threads)",
        ),
        Setting(
            "ebiblio.db.max_overflow",
            "int",
            default=10,
            help="connections a process may open beyond the pool at busy moments (closed again after use)",
        ),
        Setting(
            "ebiblio.db.ping_after_idle_seconds",
            "int",
            default=30,
            help="a pooled connection unused this long is checked before use (a busy pool skips the round trip)",
        ),
        Setting("ebiblio.secure_cookies", "bool", default=True, help="send cookies only over HTTPS"),
        Setting("ebiblio.default_language", "language", default="fi", help="fi, sv or en"),
        Setting(
            "ebiblio.search.popularity_days",
            "int",
            default=365,
            help="popularity counts the loans and holds of this many last days (ebiblio reindex recomputes it)",
        ),
        Setting("ebiblio.demo.joined", "list", default=None, help="municipality codes the demo marks as joined"),
    ]
