"""Validate OPDS 2.0 documents offline against the official schemas shipped beside this file."""

from __future__ import annotations

import functools
import json
import pathlib
import re

from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

SCHEMAS = pathlib.Path(__file__).parent / "schemas"
ROOTS = {
    "feed": "https://drafts.opds.io/schema/feed.schema.json",
    "publication": "https://drafts.opds.io/schema/publication.schema.json",
    "authentication": "https://drafts.opds.io/schema/authentication.schema.json",
}


def _python_patterns(node):
    # The schemas name regex groups the ECMAScript way, (?<name>…); Python's re wants (?P<name>…).
    fix = functools.partial(re.sub, r"\(\?<(?=[A-Za-z])", "(?P<")
    if isinstance(node, dict):
        return {
            key: fix(value)
            if key == "pattern" and isinstance(value, str)
            else {fix(k): _python_patterns(v) for k, v in value.items()}
            if key == "patternProperties" and isinstance(value, dict)
            else _python_patterns(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_python_patterns(item) for item in node]
    return node


@functools.cache
def registry():
    """Every schema by its $id, so $refs resolve without the network."""
    resources = []
    for path in SCHEMAS.rglob("*.schema.json"):
        contents = _python_patterns(json.loads(path.read_text(encoding="utf-8")))
        resources.append((contents["$id"], Resource.from_contents(contents, default_specification=DRAFT7)))
    return Registry().with_resources(resources)


def errors(document, kind="feed"):
    """The schema errors of ``document`` as "path: message" lines; empty when it is valid."""
    schema_registry = registry()
    validator = Draft7Validator(
        schema_registry.contents(ROOTS[kind]), registry=schema_registry, format_checker=Draft7Validator.FORMAT_CHECKER
    )
    return [f"{error.json_path}: {error.message}" for error in sorted(validator.iter_errors(document), key=str)]
