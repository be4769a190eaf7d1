"""Web addresses in data files: records and vocabularies get the same check."""

from __future__ import annotations

from urllib.parse import urlsplit

from kooplab.load.document import Document, dotted
from kooplab.problems import Problems


def check_url(doc: Document, path: tuple, value: str, problems: Problems) -> bool:
    """Only absolute http(s) addresses: no javascript:, data: or relative links."""
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.netloc \
            or any(c.isspace() for c in value.strip()):
        scheme = f" ('{parts.scheme}:' is not allowed)" if parts is not None and parts.scheme else ""
        problems.error(doc.rel, doc.pos(path), dotted(path), f"'{value[:60]}' is not a web address{scheme}",
                       "write the whole address, starting with https://")
        return False
    return True
