"""Reading record files: bytes -> text -> YAML values with source positions.

PyYAML's loaders throw positions away and silently keep the last of two equal
keys. We let libyaml (the C composer, when available) build the node graph and
construct plain Python values from it ourselves, so that every value keeps the
line and column it came from, duplicate keys become problems, and anything an
editor does not need (custom tags, anchors and aliases, merge keys) is refused
before it can do harm.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from .problems import Problems

try:  # the C composer is an order of magnitude faster
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 32

Path_ = tuple  # a path into a document: ("location", "region") or ("sdgs", 0, "goal")

_ALLOWED_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"


@dataclass
class Document:
    """One parsed file: its data plus where each value and key stood."""

    rel: str
    data: Any
    value_pos: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_pos: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    body: str = ""
    body_line: int = 0
    # values already reported while reading (impossible dates, duplicate keys):
    # later stages skip them instead of reporting them twice
    reported: set[Path_] = field(default_factory=set)

    def pos(self, path: Path_ = (), key: bool = False) -> tuple[int, int]:
        """Position of the value at ``path`` (or of its key), else of the nearest parent."""
        path = tuple(path)
        while True:
            table = self.key_pos if key else self.value_pos
            if path in table:
                return table[path]
            if key and path in self.value_pos:
                return self.value_pos[path]
            if not path:
                return (1, 1)
            path = path[:-1]
            key = True  # a missing child is best reported at its parent's key


class _Refused(Exception):
    def __init__(self, mark: yaml.Mark | None, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message
        self.hint = hint


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


def _hint_for(problem: str, line_text: str) -> str:
    if "\t" in line_text or "tab" in problem.lower():
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in problem:
        return "a value containing ': ' must be put in quotes"
    if "expected a single document" in problem:
        return "remove the second '---' line; one file holds one record"
    if "could not find expected ':'" in problem:
        return "every line of a mapping needs 'key: value'; check the indentation and quotes"
    if "found undefined alias" in problem or "found unknown escape" in problem:
        return "put the value in quotes"
    if "while scanning a quoted scalar" in problem or "found unexpected end of stream" in problem:
        return "a quote was opened and not closed"
    return "check indentation and quotes on this line and the one before"


class _Builder:
    """Turns a composed YAML node graph into plain values, recording positions."""

    def __init__(self, doc: Document, line_offset: int, problems: Problems) -> None:
        self.doc = doc
        self.problems = problems
        self.offset = line_offset
        self.seen: set[int] = set()
        self.constructor = SafeConstructor()

    def at(self, mark: yaml.Mark) -> tuple[int, int]:
        return (mark.line + 1 + self.offset, mark.column + 1)

    def build(self, node: yaml.Node, path: Path_ = (), depth: int = 0) -> Any:
        if id(node) in self.seen:
            raise _Refused(None, "anchors and aliases (&name, *name) are not supported",
                           "write the value out where it is needed")
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            raise _Refused(node.start_mark, f"nesting deeper than {MAX_DEPTH} levels")
        self.doc.value_pos[path] = self.at(node.start_mark)
        if isinstance(node, yaml.ScalarNode):
            try:
                return self.scalar(node)
            except _ImpossibleDate:
                self.problems.error(self.doc.rel, self.at(node.start_mark), dotted(path),
                                    f"'{node.value}' is not a real date", "use a date that exists, as YYYY-MM-DD")
                self.doc.reported.add(path)
                return node.value
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ_TAG:
                raise _Refused(node.start_mark, f"YAML tag '{node.tag}' is not allowed", "remove the tag")
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP_TAG:
                raise _Refused(node.start_mark, f"YAML tag '{node.tag}' is not allowed", "remove the tag")
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise _Refused(key_node.start_mark, "a key must be a plain word, not a list or mapping")
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise _Refused(key_node.start_mark, "merge keys ('<<') are not supported",
                                   "write the fields out")
                key = str(self.scalar(key_node))
                if key in out:
                    first = self.doc.key_pos[path + (key,)]
                    self.problems.error(self.doc.rel, self.at(key_node.start_mark), dotted(path + (key,)),
                                        f"duplicate key '{key}' (first at line {first[0]})",
                                        "keep one of the two; YAML would silently drop the first value")
                    self.doc.reported.add(path + (key,))
                    continue
                self.doc.key_pos[path + (key,)] = self.at(key_node.start_mark)
                out[key] = self.build(value_node, path + (key,), depth + 1)
            return out
        raise _Refused(node.start_mark, "unsupported YAML node")  # pragma: no cover

    def scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag not in _ALLOWED_SCALAR_TAGS:
            raise _Refused(node.start_mark, f"YAML tag '{node.tag}' is not allowed",
                           "remove the tag; records hold plain text, numbers, dates and lists")
        try:
            return self.constructor.construct_object(node)
        except (ValueError, OverflowError):
            if node.tag == "tag:yaml.org,2002:timestamp":
                raise _ImpossibleDate(node.start_mark, node.value)
            raise _Refused(node.start_mark, f"cannot read value '{node.value}'")


def dotted(path: Path_) -> str:
    """("sdgs", 0, "goal") -> "sdgs[0].goal", the way messages name a field."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _ImpossibleDate(Exception):
    def __init__(self, mark: yaml.Mark, value: str) -> None:
        self.mark, self.value = mark, value


def parse_yaml(text: str, rel: str, problems: Problems, line_offset: int = 0) -> Document | None:
    """Parse one YAML document. Returns None (and records a problem) when it cannot."""
    doc = Document(rel=rel, data=None)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1 + line_offset, mark.column + 1) if mark else (1, 1)
        message = exc.problem or exc.context or "YAML syntax error"
        text_lines = text.split("\n")
        line_text = text_lines[mark.line] if mark and mark.line < len(text_lines) else ""
        problems.error(rel, (line, col), "", f"YAML syntax error: {message}", _hint_for(str(exc), line_text))
        return None
    except yaml.YAMLError as exc:  # a reader error: control characters and the like
        problems.error(rel, (1, 1), "", f"YAML error: {exc}", "remove control characters from the file")
        return None
    if node is None:
        problems.error(rel, (1 + line_offset, 1), "", "file holds no data", "start from the template")
        return None
    builder = _Builder(doc, line_offset, problems)
    try:
        doc.data = builder.build(node)
    except _Refused as exc:
        pos = builder.at(exc.mark) if exc.mark else _first_alias(text, line_offset)
        problems.error(rel, pos, "", exc.message, exc.hint)
        return None
    except RecursionError:
        problems.error(rel, (1, 1), "", "nesting too deep")
        return None
    return doc


def _first_alias(text: str, line_offset: int) -> tuple[int, int]:
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            return (event.start_mark.line + 1 + line_offset, event.start_mark.column + 1)
    return (1 + line_offset, 1)  # pragma: no cover


def read_yaml(path: Path, rel: str, problems: Problems) -> Document | None:
    text = read_text(path, rel, problems)
    if text is None:
        return None
    return parse_yaml(text, rel, problems)


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
    for end, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            break
    else:
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
