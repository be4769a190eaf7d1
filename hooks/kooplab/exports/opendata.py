"""Open data: the records as JSON, CSV, GeoJSON, a Frictionless Data Package and a static JSON API.

The fields of an exported record are declared once, in :data:`MEMBER_FIELDS` and
:data:`CASE_FIELDS`. The same declaration gives the keys (and their order) of the
JSON records, the header of the CSV files and the table schemas of
``datapackage.json``, and the field tables on the ``/daten/`` page.

JSON is the lossless format: every field of every record, Markdown texts
included, in the shape of the data files (``data/schema/*.schema.json``) plus
``slug``, ``url`` and ``source``; :func:`records_from_json` rebuilds the records.
CSV is a flat view of the same fields: lists are joined with
:data:`LIST_SEPARATOR`, SDG numbers with :data:`SDG_SEPARATOR`, and a text cell
that starts like a spreadsheet formula gets an apostrophe in front (:func:`inert_cell`).

Named contact persons are left out unless ``extra.kooplab.include_contacts`` is
true (and then only those with recorded consent); see :func:`public_contacts`.

Everything is made in memory (:class:`OpenData`), so the ``/daten/`` page can
show file sizes before the files are written, and the output is deterministic:
records sorted by slug, no timestamps.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import posixpath
import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, Iterable

from kooplab import urls
from kooplab.load.catalog import Catalog
from kooplab.pages.formatting import number_de
from kooplab.pages.boerse import BoardEntry, board
from kooplab.pages.suggestions import Suggestion, Suggestions, suggest_all
from kooplab.records import Case, Contact, Exchange, Location, Member, Outcome, Partner, Period, SdgTag, SourceRef
from kooplab.settings import Settings, build_date
from kooplab.load.events import ZONE, organisers
from kooplab.records import Event, EventPlace  # Termine

SCHEMA_VERSION = "1.0"  # of the exported files; raised when a field changes meaning or is removed
LIST_SEPARATOR = "; "  # between the items of a list in a CSV cell
SDG_SEPARATOR = "|"  # between the goal numbers in the CSV column sdgs, e.g. 13|17

DATA_DIR = "daten/"  # the /daten/ page and the bulk files
API_DIR = "api/"
SCHEMA_DIR = "schema/"
EXPORT_SCHEMA = "export.schema.json"


# --- licence ----------------------------------------------------------------

@dataclass(frozen=True)
class License:
    id: str  # SPDX identifier
    title: str
    url: str

    def as_json(self) -> dict:
        return {"id": self.id, "title": self.title, "url": self.url}


LICENSES = {
    "CC-BY-4.0": ("Creative Commons Namensnennung 4.0 International",
                  "https://creativecommons.org/licenses/by/4.0/"),
    "CC-BY-SA-4.0": ("Creative Commons Namensnennung – Weitergabe unter gleichen Bedingungen 4.0 International",
                     "https://creativecommons.org/licenses/by-sa/4.0/"),
    "CC0-1.0": ("Creative Commons Zero 1.0 Universell", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "ODbL-1.0": ("Open Data Commons Open Database License 1.0", "https://opendatacommons.org/licenses/odbl/1-0/"),
    "DL-DE-BY-2.0": ("Datenlizenz Deutschland – Namensnennung – Version 2.0",
                     "https://www.govdata.de/dl-de/by-2-0"),
    "DL-DE-ZERO-2.0": ("Datenlizenz Deutschland – Zero – Version 2.0", "https://www.govdata.de/dl-de/zero-2-0"),
}


def license_of(settings: Settings) -> License:
    """The data licence: a known SPDX id, or whatever title and address mkdocs.yml gives."""
    title, url = LICENSES.get(settings.license, (settings.license, ""))
    return License(settings.license, settings.license_title or title, settings.license_url or url)


# --- privacy ----------------------------------------------------------------

def public_contacts(member: Member, settings: Settings) -> tuple[Contact, ...]:
    """The contacts the exports may carry.

    By default only role contacts (no ``name``), with role and e-mail address. With
    ``include_contacts: true`` also named persons who gave their consent, with all details.
    """
    if settings.include_contacts:
        return member.published_contacts
    return tuple(Contact(role=c.role, email=c.email) for c in member.contacts if not c.name)


def public_member(member: Member, settings: Settings) -> Member:
    """The member as the exports show it (contacts filtered by :func:`public_contacts`)."""
    return replace(member, contacts=public_contacts(member, settings))


# --- the declared fields -------------------------------------------------------

@dataclass(frozen=True)
class Context:
    """What an exported value may depend on besides the record."""

    settings: Settings
    site_url: str = ""  # absolute address of the site, ending in '/'; '' gives paths relative to the site root
    # the values of each record, worked out once: the bulk files, the CSV, the GeoJSON and the API all use them
    values: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def url(self, path: str) -> str:
        return f"{self.site_url}{path}"


def _opt(value: Any) -> Any:
    """Empty texts are absent values: null in JSON, an empty cell in CSV."""
    return None if value == "" else value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    if isinstance(value, list):
        return LIST_SEPARATOR.join(_cell(v) for v in value)
    return str(value)


def _sdg_cell(tags: list[dict]) -> str:
    return SDG_SEPARATOR.join(str(t["goal"]) for t in tags)


def _contact_cell(contacts: list[dict]) -> str:
    def one(c: dict) -> str:
        details = ", ".join(c[k] for k in ("name", "email", "phone") if c.get(k))
        return f"{c['role']}: {details}" if details else c["role"]
    return LIST_SEPARATOR.join(one(c) for c in contacts)


def _partner_cell(partners: list) -> str:
    return LIST_SEPARATOR.join(p if isinstance(p, str) else p["name"] for p in partners)


def _outcome_cell(outcomes: list[dict]) -> str:
    return LIST_SEPARATOR.join(f"{o['label']}: {_cell(o['value'])}" + (f" {o['unit']}" if o.get("unit") else "")
                               for o in outcomes)


def _exchange_cell(entries: list[dict]) -> str:
    def one(e: dict) -> str:
        return f"{e['category']}: {e['title']}" + (f" (bis {e['until']})" if e.get("until") else "")
    return LIST_SEPARATOR.join(one(e) for e in entries)


def _exchange(e: Exchange) -> dict:
    """An offer or need as the data file holds it (absent fields left out)."""
    d = {"category": e.category, "title": e.title, "description": e.description, "sdgs": list(e.sdgs),
         "until": e.until.isoformat() if e.until else ""}
    return {k: v for k, v in d.items() if v}


def _sdgs(tags: tuple[SdgTag, ...]) -> list[dict]:
    return [{"goal": t.goal, "evidence": t.evidence} for t in tags]


def _contact(c: Contact) -> dict:
    d = {"role": c.role, "name": c.name, "email": c.email, "phone": c.phone,
         "consent": c.consent.isoformat() if c.consent else ""}
    return {k: v for k, v in d.items() if v}


def _partner(p: Partner) -> str | dict:
    if p.is_member:
        return p.slug
    return {"name": p.name, "website": p.website} if p.website else {"name": p.name}


def _outcome(o: Outcome) -> dict:
    return {"label": o.label, "value": o.value, "unit": o.unit} if o.unit else {"label": o.label, "value": o.value}


@dataclass(frozen=True)
class Field:
    """One field of an exported record: a JSON key, a CSV column and a Table Schema field."""

    name: str  # CSV column and Table Schema name; the JSON key is the last part of ``path``
    type: str  # Table Schema type of the CSV column
    description: str
    get: Callable[[Any, Context], Any]  # record -> JSON value
    path: tuple[str, ...] = ()  # where the value sits in the JSON record; default: (name,)
    cell: Callable[[Any], str] = _cell  # JSON value -> CSV cell
    required: bool = False
    vocab: str = ""  # the vocabulary whose ids are the allowed values
    schema: tuple[tuple[str, Any], ...] = ()  # further Table Schema properties
    derived: bool = False  # made by the site, not written by editors; not read back into records

    @property
    def json_path(self) -> str:
        return ".".join(self.path or (self.name,))

    @property
    def type_de(self) -> str:
        """The column's type in words, for the field tables on /daten/."""
        props = dict(self.schema)
        if self.type == "list":
            item = {"integer": "Zahlen"}.get(props.get("itemType", "string"), "Texte")
            return f"Liste ({item}, getrennt durch „{props['delimiter']}“)"
        return {"string": "Text", "integer": "ganze Zahl", "number": "Zahl", "date": "Datum (JJJJ-MM-TT)",
                "boolean": "true/false"}.get(self.type, self.type)


