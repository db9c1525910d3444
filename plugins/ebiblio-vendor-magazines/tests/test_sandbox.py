"""The sandbox vendor speaks its protocol: over plain HTTP, deterministic, and quick at volume."""

import datetime as dt

import httpx
import pytest
from ebiblio_vendor_magazines.sandbox import SANDBOX_API_KEY, MagazineSandbox, catalogue, sign

NOW = dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC)


def mounted(app, prefix):
    """The sandbox mounted under ``prefix``, as the portal serves it (SCRIPT_NAME + PATH_INFO)."""

    def mount(environ, start_response):
        environ["SCRIPT_NAME"] = prefix
        environ["PATH_INFO"] = environ["PATH_INFO"].removeprefix(prefix)
        return app(environ, start_response)

    return mount


@pytest.fixture
def http(vendor):
    transport = httpx.WSGITransport(app=mounted(vendor, "/sandbox/magazines"))
    with httpx.Client(
        transport=transport, base_url="http://portal.test/sandbox/magazines/", headers={"X-Api-Key": SANDBOX_API_KEY}
    ) as client:
        yield client


def test_the_api_needs_the_key(http):
    for path in ("v1/health", "v1/titles", "v1/issues", "v1/issues/kuvaviikko-20260610"):
        response = http.get(path, headers={"X-Api-Key": "wrong"})
        assert response.status_code == 401 and response.json()["error"] == "unauthorized"
    assert http.get("v1/health").json()["status"] == "ok"


def test_titles_describe_the_periodicals(http):
    titles = {title["id"]: title for title in http.get("v1/titles").json()["titles"]}
    assert titles["kustbladet"]["language"] == "sv" and titles["kustbladet"]["frequency"] == "weekly"
    assert titles["menninkaissarjat"]["audience"] == "children"
    assert all(catalogue.issn_for(0) != title["issn"] for title in titles.values())


def test_issues_are_paged_with_a_token_and_links_follow_the_mount_point(http, vendor):
    first = http.get("v1/issues", params={"limit": 50}).json()
    assert len(first["issues"]) == 50 and first["total"] == vendor.listed_count()
    assert first["issues"][0]["cover_url"].startswith("http://portal.test/sandbox/magazines/covers/")
    second = http.get("v1/issues", params={"limit": 50, "page_token": first["next_page_token"]}).json()
    assert "total" not in second
    assert not {i["id"] for i in first["issues"]} & {i["id"] for i in second["issues"]}
    assert second["issues"][0]["modified"] >= first["issues"][-1]["modified"]


def test_a_foreign_page_token_or_since_is_a_bad_request(http):
    assert http.get("v1/issues", params={"page_token": "!!!"}).status_code == 400
    assert http.get("v1/issues", params={"since": "last week"}).status_code == 400
    assert http.get("v1/titles", params={"page_token": "eA"}).status_code == 400


def test_one_issue_gone_and_unknown(http, vendor):
    assert http.get("v1/issues/kuvaviikko-20260610").json()["name"] == "24/2026"
    assert http.get("v1/issues/kuvaviikko-20240605").status_code == 410
    assert http.get("v1/issues/nothing").status_code == 404


def test_removed_since_lists_ids_with_when_and_why(http, vendor):
    vendor.withdraw_issue("kattaus-20260515")
    vendor.advance(days=10)
    body = http.get("v1/issues/removed", params={"since": NOW.isoformat()}).json()
    reasons = {item["id"]: item["reason"] for item in body["removed"]}
    assert reasons["kattaus-20260515"] == "withdrawn"
    assert reasons["kuvaviikko-20240619"] == "archive"
    assert body["next_page_token"] is None


def test_a_reader_link_request_needs_a_patron(http):
    assert http.post("v1/issues/kuvaviikko-20260610/reader-links", json={}).status_code == 400
    assert http.post("v1/issues/kuvaviikko-20260610/reader-links", content=b"{not json").status_code == 400
    assert http.get("v1/issues/kuvaviikko-20260610/reader-links").status_code == 405


def test_the_reader_checks_the_documented_signature(http, vendor):
    expires = int(NOW.timestamp()) + 60
    signature = sign(vendor.secret, "kattaus-20260515", "p1", expires)
    params = {"patron": "p1", "exp": expires, "sig": signature}
    assert http.get("reader/kattaus-20260515", params=params).status_code == 200
    assert http.get("reader/kattaus-20260515", params={**params, "sig": signature.upper()}).status_code == 403
    assert http.get("reader/kattaus-20260515", params={**params, "page": 999}).status_code == 200


def test_the_catalogue_is_deterministic():
    first, second = MagazineSandbox(40, clock=lambda: NOW), MagazineSandbox(40, clock=lambda: NOW)
    assert first.periodicals == second.periodicals
    assert [i.id for i in first.issues_page(None, None, 5000)[0]] == [
        i.id for i in second.issues_page(None, None, 5000)[0]
    ]
    assert len(first.periodicals) == 40 and len({p.id for p in first.periodicals}) == 40


def test_issue_names_follow_the_frequency():
    weekly, monthly = catalogue.HAND_WRITTEN[0], catalogue.HAND_WRITTEN[1]
    assert catalogue.issue_name(weekly, dt.date(2026, 1, 1)) == "1/2026"
    assert catalogue.issue_name(weekly, dt.date(2026, 12, 31)) == "53/2026"
    assert catalogue.issue_name(monthly, dt.date(2026, 7, 10)) == "7-8/2026"
    assert catalogue.issue_name(monthly, dt.date(2026, 12, 10)) == "12/2026"
    dates = list(catalogue.release_dates(monthly, dt.date(2026, 1, 1), dt.date(2026, 12, 31)))
    assert len(dates) == 11 and all(day.day == 10 for day in dates)


def test_issns_carry_a_valid_check_digit():
    for number in (0, 1_239_000, 2_000_017, 9_999_999):
        issn = catalogue.issn_for(number).replace("-", "")
        total = sum(int(d) * w for d, w in zip(issn[:7], range(8, 1, -1), strict=True))
        check = issn[7]
        assert (total + (10 if check == "X" else int(check))) % 11 == 0


def test_benchmark_volume_is_generated():
    # How fast is measured by benchmarks/sync_speed.py, never here.
    vendor = MagazineSandbox(1600, clock=lambda: NOW)
    assert vendor.listed_count() >= 75_000
