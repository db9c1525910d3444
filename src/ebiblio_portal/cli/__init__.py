"""The ``ebiblio`` command: ``ebiblio -c INI COMMAND``."""

from __future__ import annotations

import argparse
import logging
import sys

from ..db import DatabaseUnavailable
from ..plugins import PluginLoadError
from ..settings import SettingsError
from . import circulation, commands, national, search, stats


def build_parser():
    parser = argparse.ArgumentParser(prog="ebiblio", description="Run the e-library portal's maintenance tasks.")
    parser.add_argument("-c", "--config", required=True, metavar="INI", help="the settings file, e.g. development.ini")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sub.add_parser("migrate", help="bring the database to the newest schema")

    demo = sub.add_parser("demo", help="load municipalities, demo staff and patrons, and every sandbox catalogue")
    demo.add_argument("--no-sync", action="store_true", help="skip the vendor sync")

    sync = sub.add_parser("sync", help="sync vendor catalogues into the shared collection")
    sync.add_argument("vendor", nargs="?", help="one vendor's name (default: all)")
    sync.add_argument("--full", action="store_true", help="read the whole catalogue, not only what changed")
    sync.add_argument("--from-file", metavar="PATH", help="read a delivered file (e.g. ONIX) instead of the feed")
    sync.add_argument(
        "--requested", action="store_true", help="sync only the vendors whose sync was requested in the staff area"
    )

    plugins = sub.add_parser("plugins", help="list what is loaded: vendors, themes, locales, identity providers")
    plugins.add_argument("--json", action="store_true", help="print JSON")

    users = sub.add_parser("users", help="manage staff users")
    users_sub = users.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = users_sub.add_parser("create", help="create a staff user (the password is read from standard input)")
    create.add_argument("username")
    create.add_argument("--role", required=True, choices=["national_admin", "municipal_admin", "librarian"])
    create.add_argument("--municipality", metavar="CODE", help="three-digit municipality code (municipal roles)")
    create.add_argument("--name", help="display name")
    users_sub.add_parser("list", help="list staff users and their roles")

    municipalities = sub.add_parser("municipalities", help="the municipality registry")
    m_sub = municipalities.add_subparsers(dest="action", required=True, metavar="ACTION")
    load = m_sub.add_parser("load", help="load or update municipalities and populations from a CSV file")
    load.add_argument("path", nargs="?", help="a CSV in the shipped format (default: the shipped file)")
    national.add_membership_parser(m_sub)
    national.add_parser(sub)
    circulation.add_parser(sub)
    search.add_parser(sub)
    stats.add_parser(sub)
    return parser


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return commands.run(args)
    except SettingsError as error:
        print(f"ebiblio: {error}", file=sys.stderr)
        return 2
    except PluginLoadError as error:
        print(f"ebiblio: {error}", file=sys.stderr)
        return 2
    except DatabaseUnavailable as error:
        print(f"ebiblio: {error}", file=sys.stderr)
        return 1
    except commands.CommandError as error:
        print(f"ebiblio: {error}", file=sys.stderr)
        return 2
    except FileNotFoundError as error:
        print(f"ebiblio: {error.strerror}: {error.filename}", file=sys.stderr)
        return 2
    finally:
        logging.shutdown()


if __name__ == "__main__":
    sys.exit(main())
