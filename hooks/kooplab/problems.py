"""Validation problems: what went wrong, where, and how to fix it.

Every stage reports into a :class:`Problems` collection instead of raising, so an
editor sees all mistakes of all files at once, sorted by file and line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Iterable, Iterator

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

    def text(self) -> str:
        where = f"{self.file}:{self.line}:{self.column or self.col}"
        subject = f"{self.field}: " if self.field else ""
        out = f"{where}: {self.severity}: {subject}{self.message}"
        if self.hint:
            out += f"\n    hint: {self.hint}"
        return out

    def github(self) -> str:
        # Workflow command: https://docs.github.com/actions/reference/workflow-commands
        subject = f"{self.field}: " if self.field else ""
        body = f"{subject}{self.message}"
        if self.hint:
            body += f" (hint: {self.hint})"
        body = body.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        # a property value also escapes ':' and ',' (a file name "a,b.yml" would end the property)
        file = self.file.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A") \
            .replace(":", "%3A").replace(",", "%2C")
        return f"::{self.severity} file={file},line={self.line},col={self.col}::{body}"

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "field": self.field,
            "message": self.message,
            "hint": self.hint,
            **({"column": self.column} if self.column else {}),
        }


@dataclass
class Problems:
    items: list[Problem] = field(default_factory=list)
    error_count: int = 0  # cheap to read while checking thousands of records

    def add(self, file: str, pos: tuple[int, int], severity: str, field: str,
            message: str, hint: str = "") -> None:
        line, col = pos
        self.items.append(Problem(file, line, col, severity, field, message, hint))
        if severity == ERROR:
            self.error_count += 1

    def error(self, file: str, pos: tuple[int, int], field: str, message: str, hint: str = "") -> None:
        self.add(file, pos, ERROR, field, message, hint)

    def warning(self, file: str, pos: tuple[int, int], field: str, message: str, hint: str = "") -> None:
        self.add(file, pos, WARNING, field, message, hint)

    def extend(self, other: Iterable[Problem]) -> None:
        for p in other:
            self.add(p.file, (p.line, p.col), p.severity, p.field, p.message, p.hint)

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


def summary(problems: Problems) -> str:
    n_err, n_warn = len(problems.errors), len(problems.warnings)
    return f"{n_err} error{'s' if n_err != 1 else ''}, {n_warn} warning{'s' if n_warn != 1 else ''}"


def render(problems: Problems, fmt: str) -> str:
    """Format all problems as text, JSON or GitHub workflow annotations."""
    items = problems.sorted()
    if fmt == "json":
        return json.dumps({"problems": [p.as_dict() for p in items],
                           "errors": len(problems.errors),
                           "warnings": len(problems.warnings)}, ensure_ascii=False, indent=2)
    if fmt == "github":
        return "\n".join(p.github() for p in items)
    lines = [p.text() for p in items]
    lines.append(summary(problems))
    return "\n".join(lines)
