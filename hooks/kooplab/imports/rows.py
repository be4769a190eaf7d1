"""Rows -> records: each row of the table below its header becomes the data of one record file, with the
column of every field kept, so that any problem can name the cell it comes from."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from kooplab.imports import values as v
from kooplab.imports.columns import TARGETS, Column, Target
from kooplab.imports.sheets import Row, Sheet
from kooplab.load.checks import slugify
from kooplab.load.vocab import Vocabularies
from kooplab.problems import ERROR, Problem

TITLE = {"members": "name", "cases": "title", "events": "title"}
DATED = {"members": ("reviewed",), "cases": ("published", "reviewed"), "events": ("reviewed",)}  # as kooplab new
TOTAL_ROW = re.compile(r"\s*(summe|gesamt|insgesamt|total|anzahl|ergebnis)\b", re.IGNORECASE)
NUMBERS = re.compile(r"[\d.,\s:]*")


@dataclass
class Entry:
    """One row's record."""

    row: int
    slug: str
    data: dict[str, Any]  # the fields as the data file holds them (a case's text under 'body')
    columns: dict[str, Column]  # top-level field -> the column it came from (for problems)
    slug_column: Column | None = None
    defaults: dict[str, Any] = field(default_factory=dict)  # what a new file gets where the row is silent
    empty: list[Column] = field(default_factory=list)  # required fields whose cell is empty (an error for a new file)
    filled: set[str] = field(default_factory=set)  # the fields the row (or --set) gives a value


@dataclass
class Rows:
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # row number, why

    def problem(self, file: str, row: int, column: Column | None, message: str, hint: str = "",
                severity: str = ERROR) -> None:
        label = f"„{column.header}“" if column is not None else ""
        self.problems.append(Problem(file, row, (column.index + 1) if column else 1, severity, label, message, hint,
                                     column.letter if column else "A"))


