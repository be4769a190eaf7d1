"""YAML text -> values with source positions.

PyYAML's loaders throw positions away and silently keep the last of two equal
keys. We let libyaml (the C parser, when available) read the text, compose its
events into a node graph (without recursion, so that deeply nested input cannot
crash the process) and construct plain Python values from it ourselves, so that
every value keeps the line and column it came from, duplicate keys become
problems, and anything an editor does not need (custom tags, anchors and
aliases, merge keys, control characters, nan and inf) is refused before it can
do harm. Dates stay the text they were written as; the schema says where a
date must stand.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from kooplab.load.document import Document, Path_, dotted
from kooplab.load.yaml_mistakes import (
    COMMENT,
    VISIBLE,
    clearer,
    hint_for,
    invisible,
    odd_indent,
    short,
)
from kooplab.problems import Problems

try:  # the C composer is an order of magnitude faster
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_DEPTH = 32

_ALLOWED_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_SEQ_TAG = "tag:yaml.org,2002:seq"
_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = "tag:yaml.org,2002:map"

class _Refused(Exception):
    def __init__(self, mark: yaml.Mark | None, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message
        self.hint = hint


class _Builder:
    """Turns a composed YAML node graph into plain values, recording positions."""

    def __init__(self, doc: Document, line_offset: int, problems: Problems, text: str) -> None:
        self.doc = doc
        self.problems = problems
        self.offset = line_offset
        self.seen: set[int] = set()
        self.constructor = SafeConstructor()
        self.lines = text.split("\n")
        self.commented = {i for i, line in enumerate(self.lines) if COMMENT.search(line)}

    def checked_plain(self, node: yaml.ScalarNode, path: Path_) -> None:
        """What YAML does to an unquoted value that the editor did not mean: text after ' #' on its line is a
        comment (and not published), and a '- ' line indented under an entry continues that entry's text."""
        end = node.end_mark
        if end.line in self.commented:
            rest = self.lines[end.line][end.column:]
            hashed = COMMENT.search(rest)
            if hashed is not None and rest[:hashed.start()].strip() == "":
                comment = rest[hashed.start():].strip()
                whole = f"{node.value} {comment}"
                report = self.problems.warning if comment[1:2] in ("", " ") else self.problems.error
                report(self.doc.rel, (end.line + 1 + self.offset, end.column + hashed.start() + 2), dotted(path),
                       f"'{short(comment)}' is read as a comment and not published",
                       f'put the whole text in quotes: "{short(whole)}"' if node.value
                       else "write the value before the '#', or put the whole text in quotes")
        if end.line > node.start_mark.line:
            for n in range(node.start_mark.line + 1, end.line + 1):
                if self.lines[n].lstrip().startswith("- "):
                    self.problems.error(self.doc.rel, (n + 1 + self.offset, self.lines[n].index("-") + 1),
                                        dotted(path), f"line {n + 1 + self.offset} is read as part of the entry "
                                        "above, because it is indented further",
                                        "start '- ' exactly below the '- ' of the entry above")
                    self.doc.reported.add(path)
                    break

    def at(self, mark: yaml.Mark) -> tuple[int, int]:
        return (mark.line + 1 + self.offset, mark.column + 1)

    def build(self, node: yaml.Node, path: Path_ = (), depth: int = 0) -> Any:
        if id(node) in self.seen:
            raise _Refused(None, "anchors and aliases (&name, *name) are not supported",
                           "write the value out where it is needed")
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            raise _Refused(node.start_mark, f"nesting deeper than {MAX_DEPTH} levels")
        mark = node.start_mark
        self.doc.value_pos[path] = (mark.line + 1 + self.offset, mark.column + 1)
        if type(node) is yaml.ScalarNode:
            if not node.style and (node.end_mark.line in self.commented or node.end_mark.line > mark.line):
                self.checked_plain(node, path)
            if node.tag == _STR_TAG:  # most values (see scalar())
                if node.value and VISIBLE.search(node.value) is None:
                    self.problems.error(self.doc.rel, self.at(mark), dotted(path), "holds no visible text",
                                        "write the text, or remove the field")
                    self.doc.reported.add(path)
                return node.value
            try:
                value = self.scalar(node)
                if isinstance(value, (bool, int, float)):
                    self.doc.texts[path] = node.value
                return value
            except _BadValue as exc:
                self.problems.error(self.doc.rel, self.at(node.start_mark), dotted(path), exc.message, exc.hint)
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
                if key_node.tag not in _ALLOWED_SCALAR_TAGS:
                    raise _Refused(key_node.start_mark, f"YAML tag '{key_node.tag}' is not allowed", "remove the tag")
                # field names are text as written: 'yes:', '1:' or '2020-02-30:' are not turned into
                # true, 1 or a date (an unknown field is then reported by the name the editor sees)
                key = key_node.value
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
        if node.tag == _STR_TAG:  # most values: what SafeConstructor would return, without its machinery
            return node.value
        if node.tag not in _ALLOWED_SCALAR_TAGS:
            raise _Refused(node.start_mark, f"YAML tag '{node.tag}' is not allowed",
                           "remove the tag; records hold plain text, numbers, dates and lists")
        try:
            value = self.constructor.construct_object(node)
        except Exception as exc:
            if isinstance(exc, ValueError) and node.tag == "tag:yaml.org,2002:timestamp":
                raise _BadValue(f"'{node.value}' is not a real date", "use a date that exists, as YYYY-MM-DD") from None
            # an explicit tag the value does not fit: !!bool maybe, !!int '', !!timestamp abc
            raise _Refused(node.start_mark, f"cannot read value '{node.value}' as {node.tag.rsplit(':', 1)[-1]}",
                           "remove the tag") from None
        if isinstance(value, (int, float)) and not isinstance(value, bool) and ":" in node.value:
            # YAML 1.1 reads 1:30 as minutes and seconds (90), 2:00:00 as 7200
            raise _BadValue(f"'{node.value}' is read as the number {value} (YAML counts it in sixties)",
                            "write a plain number; text such as a time goes in quotes")
        if isinstance(value, float) and not math.isfinite(value):
            raise _BadValue(f"'{node.value}' is not a usable number", "write a number such as 12 or 3.5")
        if isinstance(value, dt.date):
            # a date stays the text it was written as: the schema says where a date may stand, and a
            # date where text is expected (a title, a partner) is that text, not an object
            return node.value
        return value


