"""The JSON Schema files of the data files and of the exports, published under /schema/ for editors' tools
and data users."""

from __future__ import annotations

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
