"""``kooplab import members|cases|events FILE``: a spreadsheet's rows as record files, all or nothing.

What is printed is for a network office: German, every problem as ``FILE:ROW:COLUMN`` with the header,
the value and a hint; nothing is written while there is any error.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from kooplab.imports.columns import TARGETS, MappingError, read_mapping
from kooplab.imports.plan import Plan, make_plan, parse_defaults, vocabularies
from kooplab.imports.sheets import SheetError, read_sheet
from kooplab.imports.values import CellError
from kooplab.settings import Settings


def mapping_lines(plan: Plan) -> list[str]:
    lines = [f"{plan.sheet.file}: Kopfzeile in Zeile {plan.header_row}"
             + (f" ({plan.sheet.encoding}, getrennt durch „{plan.sheet.delimiter}“)".replace("„\t“", "Tabulator")
                if plan.sheet.encoding else "")]
    for c in plan.columns:
        if c.target is not None:
            lines.append(f"  Spalte {c.letter} „{c.header}“ → {c.target.name} ({c.target.label})")
    for c in plan.columns:
        if c.target is None:
            lines.append(f"  Spalte {c.letter} „{c.header}“ → ignoriert: {c.reason}")
    used = {c.target.name for c in plan.columns if c.target is not None}
    free = [t.name for t in TARGETS[plan.kind] if t.name not in used]
    if free:
        lines.append(f"  ohne Spalte: {', '.join(free)}")
    return lines


def run(args: argparse.Namespace, settings: Settings) -> int:
    root = Path(args.root).resolve()
    name = "kooplab import"
    try:
        sheet = read_sheet(Path(args.file), args.sheet)
        mapping = read_mapping(Path(args.map), args.kind) if args.map else {}
        sets = dict(s.split("=", 1) for s in args.set or [] if "=" in s)
        defaults = parse_defaults(args.kind, sets, vocabularies(root, settings))
    except (SheetError, MappingError) as exc:
        print(f"{name}: {exc}", file=sys.stderr)
        return 2
    except CellError as exc:
        print(f"{name}: {exc.message}" + (f"\n    Hinweis: {exc.hint}" if exc.hint else ""), file=sys.stderr)
        return 2
    plan = make_plan(root, settings, args.kind, sheet, mapping, defaults, args.update)
    if args.show_mapping:
        print("\n".join(mapping_lines(plan)))
        for number, why in plan.rows.skipped:
            print(f"  Zeile {number}: übersprungen ({why})")
        return 0
    for problem in plan.problems:
        print(problem.text("de"))
    for number, why in plan.rows.skipped:
        print(f"{sheet.file}:{number}: übersprungen ({why})", file=sys.stderr)
    if plan.errors:
        print(f"{name}: {len(plan.errors)} Fehler; nichts geschrieben", file=sys.stderr)
        return 1
    for planned in plan.files:
        if args.dry_run:
            if planned.old is None:
                print(f"--- neu: {planned.rel} (Zeile {planned.row})\n{planned.new}")
            else:
                print("".join(difflib.unified_diff(planned.old.splitlines(True), planned.new.splitlines(True),
                                                   planned.rel, planned.rel)))
            continue
        path = root / planned.rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(planned.new, encoding="utf-8")
        print(planned.rel)
    new = sum(1 for f in plan.files if f.old is None)
    changed = len(plan.files) - new
    verb = "würden geschrieben" if args.dry_run else "geschrieben"
    print(f"{name}: {new} neu, {changed} geändert, {len(plan.unchanged)} unverändert ({verb})", file=sys.stderr)
    return 0


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    i = sub.add_parser("import", help="records from a spreadsheet (.xlsx, .ods, .csv): one file per row")
    i.add_argument("kind", choices=sorted(TARGETS), help="members, cases or events")
    i.add_argument("file", help="the spreadsheet")
    i.add_argument("--map", help="a YAML file 'Spaltenkopf: feldname' (null to ignore a column)")
    i.add_argument("--set", action="append", metavar="FELD=WERT",
                   help="a value for rows whose cell is empty, e.g. --set kind=unternehmen (repeatable)")
    i.add_argument("--sheet", help="the sheet of a workbook to read (default: the first)")
    i.add_argument("--show-mapping", action="store_true", help="print which column fills which field, write nothing")
    i.add_argument("--dry-run", action="store_true", help="print what would be written, write nothing")
    i.add_argument("--update", action="store_true",
                   help="change existing records with the same file name (fields without a column stay)")
    return i
