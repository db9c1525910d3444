"""The license overview and the purchase suggestions (titles whose holds exceed their seats)."""

import csv
import datetime as dt
import io
import uuid

import pytest

from ebiblio_portal.models import Hold

from ..common.staff import HOME, OTHER, denied, log_in_as
from ..stats.helpers import publication

NOW = dt.datetime.now(dt.UTC)
SUGGESTIONS_FOR = {"librarian", "other_librarian", "municipal_admin", "other_admin", "national_admin"}


def _holds(session, pub, patron, count):
    for number in range(count):
        session.add(
            Hold(
                id=str(uuid.uuid4()),
                patron_id=patron.id,
                publication_id=pub.id,
                status="waiting",
                placed_at=NOW,
                queue_number=number + 1,
            )
        )
    session.flush()


@pytest.fixture
def collection(dbsession, cast):
    soon = publication(dbsession, "soon", "Pian päättyvä", concurrency=2, expires=NOW + dt.timedelta(days=10))
    later = publication(dbsession, "later", "Myöhemmin päättyvä", concurrency=1, expires=NOW + dt.timedelta(days=90))
    used = publication(dbsession, "used", "Loppuun lainattu", concurrency=1, checkouts_left=0)
    popular = publication(dbsession, "popular", "=Suosittu", concurrency=1)
    _holds(dbsession, popular, cast.patron, 4)  # 4 holds per seat
    _holds(dbsession, soon, cast.patron, 3)  # 1.5 per seat
    _holds(dbsession, later, cast.patron, 1)  # as many holds as seats: not a suggestion
    _holds(dbsession, used, cast.patron, 1)  # no usable seat at all
    return soon, later, used, popular


def test_expiring_and_exhausted_licenses(testapp, cast, collection):
    log_in_as(testapp, cast, "national_admin")
    page = testapp.get("/hallinta/toimittajat/lisenssit?lang=en")
    expiring = page.html.find("caption", string="Licenses expiring soon, soonest first").find_parent("table")
    assert [row.th.text for row in expiring.tbody("tr")] == ["Pian päättyvä"]
    wider = testapp.get("/hallinta/toimittajat/lisenssit?lang=en&days=120")
    expiring = wider.html.find("caption", string="Licenses expiring soon, soonest first").find_parent("table")
    assert [row.th.text for row in expiring.tbody("tr")] == ["Pian päättyvä", "Myöhemmin päättyvä"]
    exhausted = page.html.find("caption", string="Licenses with no checkouts left").find_parent("table")
    assert [row.th.text for row in exhausted.tbody("tr")] == ["Loppuun lainattu"]
    for bad in ("0", "abc", "1000", "-5"):
        shown = testapp.get(f"/hallinta/toimittajat/lisenssit?lang=en&days={bad}")
        assert "Give the days as a whole number" in shown.text and "Pian päättyvä" in shown.text


def test_purchase_suggestions_by_holds_per_seat(testapp, cast, collection):
    log_in_as(testapp, cast, "librarian")
    page = testapp.get(f"/hallinta/kunta/{HOME}/hankintaehdotukset?lang=en")
    table = page.html.find("caption", string="Titles whose holds exceed their seats, most holds per seat first")
    rows = [[c.text for c in row.find_all(["th", "td"])] for row in table.find_parent("table").tbody("tr")]
    assert [(r[0], r[2], r[3]) for r in rows] == [
        ("Loppuun lainattu", "1", "0"),
        ("=Suosittu", "4", "1"),
        ("Pian päättyvä", "3", "2"),
    ]
    download = testapp.get("/hallinta/hankintaehdotukset.csv")
    parsed = list(csv.DictReader(io.StringIO(download.body.decode("utf-8-sig"))))
    assert [(r["title"], int(r["holds"]), int(r["seats"])) for r in parsed] == [
        ("Loppuun lainattu", 1, 0),
        ("'=Suosittu", 4, 1),
        ("Pian päättyvä", 3, 2),
    ]


@pytest.mark.parametrize(
    "path",
    ["/hallinta/hankintaehdotukset", "/hallinta/hankintaehdotukset.csv", f"/hallinta/kunta/{HOME}/hankintaehdotukset"],
)
def test_purchase_suggestions_are_for_staff_who_select(testapp, as_who, path):
    page = testapp.get(path + "?lang=en", expect_errors=True)
    allowed = as_who in SUGGESTIONS_FOR
    if path.startswith("/hallinta/kunta/"):
        allowed = as_who in ("librarian", "municipal_admin", "national_admin")
    assert page.status_int == 200 if allowed else denied(page), (as_who, page.status)


def test_librarians_find_the_suggestions_but_not_the_sync_controls(testapp, cast):
    log_in_as(testapp, cast, "other_librarian")
    page = testapp.get(f"/hallinta/kunta/{OTHER}?lang=en")
    assert f"/hallinta/kunta/{OTHER}/hankintaehdotukset" in page.text
    assert "/hallinta/toimittajat" not in testapp.get("/hallinta?lang=en").text