def _list(delimiter: str = LIST_SEPARATOR, item: str = "string") -> tuple[tuple[str, Any], ...]:
    return (("delimiter", delimiter), ("itemType", item))


_URI = (("format", "uri"),)
_PERIOD = (("constraints", {"pattern": "[0-9]{4}(-[0-9]{2})?"}),)
_DERIVED_URL = "Adresse der Seite auf dieser Website (abgeleitet)."
_SOURCE = "Datei, aus der der Eintrag stammt, relativ zum Projektordner (abgeleitet)."
_SDGS = ("Ziele für nachhaltige Entwicklung (1 bis 17), zu denen der Eintrag beiträgt. "
         "JSON: Liste von {goal, evidence} mit Begründung; CSV: nur die Nummern, getrennt durch „|“, z. B. 13|17.")

_EXCHANGE = ("{what} in der Kooperationsbörse, auch abgelaufene (until vor dem Erstellungsdatum; die Website zeigt "
             "sie nicht mehr). JSON: Liste von {{category, title, description, sdgs, until}}, category aus "
             "data/vocab/exchange.yml; CSV: „category: title“ mit „ (bis JJJJ-MM-TT)“, getrennt durch „; “ "
             "(Beschreibung und SDGs nur in JSON).")

MEMBER_FIELDS: tuple[Field, ...] = (
    Field("slug", "string", "Kürzel des Mitglieds: stabile ID, Dateiname in data/members/ ohne .yml; "
          "auch in den Adressen /verzeichnis/<slug>/ und /api/members/<slug>.json.",
          lambda m, c: m.slug, required=True),
    Field("name", "string", "Name der Organisation.", lambda m, c: m.name, required=True),
    Field("kind", "string", "Art der Organisation (ID aus data/vocab/kinds.yml).", lambda m, c: m.kind,
          required=True, vocab="kinds"),
    Field("summary", "string", "Kurzbeschreibung in ein, zwei Sätzen (Text).", lambda m, c: m.summary, required=True),
    Field("description", "string", "Ausführliche Beschreibung (Markdown).", lambda m, c: _opt(m.description)),
    Field("website", "string", "Website der Organisation.", lambda m, c: _opt(m.website), schema=_URI),
    Field("sector", "string", "Branche (ID aus data/vocab/sectors.yml).", lambda m, c: _opt(m.sector),
          vocab="sectors"),
    Field("city", "string", "Ort.", lambda m, c: m.location.city, path=("location", "city"), required=True),
    Field("region", "string", "Bundesland als ISO-3166-2-Code, z. B. DE-HB (data/vocab/regions.yml).",
          lambda m, c: m.location.region, path=("location", "region"), required=True, vocab="regions"),
    Field("postcode", "string", "Postleitzahl (fünf Ziffern, als Text).", lambda m, c: _opt(m.location.postcode),
          path=("location", "postcode"), schema=(("constraints", {"pattern": "[0-9]{5}"}),)),
    Field("street", "string", "Straße und Hausnummer.", lambda m, c: _opt(m.location.street),
          path=("location", "street")),
    Field("lat", "number", "Geografische Breite (WGS 84, Dezimalgrad).", lambda m, c: m.location.lat,
          path=("location", "lat"), schema=(("constraints", {"minimum": -90, "maximum": 90}),)),
    Field("lon", "number", "Geografische Länge (WGS 84, Dezimalgrad).", lambda m, c: m.location.lon,
          path=("location", "lon"), schema=(("constraints", {"minimum": -180, "maximum": 180}),)),
    Field("networks", "list", "Netzwerke, in denen das Mitglied mitarbeitet (IDs aus data/vocab/networks.yml). "
          "CSV: getrennt durch „; “.", lambda m, c: list(m.networks), schema=_list()),
    Field("member_since", "integer", "Jahr des Beitritts.", lambda m, c: m.member_since),
    Field("sdgs", "list", _SDGS, lambda m, c: _sdgs(m.sdgs), cell=_sdg_cell, schema=_list(SDG_SEPARATOR, "integer")),
    Field("contacts", "list", "Ansprechstellen. JSON: Liste von {role, email} (Personen mit name, phone, consent "
          "nur, wenn die Website sie mit Einwilligung veröffentlicht); "
          "CSV: „Rolle: Angaben“, getrennt durch „; “.",
          lambda m, c: [_contact(x) for x in public_contacts(m, c.settings)], cell=_contact_cell, schema=_list()),
    Field("logo", "string", "Logo-Datei, relativ zu data/ und zur Website, z. B. logos/name.svg.",
          lambda m, c: _opt(m.logo)),
    Field("aliases", "list", "Frühere Kürzel: ihre Adressen leiten hierher um. CSV: getrennt durch „; “.",
          lambda m, c: list(m.aliases), schema=_list()),
    Field("offers", "list", _EXCHANGE.format(what="Angebote"), lambda m, c: [_exchange(e) for e in m.offers],
          cell=_exchange_cell, schema=_list()),
    Field("needs", "list", _EXCHANGE.format(what="Gesuche"), lambda m, c: [_exchange(e) for e in m.needs],
          cell=_exchange_cell, schema=_list()),
    Field("reviewed", "date", "Datum der letzten redaktionellen Prüfung.", lambda m, c: m.reviewed.isoformat(),
          required=True),
    Field("url", "string", _DERIVED_URL, lambda m, c: c.url(urls.member(m)), derived=True, required=True),
    Field("source", "string", _SOURCE, lambda m, c: m.source.path, derived=True, required=True),
)

