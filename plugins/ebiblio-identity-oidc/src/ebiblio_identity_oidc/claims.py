"""The person claims, named as Suomi.fi e-Identification names them, read into a ``VerifiedPerson``."""

from __future__ import annotations

from ebiblio_portal.accounts import hetu
from ebiblio_portal.interfaces import IdentificationError
from ebiblio_portal.values import VerifiedPerson

IDENTITY_CODE = "urn:oid:1.2.246.21"  # henkilötunnus
GIVEN_NAME = "urn:oid:2.5.4.42"
FAMILY_NAME = "urn:oid:2.5.4.4"
HOME_MUNICIPALITY = "urn:oid:1.2.246.517.2002.2.18"  # kotikunnan kuntanumero
MAX_NAME = 200


def person_from_claims(claims, allow_temporary=False):
    """Return the ``VerifiedPerson`` the claims describe, or raise ``IdentificationError``.

    The messages name the claim that is wrong, never its value: the value may
    be a personal identity code.
    """
    code = claims.get(IDENTITY_CODE)
    if not isinstance(code, str) or not code.strip():
        raise IdentificationError(f"the answer lacks the personal identity code ({IDENTITY_CODE})")
    try:
        code = hetu.validate(code.strip().upper(), allow_temporary=allow_temporary)
    except hetu.InvalidIdentityCode:
        raise IdentificationError(
            f"the personal identity code in the answer ({IDENTITY_CODE}) is not valid "
            "(format, century sign, date or check character)"
        ) from None
    given = _name(claims, GIVEN_NAME)
    family = _name(claims, FAMILY_NAME)
    municipality = claims.get(HOME_MUNICIPALITY)
    if municipality is not None:
        if not isinstance(municipality, str | int):
            raise IdentificationError(f"the home municipality ({HOME_MUNICIPALITY}) is not a municipality code")
        municipality = str(municipality).strip()
        if municipality.isdigit() and len(municipality) < 3:
            municipality = municipality.zfill(3)  # some registries drop the leading zeros of "091"
        if municipality == "":
            municipality = None
        elif not (len(municipality) == 3 and municipality.isdigit()):
            raise IdentificationError(f"the home municipality ({HOME_MUNICIPALITY}) is not a three-digit code")
    return VerifiedPerson(
        identity_code=code,
        given_name=given,
        family_name=family,
        municipality_code=municipality,
        birth_date=hetu.birth_date(code),
    )


def _name(claims, claim):
    value = claims.get(claim)
    if not isinstance(value, str) or not value.strip():
        raise IdentificationError(f"the answer lacks a name ({claim})")
    value = " ".join(value.split())
    if len(value) > MAX_NAME or any(ord(ch) < 32 for ch in value):
        raise IdentificationError(f"the name in the answer ({claim}) is malformed")
    return value
