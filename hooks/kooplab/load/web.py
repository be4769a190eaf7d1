"""Web addresses in data files: records and vocabularies get the same check; and the rules for addresses in
editors' Markdown that validation (kooplab.load.links) and the sanitiser (kooplab.pages.sanitize) share."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from kooplab.load.document import Document, dotted
from kooplab.problems import Problems

# The schemes a link in an editor's text may have; the sanitiser removes the address of any other link.
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Browsers drop tabs and line breaks anywhere in an address ("ht\rtps:" is "https:", also when written as the
# character reference &#13;), as the WHATWG URL parser does; and read "\\host/x" as "//host/x".
_URL_IGNORED = re.compile(r"[\t\n\r]")
_OTHER_HOST = re.compile(r"^[\x00-\x20]*([a-z][a-z0-9+.-]*:|[/\\][\x00-\x20]*[/\\])", re.I)


def loads_from_elsewhere(address: str) -> bool:
    """True when a picture at ``address`` would be fetched from another host (or by a scheme such as data:)
    rather than from the site itself: a request the reader did not ask for, which the site never makes."""
    return _OTHER_HOST.match(_URL_IGNORED.sub("", address)) is not None


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
