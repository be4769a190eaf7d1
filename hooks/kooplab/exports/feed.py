"""The Atom feed of case studies (RFC 4287): /kooperationen/feed.xml, newest first.

Built with ElementTree, so every text is escaped by the serializer. Dates come
from the records (``published``, ``reviewed``), never from the clock, so the
same data always gives the same feed.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from kooplab import urls
from kooplab.exports.publication import Publication
from kooplab.records import Case

ATOM = "http://www.w3.org/2005/Atom"


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _updated(case: Case) -> dt.date:
    return max(case.published, case.reviewed)


def entries(data: Publication) -> list[Case]:
    """The cases in the feed: newest ``published`` first, at most ``feed_entries``."""
    cases = sorted(data.catalog.cases.values(), key=lambda c: (-c.published.toordinal(), c.slug))
    return cases[: max(data.settings.feed_entries, 0)]


def _id(data: Publication, path: str) -> str:
    """Entry and feed ids must be absolute IRIs: the address, or a URN when the site has no site_url."""
    return data.url(path) if data.ctx.site_url else f"urn:kooplab:{path.strip('/').replace('/', ':')}"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def atom(data: Publication) -> bytes:
    """The feed document as UTF-8 bytes."""
    vocab = data.catalog.vocab
    cases = entries(data)
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": "de"})
    _sub(feed, "title", f"{data.site_name}: Fallbeispiele")
    _sub(feed, "subtitle", "Neue Beispiele für Kooperationen zwischen Unternehmen und gemeinnützigen Organisationen.")
    _sub(feed, "id", _id(data, urls.LAB_FEED))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=data.url(urls.LAB_FEED))
    _sub(feed, "link", rel="alternate", type="text/html", href=data.url(urls.LAB))
    newest = max((_updated(c) for c in cases), default=None)
    # a feed without entries still needs <updated>: the earliest date Atom readers accept
    _sub(feed, "updated", _timestamp(newest) if newest else "1970-01-01T00:00:00Z")
    author = _sub(feed, "author")
    _sub(author, "name", data.site_name)
    if data.ctx.site_url:
        _sub(author, "uri", data.ctx.site_url)
    _sub(feed, "rights", f"{data.license.title} ({data.license.url})" if data.license.url else data.license.title)

    for case in cases:
        entry = _sub(feed, "entry")
        _sub(entry, "title", case.title)
        _sub(entry, "id", _id(data, urls.case(case)))
        _sub(entry, "link", rel="alternate", type="text/html", href=data.url(urls.case(case)))
        _sub(entry, "published", _timestamp(case.published))
        _sub(entry, "updated", _timestamp(_updated(case)))
        _sub(entry, "summary", case.summary, type="text")
        for fmt in case.formats:
            _sub(entry, "category", term=fmt, label=vocab.formats[fmt].label, scheme=data.url(f"{urls.LAB}format/"))
        for goal in sorted(case.goals):
            g = vocab.sdgs[goal]
            _sub(entry, "category", term=f"sdg-{goal}", label=f"SDG {goal}: {g.label}", scheme=data.url(urls.SDGS))

    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"
