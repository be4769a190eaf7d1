"""Structure checks: the JSON Schema files in data/schema/, explained for editors.

The schema files are the single declaration of each record's structure; editors'
tools use the same files for autocompletion. This module turns the
``jsonschema`` library's errors into problems that name the line, the field,
what was found and what is expected.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from pathlib import Path
from typing import Any, Callable

from jsonschema import Draft202012Validator, FormatChecker, validators
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource

from kooplab.load.document import Document, dotted
from kooplab.problems import Problems
from kooplab.problems_de import german
from kooplab.records import YEARS

# A whole number is an int: YAML reads "13.0" as a float, which JSON Schema would count as the integer 13
# and which the pages would then show (and compute with) as 13.0.
_TYPES = Draft202012Validator.TYPE_CHECKER.redefine(
    "integer", lambda checker, value: isinstance(value, int) and not isinstance(value, bool))
_Validator = validators.extend(Draft202012Validator, type_checker=_TYPES)


def _in_years(text: object) -> bool:
    """A date of the years a record may carry (records.YEARS): a year 1 or 9999 is a typo, and a
    calendar cannot reach the day after 9999-12-31."""
    if not isinstance(text, str):
        return True
    day = dt.date.fromisoformat(text)  # ValueError: not a date
    return day.year in YEARS


FORMATS = FormatChecker()
FORMATS.checks("date", raises=ValueError)(_in_years)

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


class _Unsupported(Exception):
    """A schema keyword or value the fast check does not decide: jsonschema does it."""


_IGNORED = frozenset({"$schema", "$id", "$defs", "title", "description", "examples", "default", "$comment",
                      "x-message", "x-hint"})


def _is_type(value: Any, name: str) -> bool:
    """JSON Schema's types as jsonschema's Draft 2020-12 validator reads Python values."""
    if name == "string":
        return isinstance(value, str)
    if name == "object":
        return isinstance(value, dict)
    if name == "array":
        return isinstance(value, list)
    if name == "boolean":
        return isinstance(value, bool)
    if name == "null":
        return value is None
    if isinstance(value, bool):
        return False
    if name == "integer":
        return isinstance(value, int)
    if name == "number":
        return isinstance(value, (int, float))
    raise _Unsupported(name)


def _same(a: Any, b: Any) -> bool:
    """enum/const equality for plain text and numbers (booleans are not numbers); others: undecided."""
    for v in (a, b):
        if not isinstance(v, (str, int, float)) or isinstance(v, bool):
            raise _Unsupported("enum value")
    if isinstance(a, str) or isinstance(b, str):
        return type(a) is type(b) and a == b
    return a == b


class _FastCheck:
    """A schema compiled into Python predicates: True when an instance is valid, False when not.

    Used before jsonschema: a valid record (nearly all of them) is confirmed quickly, and only an
    invalid one goes through jsonschema, whose errors are explained to editors. Every keyword the
    schemas use is decided here exactly as jsonschema decides it (formats by the same FormatChecker);
    anything else raises _Unsupported and jsonschema decides."""

    def __init__(self, schemas: "Schemas") -> None:
        self.schemas = schemas
        self.formats = FORMATS
        self._refs: dict[str, Callable[[Any], bool]] = {}

    def ref(self, base: str, ref: str) -> Callable[[Any], bool]:
        name, _, pointer = ref.partition("#")
        key = f"{name or base}#{pointer}"
        if key not in self._refs:
            self._refs[key] = lambda value: self._refs[key](value)  # a placeholder while compiling (recursion)
            node: Any = self.schemas.raw[name or base]
            for part in [p for p in pointer.split("/") if p]:
                node = node[part.replace("~1", "/").replace("~0", "~")]
            self._refs[key] = self.compile(node, name or base)
        return self._refs[key]

    def compile(self, schema: Any, base: str) -> Callable[[Any], bool]:
        if schema is True:
            return lambda value: True
        if schema is False:
            return lambda value: False
        if not isinstance(schema, dict):
            raise _Unsupported("schema")
        checks: list[Callable[[Any], bool]] = []
        for key, arg in schema.items():
            if key in _IGNORED or key in ("properties", "additionalProperties", "then", "else"):
                continue
            checks.append(self.keyword(key, arg, schema, base))
        if "properties" in schema or "additionalProperties" in schema:
            checks.append(self.properties(schema, base))
        return lambda value: all(check(value) for check in checks)

    def keyword(self, key: str, arg: Any, schema: dict, base: str) -> Callable[[Any], bool]:
        if key == "$ref":
            return self.ref(base, arg)
        if key == "type":
            names = arg if isinstance(arg, list) else [arg]
            return lambda v: any(_is_type(v, n) for n in names)
        if key == "required":
            return lambda v: not isinstance(v, dict) or all(name in v for name in arg)
        if key == "dependentRequired":
            return lambda v: not isinstance(v, dict) or all(
                other in v for name, needs in arg.items() if name in v for other in needs)
        if key == "enum":
            return lambda v: any(_same(v, option) for option in arg)
        if key == "const":
            return lambda v: _same(v, arg)
        if key in ("minLength", "maxLength"):
            low = key == "minLength"
            return lambda v: not isinstance(v, str) or (len(v) >= arg if low else len(v) <= arg)
        if key in ("minItems", "maxItems"):
            low = key == "minItems"
            return lambda v: not isinstance(v, list) or (len(v) >= arg if low else len(v) <= arg)
        if key in ("minimum", "maximum"):
            low = key == "minimum"
            return lambda v: not _is_type(v, "number") or (v >= arg if low else v <= arg)
        if key == "pattern":
            pattern = re.compile(arg)
            return lambda v: not isinstance(v, str) or pattern.search(v) is not None
        if key == "format":
            return lambda v: self.formats.conforms(v, arg)
        if key == "uniqueItems":
            if not arg:
                return lambda v: True

            def unique(v: Any) -> bool:
                if not isinstance(v, list):
                    return True
                if not all(isinstance(i, str) or (isinstance(i, int) and not isinstance(i, bool)) for i in v):
                    raise _Unsupported("uniqueItems of other values")
                return len({(type(i), i) for i in v}) == len(v)
            return unique
        if key == "items":
            item = self.compile(arg, base)
            return lambda v: not isinstance(v, list) or all(item(i) for i in v)
        if key == "if":  # with its then and else (absent: true)
            condition = self.compile(arg, base)
            then, otherwise = self.compile(schema.get("then", True), base), self.compile(schema.get("else", True), base)
            return lambda v: then(v) if condition(v) else otherwise(v)
        if key in ("anyOf", "oneOf"):
            branches = [self.compile(b, base) for b in arg]
            if key == "anyOf":
                return lambda v: any(b(v) for b in branches)
            return lambda v: sum(1 for b in branches if b(v)) == 1
        raise _Unsupported(key)

    def properties(self, schema: dict, base: str) -> Callable[[Any], bool]:
        props = {name: self.compile(sub, base) for name, sub in (schema.get("properties") or {}).items()}
        extra = schema.get("additionalProperties", True)
        other = self.compile(extra, base)

        def check(v: Any) -> bool:
            if not isinstance(v, dict):
                return True
            for name, value in v.items():
                rule = props.get(name, other)
                if not rule(value):
                    return False
            return True
        return check


class Schemas:
    """The record schemas of one project, compiled once per build."""

    def __init__(self, schema_dir: Path, labels: dict | None = None) -> None:
        self.dir = schema_dir
        resources = []
        self.raw: dict[str, dict] = {}
        for path in sorted(schema_dir.glob("*.schema.json")):
            schema = json.loads(path.read_text(encoding="utf-8"))
            self.raw[path.name] = schema
            resources.append((path.name, Resource.from_contents(schema)))
        self.registry = Registry().with_resources(resources)
        self.labels = labels or {}  # data/schema/labels.de.yml: the German words of the form (and of hints)
        self._validators: dict[str, Draft202012Validator] = {}
        self._fast = _FastCheck(self)
        self._fast_checks: dict[str, Callable[[Any], bool] | None] = {}

    def fast_valid(self, name: str, pointer: str, instance: Any) -> bool:
        """True when ``instance`` is certainly valid (the fast check); False: ask jsonschema."""
        key = f"{name}#{pointer}"
        if key not in self._fast_checks:
            try:
                self._fast_checks[key] = self._fast.ref(name, f"{name}#{pointer}")
            except (_Unsupported, KeyError, TypeError, re.error):
                self._fast_checks[key] = None
        check = self._fast_checks[key]
        if check is None:
            return False
        try:
            return check(instance)
        except _Unsupported:
            return False

    def validator(self, name: str, pointer: str = "") -> Draft202012Validator:
        """A validator for schema file ``name`` (or a ``$defs`` entry in it)."""
        key = f"{name}#{pointer}"
        if key not in self._validators:
            schema = {"$ref": key} if pointer else self.raw[name]
            self._validators[key] = _Validator(schema, registry=self.registry, format_checker=FORMATS)
        return self._validators[key]

    def check(self, doc: Document, name: str, problems: Problems, pointer: str = "",
              data: Any = None, base: tuple = ()) -> bool:
        """Check ``doc.data`` (or ``data`` found at ``base`` in doc) against a schema.

        Returns True when the structure is valid.
        """
        # values read by kooplab.load.source are JSON-like already (dates stay the text they were written as)
        instance = doc.data if data is None else data
        if self.fast_valid(name, pointer, instance):
            return True
        ok = True
        for error in self.validator(name, pointer).iter_errors(instance):
            ok = False
            for path, key, message, hint, described in _explain(error, lambda p: doc.texts.get(base + p)):
                full = base + path
                if any(full[: i + 1] in doc.reported for i in range(len(full))):
                    continue
                # a hint that is a field's description (English, for editors' tools): the form's German words
                hint_de = german_help(self.labels, name, base + described, hint) if described is not None else ""
                problems.error(doc.rel, doc.pos(full, key=key), dotted(full), message, hint, hint_de)
        return ok



def german_help(labels: dict, schema: str, path: tuple, hint: str) -> str:
    """A field's German label and help text from data/schema/labels.de.yml (the form's words, ``labels``), if
    any; without a help text there, the German wording of ``hint``."""
    kind = schema.removesuffix(".schema.json")
    fields = (labels.get(kind) or {}).get("fields") or {}
    entry = fields.get(".".join(str(p) for p in path if not isinstance(p, int)))
    if not isinstance(entry, dict) or not isinstance(entry.get("label"), str):
        return ""
    help_de = entry.get("help") if isinstance(entry.get("help"), str) else german(hint) if hint else None
    return entry["label"] + (f" – {help_de}" if help_de else "")


def _explain(error: ValidationError, written: Callable[[tuple], str | None] = lambda p: None
             ) -> list[tuple[tuple, bool, str, str, tuple | None]]:
    """(path, at-key?, message, hint, described) for one schema error; ``written`` gives a number's source text.
    ``described``: the path of the field whose description the hint is (the form has German words for it)."""
    return [item if len(item) == 5 else (*item, None) for item in _explained(error, written)]


def _explained(error: ValidationError, written: Callable[[tuple], str | None]) -> list[tuple]:
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
                out.append((path, bool(path), f"missing required field '{name}'", desc, path + (name,)))
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
        elif "integer" in wanted and isinstance(value, float) and value.is_integer():
            hint = hint or f"write {int(value)}, without '.0'"
        elif ("number" in wanted or "integer" in wanted) and isinstance(value, str) \
                and re.fullmatch(r"-?[0-9][0-9.]*(,[0-9]+)?", value.strip()):
            hint = hint or "write the number without thousands dots and with a decimal point: 1000, 2.5"
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
            return [(path, False, "is empty", schema.get("description", ""), path)]
        return [(path, False, f"is too short: at least {error.validator_value} characters", "")]
    if kind == "minItems":
        return [(path, False, f"needs at least {error.validator_value} entries", "")]
    if kind == "uniqueItems":
        return [(path, False, "lists the same entry twice", "remove the repeated entry")]
    if kind in ("minimum", "maximum"):
        word = "at least" if kind == "minimum" else "at most"
        return [(path, False, f"{written(path) or value} is out of range: must be {word} {error.validator_value}", hint)]
    if kind == "format" and error.validator_value == "date" and _is_iso_date(value):
        return [(path, False, f"{_found(value)} lies outside the years {YEARS[0]} to {YEARS[-1]}",
                 "check the year")]
    if kind == "format" and error.validator_value == "date":
        return [(path, False, f"{_found(value)} is not a date", "write a real date as YYYY-MM-DD")]
    if kind == "pattern":
        return [(path, False, f"'{_short(value)}' does not have the expected form", hint)]
    if kind in ("oneOf", "anyOf"):
        return [(path, False, f"{found} is not valid here", hint)]
    return [(path, False, error.message, hint)]


def _is_iso_date(value: Any) -> bool:
    try:
        dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def _mapping_branch(error: ValidationError) -> list[ValidationError]:
    """The errors of the one alternative of a oneOf/anyOf that expects a mapping, if there is one."""
    branches: dict[int, list[ValidationError]] = {}
    for sub in error.context or ():
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    fitting = [subs for subs in branches.values()
               if not any(sub.validator == "type" and not sub.relative_path for sub in subs)]
    return fitting[0] if len(fitting) == 1 else []
