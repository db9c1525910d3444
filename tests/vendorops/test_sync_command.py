"""``ebiblio sync --requested`` runs only what staff asked for, once."""

from sqlalchemy import create_engine, text

from ebiblio_portal.cli import build_parser, main


def test_the_flag_is_known():
    assert build_parser().parse_args(["-c", "x.ini", "sync", "--requested"]).requested


def test_nothing_requested_runs_nothing(tmp_path, capsys):
    db = tmp_path / "portal.sqlite"
    ini = tmp_path / "portal.ini"
    ini.write_text(
        "[app:main]\nuse = egg:ebiblio-portal\n"
        f"sqlalchemy.url = sqlite:///{db}\n"
        "ebiblio.secret = " + "s" * 40 + "\nebiblio.identity_key = " + "k" * 40 + "\nebiblio.sandbox = true\n"
        "ebiblio.plugins = magazines\nebiblio.vendor.magazines.url = sandbox\n"
        "ebiblio.vendor.magazines.api_key = magazines-sandbox-key\n"
    )
    assert main(["-c", str(ini), "migrate"]) == 0
    capsys.readouterr()
    assert main(["-c", str(ini), "sync", "--requested"]) == 0
    assert "No sync is requested." in capsys.readouterr().out
    engine = create_engine(f"sqlite:///{db}")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO vendors (name, title, origin, sync_requested_at, sync_requested_by) "
                "VALUES ('magazines', 'Magazines', 'domestic', '2026-01-01 10:00:00.000000', 'staff:x')"
            )
        )
    assert main(["-c", str(ini), "sync", "--requested"]) == 0
    assert "magazines: ok" in capsys.readouterr().out
    assert main(["-c", str(ini), "sync", "--requested"]) == 0
    assert "No sync is requested." in capsys.readouterr().out
    with engine.connect() as connection:
        assert connection.execute(text("SELECT sync_requested_at FROM vendors")).scalar() is None
    assert main(["-c", str(ini), "sync", "--requested", "--full"]) == 2
    engine.dispose()
