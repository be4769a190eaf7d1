"""The JSON Schema files of the data files and of the exports, published under /schema/ for editors' tools
and data users.

The files in data/schema/ have no ``$id``: a tool that reads one from the repository resolves its references
to the others (``member.schema.json#/$defs/url``) beside it, from any working folder. The published copies
carry their absolute address as ``$id`` (with an absolute site_url), so a tool that fetched one from the site
finds the others there too."""

from __future__ import annotations

import json
from pathlib import Path

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