class _BadValue(Exception):
    """A value that cannot be used (an impossible date, an infinite number): reported, the rest is read on."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


def _compose(text: str) -> yaml.Node | None:
    """yaml.compose, built from libyaml's events without recursion.

    libyaml's own composer recurses in C: deeply nested input (``[[[[…``) crashes
    the process. Here the nesting depth is checked before a node is made, and
    anchors are refused where they stand, before an alias could multiply them.
    """
    resolver = Resolver()
    stack: list[yaml.CollectionNode] = []
    keys: list[yaml.Node | None] = []  # the pending key of each open mapping
    root: yaml.Node | None = None
    first_document: yaml.Mark | None = None
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.DocumentStartEvent):
            if first_document is not None:
                raise ComposerError("expected a single document in the stream", first_document,
                                    "but found another document", event.start_mark)
            first_document = event.start_mark
            continue
        if isinstance(event, yaml.AliasEvent):  # every anchor is refused, so an alias has none to refer to
            raise ComposerError(None, None, f"found undefined alias {event.anchor!r}", event.start_mark)
        if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            stack.pop().end_mark = event.end_mark
            keys.pop()
            continue
        if not isinstance(event, yaml.NodeEvent):
            continue  # stream start/end, document end
        if event.anchor is not None:
            raise _Refused(event.start_mark, "anchors and aliases (&name, *name) are not supported",
                           "write the value out where it is needed; if '&' or '*' belongs to the text, "
                           "put the value in quotes")
        if len(stack) > MAX_DEPTH:
            raise _Refused(event.start_mark, f"nesting deeper than {MAX_DEPTH} levels")
        tag = event.tag
        node: yaml.Node
        if isinstance(event, yaml.ScalarEvent):
            if tag is None or tag == "!":
                tag = resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
            node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
        elif isinstance(event, yaml.SequenceStartEvent):
            if tag is None or tag == "!":
                tag = resolver.resolve(yaml.SequenceNode, None, event.implicit)
            node = yaml.SequenceNode(tag, [], event.start_mark, None, flow_style=event.flow_style)
        else:
            if tag is None or tag == "!":
                tag = resolver.resolve(yaml.MappingNode, None, event.implicit)
            node = yaml.MappingNode(tag, [], event.start_mark, None, flow_style=event.flow_style)
        if not stack:
            root = node
        elif isinstance(stack[-1], yaml.SequenceNode):
            stack[-1].value.append(node)
        elif keys[-1] is None:
            keys[-1] = node
        else:
            stack[-1].value.append((keys[-1], node))
            keys[-1] = None
        if isinstance(node, yaml.CollectionNode):
            stack.append(node)
            keys.append(None)
    return root


# The fast path composes with libyaml's own (recursive, C) composer when the text cannot nest deeply:
# every level of nesting needs an indicator character ('-', ':', '?', '[', '{'), so their count bounds
# the depth. Far below what would exhaust the C stack; MAX_DEPTH is still enforced by _Builder.
_FAST_DEPTH_BOUND = 1000
_NESTING_CHARS = re.compile(r"[-:?\[{]")


class _FastLoader(_Loader):  # type: ignore[misc, valid-type]
    """libyaml's loader with a memo for the implicit tags of plain scalars: resolving a plain scalar
    depends only on its text, and records repeat the same keys and values (goal, evidence, DE-NI …)."""

    _tags: dict[str, str] = {}

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode and implicit[0] and len(value) <= 40 and not self.yaml_path_resolvers:
            tag = self._tags.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(self._tags) < 100_000:
                    self._tags[value] = tag
            return tag
        return super().resolve(kind, value, implicit)


def _parse_fast(text: str, rel: str, line_offset: int) -> tuple[Document, Problems] | None:
    """The document from libyaml's C composer, with the problems found while building its values;
    None when the text needs the careful path: anchors or aliases may be present, it could nest
    deeply, or anything at all goes wrong (the careful path then reports it, exactly as always)."""
    if "&" in text or "*" in text or len(_NESTING_CHARS.findall(text)) > _FAST_DEPTH_BOUND:
        return None
    try:
        node = yaml.compose(text, Loader=_FastLoader)
    except Exception:  # noqa: BLE001 - syntax errors are reported by the careful path
        return None
    if node is None:
        return None
    doc, scratch = Document(rel=rel, data=None), Problems()
    builder = _Builder(doc, line_offset, scratch, text)
    try:
        doc.data = builder.build(node)
    except (_Refused, RecursionError):
        return None
    return doc, scratch


def parse_yaml(text: str, rel: str, problems: Problems, line_offset: int = 0) -> Document | None:
    """Parse one YAML document. Returns None (and records a problem) when it cannot."""
    doc = Document(rel=rel, data=None)
    if invisible(text, rel, problems, line_offset) or odd_indent(text, rel, problems, line_offset):
        return None
    fast = _parse_fast(text, rel, line_offset)
    if fast is not None:
        problems.extend(fast[1].items)
        return fast[0]
    try:
        node = _compose(text)
    except _Refused as exc:
        problems.error(rel, (exc.mark.line + 1 + line_offset, exc.mark.column + 1), "", exc.message, exc.hint)
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or exc.context or "YAML syntax error"
        text_lines = text.split("\n")
        line_text = text_lines[mark.line] if mark and mark.line < len(text_lines) else ""
        hint = hint_for(str(exc), line_text)
        plainer = clearer(exc, line_offset, text_lines)
        if plainer:
            mark, message, hint = plainer
        line, col = (mark.line + 1 + line_offset, mark.column + 1) if mark else (1, 1)
        problems.error(rel, (line, col), "", f"YAML syntax error: {message}", hint)
        return None
    except yaml.YAMLError as exc:  # a reader error: control characters and the like
        problems.error(rel, (1, 1), "", f"YAML error: {exc}", "remove control characters from the file")
        return None
    if node is None:
        problems.error(rel, (1 + line_offset, 1), "", "file holds no data", "start from the template in data/templates/")
        return None
    builder = _Builder(doc, line_offset, problems, text)
    try:
        doc.data = builder.build(node)
    except _Refused as exc:
        problems.error(rel, builder.at(exc.mark) if exc.mark else (1 + line_offset, 1), "", exc.message, exc.hint)
        return None
    except RecursionError:
        problems.error(rel, (1, 1), "", "nesting too deep")
        return None
    return doc
