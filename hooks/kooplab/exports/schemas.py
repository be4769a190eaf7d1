"""The JSON Schema files of the data files and of the exports, published under /schema/ for editors' tools
and data users.

The files in data/schema/ have no ``$id``: a tool that reads one from the repository resolves its references
to the others (``member.schema.json#/$defs/url``) beside it, from any working folder. The published copies
carry their absolute address as ``$id`` (with an absolute site_url), so a tool that fetched one from the site
finds the others there too."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kooplab import urls
from kooplab.settings import Settings

EXPORT_SCHEMA = "export.schema.json"

# what each file describes, for the download table on /daten/
SCHEMA_TEXT = {
    "member.schema.json": "Aufbau einer Mitgliedsdatei (data/members/<slug>.yml).",
    "case.schema.json": "Aufbau des Kopfs einer Fallbeispiel-Datei (data/cases/<slug>.md).",
    "event.schema.json": "Aufbau einer Termin-Datei (data/events/<slug>.yml).",
    "vocab.schema.json": "Aufbau der Vokabulare (data/vocab/*.yml).",
    EXPORT_SCHEMA: "Aufbau der JSON-Downloads und der JSON-API.",
}


def schema_files(root: Path, settings: Settings) -> list[tuple[str, Path]]:
    """The JSON Schema files (site path, file)."""
    folder = root / settings.data_dir / "schema"
    return [(f"{urls.SCHEMA_DIR}{p.name}", p) for p in sorted(folder.glob("*.schema.json"))]


def published_schema(path: Path, site_url: str) -> bytes:
    """A schema file as the site publishes it: with ``"$id"``, its absolute address, after ``"$schema"``."""
    data = path.read_bytes()
    if not site_url.startswith(("https://", "http://")):
        return data
    doc = json.loads(data)
    if "$id" in doc:
        return data
    address = f"{site_url.rstrip('/')}/{urls.SCHEMA_DIR}{path.name}"
    ordered = {k: v for k, v in doc.items() if k == "$schema"} | {"$id": address}
    ordered |= {k: v for k, v in doc.items() if k != "$schema"}
    return (json.dumps(ordered, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


EDITOR_DIR = "editor"  # data/schema/editor/: the schemas editors' tools read (yaml-language-server, check-jsonschema)
RECORD_SCHEMAS = {"member": "member.schema.json", "case": "case.schema.json", "event": "event.schema.json"}


def _with_choices(node: Any, path: str, vocabs: dict[str, str], choices: dict[str, tuple[list, list]]) -> Any:
    """A copy of ``node`` in which the fields that take a vocabulary's ids list them (enum), with their labels."""
    if not isinstance(node, dict):
        return node
    out = dict(node)
    name = vocabs.get(path)
    if name is not None:
        values, labels = choices[name]
        target = out["items"] if out.get("type") == "array" else out
        target = dict(target)
        target["enum"] = values
        target["enumDescriptions"] = labels  # shown by VS Code and yaml-language-server in completions
        if out.get("type") == "array":
            out["items"] = target
        else:
            out = target
    if "properties" in out:
        out["properties"] = {k: _with_choices(v, f"{path}.{k}" if path else k, vocabs, choices)
                             for k, v in out["properties"].items()}
    if isinstance(out.get("items"), dict) and "properties" in out["items"]:
        out["items"] = _with_choices(out["items"], path, vocabs, choices)
    return out


def editor_schemas(schemas: dict[str, dict], labels: dict, vocab: Any) -> dict[str, bytes]:
    """The record schemas with the vocabularies' values, for editors' tools: ``kind: firma`` and ``goal: 99`` are
    then marked in the editor, and completion offers the ids with their German labels. Which field takes which
    vocabulary comes from data/schema/labels.de.yml (``vocab:``). The build's own checks keep using the plain
    schemas (their messages name the vocabulary file and suggest the closest id)."""
    choices: dict[str, tuple[list, list]] = {}
    for name in ("kinds", "sectors", "regions", "networks", "formats", "exchange", "event_kinds"):
        entries = list(getattr(vocab, name))
        choices[name] = ([e.id for e in entries], [e.label for e in entries])
    goals = list(vocab.sdgs)
    choices["sdgs"] = ([g.number for g in goals], [f"SDG {g.number}: {g.label}" for g in goals])
    out: dict[str, bytes] = {}
    for kind, file in RECORD_SCHEMAS.items():
        fields = (labels.get(kind) or {}).get("fields") or {}
        vocabs = {path: words["vocab"] for path, words in fields.items() if isinstance(words, dict) and words.get("vocab")}
        schema = _with_choices(schemas[file], "", vocabs, choices)
        # fields whose entries are a definition of this file (offers and needs: #/$defs/exchange)
        for key, prop in schemas[file].get("properties", {}).items():
            ref = (prop.get("items") or {}).get("$ref", "") if isinstance(prop, dict) else ""
            if ref.startswith("#/$defs/"):
                name = ref.rsplit("/", 1)[-1]
                schema["$defs"] = {**schema["$defs"],
                                   name: _with_choices(schema["$defs"][name], key, vocabs, choices)}
        if kind == "member":  # the SDG entries of all three kinds refer to member.schema.json#/$defs/sdg
            sdg = dict(schema["$defs"]["sdg"])
            sdg["properties"] = dict(sdg["properties"])
            sdg["properties"]["goal"] = {**sdg["properties"]["goal"], "enum": choices["sdgs"][0],
                                         "enumDescriptions": choices["sdgs"][1]}
            schema["$defs"] = {**schema["$defs"], "sdg": sdg}
        schema = {"$comment": "Made by 'kooplab schemas' from data/schema/ and data/vocab/: do not edit; run "
                              "'kooplab schemas' after changing a schema or a vocabulary.", **schema}
        out[file] = (json.dumps(schema, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return out
