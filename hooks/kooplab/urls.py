"""Addresses of generated pages, declared once.

Paths are relative to the site root and end in '/', as MkDocs writes pages with
``use_directory_urls``. Templates turn them into page-relative links with
MkDocs' ``url`` filter, so the site also works under a sub-path.
"""

from __future__ import annotations

from kooplab.records import Case, Event, Goal, Member, Network, Region, Term

DIRECTORY = "verzeichnis/"
LAB = "kooperationen/"
NETWORKS = "netzwerke/"
REGIONS = "regionen/"
SDGS = "sdg/"
LITERATURE = "literatur/"
MAP = "karte/"  # the members on a map of Germany
BOERSE = "boerse/"  # the Kooperationsbörse: current offers and needs
EVENTS = "termine/"
EVENTS_CALENDAR = f"{EVENTS}termine.ics"  # all events as one calendar to subscribe to
LAB_FEED = f"{LAB}feed.xml"  # the Atom feed of case studies
DATA_DIR = "daten/"  # the /daten/ page and the bulk files (kooplab.exports)
API_DIR = "api/"  # the static JSON API
SEARCH_DIR = "pagefind/"  # the full-text search index (kooplab.outputs.search_index)
SCHEMA_DIR = "schema/"  # the JSON Schema files of the data files and the exports
STATS = "zahlen/"  # the network in numbers (kooplab.pages.stats)
EMBED = "einbetten/"  # views for other websites (kooplab.pages.embeds): einbetten/<kind>/ and the page to choose them
ENTRY_FORM = "mitmachen/eintragen/"  # the form for new entries and edits (kooplab.pages.entry_form)
ROBOTS = "robots.txt"  # names the sitemap (kooplab.pages.sitemap)


def member(m: Member | str) -> str:
    return f"{DIRECTORY}{m if isinstance(m, str) else m.slug}/"


def case(c: Case | str) -> str:
    return f"{LAB}{c if isinstance(c, str) else c.slug}/"


def network(n: Network) -> str:
    return f"{NETWORKS}{n.id}/"


def region(r: Region) -> str:
    return f"{REGIONS}{r.slug}/"


def goal(g: Goal) -> str:
    return f"{SDGS}{g.slug}/"


def format_(f: Term) -> str:
    return f"{LAB}format/{f.id}/"


def event(e: Event | str) -> str:
    return f"{EVENTS}{e if isinstance(e, str) else e.slug}/"


def event_calendar(e: Event | str) -> str:
    """One event as an iCalendar file, beside its page: termine/<slug>.ics."""
    return f"{EVENTS}{e if isinstance(e, str) else e.slug}.ics"


def network_calendar(n: Network) -> str:
    """The events of one network as a calendar to subscribe to."""
    return f"{NETWORKS}{n.id}/termine.ics"


def picture(name: str) -> str:
    """Where the picture of a case study is published (kooplab.load.pictures)."""
    return f"{LAB}bilder/{name}"


def attachment(name: str) -> str:
    """Where a file attached to a source is published (kooplab.load.attachments)."""
    return f"{LITERATURE}dateien/{name}"


def bibtex(key: str) -> str:
    """One entry of the bibliography as a BibTeX download."""
    return f"{LITERATURE}{key}.bib"


SECTIONS = (DIRECTORY, LAB, NETWORKS, REGIONS, SDGS, LITERATURE, EVENTS, BOERSE, MAP)
# slugs that would collide with the index pages and sub-sections above
RESERVED_SLUGS = frozenset({"index", "format", "feed", "karte", "api", "seite"})


def directory_page(n: int) -> str:
    """Page ``n`` of the A–Z directory when it is split (settings.directory_page_size): the first is
    the directory itself, the others 'verzeichnis/seite/2/', … ('seite' is a reserved slug)."""
    return list_page(DIRECTORY, n)


def list_page(first: str, n: int) -> str:
    """Page ``n`` of a split list page: ``first`` itself, then 'regionen/bayern/seite/2/', …"""
    return first if n == 1 else f"{first}seite/{n}/"


def src_uri(path: str) -> str:
    """The virtual Markdown file behind an address: 'verzeichnis/' -> 'verzeichnis/index.md',
    'verzeichnis/x/' -> 'verzeichnis/x.md'."""
    return f"{path}index.md" if path in SECTIONS else f"{path.rstrip('/')}.md"


def page_url(src_uri: str) -> str:
    """The address MkDocs gives a Markdown file (with directory URLs): 'x/index.md' -> 'x/', 'x/y.md' -> 'x/y/'."""
    stem = src_uri[: -len(".md")]
    if stem in ("index", "README"):
        return ""
    if stem.endswith(("/index", "/README")):
        return stem.rsplit("/", 1)[0] + "/"
    return stem + "/"


# where the site publishes each template: plain text, so a browser shows it for copying
TEMPLATES = {"mitglied.yml": "vorlagen/mitglied.yml", "fallbeispiel.md": "vorlagen/fallbeispiel.txt",
             "termin.yml": "vorlagen/termin.yml"}
