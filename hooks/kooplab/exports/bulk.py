"""The bulk files under /daten/: every record of a kind in one JSON and one CSV file, the members with
coordinates as GeoJSON, and the Kooperationsbörse as JSON."""

from __future__ import annotations

from kooplab import urls
from kooplab.exports.fields import (
    CASE_FIELDS,
    EVENT_FIELDS,
    MEMBER_FIELDS,
    SCHEMA_VERSION,
    optional,
    record_json,
    record_row,
    record_values,
)
from kooplab.exports.formats import csv_bytes
from kooplab.exports.publication import Publication
from kooplab.pages.boerse import BoardEntry, board

GEO_PROPERTIES = ("slug", "name", "kind", "summary", "website", "sector", "city", "region", "postcode", "street",
                  "networks", "member_since", "sdgs", "url")
FILES = ("members.json", "cases.json", "members.csv", "cases.csv", "members.geojson", "datapackage.json",
         "boerse.json", "events.json", "events.csv")  # under urls.DATA_DIR (the API's index links them)


def bulk_json(pub: Publication, kind: str, records: list) -> dict:
    return {"schema_version": SCHEMA_VERSION, "type": kind, "title": pub.site_name,
            "license": pub.license.as_json(), "count": len(records),
            kind: [record_json(r, pub.ctx) for r in records]}


def csvs(pub: Publication) -> dict[str, bytes]:
    return {"members": csv_bytes(MEMBER_FIELDS, (record_row(m, pub.ctx) for m in pub.members)),
            "cases": csv_bytes(CASE_FIELDS, (record_row(c, pub.ctx) for c in pub.cases)),
            "events": csv_bytes(EVENT_FIELDS, (record_row(e, pub.ctx) for e in pub.events))}


def geojson(pub: Publication) -> dict:
    features = []
    for m in pub.members:
        if not m.location.has_coordinates:
            continue
        values = record_values(m, pub.ctx)
        props = {k: values[k] for k in GEO_PROPERTIES}
        props["sdgs"] = [t["goal"] for t in props["sdgs"]]
        features.append({"type": "Feature", "id": m.slug,
                         "geometry": {"type": "Point", "coordinates": [m.location.lon, m.location.lat]},
                         "properties": props})
    return {"type": "FeatureCollection", "schema_version": SCHEMA_VERSION, "license": pub.license.as_json(),
            "features": features}


def boerse_json(pub: Publication) -> dict:
    """The Kooperationsbörse: every current offer and need, each with its member."""
    def entry(e: BoardEntry) -> dict:
        m = e.member
        return {"id": e.id, "type": e.side, "category": e.entry.category, "title": e.entry.title,
                "description": optional(e.entry.description), "sdgs": list(e.goals),
                "until": e.entry.until.isoformat() if e.entry.until else None,
                "member": {"id": m.slug, "name": m.name, "kind": m.kind, "region": m.location.region,
                           "city": m.location.city, "href": pub.url(f"{urls.API_DIR}members/{m.slug}.json"),
                           "url": pub.url(urls.member(m))},
                "url": pub.url(f"{urls.member(m)}#{e.anchor}")}
    entries = board(pub.catalog)
    return {"schema_version": SCHEMA_VERSION, "type": "boerse", "title": pub.site_name,
            "license": pub.license.as_json(), "count": len(entries), "entries": [entry(e) for e in entries]}
