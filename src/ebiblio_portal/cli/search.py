"""``ebiblio reindex``: build the search index from the catalogue tables (after migrating, or to repair it)."""

from __future__ import annotations

import time

from ..interfaces import ISearchIndex
from ..services import lookup


def add_parser(sub):
    sub.add_parser(
        "reindex", help="rebuild the search index from the catalogue (a sync keeps it current; this is for repairs)"
    )


def cmd_reindex(env, args, require_schema):
    require_schema(env)
    index = lookup(env.registry, ISearchIndex)
    started, done = time.perf_counter(), [0]

    def progress(count):
        done[0] += count

    with env.session_factory() as session, session.begin():
        index.rebuild(session, progress=progress)
    print(f"Indexed {done[0]} works in {time.perf_counter() - started:.0f} s.")
    return 0