CASE_FIELDS: tuple[Field, ...] = (
    Field("slug", "string", "Kürzel des Fallbeispiels: stabile ID, Dateiname in data/cases/ ohne .md; "
          "auch in den Adressen /kooperationen/<slug>/ und /api/cases/<slug>.json.",
          lambda k, c: k.slug, required=True),
    Field("title", "string", "Titel.", lambda k, c: k.title, required=True),
    Field("summary", "string", "Kurzbeschreibung in ein, zwei Sätzen (Text).", lambda k, c: k.summary, required=True),
    Field("partners", "list", "Beteiligte: Mitglieder mit ihrem Kürzel (slug in members.json/members.csv), "
          "andere Organisationen in JSON als {name, website}, in CSV mit ihrem Namen; CSV: getrennt durch „; “.",
          lambda k, c: [_partner(p) for p in k.partners], cell=_partner_cell, required=True, schema=_list()),
    Field("formats", "list", "Formate der Zusammenarbeit (IDs aus data/vocab/formats.yml). "
          "CSV: getrennt durch „; “.",
          lambda k, c: list(k.formats), required=True, schema=_list()),
    Field("sdgs", "list", _SDGS, lambda k, c: _sdgs(k.sdgs), cell=_sdg_cell, schema=_list(SDG_SEPARATOR, "integer")),
    Field("region", "string", "Bundesland als ISO-3166-2-Code (data/vocab/regions.yml).", lambda k, c: k.region,
          required=True, vocab="regions"),
    Field("city", "string", "Ort.", lambda k, c: _opt(k.city)),
    Field("started", "string", "Beginn: Jahr (JJJJ) oder Jahr und Monat (JJJJ-MM).", lambda k, c: str(k.started),
          required=True, schema=_PERIOD),
    Field("ended", "string", "Ende: Jahr (JJJJ) oder Jahr und Monat (JJJJ-MM); leer, solange die Kooperation läuft.",
          lambda k, c: str(k.ended) if k.ended else None, schema=_PERIOD),
    Field("status", "string", "Stand: laufend, abgeschlossen oder geplant.", lambda k, c: k.status, required=True,
          schema=(("constraints", {"enum": ["laufend", "abgeschlossen", "geplant"]}),)),
    Field("outcomes", "list", "Ergebnisse in Zahlen. JSON: Liste von {label, value, unit}; "
          "CSV: „Bezeichnung: Wert Einheit“, getrennt durch „; “, Zahlen mit Dezimalpunkt.",
          lambda k, c: [_outcome(o) for o in k.outcomes], cell=_outcome_cell, schema=_list()),
    Field("references", "list", "Schlüssel von Quellen in data/references.bib. CSV: getrennt durch „; “.",
          lambda k, c: list(k.references), schema=_list()),
    Field("featured", "boolean", "Auf der Startseite des Kooperations-Labs hervorgehoben.",
          lambda k, c: k.featured, required=True),
    Field("aliases", "list", "Frühere Kürzel: ihre Adressen leiten hierher um. CSV: getrennt durch „; “.",
          lambda k, c: list(k.aliases), schema=_list()),
    Field("published", "date", "Datum der Veröffentlichung auf der Website.", lambda k, c: k.published.isoformat(),
          required=True),
    Field("reviewed", "date", "Datum der letzten redaktionellen Prüfung.", lambda k, c: k.reviewed.isoformat(),
          required=True),
    Field("body", "string", "Text des Fallbeispiels (Markdown).", lambda k, c: _opt(k.body)),
    Field("url", "string", _DERIVED_URL, lambda k, c: c.url(urls.case(k)), derived=True, required=True),
    Field("source", "string", _SOURCE, lambda k, c: k.source.path, derived=True, required=True),
)


