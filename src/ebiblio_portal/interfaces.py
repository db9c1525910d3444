"""The contracts between the core and its plugins.

Every vendor, theme, locale, identity provider, search backend and notifier is
reached through one of these interfaces; the core never names an
implementation. Values that cross the boundary are in ``ebiblio_portal.values``.
"""

from __future__ import annotations

from zope.interface import Attribute, Interface


class VendorError(Exception):
    """A vendor could not do what was asked; the message is safe to log."""


class VendorUnavailable(VendorError):
    """The vendor did not answer in time, dropped the connection or answered 5xx."""


class VendorRefused(VendorError):
    """The vendor answered and said no (no free seat, unknown title, expired license)."""


class MalformedResponse(VendorError):
    """The vendor answered with a document that cannot be read."""


class IdentificationError(Exception):
    """Strong identification failed or its answer cannot be trusted."""


class IContentProvider(Interface):
    """A vendor of e-books, audiobooks or magazines, reached over its own protocol."""

    name = Attribute("Short machine name of the vendor, unique in the portal, e.g. used in URLs.")
    title = Attribute("Human-readable name of the vendor.")
    origin = Attribute("A values.Origin: domestic or foreign catalogue.")
    queues = Attribute("True when the vendor keeps its own hold queue (place_hold is meaningful).")

    def sync(since, cursor=None):
        """Yield ``SyncBatch`` pages of the catalogue changed since ``since`` (None: everything).

        ``cursor`` resumes a sync interrupted after the batch that carried it.
        A record that cannot be read becomes a ``RecordError`` in its batch and
        never stops the sync; a vendor that cannot be reached raises
        ``VendorUnavailable`` before or between batches.
        """

    def availability(vendor_key):
        """Return the current ``Availability`` of one publication, read from the vendor."""

    def checkout(vendor_key, license_identifier, patron_ref, loan_id, ends):
        """Lend one publication and return a ``LoanGrant``.

        ``loan_id`` is the portal's idempotency key: repeating a checkout with
        the same id returns the same loan instead of lending a second copy.
        ``patron_ref`` is an opaque, pseudonymous patron reference. Raises
        ``VendorRefused`` when the license has no free seat.
        """

    def checkin(vendor_key, vendor_loan_id):
        """Return a loan early; returning a loan already ended is not an error."""

    def loan_status(vendor_key, vendor_loan_id):
        """Return the vendor's ``LoanGrant`` for a loan, or None when the vendor does not know it.

        A loan that is over has the status ``returned`` or ``expired``.
        """

    def place_hold(vendor_key, patron_ref, hold_id):
        """Queue a patron at a vendor that queues itself; return a ``HoldGrant``.

        Vendors whose ``queues`` is False leave queueing to the portal and raise
        ``VendorRefused`` here.
        """

    def release_hold(vendor_key, vendor_hold_id):
        """Cancel a hold placed with ``place_hold``."""

    def fulfil(vendor_key, vendor_loan_id, patron_ref):
        """Return the ``FulfilmentLink`` (reader URL or fulfilment document) for a live loan.

        For simultaneous-use items (magazine issues) ``vendor_loan_id`` is None:
        they open without a loan.
        """

    def health():
        """Return a ``HealthReport``: can the vendor be reached now, and how fast."""


class ICatalogueFile(Interface):
    """A vendor that also delivers its catalogue as files (e.g. an ONIX delivery); optional beside IContentProvider."""

    def read_delivery(path):
        """Yield ``SyncBatch`` pages read from the delivery file at ``path``, streaming, never all in memory."""


class ITheme(Interface):
    """The look of the national portal or of one municipality's pages."""

    name = Attribute("Machine name of the theme.")
    title = Attribute("Human-readable name, shown to staff.")
    municipality_code = Attribute("Three-digit municipality code, or None for a national theme.")
    tokens = Attribute("Design tokens: a mapping of CSS custom property name (without --) to value.")
    fonts = Attribute("Font family names, each from the portal's allowed set.")
    logo = Attribute("URL path of the logo image, or None.")
    hero_image = Attribute("URL path of the front-page hero image, or None.")
    static_dir = Attribute("Directory of the theme's static files, or None.")
    template_dir = Attribute("Directory of template blocks that override the base ones, or None.")


class ILocaleCatalog(Interface):
    """A gettext message catalogue contributed by a plugin."""

    domain = Attribute("The gettext domain, e.g. 'ebiblio_portal'.")
    directory = Attribute("Directory holding <language>/LC_MESSAGES/<domain>.mo files.")
    languages = Attribute("Language codes this catalogue translates, e.g. ('fi', 'sv', 'en').")


class IIdentityProvider(Interface):
    """Strong electronic identification (e.g. OpenID Connect or SAML 2.0)."""

    name = Attribute("Machine name of the provider.")
    title = Attribute("Human-readable name shown on the identify button.")

    def start(redirect_uri):
        """Begin identification; return an ``IdentificationStart``.

        The core keeps ``kept`` in the patron's session and hands it back to
        ``finish`` unchanged (state, nonce, PKCE verifier or request id).
        """

    def finish(redirect_uri, params, kept):
        """Complete identification from the callback ``params`` and return a ``VerifiedPerson``.

        Raises ``IdentificationError`` when the answer is refused, tampered
        with, replayed or malformed.
        """


class ISearchIndex(Interface):
    """The index that finds publications; embedded and PostgreSQL backends implement it.

    Every method works in the caller's ``session`` and transaction: what it writes commits or rolls
    back with the caller's other changes.
    """

    def update(session, publication_ids):
        """Index (or re-index) the works of the given publications from the database.

        Withdrawn publications drop out; a work left without a live offer leaves the index. Call it
        whenever a publication, its licenses or its popularity change (the sync does, per batch).
        """

    def update_availability(session, publication_ids):
        """Re-read only whether the works of the given publications can be borrowed now ("available now").

        Circulation calls it when a loan takes a title's last free seat or a return frees one; the rest of
        each document is left as it was.
        """

    def remove(session, publication_ids):
        """Remove publications from the index (their works stay if other offers remain)."""

    def rebuild(session):
        """Index the whole catalogue from scratch."""

    def search(session, query):
        """Run a ``values.SearchQuery`` and return a ``values.SearchResult``.

        Hits are publication ids, one per work, best first; the result carries the total, facet
        counts, the page actually shown and any spelling suggestion. Never raises for odd text.
        """


class INotifier(Interface):
    """Delivers notifications (hold ready, loan ending) to patrons."""

    def send(notification):
        """Send one ``values.Notification``; raise on failure so the caller can retry."""


class ISettings(Interface):
    """The validated settings of this portal (a mapping of name to typed value)."""
