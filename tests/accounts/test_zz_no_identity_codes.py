"""After the whole run: no personal identity code in the logs or the test databases.

``ebiblio_portal.testing.pii_guard`` writes every log record of the run to one
file and moves tests marked ``runs_last`` to the end, so this check sees what
every other test (registration, desk registration, the browser) left behind.
"""

import datetime as dt

import pytest
from sqlalchemy import inspect, text

from ebiblio_portal.accounts import hetu
from ebiblio_portal.testing import pii_guard

from .test_staff import CHILD_CODE, DESK_CODE

sandbox = pytest.importorskip("ebiblio_identity_oidc.sandbox")


def watched_codes():
    demo = [((1985, 3, 14), 901), ((1972, 11, 2), 902), ((2001, 6, 30), 903)]  # ebiblio demo's patrons
    codes = {hetu.make(dt.date(*born), number) for born, number in demo}
    return codes | {person.identity_code for person in sandbox.PERSONS} | {DESK_CODE, CHILD_CODE}


def test_the_guard_finds_codes_it_is_shown():
    code = hetu.make(dt.date(1999, 12, 31), 977)
    assert pii_guard.find_identity_codes(f"user {code} logged in".encode()) == {code}
    assert pii_guard.find_identity_codes(b"ISBN 9789510396358, token 8f3a91c0e2, 31.12.1999") == set()
    assert pii_guard.find_identity_codes(b"131052-308U is not valid") == set()


@pytest.mark.runs_last
def test_no_identity_code_in_the_logs_of_the_whole_run():
    path = pii_guard.log_path()
    assert path is not None and path.exists(), "the pii_guard plugin records the run's logs"
    pii_guard.flush()
    data = path.read_bytes()
    if not data:
        pytest.skip("nothing was logged in this run (run the accounts tests with it)")
    leaked = {code for code in watched_codes() if code.encode() in data} | pii_guard.find_identity_codes(data)
    assert leaked == set()


@pytest.mark.runs_last
def test_no_identity_code_in_any_database_file_of_the_run(tmp_path_factory):
    files = [p for p in tmp_path_factory.getbasetemp().rglob("*") if p.is_file() and ".sqlite" in p.name]
    if not files:
        pytest.skip("this run used no SQLite database files")
    for path in files:
        data = path.read_bytes()
        leaked = {code for code in watched_codes() if code.encode() in data} | pii_guard.find_identity_codes(data)
        assert leaked == set(), path


@pytest.mark.runs_last
def test_no_identity_code_in_the_test_databases(engine):
    codes = watched_codes()
    with engine.connect() as connection:
        for table in inspect(connection).get_table_names():
            for row in connection.execute(text(f'SELECT * FROM "{table}"')):
                for value in row:
                    shown = value.decode("latin-1") if isinstance(value, bytes) else str(value)
                    assert not any(code in shown for code in codes), table
                    assert pii_guard.find_identity_codes(shown.encode("utf-8", "replace")) == set(), table
