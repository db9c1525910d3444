"""``ebiblio fees`` and ``ebiblio municipalities membership``."""

import csv
import datetime as dt
import decimal
import io
import textwrap

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from ebiblio_portal.cli import main
from ebiblio_portal.models import AuditEntry, FeeRate, Municipality

INI = """
[app:main]
use = egg:ebiblio-portal
sqlalchemy.url = sqlite:///{path}
ebiblio.secret = cli-test-secret-0123456789abcdef0123
ebiblio.identity_key = cli-test-identity-key-0123456789abcdef
ebiblio.sandbox = true
ebiblio.plugins = locales
"""


@pytest.fixture(scope="module")
def ini(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fees-cli")
    path = folder / "test.ini"
    path.write_text(textwrap.dedent(INI.format(path=folder / "cli.sqlite")))
    assert main(["-c", str(path), "migrate"]) == 0
    assert main(["-c", str(path), "municipalities", "load"]) == 0
    return str(path), Session(create_engine(f"sqlite:///{folder / 'cli.sqlite'}"))


def test_membership_is_set_checked_and_audited(ini, capsys):
    path, session = ini
    assert (
        main(["-c", path, "municipalities", "membership", "837", "--start", "23.4.2024", "--signed", "2024-03-01"]) == 0
    )
    assert "access 2024-04-23 - -" in capsys.readouterr().out
    assert main(["-c", path, "municipalities", "membership", "837", "--end", "2024-04-01"]) == 2
    assert "Access must end after it starts." in capsys.readouterr().err
    assert main(["-c", path, "municipalities", "membership", "999"]) == 2
    session.expire_all()
    tampere = session.get(Municipality, "837")
    assert (tampere.access_start, tampere.access_end) == (dt.date(2024, 4, 23), None)
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "municipality.membership")).one()
    assert entry.actor.startswith("cli:") and entry.target == "municipality:837"


def test_fee_report_and_csv(ini, capsys):
    path, session = ini
    main(["-c", path, "municipalities", "membership", "837", "--start", "2024-04-23"])
    capsys.readouterr()
    assert main(["-c", path, "fees", "report", "2024"]) == 0
    out = capsys.readouterr().out
    assert "837  Tampere" in out and " 8 mo" in out
    assert main(["-c", path, "fees", "report", "2024", "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff")), delimiter=";"))
    population = session.get(Municipality, "837").population
    expected = (decimal.Decimal(population) * decimal.Decimal("0.70") * 8 / 12).quantize(decimal.Decimal("0.01"))
    assert decimal.Decimal(rows[0]["fee"].replace(",", ".")) == expected
    assert main(["-c", path, "fees", "report", "2040"]) == 2
    assert "no rate for 2040" in capsys.readouterr().err


def test_set_rate(ini, capsys):
    path, session = ini
    assert main(["-c", path, "fees", "set-rate", "2027", "0,80", "--months", "12"]) == 0
    assert main(["-c", path, "fees", "set-rate", "2027", "lots"]) == 2
    assert main(["-c", path, "fees", "rates"]) == 0
    assert "2027  0.80 EUR" in capsys.readouterr().out
    session.expire_all()
    assert session.get(FeeRate, 2027).rate == decimal.Decimal("0.80")
