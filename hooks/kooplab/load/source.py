"""Reading record files: bytes -> text -> YAML values with source positions (:mod:`kooplab.load.yaml_reader`),
for YAML files and for Markdown files with YAML front matter."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from kooplab.load.document import Document
from kooplab.load.yaml_reader import parse_yaml
from kooplab.problems import Problems

MAX_FILE_BYTES = 256 * 1024


def read_text(path: Path, rel: str, problems: Problems, max_bytes: int = MAX_FILE_BYTES) -> str | None:
    """Read a UTF-8 text file; a BOM and Windows line endings are accepted."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.error(rel, (1, 1), "", f"cannot read file: {exc.strerror}")
        return None
    if len(raw) > max_bytes:
        problems.error(rel, (1, 1), "", f"file is {len(raw) // 1024} KB; the limit is {max_bytes // 1024} KB",
                       "split long texts or move large material to a linked document")
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        problems.error(rel, (line, col), "", f"not valid UTF-8 (byte 0x{raw[exc.start]:02X})",
                       "save the file with the encoding UTF-8")
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        problems.error(rel, (1, 1), "", "file is empty", "start from the template in data/templates/")
        return None
    return text


def read_yaml(path: Path, rel: str, problems: Problems) -> Document | None:
    text = read_text(path, rel, problems)
    if text is None:
        return None
    return parse_yaml(text, rel, problems)


def front_matter_end(lines: list[str]) -> int | None:
    """The index of the line that closes the front matter ('---' or '...') of a text that opens with a
    '---' line; None when it has none or it is not closed. The one rule for case studies and pages."""
    if not lines or lines[0].strip() != "---":
        return None
    for end, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            return end
    return None


def read_front_matter(path: Path, rel: str, problems: Problems) -> Document | None:
    """Read a Markdown file with YAML front matter between '---' lines."""
    text = read_text(path, rel, problems)
    if text is None:
        return None
    lines = text.split("\n")
    if lines[0].strip() != "---":
        problems.error(rel, (1, 1), "", "a case study must start with a '---' line (front matter)",
                       "copy the first lines from data/templates/fallbeispiel.md")
        return None
    end = front_matter_end(lines)
    if end is None:
        problems.error(rel, (1, 1), "", "front matter is not closed: no second '---' line",
                       "add a line '---' after the last field")
        return None
    doc = parse_yaml("\n".join(lines[1:end]), rel, problems, line_offset=1)
    if doc is None:
        return None
    doc.body = "\n".join(lines[end + 1:]).strip("\n") + "\n"
    doc.body_line = end + 2
    return doc


def iso(value: Any) -> Any:
    """A JSON-compatible copy of loaded YAML (dates become ISO strings)."""
    if isinstance(value, dict):
        return {k: iso(v) for k, v in value.items()}
    if isinstance(value, list):
        return [iso(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value
