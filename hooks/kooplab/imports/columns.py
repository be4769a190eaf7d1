"""Which column holds which field: the fields a spreadsheet row can fill, per kind of record, and the
headers that name them (the field names of our CSV export, the site's German labels, common variants).

A mapping file (``--map``) overrides the headers: ``Spaltenkopf: feldname``, or ``null`` to ignore a column.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from kooplab.imports import values as v
from kooplab.imports.sheets import Row, Sheet, column_letter
from kooplab.imports.values import Parser, fold


@dataclass(frozen=True)
class Target:
    name: str  # the column of our CSV export; the value in a mapping file
    label: str  # German, for messages and --show-mapping
    parse: Parser
    path: tuple[str, ...] = ()  # where the value goes in the record; default (name,); () for combined fields
    headers: tuple[str, ...] = ()  # further headers that mean this field
    required: bool = False  # the record cannot do without it (some have a default: see rows.DEFAULTS)

    @property
    def where(self) -> tuple[str, ...]:
        return self.path or (self.name,)


def _t(name: str, label: str, parse: Parser, *headers: str, path: tuple[str, ...] = (), required: bool = False):
    return Target(name, label, parse, path, (label,) + headers, required)


SLUG = _t("slug", "Kürzel", v.ids, "Dateiname", "ID")
_SDGS = (_t("sdgs", "SDGs", v.goals, "SDG", "Nachhaltigkeitsziele", "Ziele", "SDG-Nummern"),
         _t("sdg_evidence", "SDG-Begründungen", v.evidence, "Begründung SDGs", "SDG Begründung", "Begründungen"))
_REVIEWED = _t("reviewed", "Geprüft am", v.date, "Geprüft", "Letzte Prüfung", "Prüfdatum")
_PLACE = (_t("street", "Straße", v.one_line, "Strasse", "Straße und Hausnummer", "Adresse", "Anschrift",
             path=("location", "street")),
          _t("postcode", "PLZ", v.postcode, "Postleitzahl", path=("location", "postcode")),
          _t("city", "Ort", v.one_line, "Stadt", "Gemeinde", "Sitz", "Standort", path=("location", "city")),
          _t("region", "Bundesland", v.region, "Land", "Region", path=("location", "region")))

MEMBER = (
    SLUG,
    _t("name", "Name", v.one_line, "Organisation", "Name der Organisation", "Organisationsname", "Firma",
       "Firmenname", "Unternehmen", "Betrieb", "Einrichtung", "Mitglied", required=True),
    _t("kind", "Art der Organisation", v.term("kinds", "die Art der Organisation"), "Art", "Organisationsart",
       "Organisationstyp", "Typ", required=True),
    _t("summary", "Kurzbeschreibung", v.one_line, "Kurztext", "Zusammenfassung", "Kurzprofil", required=True),
    _t("description", "Beschreibung", v.text, "Ausführliche Beschreibung", "Langtext", "Profil"),
    _t("website", "Website", v.url, "Webseite", "Homepage", "Internet", "Internetseite", "Internetadresse", "URL",
       "Web"),
    _t("sector", "Branche", v.term("sectors", "die Branche"), "Tätigkeitsfeld", "Sektor", "Wirtschaftszweig"),
    *_PLACE[:2],
    _t("city", "Ort", v.one_line, "Stadt", "Gemeinde", "Sitz", "Standort", path=("location", "city"), required=True),
    _t("region", "Bundesland", v.region, "Land", "Region", path=("location", "region"), required=True),
    _t("lat", "Breite", v.number, "Breitengrad", "Latitude", path=("location", "lat")),
    _t("lon", "Länge", v.number, "Längengrad", "Longitude", "lng", path=("location", "lon")),
    _t("networks", "Netzwerke", v.terms("networks", "ein Netzwerk"), "Netzwerk"),
    _t("member_since", "Mitglied seit", v.year, "Beitritt", "Beitrittsjahr", "Seit"),
    *_SDGS,
    _t("contacts", "Ansprechstellen", v.contacts, "Kontakte"),
    _t("contact_role", "Funktion", v.one_line, "Rolle", "Funktion der Ansprechstelle", path=()),
    _t("contact_name", "Ansprechperson", v.one_line, "Ansprechpartner", "Ansprechpartnerin",
       "Ansprechpartner/in", "Kontaktperson", path=()),
    _t("contact_email", "E-Mail", v.one_line, "Email", "Mail", "E-Mail-Adresse", path=()),
    _t("contact_phone", "Telefon", v.one_line, "Tel", "Telefonnummer", "Fon", path=()),
    _t("contact_consent", "Einwilligung", v.date, "Einwilligung Veröffentlichung", "Einwilligung am", path=()),
    _t("logo", "Logo", v.one_line),
    _t("aliases", "Frühere Kürzel", v.ids),
    _t("offers", "Angebote", v.exchange, "Angebot"),
    _t("needs", "Gesuche", v.exchange, "Gesuch", "Bedarf"),
    _REVIEWED,
)

CASE = (
    SLUG,
    _t("title", "Titel", v.one_line, "Name", "Projekt", "Kooperation", "Fallbeispiel", required=True),
    _t("summary", "Kurzbeschreibung", v.one_line, "Kurztext", "Zusammenfassung", required=True),
    _t("partners", "Partner", v.partners, "Beteiligte", "Kooperationspartner", "Partnerinnen und Partner",
       required=True),
    _t("formats", "Formate", v.terms("formats", "ein Format"), "Format", required=True),
    *_SDGS,
    _t("region", "Bundesland", v.region, "Land", "Region", required=True),
    _t("city", "Ort", v.one_line, "Stadt"),
    _t("started", "Beginn", v.period, "Start", "Seit", "Zeitraum von", required=True),
    _t("ended", "Ende", v.period, "Bis", "Zeitraum bis"),
    _t("status", "Status", v.status, "Stand", required=True),
    _t("outcomes", "Ergebnisse", v.outcomes, "Ergebnisse in Zahlen"),
    _t("references", "Quellen", v.ids, "Literatur"),
    _t("featured", "Hervorgehoben", v.boolean, "Startseite"),
    _t("modelled_on", "Nach dem Vorbild von", v.ids, "Vorbild", "Vorbilder"),
    _t("image", "Bild", v.one_line, "Foto", "Bilddatei", path=("image", "src")),
    _t("image_alt", "Bildbeschreibung", v.one_line, "Alternativtext", "Alt-Text", path=("image", "alt")),
    _t("image_credit", "Bildnachweis", v.one_line, "Fotonachweis", "Foto von", "Copyright", path=("image", "credit")),
    _t("aliases", "Frühere Kürzel", v.ids),
    _t("published", "Veröffentlicht am", v.date, "Veröffentlicht", "Veröffentlichung"),
    _REVIEWED,
    _t("body", "Text", v.text, "Beschreibung", "Bericht", "Inhalt"),
)

EVENT = (
    SLUG,
    _t("title", "Titel", v.one_line, "Name", "Veranstaltung", "Termin", required=True),
    _t("kind", "Art des Termins", v.term("event_kinds", "die Art des Termins"), "Art", "Format", "Typ",
       required=True),
    _t("summary", "Kurzbeschreibung", v.one_line, "Kurztext", "Zusammenfassung", required=True),
    _t("start", "Beginn", v.when, "Start", "Datum", "Von", "Wann", required=True),
    _t("end", "Ende", v.when, "Bis"),
    _t("all_day", "Ganztägig", v.boolean, "Ganztags"),
    _t("venue", "Veranstaltungsort", v.one_line, "Ort der Veranstaltung", "Raum", "Haus", path=("location", "venue")),
    *_PLACE,
    _t("online", "Online", v.boolean, "Online-Termin", "Digital", path=("location", "online")),
    _t("organisers", "Veranstaltet von", v.ids, "Veranstalter", "Organisatoren", "Einladende", "Organisiert von",
       required=True),
    _t("registration", "Anmeldung", v.url, "Anmeldelink", "Anmeldeadresse"),
    *_SDGS,
    _t("description", "Beschreibung", v.text, "Programm"),
    _REVIEWED,
)

TARGETS = {"members": MEMBER, "cases": CASE, "events": EVENT}
# Columns of our own CSV export that the site derives: known, and left out without a word of warning.
DERIVED = {"url", "source", "calendar"}


@dataclass(frozen=True)
class Column:
    index: int
    header: str
    target: Target | None  # None: ignored
    reason: str = ""  # why it is ignored

    @property
    def letter(self) -> str:
        return column_letter(self.index)


class MappingError(Exception):
    pass


def read_mapping(path: Path, kind: str) -> dict[str, str | None]:
    """A mapping file: ``Spaltenkopf: feldname`` (or ``null`` to ignore the column)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise MappingError(f"{path}: nicht lesbar ({exc})") from None
    if not isinstance(data, dict):
        raise MappingError(f"{path}: erwartet werden Zeilen der Form „Spaltenkopf: feldname“")
    names = {t.name for t in TARGETS[kind]}
    out: dict[str, str | None] = {}
    for header, name in data.items():
        if name is not None and name not in names:
            raise MappingError(f"{path}: „{header}: {name}“: kein Feld „{name}“; möglich: "
                               f"{', '.join(sorted(names))} oder null")
        out[fold(str(header))] = name
    return out