def _when(value: dt.date | dt.datetime | None) -> str | None:
    """A date ('2026-11-30') or a date-time with its offset ('2026-11-25T14:00:00+01:00', RFC 3339)."""
    return value.isoformat() if value is not None else None


_WHEN = (("constraints", {"pattern": "[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{2}:[0-9]{2})?"}),)

EVENT_FIELDS: tuple[Field, ...] = (
    Field("slug", "string", "Kürzel des Termins: stabile ID, Dateiname in data/events/ ohne .yml; "
          "auch in den Adressen /termine/<slug>/, /termine/<slug>.ics und /api/events/<slug>.json.",
          lambda e, c: e.slug, required=True),
    Field("title", "string", "Titel.", lambda e, c: e.title, required=True),
    Field("kind", "string", "Art des Termins (ID aus data/vocab/event-kinds.yml).", lambda e, c: e.kind,
          required=True, vocab="event_kinds"),
    Field("summary", "string", "Kurzbeschreibung in ein, zwei Sätzen (Text).", lambda e, c: e.summary, required=True),
    Field("start", "string", "Beginn: bei ganztägigen Terminen das Datum (JJJJ-MM-TT), sonst Datum und Uhrzeit "
          "mit dem Abstand zu UTC (RFC 3339), z. B. 2026-11-25T14:00:00+01:00; Ortszeit Europe/Berlin.",
          lambda e, c: _when(e.start), required=True, schema=_WHEN),
    Field("end", "string", "Ende in derselben Form wie start; bei ganztägigen Terminen der letzte Tag. "
          "Leer, wenn kein Ende angegeben ist.", lambda e, c: _when(e.end), schema=_WHEN),
    Field("all_day", "boolean", "Ganztägiger Termin (ohne Uhrzeiten).", lambda e, c: e.all_day, required=True),
    Field("venue", "string", "Name des Veranstaltungsorts.", lambda e, c: _opt(e.location.venue),
          path=("location", "venue")),
    Field("street", "string", "Straße und Hausnummer.", lambda e, c: _opt(e.location.street),
          path=("location", "street")),
    Field("postcode", "string", "Postleitzahl (fünf Ziffern, als Text).", lambda e, c: _opt(e.location.postcode),
          path=("location", "postcode"), schema=(("constraints", {"pattern": "[0-9]{5}"}),)),
    Field("city", "string", "Ort; leer bei reinen Online-Terminen.", lambda e, c: _opt(e.location.city),
          path=("location", "city")),
    Field("region", "string", "Bundesland als ISO-3166-2-Code (data/vocab/regions.yml); leer bei reinen "
          "Online-Terminen.", lambda e, c: _opt(e.location.region), path=("location", "region"), vocab="regions"),
    Field("online", "boolean", "Findet online statt (mit Ort: vor Ort und online).", lambda e, c: e.location.online,
          path=("location", "online"), required=True),
    Field("organisers", "list", "Wer einlädt: Kürzel von Mitgliedern (slug in members.json) und/oder IDs von "
          "Netzwerken (data/vocab/networks.yml). CSV: getrennt durch „; “.",
          lambda e, c: list(e.organisers), required=True, schema=_list()),
    Field("registration", "string", "Adresse der Anmeldung.", lambda e, c: _opt(e.registration), schema=_URI),
    Field("sdgs", "list", _SDGS, lambda e, c: _sdgs(e.sdgs), cell=_sdg_cell, schema=_list(SDG_SEPARATOR, "integer")),
    Field("description", "string", "Programm und weitere Hinweise (Markdown).", lambda e, c: _opt(e.description)),
    Field("reviewed", "date", "Datum der letzten redaktionellen Prüfung.", lambda e, c: e.reviewed.isoformat(),
          required=True),
    Field("url", "string", _DERIVED_URL, lambda e, c: c.url(urls.event(e)), derived=True, required=True),
    Field("calendar", "string", "Der Termin als iCalendar-Datei (.ics) für den eigenen Kalender (abgeleitet).",
          lambda e, c: c.url(urls.event_calendar(e)), derived=True, required=True),
    Field("source", "string", _SOURCE, lambda e, c: e.source.path, derived=True, required=True),
)

FIELDS = {"members": MEMBER_FIELDS, "cases": CASE_FIELDS, "events": EVENT_FIELDS}


def _fields_of(record: Member | Case | Event) -> tuple[Field, ...]:
    return MEMBER_FIELDS if isinstance(record, Member) else EVENT_FIELDS if isinstance(record, Event) else CASE_FIELDS


def _values(record: Member | Case | Event, ctx: Context) -> dict[str, Any]:
    """Every field's value of a record (shared by the callers: they build new structures from it)."""
    found = ctx.values.get(id(record))
    if found is not None and found[0] is record:
        return found[1]
    fields = _fields_of(record)
    values = {f.name: f.get(record, ctx) for f in fields}
    ctx.values[id(record)] = (record, values)
    return values


def _nest(fields: Iterable[Field], values: dict[str, Any]) -> dict:
    out: dict = {}
    for f in fields:
        node = out
        path = f.path or (f.name,)
        for key in path[:-1]:
            node = node.setdefault(key, {})
        node[path[-1]] = values[f.name]
    return out


def record_json(record: Member | Case | Event, ctx: Context) -> dict:
    """A record as exported to JSON: all declared fields in declared order, absent values null."""
    fields = _fields_of(record)
    return _nest(fields, _values(record, ctx))


def record_row(record: Member | Case | Event, ctx: Context) -> list[str]:
    """A record as a CSV row, columns in declared order."""
    fields = _fields_of(record)
    values = _values(record, ctx)
    return [f.cell(values[f.name]) for f in fields]


