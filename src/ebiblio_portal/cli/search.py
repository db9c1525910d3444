"""``ebiblio reindex``: recompute popularity and build the search index from the catalogue tables.

A full rebuild is for after migrating or to repair; ``--popularity`` is the cheap nightly step, which only
re-indexes the works whose popularity (loans and holds of the last ``ebiblio.search.popularity_days``)
changed.
"""

from __future__ import annotations

import time

from ..interfaces import ISearchIndex
from ..search import popularity
from ..services import lookup


def add_parser(sub):
    reindex = sub.add_parser(
        "reindex",
        help="recompute popularity and rebuild the search index from the catalogue (a sync keeps it current)",
    )
    reindex.add_argument(
        "--popularity",
        action="store_true",
        help="only recompute popularity over its window and re-index the works it changed (run it nightly)",
    )


def cmd_reindex(env, args, require_schema):
    require_schema(env)
    index = lookup(env.registry, ISearchIndex)
    days = env.settings.get("ebiblio.search.popularity_days") or 365
    started, done = time.perf_counter(), [0]

    def progress(count):
        done[0] += count

    with env.session_factory() as session, session.begin():
        changed = popularity.recompute(session, days)
        if getattr(args, "popularity", False):
            index.update(session, changed)
            print(f"Popularity changed for {len(changed)} publications; their works were re-indexed.")
            return 0
        index.rebuild(session, progress=progress)
    print(f"Indexed {done[0]} works in {time.perf_counter() - started:.0f} s.")
    return 0
