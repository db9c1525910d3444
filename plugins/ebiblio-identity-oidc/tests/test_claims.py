"""Reading the Suomi.fi person claims: every malformed answer is a clear IdentificationError."""

import datetime as dt

import pytest
from ebiblio_identity_oidc.claims import FAMILY_NAME, GIVEN_NAME, HOME_MUNICIPALITY, IDENTITY_CODE, person_from_claims

from ebiblio_portal.accounts import hetu
from ebiblio_portal.interfaces import IdentificationError

CODE = hetu.make(dt.date(1990, 5, 20), 910)


def claims(**changes):
    base = {IDENTITY_CODE: CODE, GIVEN_NAME: "Matti", FAMILY_NAME: "Meikäläinen", HOME_MUNICIPALITY: "837"}
    base.update(changes)
    return {key: value for key, value in base.items() if value is not None}


def test_a_good_answer_becomes_a_verified_person():
    person = person_from_claims(claims(), allow_temporary=True)
    assert (person.identity_code, person.given_name, person.family_name) == (CODE, "Matti", "Meikäläinen")
    assert person.municipality_code == "837" and person.birth_date == dt.date(1990, 5, 20)


def test_names_are_tidied_and_short_municipality_codes_padded():
    person = person_from_claims(
        claims(**{GIVEN_NAME: "  Matti   Juhani ", HOME_MUNICIPALITY: 91}), allow_temporary=True
    )
    assert person.given_name == "Matti Juhani" and person.municipality_code == "091"


def test_no_home_municipality_is_allowed_and_kept_as_none():
    assert person_from_claims(claims(**{HOME_MUNICIPALITY: None}), allow_temporary=True).municipality_code is None
    assert person_from_claims(claims(**{HOME_MUNICIPALITY: ""}), allow_temporary=True).municipality_code is None


def test_temporary_codes_only_when_allowed():
    with pytest.raises(IdentificationError, match="not valid"):
        person_from_claims(claims())


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({IDENTITY_CODE: None}, "lacks the personal identity code"),
        ({IDENTITY_CODE: 12345}, "lacks the personal identity code"),
        ({IDENTITY_CODE: CODE[:-1] + ("X" if CODE[-1] != "X" else "Y")}, "not valid"),
        ({IDENTITY_CODE: CODE.replace("-", "G")}, "not valid"),
        ({IDENTITY_CODE: "320590-910H"}, "not valid"),
        ({GIVEN_NAME: None}, "lacks a name"),
        ({FAMILY_NAME: "  "}, "lacks a name"),
        ({FAMILY_NAME: "x" * 201}, "malformed"),
        ({GIVEN_NAME: "Matti\x00"}, "malformed"),
        ({HOME_MUNICIPALITY: "Helsinki"}, "three-digit"),
        ({HOME_MUNICIPALITY: ["091"]}, "not a municipality code"),
    ],
)
def test_malformed_answers_are_refused_and_the_code_is_never_in_the_message(changes, words):
    with pytest.raises(IdentificationError, match=words) as refused:
        person_from_claims(claims(**changes), allow_temporary=True)
    assert CODE not in str(refused.value) and CODE[:6] not in str(refused.value)
