"""The ``ebiblio`` command: its sub-commands, and clear errors instead of tracebacks."""

import json
import textwrap

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from ebiblio_portal.cli import main
from ebiblio_portal.models import Municipality, Patron, StaffUser

INI = """
[app:main]
use = egg:ebiblio-portal
sqlalchemy.url = {url}
ebiblio.secret = cli-test-secret-0123456789abcdef0123
ebiblio.identity_key = cli-test-identity-key-0123456789abcdef
ebiblio.sandbox = {sandbox}
ebiblio.plugins = {plugins}
{extra}
"""


@pytest.fixture
def ini(tmp_path):
    def write(url=None, sandbox="true", plugins="locales", extra=""):
        path = tmp_path / "test.ini"
        url = url or f"sqlite:///{tmp_path}/cli.sqlite"
        path.write_text(textwrap.dedent(INI.format(url=url, sandbox=sandbox, plugins=plugins, extra=extra)))
        return str(path)

    return write


def db(tmp_path):
    return Session(create_engine(f"sqlite:///{tmp_path}/cli.sqlite"))


def test_migrate_then_demo_loads_municipalities_staff_and_patrons(ini, tmp_path, capsys):
    path = ini()
    assert main(["-c", path, "migrate"]) == 0
    assert main(["-c", path, "demo", "--no-sync"]) == 0
    out = capsys.readouterr().out
    assert "308 loaded, 8 joined" in out
    with db(tmp_path) as session:
        joined = session.scalars(select(Municipality).where(Municipality.access_start.is_not(None))).all()
        assert len(joined) == 8
        assert session.scalar(select(StaffUser).where(StaffUser.username == "admin")).roles[0].role == "national_admin"
        assert len(session.scalars(select(Patron)).all()) == 3
    # Running it again reuses what is there.
    assert main(["-c", path, "demo", "--no-sync"]) == 0
    with db(tmp_path) as session:
        assert len(session.scalars(select(Patron)).all()) == 3


def test_the_demo_refuses_without_sandboxes(ini, capsys):
    assert main(["-c", ini(sandbox="false"), "demo"]) == 2
    assert "never in production" in capsys.readouterr().err


def test_plugins_lists_what_is_loaded_as_json(ini, capsys):
    assert main(["-c", ini(plugins=""), "plugins", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert {"vendors", "themes", "locales", "identity_providers", "failed"} <= set(report)
    assert "national" in {theme["name"] for theme in report["themes"]}
    assert report["locales"][0]["languages"] == ["fi", "sv", "en"]


def test_users_create_and_list(ini, tmp_path, capsys, monkeypatch):
    import io

    path = ini()
    main(["-c", path, "migrate"])
    main(["-c", path, "demo", "--no-sync"])
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-enough-passphrase\n"))
    assert main(["-c", path, "users", "create", "liisa", "--role", "librarian", "--municipality", "091"]) == 0
    capsys.readouterr()
    assert main(["-c", path, "users", "list"]) == 0
    assert "librarian@091" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["users", "create", "x", "--role", "librarian"], "needs --municipality"),
        (["users", "create", "x", "--role", "librarian", "--municipality", "000"], "no municipality with the code"),
        (["sync", "nosuchvendor"], "unknown vendor 'nosuchvendor'"),
        (["sync", "--from-file", "/no/such/file.xml"], "does not exist"),
    ],
)
def test_bad_arguments_get_a_clear_message(ini, capsys, args, message):
    path = ini()
    main(["-c", path, "migrate"])
    capsys.readouterr()
    assert main(["-c", path, *args]) == 2
    assert message in capsys.readouterr().err


def test_a_weak_staff_password_is_refused(ini, capsys, monkeypatch):
    import io

    path = ini()
    main(["-c", path, "migrate"])
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["-c", path, "users", "create", "x", "--role", "national_admin"]) == 2
    assert "at least 12 characters" in capsys.readouterr().err


def test_commands_before_migrate_say_so(ini, capsys):
    assert main(["-c", ini(), "users", "list"]) == 2
    assert "run 'ebiblio -c INI migrate' first" in capsys.readouterr().err


def test_an_unreachable_database_is_a_message_not_a_traceback(ini, capsys):
    code = main(["-c", ini(url="postgresql+psycopg://nobody:hunter2@127.0.0.1:1/nothing"), "migrate"])
    err = capsys.readouterr().err
    assert code == 1
    assert "cannot be reached" in err and "Traceback" not in err
    assert "hunter2" not in err


def test_a_malformed_setting_names_the_setting_and_file(ini, capsys):
    path = ini(extra="ebiblio.secure_cookies = sometimes")
    assert main(["-c", path, "migrate"]) == 2
    err = capsys.readouterr().err
    assert "ebiblio.secure_cookies" in err and path in err


def test_a_missing_settings_file(capsys, tmp_path):
    assert main(["-c", str(tmp_path / "none.ini"), "migrate"]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_an_unknown_command_is_refused_by_the_parser(ini, capsys):
    with pytest.raises(SystemExit) as raised:
        main(["-c", ini(), "frobnicate"])
    assert raised.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
