"""Loading the municipality registry from the shipped data file (or an updated one)."""

from __future__ import annotations

import csv
import io
import os
import unicodedata

from sqlalchemy import select

from ..models import Municipality

DATA_FILE = os.path.join(os.path.dirname(__file__), "data", "municipalities.csv")
COLUMNS = ("code", "name_fi", "name_sv", "population", "population_year", "region_fi")


class RegistryFileError(ValueError):
    """The municipality file cannot be read; the message names the line."""


def slugify(name):
    """'Ölby Å' -> 'olby-a': letters a browser types without a Nordic keyboard."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "-".join("".join(ch if ch.isalnum() else " " for ch in folded.lower()).split())


def read_rows(text):
    """Parse the CSV text and return its rows as dicts; raise ``RegistryFileError`` on the first bad line."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [column for column in COLUMNS if column not in (reader.fieldnames or ())]
    if missing:
        raise RegistryFileError(f"the file lacks the columns: {', '.join(missing)}")
    rows = []
    for line, row in enumerate(reader, start=2):
        code = (row["code"] or "").strip()
        if not (len(code) == 3 and code.isdigit()):
            raise RegistryFileError(f"line {line}: municipality code {code!r} is not three digits")
        try:
            population = int(row["population"])
            year = int(row["population_year"]) if row["population_year"] else None
        except ValueError:
            raise RegistryFileError(f"line {line}: population {row['population']!r} is not a whole number") from None
        if population < 0:
            raise RegistryFileError(f"line {line}: population cannot be negative")
        rows.append({**row, "code": code, "population": population, "population_year": year})
    if not rows:
        raise RegistryFileError("the file has no municipalities")
    return rows


def load_municipalities(session, path=DATA_FILE):
    """Insert or update every municipality of the file; membership dates are left as they are."""
    with open(path, encoding="utf-8") as handle:
        rows = read_rows(handle.read())
    existing = {m.code: m for m in session.scalars(select(Municipality))}
    for row in rows:
        municipality = existing.get(row["code"])
        if municipality is None:
            municipality = Municipality(code=row["code"])
            session.add(municipality)
        municipality.name_fi = row["name_fi"].strip()
        municipality.name_sv = (row["name_sv"] or row["name_fi"]).strip()
        municipality.slug_fi = slugify(municipality.name_fi)
        municipality.slug_sv = slugify(municipality.name_sv)
        municipality.population = row["population"]
        municipality.population_year = row["population_year"]
        municipality.region_fi = row.get("region_fi")
    session.flush()
    return len(rows)
