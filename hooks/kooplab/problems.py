"""Validation problems: what went wrong, where, and how to fix it.

Every stage reports into a :class:`Problems` collection instead of raising, so an
editor sees all mistakes of all files at once, sorted by file and line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from kooplab.problems_de import HINT, LANGUAGES, SEVERITY, worded

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    col: int
    severity: str
    field: str
    message: str
    hint: str = ""
    column: str = ""  # a spreadsheet's column letter ('C'), shown instead of col (kooplab import)
    hint_de: str = ""  # a German hint from the project's own data (data/schema/labels.de.yml), if any

    def hint_in(self, lang: str) -> str:
        return self.hint_de if lang == "de" and self.hint_de else worded(self.hint, lang)

    def text(self, lang: str = "en") -> str:
        """``file:line:col: severity: field: message`` and the hint below, in English or German (``lang``)."""
        where = f"{self.file}:{self.line}:{self.column or self.col}"
        subject = f"{self.field}: " if self.field else ""
        out = f"{where}: {SEVERITY[lang][self.severity]}: {subject}{worded(self.message, lang)}"
        if self.hint or self.hint_de:
            out += f"\n    {HINT[lang]}: {self.hint_in(lang)}"
        return out

    def github(self, lang: str = "en") -> str:
        # Workflow command: https://docs.github.com/actions/reference/workflow-commands
        subject = f"{self.field}: " if self.field else ""
        body = f"{subject}{worded(self.message, lang)}"
        if self.hint or self.hint_de:
            body += f" ({HINT[lang]}: {self.hint_in(lang)})"
        # a property value also escapes ':' and ',' (a file name "a,b.yml" would end the property)
        file = _escaped(self.file).replace(":", "%3A").replace(",", "%2C")
        return f"::{self.severity} file={file},line={self.line},col={self.col}::{_escaped(body)}"

    def as_dict(self, lang: str = "en") -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "field": self.field,
            "message": worded(self.message, lang),
            "hint": self.hint_in(lang),
            **({"column": self.column} if self.column else {}),
        }


def _escaped(text: str) -> str:
    """The data of a workflow command, escaped as GitHub reads it back."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


@dataclass
class Problems:
    items: list[Problem] = field(default_factory=list)
    error_count: int = 0  # cheap to read while checking thousands of records

    def add(self, file: str, pos: tuple[int, int], severity: str, field: str,
            message: str, hint: str = "", hint_de: str = "") -> None:
        line, col = pos
        self.items.append(Problem(file, line, col, severity, field, message, hint, hint_de=hint_de))
        if severity == ERROR:
            self.error_count += 1

    def error(self, file: str, pos: tuple[int, int], field: str, message: str, hint: str = "",
              hint_de: str = "") -> None:
        self.add(file, pos, ERROR, field, message, hint, hint_de)

    def warning(self, file: str, pos: tuple[int, int], field: str, message: str, hint: str = "") -> None:
        self.add(file, pos, WARNING, field, message, hint)

    def extend(self, other: Iterable[Problem]) -> None:
        for p in other:
            self.add(p.file, (p.line, p.col), p.severity, p.field, p.message, p.hint, p.hint_de)

    def sorted(self) -> list[Problem]:
        # de-duplicate: two checks may find the same thing
        return sorted(set(self.items), key=lambda p: (p.file, p.line, p.col, p.severity, p.field, p.message))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity == WARNING]

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.sorted())

    def __len__(self) -> int:
        return len(set(self.items))

    def __bool__(self) -> bool:
        return bool(self.items)


def summary(problems: Problems, lang: str = "en") -> str:
    n_err, n_warn = len(problems.errors), len(problems.warnings)
    if lang == "de":
        return f"{n_err} Fehler, {n_warn} Warnung{'en' if n_warn != 1 else ''}"
    return f"{n_err} error{'s' if n_err != 1 else ''}, {n_warn} warning{'s' if n_warn != 1 else ''}"


def render(problems: Problems, fmt: str, lang: str = "en") -> str:
    """Format all problems as text, JSON or GitHub workflow annotations, in ``lang`` (see LANGUAGES).

    JSON and GitHub annotations keep their machine-readable parts (keys, severities) in English."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language '{lang}': {', '.join(LANGUAGES)}")
    items = problems.sorted()
    if fmt == "json":
        return json.dumps({"problems": [p.as_dict(lang) for p in items],
                           "errors": len(problems.errors),
                           "warnings": len(problems.warnings),
                           "lang": lang}, ensure_ascii=False, indent=2)
    if fmt == "github":
        return "\n".join(p.github(lang) for p in items)
    lines = [p.text(lang) for p in items]
    lines.append(summary(problems, lang))
    return "\n".join(lines)
