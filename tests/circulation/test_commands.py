"""``ebiblio circulation tick`` and ``reconcile`` from the command line."""

from __future__ import annotations

import pytest

from ebiblio_portal.cli import build_parser


def test_the_commands_are_there():
    parser = build_parser()
    assert parser.parse_args(["-c", "x.ini", "circulation", "tick"]).action == "tick"
    args = parser.parse_args(["-c", "x.ini", "circulation", "reconcile", "--dry-run", "--json"])
    assert args.dry_run and args.json
    with pytest.raises(SystemExit):
        parser.parse_args(["-c", "x.ini", "circulation", "nothing"])


def test_tick_and_reconcile_run_against_a_database(tmp_path, capsys):
    from ebiblio_portal.cli import main

    ini = tmp_path / "portal.ini"
    ini.write_text(
        "[app:main]\nuse = egg:ebiblio-portal\n"
        f"sqlalchemy.url = sqlite:///{tmp_path}/portal.sqlite\n"
        "ebiblio.secret = " + "s" * 40 + "\nebiblio.identity_key = " + "k" * 40 + "\nebiblio.plugins = none\n"
    )
    assert main(["-c", str(ini), "migrate"]) == 0
    assert main(["-c", str(ini), "circulation", "tick"]) == 0
    assert "loans ended 0" in capsys.readouterr().out
    assert main(["-c", str(ini), "circulation", "reconcile"]) == 0
    assert "checked 0" in capsys.readouterr().out