# --- back from JSON --------------------------------------------------------------

def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _period(value: str | None) -> Period | None:
    if not value:
        return None
    year, _, month = value.partition("-")
    return Period(int(year), int(month) if month else None)


def member_from_json(d: dict) -> Member:
    loc = d["location"]
    return Member(
        slug=d["slug"], name=d["name"], kind=d["kind"], summary=d["summary"],
        location=Location(city=loc["city"], region=loc["region"], postcode=loc["postcode"] or "",
                          street=loc["street"] or "", lat=loc["lat"], lon=loc["lon"]),
        reviewed=_date(d["reviewed"]), source=SourceRef(d["source"]),
        description=d["description"] or "", website=d["website"] or "", sector=d["sector"] or "",
        networks=tuple(d["networks"]), member_since=d["member_since"],
        sdgs=tuple(SdgTag(t["goal"], t["evidence"]) for t in d["sdgs"]),
        contacts=tuple(Contact(role=c["role"], name=c.get("name", ""), email=c.get("email", ""),
                               phone=c.get("phone", ""), consent=_date(c.get("consent"))) for c in d["contacts"]),
        logo=d["logo"] or "", aliases=tuple(d["aliases"]),
        offers=tuple(_exchange_from_json(e) for e in d["offers"]),
        needs=tuple(_exchange_from_json(e) for e in d["needs"]),
    )


def _exchange_from_json(e: dict) -> Exchange:
    return Exchange(category=e["category"], title=e["title"], description=e.get("description", ""),
                    sdgs=tuple(e.get("sdgs", ())), until=_date(e.get("until")))


def case_from_json(d: dict) -> Case:
    return Case(
        slug=d["slug"], title=d["title"], summary=d["summary"],
        partners=tuple(Partner(name=p, slug=p) if isinstance(p, str)
                       else Partner(p["name"], website=p.get("website", "")) for p in d["partners"]),
        formats=tuple(d["formats"]), region=d["region"], started=_period(d["started"]), status=d["status"],
        published=_date(d["published"]), reviewed=_date(d["reviewed"]), source=SourceRef(d["source"]),
        body=d["body"] or "", city=d["city"] or "", ended=_period(d["ended"]),
        sdgs=tuple(SdgTag(t["goal"], t["evidence"]) for t in d["sdgs"]),
        outcomes=tuple(Outcome(o["label"], o["value"], o.get("unit", "")) for o in d["outcomes"]),
        references=tuple(d["references"]), featured=d["featured"], aliases=tuple(d["aliases"]),
    )


def _when_from_json(value: str | None) -> dt.date | dt.datetime | None:
    if not value:
        return None
    return dt.datetime.fromisoformat(value).astimezone(ZONE) if "T" in value else dt.date.fromisoformat(value)


def event_from_json(d: dict) -> Event:
    loc = d["location"]
    return Event(
        slug=d["slug"], title=d["title"], kind=d["kind"], start=_when_from_json(d["start"]),
        location=EventPlace(city=loc["city"] or "", region=loc["region"] or "", venue=loc["venue"] or "",
                            street=loc["street"] or "", postcode=loc["postcode"] or "", online=loc["online"]),
        organisers=tuple(d["organisers"]), summary=d["summary"], reviewed=_date(d["reviewed"]),
        source=SourceRef(d["source"]), end=_when_from_json(d["end"]), description=d["description"] or "",
        registration=d["registration"] or "", sdgs=tuple(SdgTag(t["goal"], t["evidence"]) for t in d["sdgs"]),
    )


def records_from_json(doc: dict) -> list[Member] | list[Case] | list[Event]:
    """Rebuild the records of a members.json, cases.json or events.json (as loaded with ``json.load``).

    Derived fields (``url``) are not read; ``source`` keeps the file path only, and
    members come without their ``cases`` (the catalog links those).
    """
    if "members" in doc:
        return [member_from_json(d) for d in doc["members"]]
    if "cases" in doc:
        return [case_from_json(d) for d in doc["cases"]]
    if "events" in doc:
        return [event_from_json(d) for d in doc["events"]]
    raise ValueError("neither a members.json, cases.json nor events.json: expected a 'members', 'cases' or "
                     "'events' list")


# --- the files ------------------------------------------------------------------

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
        if self.size < 1000:
            return f"{self.size} Byte"
        if self.size < 1_000_000:
            return f"{number_de(round(self.size / 1000, 1))} kB"
        return f"{number_de(round(self.size / 1_000_000, 1))} MB"


def dump_json(data: Any) -> bytes:
    """Deterministic JSON: UTF-8, compact, trailing newline; key order as built. Compact because the
    site writes one API file per record: Python's indenting encoder took most of a 10,000-member
    build's export time, the C encoder (no indent) a fifth of it, and the files are a third smaller."""
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?")


