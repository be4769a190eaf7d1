"""Cell text -> record values: normalised where the meaning is unambiguous, a :class:`CellError` where not.

Every parser takes the cell's text (never empty: empty cells are absent values) and the project's
vocabularies. The forms our own CSV export writes (``kooplab.exports.fields``) are read back exactly.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any, Callable

from kooplab.exports.fields import PART_SEPARATOR
from kooplab.load.vocab import Vocabularies, Vocabulary

Parser = Callable[[str, Vocabularies], Any]


class CellError(Exception):
    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


def fold(text: str) -> str:
    """'Baden-Württemberg' -> 'badenwuerttemberg': case, umlauts, accents, spaces and punctuation folded."""
    text = text.lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(a, b)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]", "", text)


def text(cell: str, vocab: Vocabularies) -> str:
    """Plain text; the apostrophe our CSV export puts before a cell that would run as a formula is removed."""
    if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return cell[1:]
    return cell


def one_line(cell: str, vocab: Vocabularies) -> str:
    return " ".join(text(cell, vocab).split())


def split(cell: str, separators: str = ";,|\n") -> list[str]:
    return [part.strip() for part in re.split(f"[{re.escape(separators)}]", cell) if part.strip()]


def _lookup(value: str, vocab: Vocabulary, what: str, extra: dict[str, str] | None = None) -> str:
    """An id of ``vocab`` from its id, its German or English label, or a part of a label split at '/'."""
    key = fold(value)
    matches: dict[str, None] = {}
    for entry in vocab:
        names = [str(entry.id), entry.label, getattr(entry, "label_en", ""), getattr(entry, "slug", "")]
        names += entry.label.split("/")
        if key in {fold(n) for n in names if n}:
            matches[str(entry.id)] = None
    if not matches and extra and key in extra and extra[key] in vocab:
        matches[extra[key]] = None
    if len(matches) == 1:
        return next(iter(matches))
    if matches:
        raise CellError(f"„{value}“ passt zu mehreren Einträgen: {', '.join(matches)}",
                        f"schreiben Sie die ID, siehe data/vocab/{vocab.name}")
    shown = ", ".join(f"{e.id} ({e.label})" if str(e.id) != e.label else str(e.id) for e in list(vocab)[:12])
    raise CellError(f"„{value}“ ist kein Eintrag für {what}",
                    f"erlaubt: {shown}{', …' if len(vocab) > 12 else ''} (data/vocab/{vocab.name})")


# Abbreviations of the states as offices write them, beside the ISO codes (only used when the id exists).
STATE_ABBREVIATIONS = {"nrw": "DE-NW", "nds": "DE-NI", "bay": "DE-BY", "bawue": "DE-BW", "rlp": "DE-RP",
                       "sa": "DE-ST", "lsa": "DE-ST", "mvp": "DE-MV", "meckpomm": "DE-MV", "thue": "DE-TH",
                       "sachs": "DE-SN", "brb": "DE-BB", "hh": "DE-HH", "hb": "DE-HB"}


def region(cell: str, vocab: Vocabularies) -> str:
    value = cell.strip()
    extra = dict(STATE_ABBREVIATIONS)
    for r in vocab.regions:  # 'NI' and 'de ni' for DE-NI
        extra[fold(r.id.split("-")[-1])] = r.id
    return _lookup(value, vocab.regions, "das Bundesland (ISO-Kürzel wie DE-NI, Name oder Abkürzung)", extra)


def term(name: str, what: str) -> Parser:
    def parse(cell: str, vocab: Vocabularies) -> str:
        return _lookup(cell.strip(), getattr(vocab, name), what)
    return parse


def terms(name: str, what: str) -> Parser:
    def parse(cell: str, vocab: Vocabularies) -> list[str]:
        return list(dict.fromkeys(_lookup(v, getattr(vocab, name), what) for v in split(cell)))
    return parse


def ids(cell: str, vocab: Vocabularies) -> list[str]:
    """Slugs or keys (aliases, references): as written, split on , ; | or line breaks."""
    return split(cell)


def goals(cell: str, vocab: Vocabularies) -> list[int]:
    """'12, 13', '12|13', 'SDG 12; Ziel 13' -> [12, 13]."""
    out: list[int] = []
    for part in split(cell, ";,|\n/"):
        number = re.fullmatch(r"(?:sdg|ziel|goal)?\s*(\d{1,2})(?:\.0)?", part.strip(), re.IGNORECASE)
        if not number or int(number.group(1)) not in vocab.sdgs:
            raise CellError(f"„{part}“ ist keine Nummer eines SDG", "die Ziele sind von 1 bis 17 nummeriert, "
                            "mehrere durch Komma oder Semikolon getrennt, z. B. 12, 13")
        if int(number.group(1)) not in out:
            out.append(int(number.group(1)))
    return out


def evidence(cell: str, vocab: Vocabularies) -> dict[int, str]:
    """'12: Satz' per line -> {12: 'Satz'} (the column sdg_evidence of our CSV)."""
    out: dict[int, str] = {}
    for line in cell.splitlines():
        if not line.strip():
            continue
        found = re.fullmatch(r"\s*(?:SDG\s*)?(\d{1,2})\s*:\s*(.+)", line, re.IGNORECASE)
        if not found:
            raise CellError(f"Zeile „{line[:60]}“ hat nicht die Form „Nummer: Begründung“",
                            "je Ziel eine Zeile, z. B. „12: Organisiert einen Reparaturtreff.“")
        out[int(found.group(1))] = found.group(2).strip()
    return out


def url(cell: str, vocab: Vocabularies) -> str:
    value = cell.strip()
    if re.match(r"(?i)https?://", value):
        address = value
    elif re.fullmatch(r"(?i)(www\.)?[a-z0-9äöü-]+(\.[a-z0-9äöü-]+)+(/\S*)?", value):
        address = f"https://{value}"
    else:
        raise CellError(f"„{value[:60]}“ ist keine Web-Adresse", "z. B. https://www.example.org oder www.example.org")
    if any(c.isspace() for c in address):
        raise CellError(f"„{value[:60]}“ enthält Leerzeichen", "eine Web-Adresse ohne Leerzeichen")
    return address


def postcode(cell: str, vocab: Vocabularies) -> str:
    """A postcode as its country writes it (6811 AA); German ones are made whole by :func:`german_postcode`,
    once the row's region is known."""
    value = re.sub(r"^(?:D|DE)\s*-\s*(?=\d{4,5}$)", "", cell.strip(), flags=re.IGNORECASE)
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 -]{1,9}", value):
        raise CellError(f"„{cell}“ ist keine Postleitzahl", "in Deutschland fünf Ziffern, z. B. 01067")
    return value


