"""Structure checks: the JSON Schema files in data/schema/, explained for editors.

The schema files are the single declaration of each record's structure; editors'
tools use the same files for autocompletion. This module turns the
``jsonschema`` library's errors into problems that name the line, the field,
what was found and what is expected.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Any, Callable

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource

from .problems import Problems
from .source import Document, dotted, iso

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "array": "a list",
    "object": "a mapping of 'field: value' lines",
    "boolean": "true or false",
    "null": "nothing (null)",
}


def _found(value: Any, written: str | None = None) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (yes/no/on/off are read as true/false)"
    if isinstance(value, (int, float)):
        if written and written != str(value):  # 01067 -> 567 (octal), 1_000 -> 1000
            return f"{written}, which YAML reads as the number {value}"
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text '{_short(value)}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _short(text: str, limit: int = 40) -> str:
    text = str(text).replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Schemas:
    """The record schemas of one project, compiled once per build."""

    def __init__(self, schema_dir: Path) -> None:
        self.dir = schema_dir
        resources = []
        self.raw: dict[str, dict] = {}
        for path in sorted(schema_dir.glob("*.schema.json")):
            schema = json.loads(path.read_text(encoding="utf-8"))
            self.raw[path.name] = schema
            resources.append((path.name, Resource.from_contents(schema)))
        self.registry = Registry().with_resources(resources)
        self._validators: dict[str, Draft202012Validator] = {}

    def validator(self, name: str, pointer: str = "") -> Draft202012Validator:
        """A validator for schema file ``name`` (or a ``$defs`` entry in it)."""
        key = f"{name}#{pointer}"
        if key not in self._validators:
            schema = {"$ref": key} if pointer else self.raw[name]
            self._validators[key] = Draft202012Validator(
                schema, registry=self.registry, format_checker=FormatChecker())
        return self._validators[key]

    def check(self, doc: Document, name: str, problems: Problems, pointer: str = "",
              data: Any = None, base: tuple = ()) -> bool:
        """Check ``doc.data`` (or ``data`` found at ``base`` in doc) against a schema.

        Returns True when the structure is valid.
        """
        instance = iso(doc.data if data is None else data)
        ok = True
        for error in self.validator(name, pointer).iter_errors(instance):
            ok = False
            for path, key, message, hint in _explain(error, lambda p: doc.texts.get(base + p)):
                full = base + path
                if any(full[: i + 1] in doc.reported for i in range(len(full))):
                    continue
                problems.error(doc.rel, doc.pos(full, key=key), dotted(full), message, hint)
        return ok


def _explain(error: ValidationError, written: Callable[[tuple], str | None] = lambda p: None
             ) -> list[tuple[tuple, bool, str, str]]:
    """(path, at-key?, message, hint) for one schema error; ``written`` gives a number's source text."""
    path = tuple(error.absolute_path)
    found = _found(error.instance, written(path))
    schema = error.schema if isinstance(error.schema, dict) else {}
    custom = schema.get("x-message")
    hint = schema.get("x-hint", "")
    value = error.instance
    kind = error.validator

    if kind == "required":
        props = schema.get("properties", {})
        out = []
        for name in error.validator_value:
            if isinstance(value, dict) and name not in value:
                prop = props.get(name, {})
                desc = prop.get("description", "") or \
                    (f"one of {', '.join(map(str, prop['enum']))}" if "enum" in prop else "")
                out.append((path, bool(path), f"missing required field '{name}'", desc))
        return out
    if kind == "additionalProperties":
        known = sorted(schema.get("properties", {}))
        out = []
        for name in sorted(set(value) - set(known)):
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            h = f"did you mean '{close[0]}'?" if close else f"known fields: {', '.join(known)}"
            out.append((path + (name,), True, f"unknown field '{name}'", h))
        return out
    if kind == "dependentRequired":
        out = []
        for name, needs in error.validator_value.items():
            if name in value:
                for other in needs:
                    if other not in value:
                        out.append((path + (name,), True, f"'{name}' needs '{other}' too", ""))
        return out
    if kind == "type":
        wanted = error.validator_value
        wanted = wanted if isinstance(wanted, list) else [wanted]
        words = " or ".join(_TYPE_WORDS.get(w, w) for w in wanted)
        if "string" in wanted and isinstance(value, (bool, int, float)):
            hint = hint or "put the value in quotes"
        return [(path, False, f"expected {words}, found {found}", hint)]
    if kind in ("oneOf", "anyOf") and isinstance(value, dict):
        # a mapping where a text or a mapping may stand: explain it by the mapping's own rules
        # (an unknown field, a missing name) instead of the general "expected … or …"
        branch = _mapping_branch(error)
        if branch:
            return [item for sub in branch for item in _explain(sub, written)]
    if custom:
        message = custom if isinstance(value, (list, dict)) else f"{custom}, found {found}"
        return [(path, False, message, hint)]
    if kind == "enum":
        options = ", ".join(str(v) for v in error.validator_value)
        return [(path, False, f"'{_short(value)}' is not allowed", f"expected one of {options}")]
    if kind == "maxLength":
        return [(path, False, f"is {len(value)} characters long; at most {error.validator_value} are allowed",
                 "shorten the text")]
    if kind == "minLength":
        if not value.strip():
            return [(path, False, "is empty", schema.get("description", ""))]
        return [(path, False, f"is too short: at least {error.validator_value} characters", "")]
    if kind == "minItems":
        return [(path, False, f"needs at least {error.validator_value} entries", "")]
    if kind == "uniqueItems":
        return [(path, False, "lists the same entry twice", "remove the repeated entry")]
    if kind in ("minimum", "maximum"):
        word = "at least" if kind == "minimum" else "at most"
        return [(path, False, f"{written(path) or value} is out of range: must be {word} {error.validator_value}", hint)]
    if kind == "format" and error.validator_value == "date":
        return [(path, False, f"{_found(value)} is not a date", "write a real date as YYYY-MM-DD")]
    if kind == "pattern":
        return [(path, False, f"'{_short(value)}' does not have the expected form", hint)]
    if kind in ("oneOf", "anyOf"):
        return [(path, False, f"{found} is not valid here", hint)]
    return [(path, False, error.message, hint)]


def _mapping_branch(error: ValidationError) -> list[ValidationError]:
    """The errors of the one alternative of a oneOf/anyOf that expects a mapping, if there is one."""
    branches: dict[int, list[ValidationError]] = {}
    for sub in error.context or ():
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    fitting = [subs for subs in branches.values()
               if not any(sub.validator == "type" and not sub.relative_path for sub in subs)]
    return fitting[0] if len(fitting) == 1 else []
