"""The download table on the /daten/ page: each published data file with its format, what it holds and
its size (the files are made in memory first, so the sizes are known before the page is rendered)."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path

from kooplab import urls
from kooplab.exports.schemas import SCHEMA_TEXT
from kooplab.pages.formatting import size_de

DATA_DIR, API_DIR = urls.DATA_DIR, urls.API_DIR


@dataclass(frozen=True)
class Download:
    """One row of the download table on /daten/."""

    path: str  # relative to the site root, e.g. daten/members.csv
    format: str
    description: str
    size: int  # bytes

    @property
    def name(self) -> str:
        return posixpath.basename(self.path)

    @property
    def size_text(self) -> str:
        return size_de(self.size)


def download_rows(f: dict[str, bytes], calendar: bytes, schemas: list[tuple[str, Path, bytes]]) -> list[Download]:
    """The rows of the table, from the data files by path, the calendar of all events and the schema files."""
    rows = [
        Download(f"{DATA_DIR}members.json", "JSON", "Alle Mitglieder mit allen Feldern, "
                 "Beschreibungen als Markdown.", len(f[f"{DATA_DIR}members.json"])),
        Download(f"{DATA_DIR}cases.json", "JSON", "Alle Fallbeispiele mit allen Feldern und ihrem Text "
                 "(Markdown).", len(f[f"{DATA_DIR}cases.json"])),
        Download(f"{DATA_DIR}members.csv", "CSV", "Die Mitglieder als Tabelle, eine Zeile je Mitglied.",
                 len(f[f"{DATA_DIR}members.csv"])),
        Download(f"{DATA_DIR}cases.csv", "CSV", "Die Fallbeispiele als Tabelle, eine Zeile je Fallbeispiel.",
                 len(f[f"{DATA_DIR}cases.csv"])),
        Download(f"{DATA_DIR}members.geojson", "GeoJSON", "Standorte der Mitglieder mit Koordinaten, "
                 "als Punkte für Karten und GIS.", len(f[f"{DATA_DIR}members.geojson"])),
        Download(f"{DATA_DIR}datapackage.json", "Frictionless Data Package", "Beschreibt die "
                 "Tabellen (CSV) mit Feldern und Typen, die JSON- und GeoJSON-Dateien und die Lizenz.", len(f[f"{DATA_DIR}datapackage.json"])),
        Download(f"{DATA_DIR}boerse.json", "JSON", "Die Kooperationsbörse: alle aktuellen Angebote und Gesuche "
                 "mit ihrem Mitglied.", len(f[f"{DATA_DIR}boerse.json"])),
        Download(f"{DATA_DIR}stats.json", "JSON", "Das Netzwerk in Zahlen: Mitglieder nach Art, Land, Netzwerk, "
                 "Branche und SDG, Fallbeispiele nach SDG, Format, Stand und Jahr, das Wachstum und die Börse.",
                 len(f[f"{DATA_DIR}stats.json"])),
        Download(f"{DATA_DIR}events.json", "JSON", "Alle Termine, vergangene und anstehende, mit allen Feldern "
                 "und ihrem Programm (Markdown).", len(f[f"{DATA_DIR}events.json"])),
        Download(f"{DATA_DIR}events.csv", "CSV", "Die Termine als Tabelle, eine Zeile je Termin.",
                 len(f[f"{DATA_DIR}events.csv"])),
        Download(urls.EVENTS_CALENDAR, "iCalendar", "Alle Termine zum Abonnieren im eigenen Kalender.",
                 len(calendar)),
        Download(f"{API_DIR}index.json", "JSON-API", "Einstieg in die JSON-API: Anzahlen und Links zu "
                 "jedem Mitglied, Fallbeispiel und SDG.", len(f[f"{API_DIR}index.json"])),
        Download(urls.LAB_FEED, "Atom-Feed", "Die neuesten Fallbeispiele zum Abonnieren.",
                 len(f[urls.LAB_FEED])),
    ]
    for src_uri, path, data in schemas:
        rows.append(Download(src_uri, "JSON Schema", SCHEMA_TEXT.get(path.name, "JSON Schema."), len(data)))
    return rows
