"""Progress bars for long work, on standard error so output stays parseable."""

import contextlib
import sys

from tqdm import tqdm


@contextlib.contextmanager
def progress_bar(label, total=None, unit="records"):
    """Yield ``advance(count, total=None)``; the bar closes when the block ends."""
    bar = tqdm(
        total=total, desc=label, unit=" " + unit, file=sys.stderr, dynamic_ncols=True, leave=True, mininterval=0.5
    )

    def advance(count, new_total=None):
        if new_total and bar.total != new_total:
            bar.total = new_total
            bar.refresh()
        bar.update(count)

    try:
        yield advance
    finally:
        bar.close()
