"""``ebiblio stats refresh`` and the refresh at the end of ``circulation tick``."""

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import Session

from ebiblio_portal.cli import build_parser, main
from ebiblio_portal.models import MonthlyCount, StatsMark


def test_the_stats_command_is_known():
    assert build_parser().parse_args(["-c", "x.ini", "stats", "refresh"]).action == "refresh"


def test_refresh_and_tick_count_events(tmp_path, capsys):
    db = tmp_path / "portal.sqlite"
    ini = tmp_path / "portal.ini"
    ini.write_text(
        "[app:main]\nuse = egg:ebiblio-portal\n"
        f"sqlalchemy.url = sqlite:///{db}\n"
        "ebiblio.secret = " + "s" * 40 + "\nebiblio.identity_key = " + "k" * 40 + "\nebiblio.plugins = none\n"
    )
    assert main(["-c", str(ini), "migrate"]) == 0
    engine = create_engine(f"sqlite:///{db}")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO circulation_events (kind, at, publication_id, vendor_name, medium, language, "
                "municipality_code) VALUES ('loan', '2025-01-10 10:00:00.000000', 1, 'acme', 'ebook', 'fi', '091')"
            )
        )
    capsys.readouterr()
    assert main(["-c", str(ini), "stats", "refresh"]) == 0
    assert "counted 1 circulation events" in capsys.readouterr().out
    assert main(["-c", str(ini), "circulation", "tick"]) == 0
    assert "statistics events counted 0" in capsys.readouterr().out
    with Session(engine) as session:
        assert session.scalar(select(StatsMark.last_id).where(StatsMark.name == "circulation_events")) == 1
        national_total = select(func.sum(MonthlyCount.count)).where(
            MonthlyCount.municipality_code == "*", MonthlyCount.vendor_name == "*", MonthlyCount.medium == "*"
        )
        assert session.scalar(national_total) == 1
    engine.dispose()
