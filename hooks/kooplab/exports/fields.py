"""The fields of an exported record, declared once.

:data:`MEMBER_FIELDS`, :data:`CASE_FIELDS` and :data:`EVENT_FIELDS` give the keys (and their order) of the JSON
records, the header of the CSV files, the table schemas of ``datapackage.json`` and the field tables on the
``/daten/`` page. JSON is the lossless format: every field of every record, Markdown texts included, in the
shape of the data files (``data/schema/*.schema.json``) plus ``slug``, ``url`` and ``source``
(:mod:`kooplab.exports.roundtrip` rebuilds the records). CSV holds the same fields in cells: lists are
joined with :data:`LIST_SEPARATOR`, SDG numbers with :data:`SDG_SEPARATOR`, and what a flat cell would lose
(SDG evidence, offers and needs) has a line per entry; ``kooplab import`` (:mod:`kooplab.imports`) reads
the files back into records that build the same site.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from kooplab import urls
from kooplab.exports.privacy import public_contacts
from kooplab.records import Case, Contact, Event, Exchange, Member, Outcome, Partner, Picture, SdgTag
from kooplab.settings import Settings

SCHEMA_VERSION = "1.1"  # of the exported files; raised when a field changes meaning or is removed
# 1.1: the CSV files carry everything the records hold (kooplab import reads them back): sdg_evidence,
# partners' websites, the consent date of a published contact, offers and needs one per line with all parts
LIST_SEPARATOR = "; "  # between the items of a list in a CSV cell
SDG_SEPARATOR = "|"  # between the goal numbers in the CSV column sdgs, e.g. 13|17
LINE_SEPARATOR = "\n"  # between the entries of sdg_evidence, offers and needs (each a line of its own)
PART_SEPARATOR = " | "  # between the parts of an offer or need after its title


@dataclass(frozen=True)
class RecordValues:
    """The exported values of records for one site address, each record's worked out once: what an exported
    value may depend on besides the record is the settings and the address of the site."""

    settings: Settings
    site_url: str = ""  # absolute address of the site, ending in '/'; '' gives paths relative to the site root
    # the values of each record, worked out once: the bulk files, the CSV, the GeoJSON and the API all use them
    values: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def url(self, path: str) -> str:
        return f"{self.site_url}{path}"


def optional(value: Any) -> Any:
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


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _evidence_cell(tags: list[dict]) -> str:
    """'12: Organisiert …' per goal, a line each (a line break in the evidence is read as a space)."""
    return LINE_SEPARATOR.join(f"{t['goal']}: {_one_line(t['evidence'])}" for t in tags)


def _contact_cell(contacts: list[dict]) -> str:
    def one(c: dict) -> str:
        details = [c[k] for k in ("name", "email", "phone") if c.get(k)]
        if c.get("consent"):
            details.append(f"Einwilligung {c['consent']}")
        return f"{c['role']}: {', '.join(details)}" if details else c["role"]
    return LIST_SEPARATOR.join(one(c) for c in contacts)


def _partner_cell(partners: list) -> str:
    def one(p: str | dict) -> str:
        if isinstance(p, str):
            return p
        return f"{p['name']} ({p['website']})" if p.get("website") else p["name"]
    return LIST_SEPARATOR.join(one(p) for p in partners)


def _outcome_cell(outcomes: list[dict]) -> str:
    return LIST_SEPARATOR.join(f"{o['label']}: {_cell(o['value'])}" + (f" {o['unit']}" if o.get("unit") else "")
                               for o in outcomes)


def _exchange_cell(entries: list[dict]) -> str:
    """'category: title | bis 2027-01-31 | SDG 7, 13 | description', a line per entry (parts present only)."""
    def one(e: dict) -> str:
        parts = [f"{e['category']}: {_one_line(e['title'])}"]
        if e.get("until"):
            parts.append(f"bis {e['until']}")
        if e.get("sdgs"):
            parts.append("SDG " + ", ".join(str(g) for g in e["sdgs"]))
        if e.get("description"):
            parts.append(_one_line(e["description"]))
        return PART_SEPARATOR.join(parts)
    return LINE_SEPARATOR.join(one(e) for e in entries)


def _exchange(e: Exchange) -> dict:
    """An offer or need as the data file holds it (absent fields left out)."""
    d = {"category": e.category, "title": e.title, "description": e.description, "sdgs": list(e.sdgs),
         "until": e.until.isoformat() if e.until else ""}
    return {k: v for k, v in d.items() if v}


def _sdgs(tags: tuple[SdgTag, ...]) -> list[dict]:
    return [{"goal": t.goal, "evidence": t.evidence} for t in tags]


_POSTCODE = "Postleitzahl als Text: in Deutschland fünf Ziffern, im Ausland, wie sie dort geschrieben wird (6811 AB)."
_POSTCODE_PATTERN = (("constraints", {"pattern": "[A-Za-z0-9][A-Za-z0-9 -]{1,9}"}),)


def _picture(p: Picture | None) -> dict | None:
    if p is None:
        return None
    return {"src": p.src, "alt": p.alt, "credit": p.credit or None, "width": p.width, "height": p.height}


def _picture_cell(part: str) -> Callable[[dict | None], str]:
    return lambda picture: _cell((picture or {}).get(part))


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
    get: Callable[[Any, RecordValues], Any]  # record -> JSON value
    path: tuple[str, ...] = ()  # where the value sits in the JSON record; default: (name,)
    cell: Callable[[Any], str] = _cell  # JSON value -> CSV cell
    required: bool = False
    vocab: str = ""  # the vocabulary whose ids are the allowed values
    schema: tuple[tuple[str, Any], ...] = ()  # further Table Schema properties
    derived: bool = False  # made by the site, not written by editors; not read back into records
    in_json: bool = True  # False: a CSV column only (what the JSON holds elsewhere, flattened for spreadsheets)

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

_EVIDENCE = ("Begründungen zu den SDGs (nur CSV; in JSON unter sdgs): je Ziel eine Zeile „Nummer: Begründung“, "
             "z. B. „13: Betreibt eine Photovoltaikanlage.“")
_EXCHANGE = ("{what} in der Kooperationsbörse, auch abgelaufene (until vor dem Erstellungsdatum; die Website zeigt "
             "sie nicht mehr). JSON: Liste von {{category, title, description, sdgs, until}}, category aus "
             "data/vocab/exchange.yml; CSV: je Eintrag eine Zeile „category: title“, dahinter, getrennt durch "
             "„ | “, soweit vorhanden „bis JJJJ-MM-TT“, „SDG 7, 13“ und die Beschreibung.")

MEMBER_FIELDS: tuple[Field, ...] = (
    Field("slug", "string", "Kürzel des Mitglieds: stabile ID, Dateiname in data/members/ ohne .yml; "
          "auch in den Adressen /verzeichnis/<slug>/ und /api/members/<slug>.json.",
          lambda m, c: m.slug, required=True),
    Field("name", "string", "Name der Organisation.", lambda m, c: m.name, required=True),
    Field("kind", "string", "Art der Organisation (ID aus data/vocab/kinds.yml).", lambda m, c: m.kind,
          required=True, vocab="kinds"),
    Field("summary", "string", "Kurzbeschreibung in ein, zwei Sätzen (Text).", lambda m, c: m.summary, required=True),
    Field("description", "string", "Ausführliche Beschreibung (Markdown).", lambda m, c: optional(m.description)),
    Field("website", "string", "Website der Organisation.", lambda m, c: optional(m.website), schema=_URI),
    Field("sector", "string", "Branche (ID aus data/vocab/sectors.yml).", lambda m, c: optional(m.sector),
          vocab="sectors"),
    Field("city", "string", "Ort.", lambda m, c: m.location.city, path=("location", "city"), required=True),
    Field("region", "string", "Bundesland (oder Region, Land im Ausland) als ISO-3166-Code, z. B. DE-HB "
          "(data/vocab/regions.yml).",
          lambda m, c: m.location.region, path=("location", "region"), required=True, vocab="regions"),
    Field("postcode", "string", _POSTCODE, lambda m, c: optional(m.location.postcode),
          path=("location", "postcode"), schema=_POSTCODE_PATTERN),
    Field("street", "string", "Straße und Hausnummer.", lambda m, c: optional(m.location.street),
          path=("location", "street")),
    Field("lat", "number", "Geografische Breite (WGS 84, Dezimalgrad).", lambda m, c: m.location.lat,
          path=("location", "lat"), schema=(("constraints", {"minimum": -90, "maximum": 90}),)),
    Field("lon", "number", "Geografische Länge (WGS 84, Dezimalgrad).", lambda m, c: m.location.lon,
          path=("location", "lon"), schema=(("constraints", {"minimum": -180, "maximum": 180}),)),
    Field("networks", "list", "Netzwerke, in denen das Mitglied mitarbeitet (IDs aus data/vocab/networks.yml). "
          "CSV: getrennt durch „; “.", lambda m, c: list(m.networks), schema=_list()),
    Field("member_since", "integer", "Jahr des Beitritts.", lambda m, c: m.member_since),
    Field("sdgs", "list", _SDGS, lambda m, c: _sdgs(m.sdgs), cell=_sdg_cell, schema=_list(SDG_SEPARATOR, "integer")),
    Field("sdg_evidence", "string", _EVIDENCE, lambda m, c: _sdgs(m.sdgs), cell=_evidence_cell,
          path=("sdgs", "evidence"), in_json=False),
    Field("contacts", "list", "Ansprechstellen. JSON: Liste von {role, email} (Personen mit name, phone, consent "
          "nur, wenn die Website sie mit Einwilligung veröffentlicht); "
          "CSV: „Rolle: Name, E-Mail, Telefon, Einwilligung JJJJ-MM-TT“ (soweit vorhanden), getrennt durch „; “.",
          lambda m, c: [_contact(x) for x in public_contacts(m, c.settings)], cell=_contact_cell, schema=_list()),
    Field("logo", "string", "Logo-Datei, relativ zu data/ und zur Website, z. B. logos/name.svg.",
          lambda m, c: optional(m.logo)),
    Field("aliases", "list", "Frühere Kürzel: ihre Adressen leiten hierher um. CSV: getrennt durch „; “.",
          lambda m, c: list(m.aliases), schema=_list()),
    Field("offers", "list", _EXCHANGE.format(what="Angebote"), lambda m, c: [_exchange(e) for e in m.offers],
          cell=_exchange_cell, schema=_list(LINE_SEPARATOR)),
    Field("needs", "list", _EXCHANGE.format(what="Gesuche"), lambda m, c: [_exchange(e) for e in m.needs],
          cell=_exchange_cell, schema=_list(LINE_SEPARATOR)),
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
          "andere Organisationen in JSON als {name, website}, in CSV als „Name (Website)“; CSV: getrennt durch „; “.",
          lambda k, c: [_partner(p) for p in k.partners], cell=_partner_cell, required=True, schema=_list()),
    Field("formats", "list", "Formate der Zusammenarbeit (IDs aus data/vocab/formats.yml). "
          "CSV: getrennt durch „; “.",
          lambda k, c: list(k.formats), required=True, schema=_list()),
    Field("sdgs", "list", _SDGS, lambda k, c: _sdgs(k.sdgs), cell=_sdg_cell, schema=_list(SDG_SEPARATOR, "integer")),
    Field("sdg_evidence", "string", _EVIDENCE, lambda k, c: _sdgs(k.sdgs), cell=_evidence_cell,
          path=("sdgs", "evidence"), in_json=False),
    Field("region", "string", "Bundesland als ISO-3166-2-Code (data/vocab/regions.yml).", lambda k, c: k.region,
          required=True, vocab="regions"),
    Field("city", "string", "Ort.", lambda k, c: optional(k.city)),
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
    Field("modelled_on", "list", "Kürzel der Fallbeispiele, nach deren Vorbild diese Kooperation entstand. "
          "CSV: getrennt durch „; “.", lambda k, c: list(k.modelled_on), schema=_list()),
    Field("image", "string", "Bild der Kooperation: Datei relativ zu data/, z. B. images/aktionstag.jpg; auf der "
          "Website unter kooperationen/bilder/. JSON: {src, alt, credit, width, height} oder null (width, height: "
          "Pixel); CSV: die Datei.", lambda k, c: _picture(k.image), cell=_picture_cell("src")),
    Field("image_alt", "string", "Was das Bild zeigt (Alternativtext).", lambda k, c: _picture(k.image),
          cell=_picture_cell("alt"), path=("image", "alt"), in_json=False),
    Field("image_credit", "string", "Bildnachweis, z. B. Foto: Lindener Backstube.", lambda k, c: _picture(k.image),
          cell=_picture_cell("credit"), path=("image", "credit"), in_json=False),
    Field("aliases", "list", "Frühere Kürzel: ihre Adressen leiten hierher um. CSV: getrennt durch „; “.",
          lambda k, c: list(k.aliases), schema=_list()),
    Field("published", "date", "Datum der Veröffentlichung auf der Website.", lambda k, c: k.published.isoformat(),
          required=True),
    Field("reviewed", "date", "Datum der letzten redaktionellen Prüfung.", lambda k, c: k.reviewed.isoformat(),
          required=True),
    Field("body", "string", "Text des Fallbeispiels (Markdown).", lambda k, c: optional(k.body)),
    Field("url", "string", _DERIVED_URL, lambda k, c: c.url(urls.case(k)), derived=True, required=True),
    Field("source", "string", _SOURCE, lambda k, c: k.source.path, derived=True, required=True),
)


def when_json(value: dt.date | dt.datetime | None) -> str | None:
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
          lambda e, c: when_json(e.start), required=True, schema=_WHEN),
    Field("end", "string", "Ende in derselben Form wie start; bei ganztägigen Terminen der letzte Tag. "
          "Leer, wenn kein Ende angegeben ist.", lambda e, c: when_json(e.end), schema=_WHEN),
    Field("all_day", "boolean", "Ganztägiger Termin (ohne Uhrzeiten).", lambda e, c: e.all_day, required=True),
    Field("venue", "string", "Name des Veranstaltungsorts.", lambda e, c: optional(e.location.venue),
          path=("location", "venue")),
    Field("street", "string", "Straße und Hausnummer.", lambda e, c: optional(e.location.street),
          path=("location", "street")),
    Field("postcode", "string", _POSTCODE, lambda e, c: optional(e.location.postcode),
          path=("location", "postcode"), schema=_POSTCODE_PATTERN),
    Field("city", "string", "Ort; leer bei reinen Online-Terminen.", lambda e, c: optional(e.location.city),
          path=("location", "city")),
    Field("region", "string", "Bundesland als ISO-3166-2-Code (data/vocab/regions.yml); leer bei reinen "
          "Online-Terminen.", lambda e, c: optional(e.location.region), path=("location", "region"), vocab="regions"),
    Field("online", "boolean", "Findet online statt (mit Ort: vor Ort und online).", lambda e, c: e.location.online,
          path=("location", "online"), required=True),
    Field("organisers", "list", "Wer einlädt: Kürzel von Mitgliedern (slug in members.json) und/oder IDs von "
          "Netzwerken (data/vocab/networks.yml). CSV: getrennt durch „; “.",
          lambda e, c: list(e.organisers), required=True, schema=_list()),
    Field("registration", "string", "Adresse der Anmeldung.", lambda e, c: optional(e.registration), schema=_URI),
    Field("sdgs", "list", _SDGS, lambda e, c: _sdgs(e.sdgs), cell=_sdg_cell, schema=_list(SDG_SEPARATOR, "integer")),
    Field("sdg_evidence", "string", _EVIDENCE, lambda e, c: _sdgs(e.sdgs), cell=_evidence_cell,
          path=("sdgs", "evidence"), in_json=False),
    Field("description", "string", "Programm und weitere Hinweise (Markdown).", lambda e, c: optional(e.description)),
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


def record_values(record: Member | Case | Event, ctx: RecordValues) -> dict[str, Any]:
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
        if not f.in_json:
            continue
        node = out
        path = f.path or (f.name,)
        for key in path[:-1]:
            node = node.setdefault(key, {})
        node[path[-1]] = values[f.name]
    return out


def record_json(record: Member | Case | Event, ctx: RecordValues) -> dict:
    """A record as exported to JSON: all declared fields in declared order, absent values null."""
    fields = _fields_of(record)
    return _nest(fields, record_values(record, ctx))


def record_row(record: Member | Case | Event, ctx: RecordValues) -> list[str]:
    """A record as a CSV row, columns in declared order."""
    fields = _fields_of(record)
    values = record_values(record, ctx)
    return [f.cell(values[f.name]) for f in fields]
