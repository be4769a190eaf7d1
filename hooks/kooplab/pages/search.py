"""The site search at scale: one compact entry per record instead of its full text.

Material's search plugin indexes every page's full text into ``search/search_index.json``,
which every reader downloads on the first search: tens of MB for 10,000 members. Record pages
(members, case studies, events) therefore stay out of Material's full-text index
(``page.meta["search"] = {"exclude": True}``), and the build appends one entry per record
to the same index after the plugin has written it: the title (a member's name, a case's title),
its location (the page's address) and a short text — kind and place, then the first words of the
summary. The header search keeps finding every member by name, every case by title, and both by
place and summary words; the full text stays on the record pages, the hand-written pages stay
fully indexed, and the index grows by about 200 bytes (about 60 bytes gzip) per record.
"""

from __future__ import annotations

import html
import json
import re
from typing import Iterable

SUMMARY_WORDS = 24  # words of the summary in a record's entry
INDEX = "search/search_index.json"  # written by Material's search plugin


def shorten(text: str, words: int = SUMMARY_WORDS) -> str:
    """The first ``words`` words of a text, with '…' when it was longer."""
    parts = re.split(r"\s+", (text or "").strip())
    if len(parts) <= words:
        return " ".join(parts)
    return " ".join(parts[:words]).rstrip(".,;:–-") + " …"


def entry(location: str, title: str, *texts: str) -> dict[str, str]:
    """One search entry in Material's format: ``location`` relative to the site root.

    Material's search shows ``title`` and ``text`` as HTML (innerHTML, with <mark> around the hits),
    as its plugin writes them: record text is plain text and is escaped here, or a name like
    ``<img src=x onerror=…>`` would run in the search results (tests/test_xss.py)."""
    return {"location": location, "title": html.escape(title, quote=False),
            "text": html.escape(" · ".join(t for t in texts if t), quote=False)}


def merged(index: bytes, entries: Iterable[dict]) -> bytes:
    """The search index the engine wrote (Material's ``search_index.json``) with ``entries`` appended.

    Entries for a location already in the index (a page indexed in full) are skipped."""
    data = json.loads(index.decode("utf-8"))
    docs = data.setdefault("docs", [])
    present = {d.get("location") for d in docs}
    added = []
    for e in entries:
        if e["location"] not in present:
            present.add(e["location"])
            added.append(e)
    docs.extend(added)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
