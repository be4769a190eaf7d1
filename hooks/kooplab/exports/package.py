"""The Frictionless Data Package (``datapackage.json``) that describes the CSV files: their fields, types,
constraints and licence."""

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


def table_schema(pub: Publication, fields: tuple[Field, ...]) -> dict:
    out = []
    for f in fields:
        d: dict[str, Any] = {"name": f.name, "type": f.type, "description": f.description}
        props = dict(f.schema)
        constraints = dict(props.pop("constraints", {}))
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


def datapackage(pub: Publication, csvs: dict[str, bytes]) -> dict:
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
            "bytes": len(data), "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
            "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "doubleQuote": True,
                        "header": True},
            "schema": table_schema(pub, FIELDS[kind]),
        })
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
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
