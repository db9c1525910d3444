"""Contracts of the national unit's tools."""

from zope.interface import Interface


class IFeeSchedule(Interface):
    """What municipalities pay for the e-library, year by year."""

    def rates(session):
        """Every ``FeeRate`` row, oldest year first."""

    def invoice(session, year):
        """The ``fees.Invoice`` of ``year``: a line per municipality billed at least one month, with a total.

        A year without a rate row gives an invoice without lines (``invoice.rate`` is None).
        """
