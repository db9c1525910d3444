"""What each ``ebiblio`` sub-command does."""

from __future__ import annotations

import dataclasses
import getpass
import json
import os
import sys

from pyramid.paster import get_appsettings, setup_logging
from sqlalchemy import select

from .. import plugins as plugin_loading
from ..config import configure
from ..db import migrate as migrations
from ..db import ping
from ..identity import IdentityProviders
from ..models import Municipality, StaffRole, StaffUser
from ..municipalities.registry import DATA_FILE, RegistryFileError, load_municipalities
from ..security.passwords import WeakPassword, check_staff_password, hash_secret
from ..services import lookup
from ..themes.services import ThemeRegistry
from ..vendors.services import VendorDirectory
from .progress import progress_bar


class CommandError(Exception):
    """A command cannot do what was asked; the message says why."""


@dataclasses.dataclass
class Environment:
    settings: dict
    registry: object
    engine: object
    session_factory: object


def bootstrap(ini):
    if not os.path.exists(ini):
        raise CommandError(f"the settings file {ini} does not exist")
    setup_logging(ini)
    settings = get_appsettings(ini)
    config = configure(settings, global_config={"__file__": ini})
    registry = config.registry
    return Environment(dict(registry.settings), registry, registry["db.engine"], registry["db.session_factory"])


def require_schema(env):
    ping(env.engine)
    with env.engine.connect() as connection:
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        current = set(MigrationContext.configure(connection).get_current_heads())
        heads = set(ScriptDirectory.from_config(migrations.alembic_config()).get_heads())
    if current != heads:
        raise CommandError(
            f"the database is not migrated (at {', '.join(sorted(current)) or 'nothing'}, newest "
            f"{', '.join(sorted(heads))}): run 'ebiblio -c INI migrate' first"
        )


def run(args):
    env = bootstrap(args.config)
    handler = {
        "migrate": cmd_migrate,
        "demo": cmd_demo,
        "sync": cmd_sync,
        "plugins": cmd_plugins,
        "users": cmd_users,
        "municipalities": cmd_municipalities,
        "circulation": cmd_circulation,
        "reindex": cmd_reindex,
        "fees": cmd_fees,
        "stats": cmd_stats,
    }[args.command]
    return handler(env, args) or 0


def cmd_migrate(env, args):
    ping(env.engine)
    migrations.upgrade(env.engine)
    print("The database is at the newest schema.")


def cmd_plugins(env, args):
    registry = env.registry
    manager = registry.plugins
    vendors = lookup(registry, VendorDirectory)
    themes = lookup(registry, ThemeRegistry)
    identity = lookup(registry, IdentityProviders)
    report = {
        "plugins": plugin_loading.plugin_names(manager),
        "failed": [dataclasses.asdict(failed) for failed in manager.failed_plugins],
        "vendors": [
            {"name": v.name, "title": v.title, "origin": str(v.origin), "queues": v.queues} for v in vendors.all()
        ],
        "themes": [{"name": t.name, "title": t.title, "municipality": t.municipality_code} for t in themes.all()],
        "locales": [{"domain": c.domain, "languages": list(c.languages)} for c in registry["i18n.catalogs"]],
        "identity_providers": [{"name": p.name, "title": p.title} for p in identity.all()],
        "sandboxes": sorted(registry["vendors.sandboxes"]),
    }
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return
    print("Plugins:   " + (", ".join(report["plugins"]) or "none"))
    for failed in report["failed"]:
        print(f"  FAILED    {failed['name']}: {failed['error']}")
    print("Vendors:   " + (", ".join(f"{v['name']} ({v['title']})" for v in report["vendors"]) or "none"))
    print("Themes:    " + ", ".join(t["name"] for t in report["themes"]))
    print(
        "Locales:   " + (", ".join(f"{c['domain']} [{' '.join(c['languages'])}]" for c in report["locales"]) or "none")
    )
    print("Identity:  " + (", ".join(p["name"] for p in report["identity_providers"]) or "none"))
    print("Sandboxes: " + (", ".join(report["sandboxes"]) or "off"))


