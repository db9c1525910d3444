"""Catalogue sync: a vendor's records into the shared collection.

Idempotent upserts keyed by vendor and vendor key; incremental by default,
full on request; each batch commits with the cursor that resumes after it, so
a crash loses at most the batch in flight. A record that cannot be stored is
reported and skipped; a vendor that fails leaves the catalogue as it was.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import operator

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from ..interfaces import VendorError
from ..models import License, Publication, PublicationContributor, PublicationSubject, SyncError, SyncRun, Vendor, Work
from ..search.collation import sort_key
from ..values import PublicationRecord, RecordError

log = logging.getLogger(__name__)

# Records synced a little before the last run started are read again: vendor clocks drift.
OVERLAP = dt.timedelta(minutes=5)
MAX_ERRORS_KEPT = 1000


@dataclasses.dataclass
class SyncReport:
    vendor: str
    mode: str
    status: str = "running"
    seen: int = 0
    written: int = 0
    unchanged: int = 0
    failed: int = 0
    removed: int = 0
    message: str = ""
    errors: list = dataclasses.field(default_factory=list)
    run_id: int | None = None


def now():
    return dt.datetime.now(dt.UTC)


_SCALARS = operator.attrgetter(
    "vendor_key",
    "medium",
    "title",
    "language",
    "subtitle",
    "series",
    "series_number",
    "publisher",
    "published",
    "modified",
    "subjects",
    "audience",
    "isbn",
    "description",
    "cover_url",
    "sample_url",
    "duration_seconds",
    "page_count",
    "simultaneous_use",
    "withdrawn",
)
_CONTRIBUTOR = operator.attrgetter("name", "role", "sort_name")
_LICENSE = operator.attrgetter(
    "identifier", "concurrency", "checkouts_left", "checkouts_available", "expires", "loan_length", "status", "format"
)
_ISSUE = operator.attrgetter("periodical_key", "periodical_title", "issue_date", "table_of_contents")


def record_hash(record):
    """A fingerprint of everything in the record: equal fingerprints mean nothing to write."""
    # attrgetter builds the tuples in C; a dataclass's generated __repr__ would cost several times more.
    issue = record.issue
    parts = (
        _SCALARS(record),
        tuple(map(_CONTRIBUTOR, record.contributors)),
        tuple(map(_LICENSE, record.licenses)),
        _ISSUE(issue) if issue is not None else None,
    )
    return hashlib.md5(repr(parts).encode(), usedforsecurity=False).hexdigest()


def check_record(record):
    """Raise ValueError when a record cannot be stored as it is."""
    if not isinstance(record, PublicationRecord):
        raise ValueError(f"not a publication record: {type(record).__name__}")
    if not record.vendor_key or len(record.vendor_key) > 200:
        raise ValueError("the vendor key is empty or longer than 200 characters")
    if not record.title or not record.title.strip():
        raise ValueError("the title is empty")
    if not record.language or len(record.language) > 8:
        raise ValueError(f"the language {record.language!r} is not a language code")
    if record.isbn is not None and not (len(record.isbn) == 13 and record.isbn.isdigit()):
        raise ValueError(f"the ISBN {record.isbn!r} is not an ISBN-13")
    if record.published is not None and isinstance(record.published, dt.datetime):
        raise ValueError("the publication date is a datetime, not a date")
    if record.modified is not None and record.modified.tzinfo is None:
        raise ValueError("the modification time has no time zone")
    for terms in record.licenses:
        if not terms.identifier or len(terms.identifier) > 200:
            raise ValueError("a license has no identifier")


def work_key(vendor_name, record):
    # The same ISBN from two vendors is one work with two offers.
    return f"isbn:{record.isbn}" if record.isbn else f"{vendor_name}:{record.vendor_key}"


def publication_row(vendor_name, record, digest, synced_at):
    issue = record.issue
    return {
        "vendor_name": vendor_name,
        "vendor_key": record.vendor_key,
        "record_hash": digest,
        "medium": str(record.medium),
        "title": record.title.strip(),
        "subtitle": record.subtitle,
        "sort_title": sort_key(record.title),  # Finnish/Swedish order: å, ä, ö after z
        "language": record.language.lower(),
        "series": record.series,
        "series_number": record.series_number,
        "publisher": record.publisher,
        "published": record.published,
        "modified_at": record.modified,
        "audience": str(record.audience),
        "isbn": record.isbn,
        "description": record.description,
        "cover_url": record.cover_url,
        "sample_url": record.sample_url,
        "duration_seconds": record.duration_seconds,
        "page_count": record.page_count,
        "simultaneous_use": record.simultaneous_use,
        "withdrawn": record.withdrawn,
        "periodical_key": issue.periodical_key if issue else None,
        "periodical_title": issue.periodical_title if issue else None,
        "issue_date": issue.issue_date if issue else None,
        "table_of_contents": list(issue.table_of_contents) if issue else None,
        "subjects": list(record.subjects) or None,
        "synced_at": synced_at,
    }


def license_row(publication_id, terms):
    return {
        "publication_id": publication_id,
        "identifier": terms.identifier,
        "concurrency": terms.concurrency,
        "checkouts_left": terms.checkouts_left,
        "checkouts_available": terms.checkouts_available,
        "expires": terms.expires,
        "loan_length_seconds": int(terms.loan_length.total_seconds()) if terms.loan_length else None,
        "status": terms.status,
        "format": terms.format,
    }


class BatchWriter:
    """Writes one batch of records in the session's transaction."""

    def __init__(self, session, vendor_name):
        self.session = session
        self.vendor_name = vendor_name

    def write(self, records):
        """Upsert ``records``; return (written ids, unchanged count)."""
        session = self.session
        latest = {}
        for record in records:
            latest[record.vendor_key] = record  # a record repeated in one batch: the last one wins
        keys = list(latest)
        existing = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            for row in session.execute(
                select(Publication.id, Publication.vendor_key, Publication.record_hash).where(
                    Publication.vendor_name == self.vendor_name, Publication.vendor_key.in_(chunk)
                )
            ):
                existing[row.vendor_key] = row
        synced_at = now()
        new_rows, changed_rows, changed_records, new_records = [], [], {}, {}
        unchanged = 0
        for key, record in latest.items():
            digest = record_hash(record)
            found = existing.get(key)
            if found is not None and found.record_hash == digest:
                unchanged += 1
                continue
            row = publication_row(self.vendor_name, record, digest, synced_at)
            if found is None:
                new_rows.append(row)
                new_records[key] = record
            else:
                row["id"] = found.id
                changed_rows.append(row)
                changed_records[found.id] = record
        if not new_rows and not changed_rows:
            return [], unchanged
        work_ids = self._works({**new_records, **{r.vendor_key: r for r in changed_records.values()}})
        for row in new_rows + changed_rows:
            row["work_id"] = work_ids[work_key(self.vendor_name, latest[row["vendor_key"]])]
        ids = dict(changed_records)
        if new_rows:
            # One executemany and one select: RETURNING in parameter order falls back to a row at a time.
            bulk_insert(session, Publication.__table__, new_rows)
            for row in session.execute(
                select(Publication.id, Publication.vendor_key).where(
                    Publication.vendor_name == self.vendor_name, Publication.vendor_key.in_(list(new_records))
                )
            ):
                ids[row.id] = new_records[row.vendor_key]
        if changed_rows:
            session.execute(update(Publication), changed_rows)
            changed_ids = list(changed_records)
            session.execute(
                delete(PublicationContributor).where(PublicationContributor.publication_id.in_(changed_ids))
            )
            session.execute(delete(PublicationSubject).where(PublicationSubject.publication_id.in_(changed_ids)))
        self._children(ids, changed_records)
        return list(ids), unchanged

    def _works(self, records):
        keys = {work_key(self.vendor_name, record): record.title for record in records.values()}
        found = dict(session_rows(self.session, select(Work.key, Work.id).where(Work.key.in_(list(keys)))))
        missing = [{"key": key, "title": title} for key, title in keys.items() if key not in found]
        if missing:
            bulk_insert(self.session, Work.__table__, missing)
            new_keys = [row["key"] for row in missing]
            found.update(session_rows(self.session, select(Work.key, Work.id).where(Work.key.in_(new_keys))))
        return found

    def _children(self, ids, changed_records):
        contributors, subjects = [], []
        for publication_id, record in ids.items():
            for position, contributor in enumerate(record.contributors):
                contributors.append(
                    {
                        "publication_id": publication_id,
                        "position": position,
                        "name": contributor.name[:300],
                        "sort_name": contributor.sort_name,
                        "role": str(contributor.role),
                    }
                )
            for subject in dict.fromkeys(s.strip()[:200] for s in record.subjects if s and s.strip()):
                subjects.append({"publication_id": publication_id, "subject": subject})
        if contributors:
            bulk_insert(self.session, PublicationContributor.__table__, contributors)
        if subjects:
            bulk_insert(self.session, PublicationSubject.__table__, subjects)
        self._licenses(ids, changed_records)

    def _licenses(self, ids, changed_records):
        # Licenses are updated in place: loans point at them.
        current = {}
        if changed_records:
            for row in self.session.execute(
                select(License.id, License.publication_id, License.identifier).where(
                    License.publication_id.in_(list(changed_records))
                )
            ):
                current[(row.publication_id, row.identifier)] = row.id
        inserts, updates = [], []
        for publication_id, record in ids.items():
            seen = set()
            for terms in record.licenses:
                if terms.identifier in seen:
                    continue
                seen.add(terms.identifier)
                row = license_row(publication_id, terms)
                license_id = current.pop((publication_id, terms.identifier), None)
                if license_id is None:
                    inserts.append(row)
                else:
                    updates.append({**row, "id": license_id})
        if inserts:
            bulk_insert(self.session, License.__table__, inserts)
        if updates:
            self.session.execute(update(License), updates)
        if current:
            # A license the vendor no longer lists lends nothing more.
            self.session.execute(
                update(License).where(License.id.in_(list(current.values()))).values(status="unavailable")
            )

    def remove(self, vendor_keys):
        if not vendor_keys:
            return []
        ids = list(
            self.session.scalars(
                select(Publication.id).where(
                    Publication.vendor_name == self.vendor_name,
                    Publication.vendor_key.in_(list(vendor_keys)),
                    Publication.withdrawn.is_(False),
                )
            )
        )
        if ids:
            # Withdrawn, not deleted: open loans run to their end.
            self.session.execute(
                update(Publication).where(Publication.id.in_(ids)).values(withdrawn=True, record_hash="withdrawn")
            )
        return ids


