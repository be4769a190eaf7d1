"""The entry form (/mitmachen/eintragen/): which fields a new member, case study or event has, made from the
record schemas (structure, required fields, limits), the vocabularies (choices) and data/schema/labels.de.yml
(German labels and help texts). A network that changes a schema, a vocabulary or a label gets a changed form.

The result is plain data (:func:`form_spec`): the page carries it as JSON, and kooplab-entry.js builds the form,
checks entries as they are typed and writes the record file in the layout of the editors' templates.
"""

from __future__ import annotations

from typing import Any

from kooplab.load.catalog import Catalog
from kooplab.load.schema import german_help
from kooplab.problems_de import NESTED, PHRASES, TEXTS
from kooplab.record_files import RECORD_FILES
from kooplab.settings import build_date

SCHEMA_OF = {"member": "member.schema.json", "case": "case.schema.json", "event": "event.schema.json"}
STATUS_LABELS = {"laufend": "Läuft", "abgeschlossen": "Abgeschlossen", "geplant": "Geplant"}


# definitions in the schemas whose values the form enters in a field of their own kind
DEFINED_TYPES = {"period": "period", "when": "when", "url": "url"}


def _defined(node: dict) -> str:
    """The kind of value a ``$ref`` to a known definition stands for ('#/$defs/period' -> 'period')."""
    refs = [node.get("$ref", "")] + [n.get("$ref", "") for n in node.get("oneOf", []) + node.get("anyOf", [])]
    for ref in refs:
        name = ref.rsplit("/", 1)[-1]
        if name in DEFINED_TYPES:
            return DEFINED_TYPES[name]
    return ""


def _resolve(node: dict, schemas: dict[str, dict], current: str) -> tuple[dict, str]:
    """Follow ``$ref`` (in the same file or another one) to the schema it names."""
    while "$ref" in node:
        ref = node["$ref"]
        file, _, pointer = ref.partition("#")
        file = file or current
        target: Any = schemas[file]
        for part in [p for p in pointer.split("/") if p]:
            target = target[part]
        extra = {k: v for k, v in node.items() if k != "$ref"}
        node, current = {**target, **extra}, file
    return node, current


def _when(node: dict) -> dict | None:
    """``if: {properties: {region: {pattern: ^DE-}}}, then: {properties: {postcode: {…}}}`` as the form checks it:
    the field, the pattern its value matches (an absent value matches, as in JSON Schema), the rules then. Another
    shape of ``if`` (a network's own schema): None, and kooplab validate alone checks it."""
    condition = node["if"] if isinstance(node["if"], dict) else {}
    properties = condition.get("properties") if set(condition) == {"properties"} else None
    if not isinstance(properties, dict) or len(properties) != 1:
        return None
    (name, test), = properties.items()
    if not isinstance(test, dict) or set(test) != {"pattern"}:
        return None
    rules = {}
    for field, rule in node.get("then", {}).get("properties", {}).items():
        rules[field] = {key: rule[schema_key] for key, schema_key in
                        (("pattern", "pattern"), ("message", "x-message"), ("hint", "x-hint")) if schema_key in rule}
    return {"field": name, "pattern": test.get("pattern", ""), "then": rules}