def _known(kind: str) -> dict[str, Target]:
    known: dict[str, Target] = {}
    for target in TARGETS[kind]:
        for header in (target.name, *target.headers):
            known.setdefault(fold(header), target)
    return known


def match_columns(header: Row, kind: str, mapping: dict[str, str | None]) -> list[Column]:
    known = _known(kind)
    by_name = {t.name: t for t in TARGETS[kind]}
    columns: list[Column] = []
    taken: dict[str, Column] = {}
    for index, text in enumerate(header.cells):
        key = fold(text)
        if not key:
            continue
        if key in mapping:
            name = mapping[key]
            target = by_name[name] if name else None
            reason = "" if target else "in der Zuordnungsdatei ausgelassen"
        elif key in DERIVED:
            target, reason = None, "wird von der Website abgeleitet"
        else:
            target = known.get(key)
            reason = "" if target else "kein bekanntes Feld"
        if target is not None and target.name in taken:
            first = taken[target.name]
            columns.append(Column(index, text, None, f"doppelt: {target.name} steht schon in Spalte {first.letter}"))
            continue
        column = Column(index, text, target, reason)
        if target is not None:
            taken[target.name] = column
        columns.append(column)
    return columns


def find_header(sheet: Sheet, kind: str, mapping: dict[str, str | None]) -> Row | None:
    """The first row (of the first 30) in which at least two cells name fields: a title row or a merged
    heading above it is passed over."""
    known = _known(kind)
    for row in sheet.rows[:30]:
        hits = sum(1 for c in row.cells if fold(c) and (fold(c) in known or mapping.get(fold(c))))
        if hits >= 2:
            return row
    return None
