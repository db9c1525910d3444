"""The sandbox vendor's ONIX deliveries: a full file per catalogue state and a delta file per change.

Deliveries never change once made, so a sync interrupted in the middle of one
can fetch it again and skip what it already read. ``full-NNNN`` is the whole
catalogue after the first NNNN deltas; ``delta-NNNN`` is the NNNNth change.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

BASE_CREATED = dt.datetime(2024, 4, 23, 6, 0, tzinfo=dt.UTC)


@dataclasses.dataclass(frozen=True, slots=True)
class Delta:
    """One change delivery: ``items`` are ``(product, notification)`` pairs."""

    number: int
    created: dt.datetime
    items: tuple

    @property
    def name(self):
        return f"delta-{self.number:04d}"


def full_name(deltas_applied):
    return f"full-{deltas_applied:04d}"


def parse_name(name):
    """``("full"|"delta", number)`` for a delivery name, or None."""
    kind, _dash, number = name.partition("-")
    if kind not in ("full", "delta") or len(number) != 4 or not number.isdigit():
        return None
    return kind, int(number)


def overrides(deltas):
    """The products the deltas changed (key -> product) and the keys they deleted."""
    changed, deleted = {}, set()
    for delta in deltas:
        for product, notification in delta.items:
            if notification == "05":
                deleted.add(product.key)
                changed.pop(product.key, None)
            else:
                changed[product.key] = product
                deleted.discard(product.key)
    return changed, deleted


def snapshot_items(catalogue, deltas, duplicates=False):
    """``(product, "03")`` for every product in the catalogue after ``deltas``; deleted ones left out.

    With ``duplicates`` the file repeats some products, the later copy revised,
    as careless vendors do.
    """
    changed, deleted = overrides(deltas)
    repeated = []
    for index in range(len(catalogue)):
        product = catalogue.product(index)
        product = changed.get(product.key, product)
        if product.key in deleted:
            continue
        yield product, "03"
        if duplicates and index == 5:
            yield dataclasses.replace(product, title=product.title + " (revised)"), "03"
        elif duplicates and index < 3:
            repeated.append(product)
    for product in repeated:
        yield dataclasses.replace(product, title=product.title + " (revised)"), "03"
