import datetime as dt

import pytest

from ebiblio_portal.accounts import hetu
from ebiblio_portal.accounts.identity import identity_hash, is_library_id, new_library_id


def test_made_codes_validate_including_the_temporary_range():
    code = hetu.make(dt.date(1985, 3, 14), 901)
    assert hetu.validate(code, allow_temporary=True) == code
    with pytest.raises(hetu.InvalidIdentityCode):
        hetu.validate(code)  # temporary codes are refused unless allowed
    assert hetu.birth_date(code) == dt.date(1985, 3, 14)
    assert hetu.make(dt.date(2010, 1, 2), 123)[6] == "A"


@pytest.mark.parametrize("bad", ["131052-308U", "131052G308T", "321352-308T", "13105-308T", ""])
def test_bad_codes_are_refused_without_echoing_them(bad):
    with pytest.raises(hetu.InvalidIdentityCode) as raised:
        hetu.validate(bad)
    if bad:
        assert bad not in str(raised.value)


def test_the_identity_hash_is_keyed_and_normalised():
    code = "131052-308T"
    assert identity_hash("k" * 32, code) == identity_hash("k" * 32, " 131052-308t ")
    assert identity_hash("k" * 32, code) != identity_hash("j" * 32, code)
    assert code not in identity_hash("k" * 32, code)


def test_library_ids_carry_a_check_digit():
    library_id = new_library_id()
    assert is_library_id(library_id)
    wrong = library_id[:-1] + str((int(library_id[-1]) + 1) % 10)
    assert not is_library_id(wrong)
