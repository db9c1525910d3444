"""Writing staff actions to the append-only audit log."""

from __future__ import annotations

from ..models import AuditEntry


def actor(request):
    staff = request.staff
    return f"staff:{staff.username}" if staff is not None else "system"


def record(request, action, target=None, **detail):
    """Log that the current staff user did ``action`` to ``target`` (e.g. ``"pick_list:12"``), from where.

    ``detail`` must never carry personal data of patrons (identity codes, names): ids are enough.
    """
    entry = AuditEntry(
        actor=actor(request),
        action=action,
        target=target[:300] if target else None,
        address=(request.client_addr or "unknown")[:64],
        detail=detail or None,
    )
    request.dbsession.add(entry)
    return entry
