"""Updating populations from a CSV in the shipped municipality file's format: all rows checked, then all written."""

from __future__ import annotations

import csv
import dataclasses
import io

from sqlalchemy import select

from ..i18n import _
from ..models import Municipality
from ..municipalities.registry import COLUMNS

MAX_BYTES = 1_000_000


@dataclasses.dataclass
class PopulationFile:
    """The checked rows ``{code: (population, year)}``, or ``problems``: translatable messages, one per bad row."""

    rows: dict = dataclasses.field(default_factory=dict)
    problems: list = dataclasses.field(default_factory=list)


def read(data, known_codes):
    """Check every row of the uploaded bytes ``data`` against ``known_codes``."""
    result = PopulationFile()
    if len(data) > MAX_BYTES:
        result.problems.append(_("The file is too large: a municipality file is well under 1 MB."))
        return result
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.problems.append(_('The file is not UTF-8 text. Save it as "CSV UTF-8" and upload it again.'))
        return result
    if not text.strip():
        result.problems.append(_("The file is empty."))
        return result
    reader = csv.DictReader(io.StringIO(text))
    missing = [column for column in COLUMNS if column not in (reader.fieldnames or ())]
    if missing:
        result.problems.append(
            _(
                "The file lacks the columns ${columns}. The first line must be: ${header}",
                mapping={"columns": ", ".join(missing), "header": ",".join(COLUMNS)},
            )
        )
        return result
    for line, row in enumerate(reader, start=2):
        _check_row(result, line, row, known_codes)
    if not result.rows and not result.problems:
        result.problems.append(_("The file has no municipalities."))
    return result


def _check_row(result, line, row, known_codes):
    code = (row.get("code") or "").strip()
    if code not in known_codes:
        result.problems.append(
            _(
                "Line ${line}: there is no municipality with the code ${code}.",
                mapping={"line": line, "code": code or "–"},
            )
        )
        return
    if code in result.rows:
        result.problems.append(
            _("Line ${line}: the code ${code} is in the file twice.", mapping={"line": line, "code": code})
        )
        return
    population = _whole(row.get("population"))
    if population is None or population < 0:
        result.problems.append(
            _(
                "Line ${line}: the population ${value} is not a whole number of zero or more.",
                mapping={"line": line, "value": (row.get("population") or "").strip() or "–"},
            )
        )
        return
    year = _whole(row.get("population_year"))
    if year is None or not 1900 <= year <= 2100:
        result.problems.append(
            _(
                "Line ${line}: the year ${value} is not a year.",
                mapping={"line": line, "value": (row.get("population_year") or "").strip() or "–"},
            )
        )
        return
    result.rows[code] = (population, year)


def _whole(text):
    text = (text or "").strip()
    return int(text) if text.isascii() and text.isdigit() else None


def known_codes(session):
    return set(session.scalars(select(Municipality.code)))


def apply(session, checked):
    """Write the checked populations; return how many municipalities changed."""
    changed = 0
    for municipality in session.scalars(select(Municipality).where(Municipality.code.in_(checked.rows))):
        population, year = checked.rows[municipality.code]
        if (municipality.population, municipality.population_year) != (population, year):
            municipality.population, municipality.population_year = population, year
            changed += 1
    return changed