def german_postcode(value: str, vocab: Vocabularies | None = None) -> str:
    if re.fullmatch(r"\d{4}", value):
        return "0" + value  # the leading zero a number format dropped (01067 Dresden)
    if not re.fullmatch(r"\d{5}", value):
        raise CellError(f"„{value}“ ist keine deutsche Postleitzahl", "fünf Ziffern, z. B. 01067")
    return value


def number(cell: str, vocab: Vocabularies) -> float:
    value = cell.strip()
    if re.fullmatch(r"-?\d+,\d+", value):
        value = value.replace(",", ".")
    try:
        return float(value)
    except ValueError:
        raise CellError(f"„{cell}“ ist keine Zahl", "Dezimalzahl mit Punkt oder Komma, z. B. 52,52") from None


def year(cell: str, vocab: Vocabularies) -> int:
    found = re.fullmatch(r"(?:\d{1,2}\.\d{1,2}\.)?(\d{4})(?:-\d\d-\d\d)?", cell.strip())
    if not found:
        raise CellError(f"„{cell}“ ist keine Jahreszahl", "vier Ziffern, z. B. 2017")
    return int(found.group(1))


def _german_or_iso_date(value: str) -> dt.date:
    german = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})", value)
    try:
        if german:
            day, month, yr = german.groups()
            if len(yr) == 2:
                raise CellError(f"„{value}“: das Jahr hat nur zwei Ziffern", "schreiben Sie das Jahr vierstellig")
            return dt.date(int(yr), int(month), int(day))
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CellError(f"„{value}“ ist kein Datum", "z. B. 1.3.2024 oder 2024-03-01") from None


def date(cell: str, vocab: Vocabularies) -> dt.date:
    return _german_or_iso_date(cell.strip().split(" ")[0].split("T")[0] if re.match(r"\d{4}-", cell.strip())
                               else cell.strip())


def when(cell: str, vocab: Vocabularies) -> str:
    """A date or a local date and time, as the data files write it: '2027-01-20' or '2027-01-20 17:00'.
    Our CSV's RFC 3339 form ('2027-01-20T17:00:00+01:00') keeps its local time."""
    value = cell.strip()
    found = re.fullmatch(r"(.+?)(?:[ T]+(\d{1,2})[:.](\d{2})(?::\d{2})?(?:[+-]\d{2}:\d{2}|Z)?(?:\s*Uhr)?)?", value)
    day = _german_or_iso_date(found.group(1).strip() if found else value)
    if found and found.group(2):
        hour, minute = int(found.group(2)), int(found.group(3))
        if hour > 23 or minute > 59:
            raise CellError(f"„{value}“: keine gültige Uhrzeit", "z. B. 17:00")
        return f"{day.isoformat()} {hour:02d}:{minute:02d}"
    return day.isoformat()


MONTHS = {fold(m): i for i, m in enumerate(("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
                                             "September", "Oktober", "November", "Dezember"), start=1)}


