"""A copy of the sample network with hostile text in every field (tests/test_xss.py).

``payloads.txt`` holds the corpus, one payload a line. ``make_project`` copies the sample and
adds, for payload number *i*, a member ``xss-m<i>``, a case study ``xss-c<i>`` and an event
``xss-e<i>`` whose every plain-text field holds that payload and whose Markdown body holds it
in a sentence, as a block of its own, in a list, a quote and a table cell. ``xss-malle``,
``xss-calle`` and ``xss-ealle`` have the whole corpus in their body (payloads that leave an
element open then swallow the rest), ``xss-mb<j>`` … the Markdown-only payloads of
:data:`BODY_ONLY`, one each. A network and a BibTeX entry carry payloads too.

Some fields refuse some payloads (too long, too short, not a web address): validation must say
so without crashing, and such a field then gets plain text instead. ``Hostile.rejected`` lists
what was refused, ``Hostile.placed`` what reached the site.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kooplab.load.catalog import load_catalog
from kooplab.settings import settings_from_mkdocs

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
PAYLOADS = [line for line in (HERE / "payloads.txt").read_text(encoding="utf-8").split("\n") if line.strip()]

# Markdown constructs that need more than one line: only in bodies.
BODY_ONLY = [
    "[Referenz-Link][boese]\n\n[boese]: javascript:alert(1)",
    "[Referenz-Daten][daten]\n\n[daten]: data:text/html,<script>alert(1)</script>",
    "Absatz mit Attributen\n{: onclick=\"alert(1)\" style=\"background:url(javascript:alert(1))\" }",
    "## Überschrift mit Attributen {: onmouseover=\"alert(1)\" }",
    "<div markdown=\"1\" onclick=\"alert(1)\">\n**fett** [x](javascript:alert(1))\n</div>",
    "```html\n<script>alert(1)</script>\n```",
    # DOM clobbering: Material reads its configuration from the first #__config of the page; this one
    # names a search worker that answers every query with a result holding an <img onerror>
    '<div id="__config">{"base": "../..", "features": [], "search": "data:text/javascript,self.onmessage%3D'
    'function(e)%7Bif(e.data.type%3D%3D%3D0)postMessage(%7Btype%3A1%7D)%3Belse%20if(e.data.type%3D%3D%3D2)'
    'postMessage(%7Btype%3A3%2Cdata%3A%7Bitems%3A%5B%5B%7Blocation%3A%27x%2F%27%2Ctitle%3A%27%5Cx3cimg%20src'
    '%3Dx%20onerror%3Dalert(document.domain)%5Cx3e%27%2Ctext%3A%27t%27%2Cscore%3A1%2Cterms%3A%7B%7D%7D%5D%5D'
    '%7D%7D)%7D", "translations": {}}</div>',
    '<span id=" __search">Suche</span> <a id="__drawer" href="https://example.org">Menü</a>',
    "<script>\nalert(1)\n</script>",
    "<!-- <script>alert(1)</script> -->",
    "Fußnote[^x]\n\n[^x]: <img src=x onerror=alert(1)> [f](javascript:alert(1))",
    "???+ note \"<img src=x onerror=alert(1)>\"\n    Inhalt <script>alert(1)</script>",
    "Term\n:   <img src=x onerror=alert(1)>",
]
# Plain-text fields are single lines on the page, but a newline must not start a new iCalendar line.
LINE_BREAKS = ["Titel\nDTSTART:19700101T000000Z\nATTACH:https://evil.example/x", "Titel\r\nBEGIN:VALARM"]

FALLBACK = "Ersatztext für ein abgelehntes Feld"
TODAY_FIELDS = {"reviewed": "2026-11-01"}  # before the fixed build date of the suite (conftest)


def body(payload: str) -> str:
    return (f"Ein Satz mit {payload} mittendrin.\n\n{payload}\n\n"
            f"- Liste: {payload}\n\n> Zitat {payload}\n\n| Spalte |\n| :---: |\n| {payload} |\n")


def body_all() -> str:
    return "\n\n".join(["Alle Payloads hintereinander:", *PAYLOADS, *BODY_ONLY]) + "\n"


def fit(payload: str, minimum: int) -> str:
    """The payload, made long enough for a field with a minimum length."""
    return payload if len(payload) >= minimum else f"{payload} – Ergänzung"


def member(tag: str, p: str, text: str) -> dict:
    return {
        "name": fit(p, 2),
        "kind": "unternehmen",
        "summary": fit(p, 10),
        "description": text,
        "website": "https://www.example.org/xss",
        "sector": "maschinenbau",
        "location": {"city": p, "region": "DE-HB", "street": p, "postcode": "28195", "lat": 53.07, "lon": 8.80},
        "networks": ["xss-netz", "puu-bremen"],
        "sdgs": [{"goal": 13, "evidence": fit(p, 10)}],
        "contacts": [{"role": fit(p, 2), "name": fit(p, 2), "email": "xss@example.org", "consent": "2026-01-05"}],
        "offers": [{"category": "know-how", "title": fit(p, 3), "description": p, "sdgs": [13]}],
        "needs": [{"category": "kontakte", "title": fit(p, 3), "description": p}],
        "aliases": [f"xss-alt{tag}"],
        **TODAY_FIELDS,
    }


def case(p: str, slug: str, references: list[str]) -> dict:
    return {
        "title": fit(p, 3),
        "summary": fit(p, 10),
        "partners": [slug, "hansa-flex", {"name": fit(p, 2), "website": "https://www.example.org/partner"}],
        "formats": ["erfahrungsaustausch"],
        "sdgs": [{"goal": 13, "evidence": fit(p, 10)}],
        "region": "DE-HB",
        "city": p,
        "started": 2024,
        "status": "laufend",
        "outcomes": [{"label": fit(p, 2), "value": 1234, "unit": p}],
        "references": references,
        "published": "2026-11-20",
        **TODAY_FIELDS,
    }


def event(p: str, slug: str, text: str) -> dict:
    return {
        "title": fit(p, 3),
        "kind": "workshop",
        "start": "2026-12-03 10:00",
        "end": "2026-12-03 12:00",
        "location": {"venue": fit(p, 2), "street": p, "postcode": "28195", "city": p, "region": "DE-HB",
                     "online": True},
        "organisers": [slug, "xss-netz"],
        "sdgs": [{"goal": 13, "evidence": fit(p, 10)}],
        "registration": "https://www.example.org/anmeldung",
        "summary": fit(p, 10),
        "description": text,
        **TODAY_FIELDS,
    }


NETWORK = {
    "id": "xss-netz",
    "label": "<script>alert(1)</script> Netz {{ 7*7 }}",
    "website": "https://www.example.org/xss-netz",
    "region": "DE-HB",
    "description": "Netz mit <img src=x onerror=alert(1)> und [Link](javascript:alert(1)) und "
                   "<svg onload=alert(1)> und {{ 7*7 }}.",
    # on the network's page and on its state's page (Bremen)
    "contacts": [{"role": "<img src=x onerror=alert(1)> Geschäftsstelle {{ 7*7 }}", "name": "\"><script>alert(1)</script>",
                  "consent": "2025-01-01", "email": "netz@example.org"}],
}
BIBTEX = """
@misc{xss-quelle,
  author = {<script>alert(1)</script> and Mallory, <img src=x onerror=alert(1)>},
  title = {Quelle mit <svg onload=alert(1)> und "><script>alert(1)</script>},
  howpublished = {<a href="javascript:alert(1)">Link</a>},
  url = {https://www.example.org/quelle},
  year = {2025},
}
"""


@dataclass
class Hostile:
    root: Path
    members: dict[str, str] = field(default_factory=dict)  # slug -> payload
    cases: dict[str, str] = field(default_factory=dict)
    events: dict[str, str] = field(default_factory=dict)
    rejected: list[str] = field(default_factory=list)  # 'file: field: message' of refused payloads
    placed: dict[tuple[str, str], str] = field(default_factory=dict)  # (file, dotted field) -> text

    def value(self, file: str, dotted: str) -> str | None:
        """The text that went into a field (None when it was refused)."""
        return self.placed.get((file, dotted))


def _dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def _set(data, dotted: str, value) -> None:
    """Set a field named as problems name it ('location.city', 'contacts[0].role')."""
    parts = []
    for name in dotted.split("."):
        while "[" in name:
            head, rest = name.split("[", 1)
            if head:
                parts.append(head)
            index, name = rest.split("]", 1)
            parts.append(int(index))
        if name:
            parts.append(name)
    for part in parts[:-1]:
        data = data[part]
    data[parts[-1]] = value


def _texts(data, prefix: str = "") -> dict[str, str]:
    """Every text field of a record by its dotted name."""
    out = {}
    items = enumerate(data) if isinstance(data, list) else data.items()
    for key, value in items:
        name = f"{prefix}[{key}]" if isinstance(key, int) else (f"{prefix}.{key}" if prefix else key)
        if isinstance(value, (dict, list)):
            out.update(_texts(value, name))
        elif isinstance(value, str):
            out[name] = value
    return out


def make_project(dest: Path) -> Hostile:
    """Copy the sample into ``dest`` and add the hostile records; validation settled (no errors)."""
    shutil.copytree(REPO, dest, ignore=shutil.ignore_patterns(
        ".git", ".venv", "site", "tests", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis",
        "test-artifacts", ".*.building-*", ".*.old-*"))
    # every case study in the feed; the directory split into pages, so that the filter draws the cards
    # of hits on other pages itself (kooplab-filter.js, from verzeichnis/cards.json)
    config = dest / "mkdocs.yml"
    text = re.sub(r"feed_entries: \d+", "feed_entries: 500", config.read_text(encoding="utf-8"))
    config.write_text(re.sub(r"directory_page_size: \d+", "directory_page_size: 10", text), encoding="utf-8")
    with (dest / "data/vocab/networks.yml").open("a", encoding="utf-8") as f:
        f.write("\n" + _dump([NETWORK]))
    with (dest / "data/references.bib").open("a", encoding="utf-8") as f:
        f.write(BIBTEX)

    h = Hostile(dest)
    records: dict[str, tuple[dict, str]] = {}  # file -> (front matter or record, Markdown body of a case)
    # (tag, text of the plain fields, Markdown body): every payload in both, all of them in one body,
    # and the payloads made for bodies alone, each in a body of its own
    corpus = [("alle", "<script>alert(1)</script> alle Payloads", body_all()),
              *((str(i), p, body(p)) for i, p in enumerate(PAYLOADS + LINE_BREAKS)),
              *((f"b{j}", f"Nur im Text {j}", f"Vorher.\n\n{p}\n\nNachher.\n") for j, p in enumerate(BODY_ONLY))]
    for tag, p, text in corpus:
        m, c, e = f"xss-m{tag}", f"xss-c{tag}", f"xss-e{tag}"
        h.members[m], h.cases[c], h.events[e] = p, p, p
        records[f"data/members/{m}.yml"] = (member(tag, p, text), "")
        records[f"data/cases/{c}.md"] = (case(p, m, ["xss-quelle"] if tag == "alle" else []),
                                         text + ("\n[@xss-quelle]\n" if tag == "alle" else ""))
        records[f"data/events/{e}.yml"] = (event(p, m, text), "")
    # a website that is not a web address is refused, as before
    records["data/members/xss-website.yml"] = ({**member("-website", "Website-Test", ""), "website": "javascript:alert(1)",
                                                 "aliases": []}, "")

    settings = settings_from_mkdocs(config)
    for _ in range(5):
        for rel, (data, text) in records.items():
            if rel.endswith(".md"):
                (dest / rel).write_text(f"---\n{_dump(data)}---\n\n{text}", encoding="utf-8")
            else:
                (dest / rel).write_text(_dump(data), encoding="utf-8")
        _, problems = load_catalog(dest, settings)  # must not raise, whatever the text
        errors = [p for p in problems if p.severity == "error"]
        if not errors:
            break
        for p in errors:
            assert p.file in records and p.field, f"unexpected problem: {p.text()}"
            h.rejected.append(f"{p.file}: {p.field}: {p.message}")
            if p.file == "data/members/xss-website.yml":
                records.pop(p.file, None)  # only there to be refused
                (dest / p.file).unlink(missing_ok=True)
            else:
                _set(records[p.file][0], p.field, FALLBACK)
    else:
        raise AssertionError(f"validation did not settle: {[p.text() for p in errors]}")
    for rel, (data, text) in records.items():
        for name, value in _texts(data).items():
            h.placed[(rel, name)] = value
        if text:
            h.placed[(rel, "body")] = text
    return h
