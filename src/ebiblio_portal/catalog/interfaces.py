"""The catalogue's hook points for features that arrive later (circulation, curation)."""

from __future__ import annotations

from zope.interface import Attribute, Interface


class ITitleActions(Interface):
    """What a patron can do with a publication: borrow, place a hold, read, listen, try a sample.

    Circulation registers its implementation with ``config.register_service(impl, ITitleActions)``; until
    then ``catalog.actions.SampleOnly`` answers, which offers the sample and says lending opens soon.
    """

    lending_open = Attribute("True when borrowing and holds work; False shows the 'borrowing opens soon' notice.")

    def actions(request, publication, availability):
        """Return the ``TitleAction``s for ``publication`` given its ``TitleAvailability``, most wanted first."""


class ILaneProvider(Interface):
    """One lane of the front page (new e-books, a municipality's picks, book tips, ...)."""

    name = Attribute("Machine name, unique among the lanes; also the id of the lane's heading.")
    position = Attribute("Lanes are shown in ascending position; curation's picks take small numbers.")

    def title(request):
        """The lane's heading in the request's language."""

    def items(request, limit):
        """Return at most ``limit`` publications for this lane (empty: the lane is not shown)."""

    def more_url(request):
        """Where "Show all" leads (a browse or search page), or None."""