class _Fields:
    """The form's fields of one record schema (``schema_name``), with the German words of ``labels``."""

    def __init__(self, catalog: Catalog, schema_name: str, labels: dict) -> None:
        self.catalog, self.schema_name, self.labels = catalog, schema_name, labels
        self.schemas = catalog.schemas

    def choices(self, vocab_name: str) -> list[list]:
        vocabulary = getattr(self.catalog.vocab, vocab_name)
        if vocab_name == "sdgs":
            return [[g.number, f"{g.number} – {g.label}"] for g in vocabulary]
        return [[t.id, t.label] for t in vocabulary]

    def field(self, name: str, path: str, node: dict, required: bool, current: str) -> dict:
        defined = _defined(node)
        node, current = _resolve(node, self.schemas, current)
        words = self.labels.get(path, {})
        out: dict[str, Any] = {"name": name, "path": path, "label": words.get("label", name),
                               "help": words.get("help", ""), "required": required}
        for key in ("minLength", "maxLength", "minimum", "maximum", "pattern", "minItems"):
            if key in node:
                out[key] = node[key]
        # the words of kooplab validate (English, worded in German by the table the page carries): the schema's
        # own message and hint, and the German hint for a missing field (kooplab.load.schema)
        for key, spec_key in (("x-message", "message"), ("x-hint", "hint")):
            if key in node:
                out[spec_key] = node[key]
        description = node.get("description", "") or (f"one of {', '.join(map(str, node['enum']))}"
                                                       if "enum" in node else "")
        out["missing"] = german_help(self.catalog.form_labels, self.schema_name, tuple(path.split(".")), description)
        widget = words.get("widget")
        if widget == "hidden":  # carried from the record the form started from (kooplab-entry.js)
            out.update(type="object" if node.get("type") == "object" else "string", widget="hidden")
            return out
        vocab = words.get("vocab")
        options = [n for n in node.get("oneOf", []) + node.get("anyOf", []) if n.get("type") != "null"]
        kind = node.get("type")
        if not kind and options:
            first, _ = _resolve(options[0], self.schemas, current)
            kind = first.get("type") or ("period" if "oneOf" in first else None)
            if "pattern" in first:
                out["pattern"] = first["pattern"]
        if "enum" in node:
            out.update(type="string", widget="choice", choices=[[v, STATUS_LABELS.get(v, v)] for v in node["enum"]])
            return out
        if kind == "object":
            required_here = set(node.get("required", ()))
            if "dependentRequired" in node:  # 'lat' needs 'lon' too
                out["dependentRequired"] = node["dependentRequired"]
            when = _when(node) if "if" in node else None
            if when:  # rules of some fields that hold when another matches (German postcodes in DE-…)
                out["when"] = when
            out.update(type="object", widget="group", fields=[
                self.field(k, f"{path}.{k}", v, k in required_here, current)
                for k, v in node.get("properties", {}).items()])
            return out
        if kind == "array":
            return self.array(out, name, path, node, current, words)
        out["type"] = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean"}.get(kind,
                                                                                                              "string")
        if node.get("format") == "date":
            out["type"] = "date"
        if defined:
            out["type"] = defined
        if vocab:
            out.update(widget="choice", choices=self.choices(vocab), vocab=vocab, what=getattr(self.catalog.vocab, vocab).what)
        else:
            out["widget"] = widget or ("checkbox" if out["type"] == "boolean" else "text")
        if widget == "hidden":
            out["widget"] = "hidden"
        return out

    def array(self, out: dict, name: str, path: str, node: dict, current: str, words: dict) -> dict:
        items, item_file = _resolve(node.get("items", {}), self.schemas, current)
        if name == "partners":
            out.update(type="list", widget="partners", item=words.get("item", name))
            member_or_other = [_resolve(n, self.schemas, item_file)[0] for n in items.get("oneOf", [])]
            other = next((n for n in member_or_other if n.get("type") == "object"), {"properties": {}})
            out["fields"] = [self.field("slug", f"{path}.slug", {"type": "string"}, False, current)] + [
                self.field(k, f"{path}.{k}", v, False, item_file) for k, v in other["properties"].items()]
            return out
        if items.get("type") == "object":
            required_here = set(items.get("required", ()))
            out.update(type="list", widget="repeat", item=words.get("item", name), fields=[
                self.field(k, f"{path}.{k}", v, k in required_here, item_file)
                for k, v in items.get("properties", {}).items()])
            return out
        out["type"] = "list"
        out["items"] = items.get("type", "string")
        vocab = words.get("vocab")
        if vocab:
            out.update(widget="choices", choices=self.choices(vocab), vocab=vocab,
                       what=getattr(self.catalog.vocab, vocab).what)
        else:
            out["widget"] = words.get("widget") or "lines"
        return out


def form_spec(catalog: Catalog, templates: dict[str, str]) -> dict:
    """Everything kooplab-entry.js needs: per kind its fields, the template text and where the file goes."""
    kinds = {}
    for kind, schema_name in SCHEMA_OF.items():
        schema = catalog.schemas.get(schema_name)
        if schema is None:
            continue
        words = catalog.form_labels.get(kind, {})
        labels = words.get("fields", {}) or {}
        required = set(schema.get("required", ()))
        made = _Fields(catalog, schema_name, labels)
        fields = [made.field(k, k, v, k in required, schema_name) for k, v in schema.get("properties", {}).items()]
        spec = RECORD_FILES[kind]
        if kind == "case":
            fields.append({"name": "body", "path": "body", "type": "string", "required": False,
                           "widget": labels.get("body", {}).get("widget", "textarea"),
                           "label": labels.get("body", {}).get("label", "body"),
                           "help": labels.get("body", {}).get("help", "")})
        kinds[kind] = {"kind": kind, "title": words.get("title", kind), "folder": f"{catalog.settings.data_dir}/"
                       f"{spec.folder}", "suffix": spec.suffix, "titleField": spec.title_field,
                       "dateFields": list(spec.date_fields), "template": templates.get(spec.template, ""),
                       "fields": fields}
    # (Jinja's tojson sorts the keys of mappings: 'order' keeps the kinds' order)
    # 'today': the build date, the day the review dates are set to (a review date after the day kooplab validate
    # runs would be "in the future"; the site is rebuilt daily)
    # 'wording': the German table of kooplab validate's messages (kooplab.problems_de), so that the form says
    # what kooplab validate says
    return {"kinds": kinds, "order": list(kinds), "email": catalog.settings.contact_email,
            "branch": catalog.settings.edit_branch, "today": build_date().isoformat(),
            "wording": {"texts": TEXTS, "phrases": PHRASES, "nested": sorted(NESTED)}}