def period(cell: str, vocab: Vocabularies) -> int | str:
    """'2024', '2024-03', '03/2024', '3.2024', 'März 2024', '1.3.2024' -> 2024 or '2024-03'."""
    value = cell.strip()
    if re.fullmatch(r"\d{4}", value):
        return int(value)
    m = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-\d{1,2})?", value)
    found = (m.group(1), m.group(2)) if m else None
    if not found:
        m = re.fullmatch(r"(?:\d{1,2}\.)?(\d{1,2})[./](\d{4})", value)
        found = (m.group(2), m.group(1)) if m else None
    if not found:
        m = re.fullmatch(r"([^\W\d]+)\.?\s+(\d{4})", value)
        if m and fold(m.group(1)) in MONTHS:
            found = (m.group(2), str(MONTHS[fold(m.group(1))]))
    if not found or not 1 <= int(found[1]) <= 12:
        raise CellError(f"„{value}“ ist kein Jahr oder Monat", "z. B. 2024, 03/2024 oder März 2024")
    return f"{found[0]}-{int(found[1]):02d}"


TRUE = {"ja", "j", "x", "true", "wahr", "1", "yes", "y"}
FALSE = {"nein", "n", "false", "falsch", "0", "no", "-"}


def boolean(cell: str, vocab: Vocabularies) -> bool:
    value = cell.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise CellError(f"„{cell}“ ist weder ja noch nein", "ja/nein, x für ja, true/false")


def status(cell: str, vocab: Vocabularies) -> str:
    value = fold(cell)
    for known in ("laufend", "abgeschlossen", "geplant"):
        if value == known:
            return known
    raise CellError(f"„{cell}“ ist kein Stand einer Kooperation", "laufend, abgeschlossen oder geplant")


def contacts(cell: str, vocab: Vocabularies) -> list[dict]:
    """Our CSV's form: 'Rolle: Name, E-Mail, Telefon, Einwilligung JJJJ-MM-TT' (parts present), '; ' between."""
    out = []
    for item in split(cell, ";\n"):
        role, _, details = item.partition(":")
        contact: dict[str, Any] = {"role": role.strip()}
        for part in split(details, ","):
            if "@" in part:
                contact["email"] = part
            elif part.lower().startswith("einwilligung"):
                contact["consent"] = date(part.split(None, 1)[-1], vocab)
            elif re.fullmatch(r"[+0-9 ()/-]{5,}", part):
                contact["phone"] = part
            else:
                contact["name"] = part
        out.append(contact)
    return out


def partners(cell: str, vocab: Vocabularies) -> list[str | dict]:
    """Members by their slug, others by name; 'Name (https://…)' with a website. Separated by ';' or lines."""
    out: list[str | dict] = []
    for item in split(cell, ";\n"):
        found = re.fullmatch(r"(.+?)\s*\((https?://\S+|www\.\S+)\)", item)
        if found:
            out.append({"name": found.group(1), "website": url(found.group(2), vocab)})
        elif re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", item):
            out.append(item)  # a member's slug (kooplab validate says if there is none)
        else:
            out.append({"name": item})
    return out


def outcomes(cell: str, vocab: Vocabularies) -> list[dict]:
    """'Bezeichnung: 25 Personen' per entry, ';' or lines between; numbers with a decimal point or comma."""
    out = []
    for item in split(cell, ";\n"):
        found = re.fullmatch(r"(.+):\s*(-?\d+(?:[.,]\d+)?)(?:\s+(.+))?", item)
        if not found:
            raise CellError(f"„{item[:60]}“ hat nicht die Form „Bezeichnung: Zahl Einheit“",
                            "z. B. „Teilnehmende: 25 Personen“; Zahlen ohne Tausenderpunkt")
        raw = found.group(2).replace(",", ".")
        value: int | float = float(raw) if "." in raw else int(raw)
        entry: dict[str, Any] = {"label": found.group(1).strip(), "value": value}
        if found.group(3):
            entry["unit"] = found.group(3).strip()
        out.append(entry)
    return out


def exchange(cell: str, vocab: Vocabularies) -> list[dict]:
    """Offers or needs, a line each: 'Kategorie: Titel | bis 31.1.2027 | SDG 7, 13 | Beschreibung'."""
    out = []
    for line in cell.splitlines():
        if not line.strip():
            continue
        head, *parts = line.split(PART_SEPARATOR.strip())
        category, sep, title = head.partition(":")
        if not sep or not title.strip():
            raise CellError(f"„{line[:60]}“ hat nicht die Form „Kategorie: Titel“",
                            "je Eintrag eine Zeile, z. B. „know-how: Energieberatung | bis 31.12.2027“")
        entry: dict[str, Any] = {"category": _lookup(category.strip(), vocab.exchange, "die Kategorie"),
                                 "title": title.strip()}
        rest: list[str] = []
        for part in (p.strip() for p in parts):
            if not rest and re.fullmatch(r"bis\s+\S+", part):
                entry["until"] = date(part.split(None, 1)[1], vocab)
            elif not rest and re.fullmatch(r"(?i)sdgs?\s+[\d ,]+", part):
                entry["sdgs"] = goals(part.split(None, 1)[1], vocab)
            else:
                rest.append(part)
        if rest:
            entry["description"] = " | ".join(rest)
        out.append({k: entry[k] for k in ("category", "title", "description", "sdgs", "until") if k in entry})
    return out
