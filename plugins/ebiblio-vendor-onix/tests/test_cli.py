"""`ebiblio sync onix --from-file PATH`: a delivered ONIX file into the catalogue, through the command."""

import pathlib
import textwrap

from ebiblio_vendor_onix.writer import write_onix
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from ebiblio_portal.cli import main
from ebiblio_portal.models import Publication, SyncRun

INI = """
[app:main]
use = egg:ebiblio-portal
sqlalchemy.url = sqlite:///{directory}/cli.sqlite
ebiblio.secret = onix-cli-test-secret-0123456789abcdef
ebiblio.identity_key = onix-cli-test-identity-0123456789abcdef
ebiblio.sandbox = true
ebiblio.plugins = onix locales
ebiblio.vendor.onix.url = sandbox
"""


def test_a_delivered_file_is_imported_and_reimporting_changes_nothing(tmp_path, capsys):
    ini = tmp_path / "cli.ini"
    ini.write_text(textwrap.dedent(INI.format(directory=tmp_path)))
    delivery = write_onix(str(tmp_path / "delivery.xml"), 120)
    assert main(["-c", str(ini), "migrate"]) == 0
    assert main(["-c", str(ini), "sync", "onix", "--from-file", delivery]) == 0
    assert "onix: ok (file): 120 read, 120 written" in capsys.readouterr().out
    assert main(["-c", str(ini), "sync", "onix", "--from-file", delivery]) == 0
    assert "120 read, 0 written, 120 unchanged" in capsys.readouterr().out
    with Session(create_engine(f"sqlite:///{tmp_path}/cli.sqlite")) as session:
        assert session.scalar(select(func.count()).select_from(Publication)) == 120
        assert session.scalars(select(SyncRun.mode)).all() == ["file", "file"]


def test_a_broken_file_keeps_what_was_good_and_says_why(tmp_path, capsys):
    ini = tmp_path / "cli.ini"
    ini.write_text(textwrap.dedent(INI.format(directory=tmp_path)))
    delivery = tmp_path / "broken.xml"
    text = pathlib.Path(write_onix(str(tmp_path / "whole.xml"), 2500)).read_text(encoding="utf-8")
    delivery.write_text(text[: len(text) * 3 // 4], encoding="utf-8")
    assert main(["-c", str(ini), "migrate"]) == 0
    assert main(["-c", str(ini), "sync", "onix", "--from-file", str(delivery)]) == 1
    out = capsys.readouterr().out
    assert "onix: failed (file)" in out
    with Session(create_engine(f"sqlite:///{tmp_path}/cli.sqlite")) as session:
        # Every product before the break is stored, none after it.
        stored = session.scalar(select(func.count()).select_from(Publication))
        assert 1000 < stored < 2500
        assert session.scalar(select(SyncRun.status)) == "failed"
        assert session.scalar(select(SyncRun.message))
