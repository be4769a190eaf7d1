"""Citations in Markdown: ``[@key]``, ``[@key, S. 12]`` and ``[@a; @b]``.

Only a bracketed group whose every item is ``@key`` (with an optional locator after a
comma) is a citation. Everything else with an ``@`` is left alone: e-mail addresses,
``@handles`` outside brackets, Markdown links and images (``[@x](…)``), reference
definitions, escaped brackets (``\\[@x]``), code spans, fenced code and HTML comments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

# A key as data/references.bib may spell it (checked there): ASCII letters, digits, '-', '_', '.'
KEY = r"[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_])?"
KEY_RE = re.compile(rf"{KEY}\Z")
_ITEM = rf"\s*@(?P<key>{KEY})\s*(?:,(?P<locator>[^\]\[;\n]*))?"
_ITEM_RE = re.compile(_ITEM)
_ITEM_ANY = rf"\s*@{KEY}\s*(?:,[^\]\[;\n]*)?"
_GROUP_RE = re.compile(rf"(?<![\\!])\[(?P<body>{_ITEM_ANY}(?:;{_ITEM_ANY})*)\](?![(\[:])")

_FENCE_RE = re.compile(r"^[ \t>]*(?P<fence>`{3,}|~{3,})")
_CODE_SPAN_RE = re.compile(r"(?<!`)(?P<ticks>`+)(?!`).+?(?<!`)(?P=ticks)(?!`)", re.S)
_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)


@dataclass(frozen=True)
class Item:
    """One cited entry: its key, the locator as written ('S. 12', or ''), and where ``@`` stands."""

    key: str
    locator: str
    line: int  # 1-based, in the text as given (add the text's first line in its file)
    col: int


@dataclass(frozen=True)
class Citation:
    """One bracketed group: ``[@a, S. 3; @b]``."""

    start: int  # offsets of '[' and after ']' in the text
    end: int
    items: tuple[Item, ...]


def _masked(text: str) -> list[tuple[int, int]]:
    """Offsets of code and comments, where '[@…]' is not a citation."""
    spans: list[tuple[int, int]] = []
    offset, fence, fence_start = 0, "", 0
    for line in text.splitlines(keepends=True):
        m = _FENCE_RE.match(line)
        if fence:
            if m and m.group("fence")[0] == fence[0] and len(m.group("fence")) >= len(fence) \
                    and not line[m.end():].strip():
                spans.append((fence_start, offset + len(line)))
                fence = ""
        elif m:
            fence, fence_start = m.group("fence"), offset
        offset += len(line)
    if fence:  # an unclosed fence runs to the end, as in Markdown
        spans.append((fence_start, len(text)))

    def outside(start: int) -> bool:
        return not any(a <= start < b for a, b in spans)

    for pattern in (_COMMENT_RE, _CODE_SPAN_RE):
        spans.extend((m.start(), m.end()) for m in pattern.finditer(text) if outside(m.start()))
    return spans


def find_citations(text: str) -> list[Citation]:
    """All citations in a Markdown text, in order."""
    masked = _masked(text)
    found = []
    for m in _GROUP_RE.finditer(text):
        if any(a <= m.start() < b for a, b in masked):
            continue
        items = []
        body_start = m.start("body")
        for part in _split(m.group("body"), body_start):
            start, chunk = part
            im = _ITEM_RE.match(chunk)
            at = start + chunk.index("@")
            line = text.count("\n", 0, at) + 1
            col = at - (text.rfind("\n", 0, at) + 1) + 1
            items.append(Item(im.group("key"), (im.group("locator") or "").strip(), line, col))
        found.append(Citation(m.start(), m.end(), tuple(items)))
    return found


def _split(body: str, offset: int) -> list[tuple[int, str]]:
    parts, start = [], 0
    for i, ch in enumerate(body + ";"):
        if ch == ";":
            parts.append((offset + start, body[start:i]))
            start = i + 1
    return parts


def replace_citations(text: str, render: Callable[[Citation], str]) -> str:
    """The text with each citation replaced by ``render(citation)``."""
    out, last = [], 0
    for c in find_citations(text):
        out.append(text[last:c.start])
        out.append(render(c))
        last = c.end
    out.append(text[last:])
    return "".join(out)
