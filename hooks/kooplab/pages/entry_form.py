"""The entry form (/mitmachen/eintragen/): which fields a new member, case study or event has, made from the
record schemas (structure, required fields, limits), the vocabularies (choices) and data/schema/labels.de.yml
(German labels and help texts). A network that changes a schema, a vocabulary or a label gets a changed form.

The result is plain data (:func:`form_spec`): the page carries it as JSON, and kooplab-entry.js builds the form,
checks entries as they are typed and writes the record file in the layout of the editors' templates.
"""

from __future__ import annotations

from typing import Any

from kooplab.load.catalog import Catalog
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


def _choices(vocab_name: str, catalog: Catalog) -> list[list]:
    vocabulary = getattr(catalog.vocab, vocab_name)
    if vocab_name == "sdgs":
        return [[g.number, f"{g.number} – {g.label}"] for g in vocabulary]
    return [[t.id, t.label] for t in vocabulary]


def _field(name: str, path: str, node: dict, required: bool, schemas: dict, current: str, labels: dict,
           catalog: Catalog) -> dict:
    defined = _defined(node)
    node, current = _resolve(node, schemas, current)
    words = labels.get(path, {})
    out: dict[str, Any] = {"name": name, "path": path, "label": words.get("label", name), "help": words.get("help", ""),
                           "required": required}
    for key in ("minLength", "maxLength", "minimum", "maximum", "pattern", "minItems"):
        if key in node:
            out[key] = node[key]
    widget = words.get("widget")
    vocab = words.get("vocab")
    options = [n for n in node.get("oneOf", []) + node.get("anyOf", []) if n.get("type") != "null"]
    kind = node.get("type")
    if not kind and options:
        first, _ = _resolve(options[0], schemas, current)
        kind = first.get("type") or ("period" if "oneOf" in first else None)
        if "pattern" in first:
            out["pattern"] = first["pattern"]
    if "enum" in node:
        out.update(type="string", widget="choice", choices=[[v, STATUS_LABELS.get(v, v)] for v in node["enum"]])
        return out
    if kind == "object":
        required_here = set(node.get("required", ()))
        out.update(type="object", widget="group", fields=[
            _field(k, f"{path}.{k}", v, k in required_here, schemas, current, labels, catalog)
            for k, v in node.get("properties", {}).items()])
        return out
    if kind == "array":
        items, item_file = _resolve(node.get("items", {}), schemas, current)
        if name == "partners":
            out.update(type="list", widget="partners", item=words.get("item", name))
            member_or_other = [_resolve(n, schemas, item_file)[0] for n in items.get("oneOf", [])]
            other = next((n for n in member_or_other if n.get("type") == "object"), {"properties": {}})
            out["fields"] = [_field("slug", f"{path}.slug", {"type": "string"}, False, schemas, current, labels,
                                    catalog)] + [_field(k, f"{path}.{k}", v, False, schemas, item_file, labels, catalog)
                                                 for k, v in other["properties"].items()]
            return out
        if items.get("type") == "object":
            required_here = set(items.get("required", ()))
            out.update(type="list", widget="repeat", item=words.get("item", name), fields=[
                _field(k, f"{path}.{k}", v, k in required_here, schemas, item_file, labels, catalog)
                for k, v in items.get("properties", {}).items()])
            return out
        out["type"] = "list"
        out["items"] = items.get("type", "string")
        if vocab:
            out.update(widget="choices", choices=_choices(vocab, catalog))
        else:
            out["widget"] = widget or "lines"
        return out
    out["type"] = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean"}.get(kind, "string")
    if node.get("format") == "date":
        out["type"] = "date"
    if defined:
        out["type"] = defined
    if vocab:
        out.update(widget="choice", choices=_choices(vocab, catalog))
    else:
        out["widget"] = widget or ("checkbox" if out["type"] == "boolean" else "text")
    if widget == "hidden":
        out["widget"] = "hidden"
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
        fields = [_field(k, k, v, k in required, catalog.schemas, schema_name, labels, catalog)
                  for k, v in schema.get("properties", {}).items()]
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
    return {"kinds": kinds, "order": list(kinds), "email": catalog.settings.contact_email,
            "branch": catalog.settings.edit_branch, "today": build_date().isoformat()}