def cmd_sync(env, args):
    from ..catalog.runner import sync_vendors

    require_schema(env)
    vendors = lookup(env.registry, VendorDirectory)
    if args.vendor and vendors.get(args.vendor) is None:
        known = ", ".join(vendors.names()) or "none are configured"
        raise CommandError(f"unknown vendor {args.vendor!r}; the vendors are: {known}")
    if args.from_file and not os.path.isfile(args.from_file):
        raise CommandError(f"the file {args.from_file} does not exist")
    if args.from_file and not args.vendor:
        raise CommandError("--from-file needs the vendor's name: ebiblio -c INI sync VENDOR --from-file PATH")
    chosen = [vendors.get(args.vendor)] if args.vendor else vendors.all()
    if getattr(args, "requested", False):
        if args.full or args.from_file:
            raise CommandError("--requested runs incremental syncs: it takes neither --full nor --from-file")
        chosen = _claim_requested(env, vendors, chosen)
        if not chosen:
            print("No sync is requested.")
            return 0
    if not chosen:
        print("No vendors are configured; nothing to sync.")
        return 0
    try:
        reports = sync_vendors(env, chosen, full=args.full, from_file=args.from_file, progress=progress_bar)
    except ValueError as error:
        raise CommandError(str(error)) from None
    failed = [report for report in reports if report.status == "failed"]
    return 1 if failed else 0


def _claim_requested(env, vendors, chosen):
    """The chosen vendors whose "sync now" this process won; the others are left for their own runs."""
    from ..vendorops.requests import claim_requested

    names = {provider.name for provider in chosen}
    with env.session_factory() as session, session.begin():
        claimed = [name for name in claim_requested(session, names=names) if vendors.get(name) is not None]
    return [vendors.get(name) for name in claimed]


def cmd_users(env, args):
    require_schema(env)
    with env.session_factory() as session, session.begin():
        if args.action == "list":
            for staff in session.scalars(select(StaffUser).order_by(StaffUser.username)):
                roles = ", ".join(
                    f"{r.role}{'@' + r.municipality_code if r.municipality_code else ''}" for r in staff.roles
                )
                print(f"{staff.username:20} {staff.display_name:30} {roles}")
            return 0
        if args.role != "national_admin" and not args.municipality:
            raise CommandError(f"the role {args.role} needs --municipality CODE")
        if args.municipality and session.get(Municipality, args.municipality) is None:
            raise CommandError(f"there is no municipality with the code {args.municipality!r}")
        if session.scalar(select(StaffUser).where(StaffUser.username == args.username)):
            raise CommandError(f"the user {args.username!r} already exists")
        password = _read_password()
        try:
            check_staff_password(password, args.username)
        except WeakPassword as error:
            raise CommandError(str(error)) from None
        staff = StaffUser(
            username=args.username, display_name=args.name or args.username, password_hash=hash_secret(password)
        )
        staff.roles.append(StaffRole(role=args.role, municipality_code=args.municipality))
        session.add(staff)
    print(f"Created {args.username} ({args.role}).")


def _read_password():
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != first:
            raise CommandError("the passwords differ")
        return first
    return sys.stdin.readline().rstrip("\n")


def cmd_municipalities(env, args):
    if args.action == "membership":
        from .national import cmd_membership

        return cmd_membership(env, args, require_schema, CommandError)
    require_schema(env)
    path = args.path or DATA_FILE
    with env.session_factory() as session, session.begin():
        try:
            count = load_municipalities(session, path)
        except RegistryFileError as error:
            raise CommandError(f"{path}: {error}") from None
    print(f"Loaded {count} municipalities from {path}.")


def cmd_demo(env, args):
    from ..demo import load_demo

    if not env.settings.get("ebiblio.sandbox"):
        raise CommandError("the demo loads only where ebiblio.sandbox is on (never in production)")
    ping(env.engine)
    migrations.upgrade(env.engine)
    return load_demo(env, sync=not args.no_sync)


def cmd_circulation(env, args):
    from .circulation import cmd_circulation as run_circulation

    return run_circulation(env, args, require_schema)


def cmd_reindex(env, args):
    from .search import cmd_reindex as run_reindex

    return run_reindex(env, args, require_schema)


def cmd_fees(env, args):
    from .national import cmd_fees as run_fees

    return run_fees(env, args, require_schema, CommandError)


def cmd_stats(env, args):
    from .stats import cmd_stats as run_stats

    return run_stats(env, args, require_schema)
