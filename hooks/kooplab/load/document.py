"""A record file as read: its values, and the line and column where each value and key stood."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Path_ = tuple  # a path into a document: ("location", "region") or ("sdgs", 0, "goal")


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
    # how numbers and booleans were written (01067 is read as the number 567): for messages
    texts: dict[Path_, str] = field(default_factory=dict)

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


def dotted(path: Path_) -> str:
    """("sdgs", 0, "goal") -> "sdgs[0].goal", the way messages name a field."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
