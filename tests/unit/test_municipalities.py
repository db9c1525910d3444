import datetime as dt

import pytest

from ebiblio_portal.models import Municipality
from ebiblio_portal.municipalities.registry import RegistryFileError, load_municipalities, read_rows, slugify


def test_the_shipped_registry_loads_every_municipality(dbsession):
    assert load_municipalities(dbsession) == 308
    assert dbsession.query(Municipality).count() == 308
    # Loading again updates in place.
    assert load_municipalities(dbsession) == 308
    assert dbsession.query(Municipality).count() == 308


def test_slugs_fold_letters_a_browser_types_easily():
    assert slugify("Hämeenlinna") == "hameenlinna"
    assert slugify("Pedersören kunta") == "pedersoren-kunta"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("code,name_fi\n", "lacks the columns"),
        ("code,name_fi,name_sv,population,population_year,region_fi\n12,A,A,1,2025,R\n", "line 2"),
        ("code,name_fi,name_sv,population,population_year,region_fi\n012,A,A,many,2025,R\n", "not a whole number"),
        ("code,name_fi,name_sv,population,population_year,region_fi\n", "no municipalities"),
    ],
)
def test_a_bad_file_says_where(text, message):
    with pytest.raises(RegistryFileError, match=message):
        read_rows(text)


def test_membership_follows_the_dates():
    municipality = Municipality(code="999", access_start=dt.date(2024, 4, 23), access_end=dt.date(2026, 1, 1))
    assert not municipality.is_member_on(dt.date(2024, 4, 22))
    assert municipality.is_member_on(dt.date(2024, 4, 23))
    assert municipality.is_member_on(dt.date(2025, 12, 31))
    assert not municipality.is_member_on(dt.date(2026, 1, 1))
    assert not Municipality(code="998").is_member_on(dt.date(2025, 1, 1))
