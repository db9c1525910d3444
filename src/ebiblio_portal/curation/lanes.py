"""The national pick lists as front-page lanes: one lane provider per slot, positions 10-30."""

from __future__ import annotations

import dataclasses

from zope.interface import implementer

from ..catalog.interfaces import ILaneProvider
from .text import pick

FIRST_POSITION = 10
SLOTS = 21  # positions 10-30, the picks' share of the front page


@implementer(ILaneProvider)
@dataclasses.dataclass(frozen=True)
class PickLane:
    """The ``slot``-th national pick list visible today (the registry is fixed at start-up, the lists are not)."""

    slot: int

    @property
    def name(self):
        return f"picks-{self.slot}"

    @property
    def position(self):
        return FIRST_POSITION + self.slot

    def _shown(self, request):
        picks = request.national_picks
        return picks[self.slot] if self.slot < len(picks) else (None, [])

    def title(self, request):
        pick_list, _items = self._shown(request)
        return pick(request, pick_list.title_fi, pick_list.title_sv) if pick_list is not None else ""

    def description(self, request):
        pick_list, _items = self._shown(request)
        return pick(request, pick_list.text_fi, pick_list.text_sv) if pick_list is not None else None

    def items(self, request, limit):
        return self._shown(request)[1][:limit]

    def more_url(self, request):
        return None


PICK_LANES = tuple(PickLane(slot) for slot in range(SLOTS))
