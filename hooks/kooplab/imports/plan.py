"""What an import would do, worked out before anything is written: the columns matched, the rows read,
the record files to create or change, and every problem, each at its cell (``FILE:ROW:COLUMN``).

The new and changed files are checked by the same validation as ``kooplab validate``, in a copy of the
project's data, so what is written passes it; a problem found there is traced back to its row and column.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kooplab.imports.columns import TARGETS, Column, Target, find_header, match_columns
from kooplab.imports.rows import Entry, Rows, read_rows
from kooplab.imports.sheets import Sheet
from kooplab.imports.values import CellError
from kooplab.imports.writer import case_text, render_new, render_update, split_case
from kooplab.load.catalog import load_catalog
from kooplab.load.schema import Schemas
from kooplab.load.vocab import Vocabularies, load_vocabularies
from kooplab.problems import ERROR, Problem, Problems
from kooplab.problems_de import worded
from kooplab.record_files import RECORD_FILES
from kooplab.settings import Settings, build_date

KIND_OF = {"members": "member", "cases": "case", "events": "event"}


@dataclass(frozen=True)
class Planned:
    rel: str  # the record file, relative to the project
    row: int
    new: str
    old: str | None = None  # the file's text before (--update)


@dataclass
class Plan:
    kind: str
    sheet: Sheet
    header_row: int = 0
    columns: list[Column] = field(default_factory=list)
    rows: Rows = field(default_factory=Rows)
    files: list[Planned] = field(default_factory=list)
    unchanged: list[Planned] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    missing: list[Target] = field(default_factory=list)  # required fields without a column

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    def error(self, row: int, column: Column | None, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.sheet.file, row, column.index + 1 if column else 1, ERROR,
                                     f"„{column.header}“" if column else "", message, hint,
                                     column.letter if column else "A"))


def vocabularies(root: Path, settings: Settings) -> Vocabularies:
    problems = Problems()
    return load_vocabularies(root, settings.data_dir, Schemas(root / settings.data_dir / "schema"), problems)


def parse_defaults(kind: str, values: dict[str, str], vocab: Vocabularies) -> dict[str, Any]:
    """``--set feld=wert``: a value for every row whose cell is empty, read like a cell."""
    targets = {t.name: t for t in TARGETS[kind]}
    out: dict[str, Any] = {}
    for name, text in values.items():
        if name not in targets:
            raise CellError(f"--set {name}: kein Feld „{name}“", f"möglich: {', '.join(sorted(targets))}")
        try:
            out[name] = targets[name].parse(text, vocab)
        except CellError as exc:
            raise CellError(f"--set {name}={text}: {exc.message}", exc.hint) from None
    return out


def merge(base: dict, top: dict) -> dict:
    out = dict(base)
    for key, value in top.items():
        out[key] = merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def make_plan(root: Path, settings: Settings, kind: str, sheet: Sheet, mapping: dict[str, str | None],
              defaults: dict[str, Any], update: bool) -> Plan:
    plan = Plan(kind, sheet)
    vocab = vocabularies(root, settings)
    header = find_header(sheet, kind, mapping)
    if header is None:
        plan.error(1, None, "keine Kopfzeile gefunden: keine Zeile nennt zwei bekannte Felder",
                   "die erste Zeile der Tabelle braucht Spaltenköpfe wie Name, Ort, PLZ, Bundesland; "
                   "oder ordnen Sie die Spalten mit --map zu")
        return plan
    plan.header_row = header.number
    plan.columns = match_columns(header, kind, mapping)
    have = {c.target.name for c in plan.columns if c.target is not None} | set(defaults)
    plan.missing = [t for t in TARGETS[kind] if t.required and t.name not in have]
    key = {"slug", "name" if kind == "members" else "title"}
    if not update or not key & have:  # (--update: rows of existing records need no more than their name)
        for target in plan.missing:
            plan.error(header.number, None, *_no_column(target.label, target.name))
        if plan.missing:
            return plan
    plan.rows = read_rows(sheet, header, plan.columns, kind, vocab, defaults, build_date())
    plan.problems += plan.rows.problems
    _place_files(root, settings, plan, update)
    if not plan.errors and plan.files:
        _validate(root, settings, plan)
    return plan


def _no_column(label: str, name: str) -> tuple[str, str]:
    return (f"keine Spalte für das Pflichtfeld {label} ({name})",
            f"ergänzen Sie eine Spalte „{label}“, ordnen Sie eine mit --map zu oder geben Sie allen Zeilen einen "
            f"Wert mit --set {name}=…")


def _complete(plan: Plan, entry: Entry) -> bool:
    """A new record needs every required field: report the empty cells and the missing columns."""
    for column in entry.empty:
        plan.error(entry.row, column, f"Pflichtfeld {column.target.label} ist leer", "füllen Sie die Zelle aus")
    for target in plan.missing:
        message, hint = _no_column(target.label, target.name)
        plan.error(entry.row, None, f"neuer Eintrag {entry.slug}: {message}", hint)
    return not entry.empty and not plan.missing


def _place_files(root: Path, settings: Settings, plan: Plan, update: bool) -> None:
    spec = RECORD_FILES[KIND_OF[plan.kind]]
    folder = root / settings.data_dir / spec.folder
    template = (root / settings.data_dir / "templates" / spec.template).read_text(encoding="utf-8")
    order = list(dict.fromkeys(t.where[0] for t in TARGETS[plan.kind] if t.where[0] != "slug"))
    seen: dict[str, Entry] = {}
    for entry in plan.rows.entries:
        column = entry.slug_column or entry.columns.get("name") or entry.columns.get("title")
        if entry.slug in seen:
            plan.error(entry.row, column, f"derselbe Dateiname „{entry.slug}“ wie in Zeile {seen[entry.slug].row}",
                       "zwei Zeilen für denselben Eintrag? Sonst unterscheiden Sie die Namen oder geben eine Spalte "
                       "„Kürzel“ an")
            continue
        seen[entry.slug] = entry
        rel = f"{settings.data_dir}/{spec.folder}/{entry.slug}{spec.suffix}"
        path = folder / f"{entry.slug}{spec.suffix}"
        if path.exists():
            if not update:
                plan.error(entry.row, column, f"{rel} gibt es schon",
                           "nichts wird überschrieben: mit --update ändern Sie vorhandene Einträge")
                continue
            old = path.read_text(encoding="utf-8")
            new = _updated(old, entry, plan.kind)
            (plan.unchanged if new == old else plan.files).append(Planned(rel, entry.row, new, old))
            continue
        if not _complete(plan, entry):
            continue
        data = merge(entry.defaults, entry.data)
        if plan.kind == "cases":
            front_template, _ = split_case(template)
            new = case_text(render_new(front_template, data, order), data.get("body", ""))
        else:
            new = render_new(template, data, order)
        plan.files.append(Planned(rel, entry.row, new))


def _updated(old: str, entry: Entry, kind: str) -> str:
    data = dict(entry.data)
    if kind != "cases":
        return render_update(old, data)
    front, body = split_case(old)
    new_body = data.pop("body", None)
    if new_body:
        return case_text(render_update(front, data), new_body)
    return f"---\n{render_update(front, data)}---\n{body}"


def _validate(root: Path, settings: Settings, plan: Plan) -> None:
    """Check the project as it would be after the import, in a copy of its data."""
    by_file = {f.rel: f for f in plan.files}
    entries = {e.row: e for e in plan.rows.entries}
    with tempfile.TemporaryDirectory(prefix="kooplab-import-") as tmp:
        copy = Path(tmp)
        shutil.copytree(root / settings.data_dir, copy / settings.data_dir, symlinks=True)
        if (root / settings.docs_dir).is_dir():
            (copy / settings.docs_dir).symlink_to((root / settings.docs_dir).resolve(), target_is_directory=True)
        for planned in plan.files:
            (copy / planned.rel).parent.mkdir(parents=True, exist_ok=True)
            (copy / planned.rel).write_text(planned.new, encoding="utf-8")
        _, problems = load_catalog(copy, settings)
    for p in problems.sorted():
        planned = by_file.get(p.file)
        if planned is None:
            if p.severity == ERROR:  # the project's own files: reported as kooplab validate would
                plan.problems.append(p)
            continue
        entry = entries[planned.row]
        top = p.field.split(".")[0].split("[")[0] if p.field else ""
        column = entry.columns.get(_target_of(p.field, plan.kind)) or entry.columns.get(top)
        where = f" (in {p.file}, Zeile {p.line})" if column is None else ""
        plan.problems.append(Problem(plan.sheet.file, planned.row, column.index + 1 if column else 1, p.severity,
                                     f"„{column.header}“" if column else p.field, worded(p.message, "de") + where,
                                     p.hint_in("de"),
                                     column.letter if column else "A"))


def _target_of(dotted: str, kind: str) -> str:
    """'location.postcode' -> 'postcode'; 'sdgs.0.evidence' -> 'sdg_evidence'."""
    if ".evidence" in dotted:
        return "sdg_evidence"
    parts = [p for p in dotted.replace("[", ".").replace("]", "").split(".") if p and not p.isdigit()]
    for target in TARGETS[kind]:
        if target.path and tuple(parts[:len(target.path)]) == target.path:
            return target.name
    return parts[0] if parts else ""
