"""The Frictionless Data Package (``datapackage.json``) that describes every published data file: the CSV
files with their fields, types and constraints, the JSON and GeoJSON files as plain resources, and the licence.

It is read without errors by the current Frictionless tools (Data Package v2, frictionless-py 5) and by v1
tools (datapackage-py): the profile is v1's generic ``data-package`` (a tabular package may hold only
tables), and a CSV cell with several values is a ``string`` with a pattern, as v1 has no ``list`` type."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from kooplab import urls
from kooplab.exports.fields import FIELDS, LIST_SEPARATOR, SCHEMA_VERSION, SDG_SEPARATOR, Field
from kooplab.exports.publication import Publication

_TITLES = {"members": ("Mitglieder", "Die Mitglieder des Verzeichnisses, eine Zeile je Mitglied."),
           "cases": ("Fallbeispiele", "Die Fallbeispiele des Kooperations-Labs, eine Zeile je Fallbeispiel."),
           "events": ("Termine", "Die Termine der Netzwerke, vergangene und anstehende, eine Zeile je Termin.")}


def package_name(site_name: str) -> str:
    name = re.sub(r"[^a-z0-9]+", "-", site_name.casefold().replace("ä", "ae").replace("ö", "oe")
                  .replace("ü", "ue").replace("ß", "ss")).strip("-")
    return name or "kooplab"


# the files besides the tables, in the order of the package: (file, title, format, media type, description)
OTHER_FILES = (
    ("members.json", "Mitglieder (JSON)", "json", "application/json", "Alle Mitglieder mit allen Feldern."),
    ("cases.json", "Fallbeispiele (JSON)", "json", "application/json", "Alle Fallbeispiele mit ihrem Text."),
    ("events.json", "Termine (JSON)", "json", "application/json", "Alle Termine mit ihrem Programm."),
    ("members.geojson", "Standorte (GeoJSON)", "geojson", "application/geo+json",
     "Die Mitglieder mit Koordinaten als Punkte."),
    ("boerse.json", "Kooperationsbörse (JSON)", "json", "application/json", "Die aktuellen Angebote und Gesuche."),
    ("stats.json", "Das Netzwerk in Zahlen (JSON)", "json", "application/json",
     "Die Zahlen von /zahlen/: Kennzahlen und Tabellen mit der Adresse der Liste, die jede Zahl zählt."),
)


def _cell_pattern(delimiter: str, item: str) -> str:
    """A list cell as a string pattern: items of ``item`` joined by ``delimiter`` (Table Schema v1 regex)."""
    sep = re.escape(delimiter)
    return f"{item}({sep}{item})*"


def table_schema(pub: Publication, fields: tuple[Field, ...]) -> dict:
    out = []
    for f in fields:
        d: dict[str, Any] = {"name": f.name, "type": f.type, "description": f.description}
        props = dict(f.schema)
        constraints = dict(props.pop("constraints", {}))
        if f.type == "list":  # v1 has no list type: a string, its items described and, for numbers, checked
            d["type"] = "string"
            if props.get("itemType") == "integer":
                constraints["pattern"] = _cell_pattern(props["delimiter"], "[0-9]{1,2}")
            props = {}
        d.update(props)
        if f.required:
            constraints["required"] = True
        if f.name == "slug":
            constraints["unique"] = True
        if f.vocab:
            constraints["enum"] = [str(i) for i in getattr(pub.catalog.vocab, f.vocab).ids()]
        if constraints:
            d["constraints"] = constraints
        out.append(d)
    return {"fields": out, "primaryKey": ["slug"], "missingValues": [""]}


def _file(name: str, data: bytes) -> dict:
    return {"path": name, "bytes": len(data), "hash": f"sha256:{hashlib.sha256(data).hexdigest()}"}


def datapackage(pub: Publication, csvs: dict[str, bytes], others: dict[str, bytes]) -> dict:
    """``others``: the bytes of the files in :data:`OTHER_FILES` by name."""
    resources = []
    for kind, data in csvs.items():
        title, description = _TITLES[kind]
        resources.append({
            "name": kind, "path": f"{kind}.csv", "profile": "tabular-data-resource", "title": title,
            "description": f"{description} Listen in einer Zelle sind durch „{LIST_SEPARATOR}“ getrennt, "
                           f"die SDG-Nummern durch „{SDG_SEPARATOR}“, SDG-Begründungen, Angebote und Gesuche "
                           f"stehen je auf einer Zeile; leere Zellen sind fehlende Werte. "
                           f"Dieselben Felder strukturiert: {kind}.json.",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            **{k: v for k, v in _file(f"{kind}.csv", data).items() if k != "path"},
            "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "doubleQuote": True,
                        "header": True},
            "schema": table_schema(pub, FIELDS[kind]),
        })
    for name, title, fmt, mediatype, description in OTHER_FILES:
        resources.append({"name": name.replace(".", "-"), **_file(name, others[name]), "profile": "data-resource",
                          "title": title, "description": description, "format": fmt, "mediatype": mediatype,
                          "encoding": "utf-8"})
    package: dict[str, Any] = {
        "profile": "data-package",
        "name": package_name(pub.site_name),
        "title": pub.site_name,
    }
    if pub.site_description:
        package["description"] = pub.site_description
    if pub.ctx.site_url:
        package["homepage"] = pub.url(urls.DATA_DIR)
    lic: dict[str, str] = {"name": pub.license.id, "title": pub.license.title}
    if pub.license.url:
        lic["path"] = pub.license.url
    package.update({"licenses": [lic], "schema_version": SCHEMA_VERSION, "resources": resources})
    return package
