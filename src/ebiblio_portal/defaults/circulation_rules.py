"""The national unit's lending rules, declared as settings (``ebiblio.circulation.*``)."""

from ..hookspecs import hookimpl
from ..values import Medium, Setting

PREFIX = "ebiblio.circulation."
# (loan days, loans at once, queues) per medium; magazines are simultaneous use and never queue.
DEFAULTS = {
    Medium.EBOOK: (14, 5, True),
    Medium.AUDIOBOOK: (14, 5, True),
    Medium.MAGAZINE: (2, 10, False),
}


@hookimpl
def register_settings():
    settings = []
    for medium, (days, limit, queues) in DEFAULTS.items():
        settings += [
            Setting(
                f"{PREFIX}loan_days.{medium}", "int", default=days, help=f"how many days a loan of a {medium} lasts"
            ),
            Setting(f"{PREFIX}loan_limit.{medium}", "int", default=limit, help=f"loans of {medium}s a patron may have"),
            Setting(f"{PREFIX}queues.{medium}", "bool", default=queues, help=f"patrons may place holds on {medium}s"),
        ]
    return settings + [
        Setting(f"{PREFIX}hold_limit", "int", default=5, help="holds a patron may have at once"),
        Setting(f"{PREFIX}hold_ready_hours", "int", default=72, help="how long a ready hold waits to be borrowed"),
        Setting(f"{PREFIX}reminder_hours", "int", default=48, help="remind a patron this long before a loan ends"),
        Setting(
            f"{PREFIX}settle_after_seconds",
            "int",
            default=300,
            help="a loan or hold left half-made this long (a crash mid-borrow) is settled by the next tick",
        ),
        Setting(f"{PREFIX}link_minutes", "int", default=15, help="how long a signed reader link works"),
        Setting(
            "ebiblio.notify.backend",
            "str",
            default="log",
            help="how patrons are notified: log (development), file (one .eml per message) or smtp",
        ),
        Setting("ebiblio.notify.directory", "str", default="var/mail", help="where the file notifier writes"),
        Setting("ebiblio.notify.smtp_host", "str", default="localhost", help="SMTP server"),
        Setting("ebiblio.notify.smtp_port", "int", default=25, help="SMTP port"),
        Setting(
            "ebiblio.notify.smtp_starttls", "bool", default=False, help="upgrade the SMTP connection with STARTTLS"
        ),
        Setting("ebiblio.notify.smtp_user", "str", default=None, help="SMTP user name (empty: no login)"),
        Setting(
            "ebiblio.notify.smtp_password", "secret", default=None, env="EBIBLIO_SMTP_PASSWORD", help="SMTP password"
        ),
        Setting("ebiblio.notify.sender", "str", default="e-kirjasto@localhost", help="From address of notifications"),
    ]