def bulk_insert(session, table, rows):
    """Insert many rows: one driver-level executemany on SQLite, multi-row VALUES statements on PostgreSQL."""
    if not rows:
        return
    if session.get_bind().dialect.name == "sqlite":
        _sqlite_executemany(session, table, rows)
        return
    # psycopg sends an executemany as one INSERT per row; multi-row VALUES is several times faster.
    per_statement = max(1, 30000 // len(rows[0]))
    for start in range(0, len(rows), per_statement):
        session.execute(insert(table).values(rows[start : start + per_statement]))


def _sqlite_executemany(session, table, rows):
    # SQLAlchemy's per-row parameter processing costs more than SQLite's own insert; the columns' own
    # bind processors still convert each value exactly as an ORM insert would.
    connection = session.connection()
    names = list(rows[0])
    for column in table.columns:
        if column.name not in names and column.default is not None and column.default.is_scalar:
            names.append(column.name)
    defaults = {
        column.name: column.default.arg
        for column in table.columns
        if column.default is not None and column.default.is_scalar
    }
    processors = [
        table.c[name].type.dialect_impl(connection.dialect).bind_processor(connection.dialect) for name in names
    ]
    sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    parameters = []
    for row in rows:
        values = []
        for name, process in zip(names, processors, strict=True):
            value = row[name] if name in row else defaults[name]
            values.append(process(value) if process is not None and value is not None else value)
        parameters.append(tuple(values))
    connection.exec_driver_sql(sql, parameters)


def session_rows(session, statement):
    return [tuple(row) for row in session.execute(statement)]


class CatalogueSync:
    """Runs a sync of one vendor with its own transactions (one per batch)."""

    def __init__(self, session_factory, provider, on_change=None):
        self.session_factory = session_factory
        self.provider = provider
        self.on_change = on_change

    def _vendor(self, session):
        vendor = session.get(Vendor, self.provider.name)
        if vendor is None:
            vendor = Vendor(name=self.provider.name, title=self.provider.title, origin=str(self.provider.origin))
            session.add(vendor)
        else:
            vendor.title, vendor.origin = self.provider.title, str(self.provider.origin)
        return vendor

    def run(self, full=False, batches=None, progress=None, mode=None):
        """Sync the vendor; ``batches`` (an iterable of SyncBatch) replaces the vendor's feed, e.g. a file delivery."""
        started = now()
        with self.session_factory() as session, session.begin():
            vendor = self._vendor(session)
            session.flush()  # the run refers to the vendor row
            state = json.loads(vendor.sync_cursor) if vendor.sync_cursor and batches is None and not full else None
            since = None if full else vendor.synced_until
            if state:
                since = dt.datetime.fromisoformat(state["since"]) if state.get("since") else None
                started = dt.datetime.fromisoformat(state["started"])
            mode = mode or ("full" if full or since is None else "incremental")
            run = SyncRun(vendor_name=vendor.name, mode=mode + (" (resumed)" if state else ""), started_at=now())
            session.add(run)
            session.flush()
            report = SyncReport(vendor=vendor.name, mode=run.mode, run_id=run.id)
        # A file delivery neither resumes nor moves the feed's high-water mark.
        self.from_feed = batches is None
        if batches is None:
            batches = self.provider.sync(since, state["cursor"] if state else None)
        try:
            for batch in batches:
                self._write_batch(batch, report, since, started)
                if progress is not None:
                    progress(len(batch.records) + len(batch.removed), batch.total)
        except VendorError as error:
            report.status, report.message = "failed", str(error)
            log.error("sync of %s stopped: %s", self.provider.name, error)
        except Exception as error:  # noqa: BLE001 - a crashed sync is recorded, never half-applied
            report.status, report.message = "failed", f"{type(error).__name__}: {error}"
            log.exception("sync of %s crashed", self.provider.name)
        else:
            report.status = "ok" if not report.failed else "ok_with_errors"
        self._finish(report, started)
        return report

    def _write_batch(self, batch, report, since, started):
        report.seen += len(batch.records)
        good, errors = [], list(batch.errors)
        for record in batch.records:
            try:
                check_record(record)
            except ValueError as error:
                errors.append(RecordError(getattr(record, "vendor_key", None), str(error), repr(record)[:500]))
            else:
                good.append(record)
        with self.session_factory() as session:
            try:
                with session.begin():
                    changed, removed, unchanged = self._apply(
                        session, good, batch.removed, batch.cursor, since, started
                    )
            except SQLAlchemyError as error:
                log.warning("batch of %s failed as a whole (%s); writing record by record", self.provider.name, error)
                changed, removed, unchanged = [], [], 0
                for record in good:
                    try:
                        with session.begin():
                            ids, _, same = self._apply(session, [record], (), None, since, started)
                            changed.extend(ids)
                            unchanged += same
                    except SQLAlchemyError as record_error:
                        errors.append(RecordError(record.vendor_key, _first_line(record_error), repr(record)[:500]))
                with session.begin():
                    _ids, removed, _same = self._apply(session, [], batch.removed, batch.cursor, since, started)
            with session.begin():
                run = session.get(SyncRun, report.run_id)
                for error in errors[: max(0, MAX_ERRORS_KEPT - report.failed)]:
                    run.errors.append(
                        SyncError(
                            vendor_key=error.vendor_key, message=error.message[:2000], excerpt=error.excerpt[:2000]
                        )
                    )
                report.failed += len(errors)
                report.written += len(changed)
                report.unchanged += unchanged
                report.removed += len(removed)
                run.records_seen, run.records_written = report.seen, report.written
                run.records_failed, run.records_removed = report.failed, report.removed
            report.errors.extend(errors[:50])
            if self.on_change is not None and (changed or removed):
                # The search index follows each committed batch, in a transaction of its own.
                with session.begin():
                    self.on_change(session, list(changed) + list(removed))

    def _apply(self, session, records, removed_keys, cursor, since, started):
        writer = BatchWriter(session, self.provider.name)
        ids, unchanged = writer.write(records) if records else ([], 0)
        removed = writer.remove(removed_keys)
        if cursor is not None and self.from_feed:
            vendor = session.get(Vendor, self.provider.name)
            vendor.sync_cursor = json.dumps(
                {
                    "cursor": cursor,
                    "since": since.isoformat() if since else None,
                    "started": started.isoformat(),
                }
            )
        return ids, removed, unchanged

    def _finish(self, report, started):
        with self.session_factory() as session, session.begin():
            run = session.get(SyncRun, report.run_id)
            run.status, run.message, run.finished_at = report.status, report.message or None, now()
            if report.status != "failed" and self.from_feed:
                vendor = session.get(Vendor, self.provider.name)
                vendor.synced_until = started - OVERLAP
                vendor.sync_cursor = None

        return report


def _first_line(error):
    return str(getattr(error, "orig", error)).strip().splitlines()[0][:500]