def inert_cell(cell: str) -> str:
    """A text cell that a spreadsheet would run as a formula (=, +, -, @, tab or CR first) gets an
    apostrophe in front, which spreadsheets show as text (CSV injection); numbers stay as they are.
    The JSON files keep the text unchanged."""
    if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def _csv(fields: tuple[Field, ...], rows: Iterable[list[str]]) -> bytes:
    """RFC 4180: comma, double quotes where needed, CRLF line ends, a header row; UTF-8 without BOM."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=",", quotechar='"', lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([f.name for f in fields])
    writer.writerows([inert_cell(c) for c in row] for row in rows)
    return buffer.getvalue().encode("utf-8")


def _package_name(site_name: str) -> str:
    name = re.sub(r"[^a-z0-9]+", "-", site_name.casefold().replace("ä", "ae").replace("ö", "oe")
                  .replace("ü", "ue").replace("ß", "ss")).strip("-")
    return name or "kooplab"


GEO_PROPERTIES = ("slug", "name", "kind", "summary", "website", "sector", "city", "region", "postcode", "street",
                  "networks", "member_since", "sdgs", "url")


class OpenData:
    """Everything the site publishes as data, made in memory once per build.

    ``files`` maps paths relative to the site root to their bytes; :meth:`write`
    puts them into the built site. The JSON Schema files are published by the
    MkDocs adapter from :meth:`schema_files`.
    """

    def __init__(self, catalog: Catalog, root: Path, site_url: str = "", site_name: str = "",
                 site_description: str = "", suggestions: Suggestions | None = None) -> None:
        self.catalog = catalog
        self._suggestions = suggestions  # the build's (site.Site.suggestions); made here when not given
        self.root = root
        self.settings = catalog.settings
        self.ctx = Context(self.settings, site_url.rstrip("/") + "/" if site_url else "")
        self.site_name = site_name or "Kooplab"
        self.site_description = site_description
        self.license = license_of(self.settings)
        self.members = [public_member(m, self.settings) for m in sorted(catalog.members.values(), key=lambda m: m.slug)]
        self.cases = sorted(catalog.cases.values(), key=lambda c: c.slug)
        self.events = sorted(catalog.events.values(), key=lambda e: e.slug)

    # constants for templates
    schema_version = SCHEMA_VERSION
    list_separator = LIST_SEPARATOR
    sdg_separator = SDG_SEPARATOR
    fields = FIELDS
    feed_path = f"{urls.LAB}feed.xml"

    def url(self, path: str) -> str:
        """Absolute address of a site path when site_url is set, else the path relative to the site root."""
        return self.ctx.url(path)

    # --- bulk files ---------------------------------------------------------

    def _bulk(self, kind: str, records: list) -> dict:
        return {"schema_version": SCHEMA_VERSION, "type": kind, "title": self.site_name,
                "license": self.license.as_json(), "count": len(records),
                kind: [record_json(r, self.ctx) for r in records]}

    def _geojson(self) -> dict:
        features = []
        for m in self.members:
            if not m.location.has_coordinates:
                continue
            values = _values(m, self.ctx)
            props = {k: values[k] for k in GEO_PROPERTIES}
            props["sdgs"] = [t["goal"] for t in props["sdgs"]]
            features.append({"type": "Feature", "id": m.slug,
                             "geometry": {"type": "Point", "coordinates": [m.location.lon, m.location.lat]},
                             "properties": props})
        return {"type": "FeatureCollection", "schema_version": SCHEMA_VERSION, "license": self.license.as_json(),
                "features": features}

    def _table_schema(self, fields: tuple[Field, ...]) -> dict:
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
                constraints["enum"] = [str(i) for i in getattr(self.catalog.vocab, f.vocab).ids()]
            if constraints:
                d["constraints"] = constraints
            out.append(d)
        return {"fields": out, "primaryKey": ["slug"], "missingValues": [""]}

    def _datapackage(self, csvs: dict[str, bytes]) -> dict:
        titles = {"members": ("Mitglieder", "Die Mitglieder des Verzeichnisses, eine Zeile je Mitglied."),
                  "cases": ("Fallbeispiele", "Die Fallbeispiele des Kooperations-Labs, eine Zeile je Fallbeispiel."),
                  "events": ("Termine", "Die Termine der Netzwerke, vergangene und anstehende, eine Zeile je Termin.")}
        resources = []
        for kind, data in csvs.items():
            title, description = titles[kind]
            resources.append({
                "name": kind, "path": f"{kind}.csv", "profile": "tabular-data-resource", "title": title,
                "description": f"{description} Listen in einer Zelle sind durch „{LIST_SEPARATOR}“ getrennt, "
                               f"die SDG-Nummern durch „{SDG_SEPARATOR}“; leere Zellen sind fehlende Werte. "
                               f"Alle Felder vollständig und strukturiert: {kind}.json.",
                "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                "bytes": len(data), "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
                "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "doubleQuote": True,
                            "header": True},
                "schema": self._table_schema(FIELDS[kind]),
            })
        package: dict[str, Any] = {
            "profile": "tabular-data-package",
            "name": _package_name(self.site_name),
            "title": self.site_name,
        }
        if self.site_description:
            package["description"] = self.site_description
        if self.ctx.site_url:
            package["homepage"] = self.url(DATA_DIR)
        lic: dict[str, str] = {"name": self.license.id, "title": self.license.title}
        if self.license.url:
            lic["path"] = self.license.url
        package.update({"licenses": [lic], "schema_version": SCHEMA_VERSION, "resources": resources})
        return package

    @cached_property
    def suggestions(self) -> Suggestions:
        return self._suggestions if self._suggestions is not None else suggest_all(self.catalog)

    def _boerse(self) -> dict:
        """The Kooperationsbörse: every current offer and need, each with its member."""
        def entry(e: BoardEntry) -> dict:
            m = e.member
            return {"id": e.id, "type": e.side, "category": e.entry.category, "title": e.entry.title,
                    "description": _opt(e.entry.description), "sdgs": list(e.goals),
                    "until": e.entry.until.isoformat() if e.entry.until else None,
                    "member": {"id": m.slug, "name": m.name, "kind": m.kind, "region": m.location.region,
                               "city": m.location.city, "href": self.url(f"{API_DIR}members/{m.slug}.json"),
                               "url": self.url(urls.member(m))},
                    "url": self.url(f"{urls.member(m)}#{e.anchor}")}
        entries = board(self.catalog)
        return {"schema_version": SCHEMA_VERSION, "type": "boerse", "title": self.site_name,
                "license": self.license.as_json(), "count": len(entries), "entries": [entry(e) for e in entries]}

    def _suggestion(self, s: Suggestion) -> dict:
        """A partner suggestion with its score and reasons as data (kooplab.pages.scoring.Reason)."""
        return self._link("members", s.member.slug, name=s.member.name, score=round(s.score, 2),
                          reasons=[{"kind": r.kind, "detail": list(r.detail), "points": round(r.points, 2)}
                                   for r in s.reasons])

    # --- API ----------------------------------------------------------------

    def _link(self, kind: str, id_: str | int, **extra: Any) -> dict:
        """A link to another API file (``href``) and its page (``url``)."""
        page = {"members": urls.member, "cases": urls.case, "events": urls.event,
                "sdgs": lambda n: urls.goal(self.catalog.vocab.sdgs[n])}[kind]
        return {"id": id_, **extra, "href": self.url(f"{API_DIR}{kind}/{id_}.json"), "url": self.url(page(id_))}

    def _api(self) -> dict[str, dict]:
        v = self.catalog.vocab
        api: dict[str, dict] = {}
        index = self.url(f"{API_DIR}index.json")
        for m in self.members:
            cases = sorted(m.cases, key=lambda c: c.slug)
            api[f"{API_DIR}members/{m.slug}.json"] = {
                "schema_version": SCHEMA_VERSION, "type": "member", "id": m.slug,
                "record": record_json(m, self.ctx),
                "cases": [self._link("cases", c.slug, title=c.title) for c in cases],
                "sdgs": [self._link("sdgs", t.goal, label=v.sdgs[t.goal].label) for t in m.sdgs],
                "suggestions": [self._suggestion(s) for s in self.suggestions[m.slug]],
                "links": {"self": self.url(f"{API_DIR}members/{m.slug}.json"), "index": index,
                          "logo": self.url(m.logo) if m.logo else None},
            }
        for c in self.cases:
            partners = []
            for p in c.partners:
                member = self.catalog.members.get(p.slug) if p.is_member else None
                if member is not None:
                    partners.append(self._link("members", member.slug, name=member.name,
                                               website=_opt(member.website)))
                else:
                    partners.append({"id": None, "name": p.name, "website": _opt(p.website)})
            api[f"{API_DIR}cases/{c.slug}.json"] = {
                "schema_version": SCHEMA_VERSION, "type": "case", "id": c.slug,
                "record": record_json(c, self.ctx),
                "partners": partners,
                "sdgs": [self._link("sdgs", t.goal, label=v.sdgs[t.goal].label) for t in c.sdgs],
                "links": {"self": self.url(f"{API_DIR}cases/{c.slug}.json"), "index": index},
            }
        for e in self.events:
            api[f"{API_DIR}events/{e.slug}.json"] = self._api_event(e, index)
        for g in v.sdgs:
            members = [(m, t) for m in self.members for t in m.sdgs if t.goal == g.number]
            cases = [(c, t) for c in self.cases for t in c.sdgs if t.goal == g.number]
            api[f"{API_DIR}sdgs/{g.number}.json"] = {
                "schema_version": SCHEMA_VERSION, "type": "sdg", "id": g.number,
                "goal": {"number": g.number, "label": g.label, "label_en": _opt(g.label_en), "color": g.color,
                         "url": self.url(urls.goal(g))},
                "members": [self._link("members", m.slug, name=m.name, evidence=t.evidence) for m, t in members],
                "cases": [self._link("cases", c.slug, title=c.title, evidence=t.evidence) for c, t in cases],
                "links": {"self": self.url(f"{API_DIR}sdgs/{g.number}.json"), "index": index},
            }
        api[f"{API_DIR}index.json"] = {
            "schema_version": SCHEMA_VERSION, "type": "index", "title": self.site_name,
            "license": self.license.as_json(),
            "counts": {"members": len(self.members), "cases": len(self.cases), "sdgs": len(v.sdgs),
                       "events": len(self.events)},
            "members": [self._link("members", m.slug, name=m.name) for m in self.members],
            "cases": [self._link("cases", c.slug, title=c.title) for c in self.cases],
            "events": [self._link("events", e.slug, title=e.title, start=_when(e.start)) for e in self.events],
            "sdgs": [self._link("sdgs", g.number, label=g.label,
                                members=len(self.catalog.members_with_goal(g.number)),
                                cases=len(self.catalog.cases_with_goal(g.number))) for g in v.sdgs],
            "links": {
                "self": index,
                "data": self.url(DATA_DIR),
                "downloads": {name: self.url(f"{DATA_DIR}{name}") for name in self._bulk_names},
                "schema": {p.name: self.url(f"{SCHEMA_DIR}{p.name}") for _, p in self.schema_files()},
                "feed": self.url(self.feed_path),
                "calendar": self.url(urls.EVENTS_CALENDAR),
            },
        }
        return api

    def _api_event(self, e: Event, index: str) -> dict:
        """/api/events/<slug>.json: the record, its organisers (members with their API file, networks
        with their page; an id that names both appears as both) and its SDGs."""
        v = self.catalog.vocab
        found = []
        for o in organisers(e, self.catalog.members, v.networks):
            if o.member:
                found.append(self._link("members", o.id, type="member", name=o.member.name))
            if o.network:
                found.append({"id": o.id, "type": "network", "name": o.network.label,
                              "url": self.url(urls.network(o.network))})
        return {
            "schema_version": SCHEMA_VERSION, "type": "event", "id": e.slug,
            "record": record_json(e, self.ctx),
            "organisers": found,
            "sdgs": [self._link("sdgs", t.goal, label=v.sdgs[t.goal].label) for t in e.sdgs],
            "links": {"self": self.url(f"{API_DIR}events/{e.slug}.json"), "index": index,
                      "calendar": self.url(urls.event_calendar(e))},
        }

    _bulk_names = ("members.json", "cases.json", "members.csv", "cases.csv", "members.geojson", "datapackage.json",
                   "boerse.json", "events.json", "events.csv")

    @cached_property
    def files(self) -> dict[str, bytes]:
        """Every generated data file by its path in the site."""
        from kooplab.exports import feed  # feed imports this module

        csvs = {"members": _csv(MEMBER_FIELDS, (record_row(m, self.ctx) for m in self.members)),
                "cases": _csv(CASE_FIELDS, (record_row(c, self.ctx) for c in self.cases)),
                "events": _csv(EVENT_FIELDS, (record_row(e, self.ctx) for e in self.events))}
        files = {
            f"{DATA_DIR}members.json": dump_json(self._bulk("members", self.members)),
            f"{DATA_DIR}cases.json": dump_json(self._bulk("cases", self.cases)),
            f"{DATA_DIR}members.csv": csvs["members"],
            f"{DATA_DIR}cases.csv": csvs["cases"],
            f"{DATA_DIR}events.json": dump_json(self._bulk("events", self.events)),
            f"{DATA_DIR}events.csv": csvs["events"],
            f"{DATA_DIR}members.geojson": dump_json(self._geojson()),
            f"{DATA_DIR}datapackage.json": dump_json(self._datapackage(csvs)),
            f"{DATA_DIR}boerse.json": dump_json(self._boerse()),
        }
        files.update((path, dump_json(doc)) for path, doc in self._api().items())
        files[self.feed_path] = feed.atom(self)
        return files

    def schema_files(self) -> list[tuple[str, Path]]:
        return schema_files(self.root, self.settings)

    @cached_property
    def calendar(self) -> bytes:
        """The calendar of all events (kooplab.exports.calendars; the MkDocs adapter publishes it with the others)."""
        from kooplab.exports.calendars import Calendars

        return Calendars(self.catalog, self.ctx.site_url, self.site_name, build_date()).all_events()

    def downloads(self) -> list[Download]:
        """The rows of the download table on /daten/."""
        f = self.files
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
            Download(f"{DATA_DIR}datapackage.json", "Frictionless Data Package", "Beschreibt die beiden "
                     "CSV-Dateien mit Feldern, Typen und Lizenz.", len(f[f"{DATA_DIR}datapackage.json"])),
            Download(f"{DATA_DIR}boerse.json", "JSON", "Die Kooperationsbörse: alle aktuellen Angebote und Gesuche "
                     "mit ihrem Mitglied.", len(f[f"{DATA_DIR}boerse.json"])),
            Download(f"{DATA_DIR}events.json", "JSON", "Alle Termine, vergangene und anstehende, mit allen Feldern "
                     "und ihrem Programm (Markdown).", len(f[f"{DATA_DIR}events.json"])),
            Download(f"{DATA_DIR}events.csv", "CSV", "Die Termine als Tabelle, eine Zeile je Termin.",
                     len(f[f"{DATA_DIR}events.csv"])),
            Download(urls.EVENTS_CALENDAR, "iCalendar", "Alle Termine zum Abonnieren im eigenen Kalender.",
                     len(self.calendar)),
            Download(f"{API_DIR}index.json", "JSON-API", "Einstieg in die JSON-API: Anzahlen und Links zu "
                     "jedem Mitglied, Fallbeispiel und SDG.", len(f[f"{API_DIR}index.json"])),
            Download(self.feed_path, "Atom-Feed", "Die neuesten Fallbeispiele zum Abonnieren.",
                     len(f[self.feed_path])),
        ]
        for src_uri, path in self.schema_files():
            rows.append(Download(src_uri, "JSON Schema", _SCHEMA_TEXT.get(path.name, "JSON Schema."),
                                 path.stat().st_size))
        return rows

    def api_examples(self) -> list[tuple[str, str]]:
        """Example API addresses for the /daten/ page: (path, what it gives)."""
        rows = [(f"{API_DIR}index.json", "Anzahlen und Links zu allen Einträgen")]
        if self.members:
            rows.append((f"{API_DIR}members/{self.members[0].slug}.json", "ein Mitglied mit seinen Fallbeispielen"))
        if self.cases:
            rows.append((f"{API_DIR}cases/{self.cases[0].slug}.json", "ein Fallbeispiel mit seinen Beteiligten"))
        if self.events:
            rows.append((f"{API_DIR}events/{self.events[0].slug}.json", "ein Termin mit seinen Veranstaltern"))
        rows.append((f"{API_DIR}sdgs/13.json", "alle Mitglieder und Fallbeispiele zu einem SDG (1 bis 17)"))
        return rows

    def api_path(self, view: object) -> str | None:
        """The API file of a member or case page (for ``<link rel="alternate">``); None elsewhere."""
        from kooplab.pages.pages import CaseView, EventView, MemberView

        if isinstance(view, MemberView):
            return f"{API_DIR}members/{view.member.slug}.json"
        if isinstance(view, EventView):
            return f"{API_DIR}events/{view.event.slug}.json"
        if isinstance(view, CaseView):
            return f"{API_DIR}cases/{view.case.slug}.json"
        return None

    def jsonld(self, view: object) -> dict | None:
        """schema.org JSON-LD for a member or case page; None for other pages."""
        from kooplab.exports import jsonld

        return jsonld.for_view(view, self)

    def write(self, site_dir: Path) -> None:
        """Write every data file into the built site."""
        for rel, data in self.files.items():
            path = site_dir / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)


_SCHEMA_TEXT = {
    "member.schema.json": "Aufbau einer Mitgliedsdatei (data/members/<slug>.yml).",
    "case.schema.json": "Aufbau des Kopfs einer Fallbeispiel-Datei (data/cases/<slug>.md).",
    "event.schema.json": "Aufbau einer Termin-Datei (data/events/<slug>.yml).",
    "vocab.schema.json": "Aufbau der Vokabulare (data/vocab/*.yml).",
    EXPORT_SCHEMA: "Aufbau der JSON-Downloads und der JSON-API.",
}


def schema_files(root: Path, settings: Settings) -> list[tuple[str, Path]]:
    """The JSON Schema files (site path, file), published under /schema/ for editors' tools and data users."""
    folder = root / settings.data_dir / "schema"
    return [(f"{SCHEMA_DIR}{p.name}", p) for p in sorted(folder.glob("*.schema.json"))]
