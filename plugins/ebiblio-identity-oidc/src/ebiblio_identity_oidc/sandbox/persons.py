"""The sandbox identity provider's test persons.

Their personal identity codes use individual numbers 900–999, which the
population register keeps for temporary codes: no real person has them.
The municipality codes are real ones from the portal's registry; the demo
joins the eight most populous municipalities, so Porvoo (638) has not joined.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from ebiblio_portal.accounts import hetu


@dataclasses.dataclass(frozen=True)
class SandboxPerson:
    key: str
    given_name: str
    family_name: str
    born: dt.date
    individual: int
    municipality_code: str | None
    note: str

    @property
    def identity_code(self):
        return hetu.make(self.born, self.individual)


PERSONS = (
    SandboxPerson("aino", "Aino", "Virtanen", dt.date(1985, 3, 14), 901, "091", "demo patron, Helsinki"),
    SandboxPerson("elias", "Elias", "Lindqvist", dt.date(1972, 11, 2), 902, "049", "demo patron, Espoo"),
    SandboxPerson("sofia", "Sofia", "Korhonen", dt.date(2001, 6, 30), 903, "837", "demo patron, Tampere"),
    SandboxPerson("matti", "Matti", "Meikäläinen", dt.date(1990, 5, 20), 910, "837", "not yet registered, Tampere"),
    SandboxPerson("maija", "Maija", "Mäkinen", dt.date(1994, 1, 17), 911, "092", "not yet registered, Vantaa"),
    SandboxPerson("anna", "Anna", "Ahlberg", dt.date(1979, 9, 5), 920, "638", "lives in Porvoo, which has not joined"),
    SandboxPerson("erik", "Erik", "Eklund", dt.date(1960, 12, 24), 930, None, "no home municipality (lives abroad)"),
    SandboxPerson("eeli", "Eeli", "Nieminen", dt.date(2014, 8, 9), 940, "564", "under 15, Oulu"),
)


def by_key(key):
    return next((person for person in PERSONS if person.key == key), None)