def _place(data: dict, path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        data = data.setdefault(key, {})
    data[path[-1]] = value


def _where(kind: str, name: str) -> tuple[str, ...]:
    return next(t.where for t in TARGETS[kind] if t.name == name)


def _event_slug(title: str, start: str) -> str:
    """Events recur under one title: the month of the start makes the name unique ('klubtreffen-2027-01')."""
    month = start[:7]
    return slugify(title) if month[:4] in title else slugify(f"{title} {month}")


def read_rows(sheet: Sheet, header: Row, columns: list[Column], kind: str, vocab: Vocabularies,
              defaults: dict[str, Any], today: dt.date) -> Rows:
    out = Rows()
    used = [c for c in columns if c.target is not None]
    title_field = TITLE[kind]
    for row in sheet.rows:
        if row.number <= header.number or row.empty:
            continue
        cells = {c.target.name: row.get(c.index) for c in used}
        filled = [c for c in row.cells if c]
        if (TOTAL_ROW.match(filled[0]) or NUMBERS.fullmatch(filled[0])) \
                and all(NUMBERS.fullmatch(c) for c in filled[1:]):  # 'Summe', 76 / '', 76
            out.skipped.append((row.number, "Summenzeile"))
            continue
        if not any(cells.values()):
            out.skipped.append((row.number, "nur Zellen ohne zugeordnete Spalte"))
            continue
        if not cells.get(title_field) and not cells.get("slug"):
            title = next((c for c in used if c.target.name == title_field), None)
            out.problem(sheet.file, row.number, title, "die Zeile hat keinen Namen",
                        "jede Zeile braucht einen Namen (oder ein Kürzel); leere Zeilen werden übersprungen")
            continue
        entry = _entry(sheet.file, row, used, kind, vocab, defaults, out)
        if entry is None:
            continue
        entry.defaults = {name: today for name in DATED[kind]}
        for name, value in defaults.items():
            _place(entry.defaults, _where(kind, name), value)
        out.entries.append(entry)
    return out


def _entry(file: str, row: Row, used: list[Column], kind: str, vocab: Vocabularies, defaults: dict[str, Any],
           out: Rows) -> Entry | None:
    data: dict[str, Any] = {}
    parsed: dict[str, Any] = {}
    where: dict[str, Column] = {}
    ok = True
    for column in used:
        target: Target = column.target  # type: ignore[assignment]
        cell = row.get(column.index)
        if not cell:
            continue
        try:
            parsed[target.name] = target.parse(cell, vocab)
        except v.CellError as exc:
            out.problem(file, row.number, column, f"{exc.message}", exc.hint)
            ok = False
            continue
        where[target.name] = column
    if "postcode" in parsed and str(parsed.get("region") or "DE-").startswith("DE-"):  # abroad: as written
        try:
            parsed["postcode"] = v.german_postcode(parsed["postcode"])
        except v.CellError as exc:
            out.problem(file, row.number, where["postcode"], exc.message, exc.hint)
            ok = False
    empty = [c for c in used if c.target.required and c.target.name not in parsed and not row.get(c.index)
             and c.target.name not in defaults]
    for target_name, value in parsed.items():
        target = where[target_name].target
        if target.path == () and target.name.startswith("contact_") or target.name in ("slug", "sdg_evidence"):
            continue
        _place(data, target.where, value)
    columns = dict(where)
    for c in where.values():
        columns.setdefault(c.target.where[0], c)  # 'location' -> the first of its columns
    _contact(parsed, data, columns, where)
    if not _sdgs(file, row, parsed, data, where, out):
        ok = False
    if not ok:
        return None
    title = str(parsed.get(TITLE[kind], ""))
    slug_column = where.get("slug")
    if "slug" in parsed and parsed["slug"]:
        slug = parsed["slug"][0]
    elif kind == "events" and "start" in parsed:
        slug = _event_slug(title, parsed["start"])
    else:
        slug = slugify(title)
    if not slug:
        out.problem(file, row.number, where.get(TITLE[kind]), f"aus „{title}“ lässt sich kein Dateiname bilden",
                    "der Name braucht Buchstaben oder Ziffern")
        return None
    return Entry(row.number, slug, data, columns, slug_column, empty=empty, filled=set(parsed) | set(defaults))


def _contact(parsed: dict, data: dict, columns: dict[str, Column], where: dict[str, Column]) -> None:
    parts = {k[len("contact_"):]: parsed[k] for k in parsed if k.startswith("contact_")}
    if not parts:
        return
    contact: dict[str, Any] = {"role": parts.pop("role", "Kontakt")}
    for key in ("name", "email", "phone", "consent"):
        if key in parts:
            contact[key] = parts[key]
    data.setdefault("contacts", []).append(contact)
    first = next(c for k, c in where.items() if k.startswith("contact_"))
    columns.setdefault("contacts", first)


def _sdgs(file: str, row: Row, parsed: dict, data: dict, where: dict[str, Column], out: Rows) -> bool:
    goals = parsed.get("sdgs")
    evidence: dict[int, str] = parsed.get("sdg_evidence", {})
    if goals is None and not evidence:
        return True
    if goals is None:
        goals = list(evidence)
    missing = [g for g in goals if not evidence.get(g)]
    if missing:
        column = where.get("sdgs") or where.get("sdg_evidence")
        out.problem(file, row.number, column, f"zu SDG {', '.join(map(str, missing))} fehlt die Begründung",
                    "eine Spalte „SDG-Begründungen“ mit je Ziel einer Zeile „Nummer: Satz, was die Organisation "
                    "dafür tut“")
        return False
    extra = [g for g in evidence if g not in goals]
    if extra:
        out.problem(file, row.number, where.get("sdg_evidence"),
                    f"Begründung zu SDG {', '.join(map(str, extra))}, das in der Spalte SDGs fehlt",
                    "nehmen Sie das Ziel in die Spalte SDGs auf oder löschen Sie die Zeile")
        return False
    data["sdgs"] = [{"goal": g, "evidence": evidence[g]} for g in goals]
    return True
