"""Hostile content is inert: XSS payloads in every text field and every Markdown body.

``tests/xss/hostile.py`` makes a copy of the sample network in which each payload of
``tests/xss/payloads.txt`` fills every plain-text field of a member, a case study and an event,
and their Markdown bodies (one payload each, and all of them in ``xss-alle``). The site is built
once and checked twice:

- in the HTML of every page (BeautifulSoup): no script but the site's own, no ``on…`` attribute,
  no ``javascript:``/``data:``/``vbscript:`` address, no iframe, object, embed or style, text shown as
  text (Jinja syntax literally, never evaluated); in the JSON, CSV, GeoJSON, Atom and iCalendar files:
  valid documents that carry the payloads as plain strings;
- in chromium (Playwright, as tests/test_browser.py): each page type with payloads opens without a
  dialog, a console error, a request to another host or ``window.__xss``, and the live DOM (the
  browser's own parse, where mutation XSS would show) has no handler or script address either.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import icalendar
import pytest
from bs4 import BeautifulSoup

from browsing import built_and_served, chromium
from xss.hostile import BODY_ONLY, PAYLOADS, make_project

MATERIAL = Path(__import__("material").__file__).parent / "templates"
REPO = Path(__file__).resolve().parent.parent
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "cite",
                  "codebase", "longdesc", "usemap", "ping", "manifest", "icon", "lowsrc", "dynsrc"}
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "style", "base", "noscript",
                  "template", "math", "foreignobject", "textarea", "select", "option"}
JINJA = ["{{ 7*7 }}", "{{ config.site_name }}{{ ''.__class__.__mro__ }}", "{% raw %}{{ 7*7 }}{% endraw %}",
         '{% include "base.html" %}']


# --- the hostile site: built once, served on 127.0.0.1 ----------------------------------------------------

@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """(Hostile project, built site folder, base URL the site is served at)."""
    h = make_project(tmp_path_factory.mktemp("xss") / "kooplab")
    out = tmp_path_factory.mktemp("xss-site")
    with built_and_served(h.root, out) as base:
        yield h, out, base


@pytest.fixture(scope="module")
def pages(hostile) -> dict[str, BeautifulSoup]:
    _, out, _ = hostile
    return {p.relative_to(out).as_posix(): BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
            for p in sorted(out.rglob("*.html"))}


def squash(text: str) -> str:
    return " ".join(text.split())


def scheme_of(url: str) -> str:
    """The scheme a browser would see: entities decoded (once more than the parser did, to be strict),
    tabs and newlines anywhere and control characters and spaces in front dropped, case folded."""
    url = re.sub(r"[\t\n\r]", "", html.unescape(url)).lstrip("".join(map(chr, range(0x21)))).casefold()
    return url.split(":", 1)[0] + ":" if ":" in url.split("/", 1)[0] else ""


def material_inline_scripts(theme: Path = MATERIAL) -> list[re.Pattern]:
    """The inline scripts the theme's templates (Material's; tests/test_zensical.py: Zensical's) and ours write, as
    patterns (Jinja expressions match anything)."""
    patterns = []
    for template in [*theme.rglob("*.html"), *(REPO / "overrides").rglob("*.html")]:
        for body in re.findall(r"<script>(.*?)</script>", template.read_text(encoding="utf-8"), re.S):
            parts = re.split(r"{{.*?}}|{%.*?%}", body, flags=re.S)
            patterns.append(re.compile(".*?".join(re.escape(p) for p in parts), re.S))
    return patterns


# --- the sanitiser on its own ---------------------------------------------------------------------------

@pytest.mark.parametrize("raw, clean", [
    ('<p class="x" title="t" lang="en" id="ok">a <strong>b</strong></p>',
     '<p class="x" title="t" lang="en" id="ok">a <strong>b</strong></p>'),
    ('<a href="https://example.org">x</a>', '<a href="https://example.org" rel="noopener">x</a>'),
    ('<a href="../partner/">x</a>', '<a href="../partner/" rel="noopener">x</a>'),
    ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener">x</a>'),
    ('<a href="tel:+49421123456">Telefon</a>', '<a href="tel:+49421123456" rel="noopener">Telefon</a>'),  # validation lets it
    ('<a href="data:text/html,x">x</a>', '<a rel="noopener">x</a>'),
    ('<img src="x" onerror="alert(1)" alt="Bild">', '<img src="x" alt="Bild">'),
    ('<img src="../../logos/a.svg" alt="Logo">', '<img src="../../logos/a.svg" alt="Logo">'),
    ('<img src="https://tracker.example/p.gif" alt="Pixel">', '<img alt="Pixel">'),  # no request elsewhere
    ('<img src="\\\\tracker.example\\p.gif" alt="Pixel">', '<img alt="Pixel">'),
    # browsers drop tabs and line breaks in addresses, also written as character references
    ('<img src="ht&#13;tps://tracker.example/p.gif" alt="Pixel">', '<img alt="Pixel">'),
    ('<img src="/&#10;/tracker.example/p.gif" alt="Pixel">', '<img alt="Pixel">'),
    # text in angle brackets that is no HTML element is an editor's placeholder: shown, not dropped
    ("<p>Kontakt: <Projektleitung Umwelt></p>", "<p>Kontakt: &lt;Projektleitung Umwelt&gt;</p>"),
    ("<script>alert(1)</script>Text", "Text"),
    ("<style>p{}</style>Text", "Text"),
    ('<iframe src="https://example.org"></iframe>Text', "Text"),
    ('<div id="__config">{}</div>', "<div>{}</div>"),  # Material's configuration stays Material's
    ('<table><tr><th style="text-align: right; color: red">a</th></tr></table>',
     '<table><tbody><tr><th style="text-align:right">a</th></tr></tbody></table>'),
    ('<p style="background:url(javascript:alert(1))">x</p>', "<p>x</p>"),
    ("<!-- <script>alert(1)</script> -->Text", "Text"),
])
def test_sanitiser_keeps_structure_and_drops_what_is_active(raw, clean):
    from kooplab.pages.sanitize import sanitize

    assert sanitize(raw) == clean


# --- HTML ------------------------------------------------------------------------------------------------

def page_problems(address: str, soup: BeautifulSoup, site: Path, own_host: str, known: list[re.Pattern]) -> list[str]:
    found = []
    for script in soup.find_all("script"):
        kind = script.get("type", "")
        text = script.string or ""
        if script.get("src"):
            src = script["src"]
            target = urlsplit(urljoin(f"http://{own_host}/{address}", src))
            if target.netloc != own_host or not target.path.startswith("/assets/") or text.strip() \
                    or not (site / target.path.lstrip("/")).is_file():
                found.append(f"script src={src!r}")
        elif kind == "application/ld+json":
            if re.search(r"</script|<!--|<script", text, re.I):
                found.append(f"JSON-LD with markup: {text[:80]!r}")
            try:
                json.loads(text)
            except ValueError:
                found.append(f"JSON-LD is not JSON: {text[:80]!r}")
        elif kind == "application/json" and script.get("id") == "__config":
            json.loads(text)
        elif kind == "application/json" and script.has_attr("data-kl-spec") and address == "mitmachen/eintragen/index.html":
            # the entry form's fields (vocabulary labels among them): JSON that cannot end the script element
            if re.search(r"</script|<!--|<script", text, re.I):
                found.append(f"form spec with markup: {text[:80]!r}")
            json.loads(text)
        elif kind or not any(p.fullmatch(text) for p in known):
            found.append(f"unknown script: {str(script)[:120]!r}")
    # ids Material's scripts look up (__config, __search, …) are the theme's alone
    reserved = [el["id"].strip() for el in soup.find_all(id=re.compile(r"^\s*__"))]
    if len(reserved) != len(set(reserved)):
        found.append(f"reserved id twice: {sorted(i for i in reserved if reserved.count(i) > 1)}")
    if soup.find(id="__config") is not None and soup.find(id="__config").name != "script":
        found.append("#__config is not Material's configuration")
    for el in soup.find_all(True):
        # the site's own search dialog has its filters as <select> (partials/kl-search.html); nowhere else
        ours = el.name.lower() in ("select", "option") and el.find_parent(id="kl-search") is not None \
            and el.find_parent(id="kl-search").name == "dialog"
        # the entry form: its result is edited in a <textarea>, its no-script text names the templates
        form = address == "mitmachen/eintragen/index.html" and (
            (el.name == "textarea" and el.find_parent(attrs={"data-kl-entry": True}) is not None)
            or (el.name == "noscript" and el.find_parent("article") is not None and not el.find_all(["script", "img"])))
        # /einbetten/: the builder's filters are <select>s of the vocabularies, its snippet a <textarea>; the
        # views for other websites say in <noscript> where the list is
        builder = address == "einbetten/index.html" and el.name in ("select", "option", "textarea") and \
            el.find_parent("form", attrs={"data-kl-embed-builder": True}) is not None
        quiet = address.startswith("einbetten/") and el.name == "noscript" and not el.find_all(["script", "img"]) \
            and (el.find_parent("article") is not None or el.find_parent("main", class_="kl-embed") is not None)
        ours = ours or form or builder or quiet
        if el.name.lower() in FORBIDDEN_TAGS and not ours:
            found.append(f"<{el.name}>: {str(el)[:80]!r}")
        for name, value in el.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if name.lower().startswith("on"):
                found.append(f"<{el.name} {name}={value!r}>")
            elif name.lower() in URL_ATTRIBUTES and scheme_of(value) in BAD_SCHEMES:
                found.append(f"<{el.name} {name}={value!r}>")
            elif name.lower() == "srcset" and any(scheme_of(c) in BAD_SCHEMES for c in value.split(",")):
                found.append(f"<{el.name} srcset={value!r}>")
            elif name.lower() == "srcdoc":
                found.append(f"<{el.name} srcdoc>")
            elif name.lower() == "style" and re.search(r"url\s*\(|expression|@import|javascript|behavior", value, re.I):
                found.append(f"<{el.name} style={value!r}>")
        if el.name == "meta" and el.get("http-equiv", "").lower() == "refresh":
            url = el.get("content", "").split("url=", 1)[-1]
            if scheme_of(url) in BAD_SCHEMES or urlsplit(urljoin(f"http://{own_host}/{address}", url)).netloc != own_host:
                found.append(f"meta refresh {el['content']!r}")
        if el.get("src") and el.name != "script" and \
                urlsplit(urljoin(f"http://{own_host}/{address}", el["src"].replace("\\", "/"))).netloc != own_host:
            found.append(f"<{el.name} src={el['src']!r}> loads from another host")
        if el.name == "link" and el.get("href"):
            if urlsplit(urljoin(f"http://{own_host}/{address}", el["href"])).netloc != own_host:
                found.append(f"<link href={el['href']!r}>")
    return [f"{address}: {f}" for f in found]


def test_payloads_reach_every_field_and_refusals_are_reported(hostile):
    h, _, _ = hostile
    assert len(PAYLOADS) >= 20
    # every kind of record got every payload in its main fields; only length limits refused some
    for rel, payload in [*((f"data/members/{s}.yml", p) for s, p in h.members.items()),
                         *((f"data/cases/{s}.md", p) for s, p in h.cases.items())]:
        placed = h.value(rel, "name" if "members" in rel else "title")
        assert placed is not None and payload in placed, rel
    assert all(re.search(r"(characters long|is not a web address)", r) for r in h.rejected), h.rejected
    assert any("xss-website.yml: website:" in r and "javascript" in r for r in h.rejected)


def test_no_page_contains_active_content(hostile, pages):
    h, out, base = hostile
    known = material_inline_scripts()
    own = urlsplit(base).netloc
    problems = []
    for address, soup in pages.items():
        problems += page_problems(address, soup, out, own, known)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:40])


def test_plain_text_fields_are_shown_as_text(hostile, pages):
    """Payloads in plain-text fields are escaped, not removed: readers see exactly what was written."""
    h, _, _ = hostile
    checked = 0
    for kind, records, folder, title, lead in (
            ("members", h.members, "verzeichnis", "name", "summary"),
            ("cases", h.cases, "kooperationen", "title", "summary"),
            ("events", h.events, "termine", "title", "summary")):
        for slug in records:
            ext = ".md" if kind == "cases" else ".yml"
            soup = pages[f"{folder}/{slug}/index.html"]
            article = soup.select_one("article")
            assert squash(article.h1.get_text()) == squash(h.value(f"data/{kind}/{slug}{ext}", title)), slug
            assert squash(h.value(f"data/{kind}/{slug}{ext}", lead)) in squash(article.get_text(" ")), slug
            assert squash(soup.title.get_text()).startswith(squash(h.value(f"data/{kind}/{slug}{ext}", title)))
            checked += 1
    assert checked == 3 * len(h.members)


def test_jinja_syntax_is_shown_literally(hostile, pages):
    h, _, _ = hostile
    for payload in JINJA:
        slug = next(s for s, p in h.members.items() if p == payload)
        article = pages[f"verzeichnis/{slug}/index.html"].select_one("article")
        assert squash(article.h1.get_text()) == squash(payload)
        # and in the Markdown body, where it is text too (Markdown's own syntax aside: __x__ is bold)
        assert re.sub(r"\s", "", payload.replace("__", "")) in re.sub(r"\s", "", article.select_one(".kl-body").get_text())
    everything = "".join(str(s) for s in pages.values())
    assert "<class 'object'>" not in html.unescape(everything)  # {{ ''.__class__.__mro__ }} never ran


def test_markdown_bodies_keep_their_text_but_lose_active_parts(hostile, pages):
    h, _, _ = hostile

    def body(payload: str):
        slug = next(s for s, p in h.members.items() if p == payload)
        return pages[f"verzeichnis/{slug}/index.html"].select_one(".kl-body")

    # allowed markup survives: lists, quotes, tables, links to web addresses (without their handlers)
    plain = body(PAYLOADS[0])
    assert plain.find("ul") and plain.find("blockquote") and plain.find("table")
    assert plain.find("th")["style"] == "text-align:center"  # | :---: | keeps its alignment, nothing else
    for payload in ('<a href="https://example.org" onclick="alert(1)">Klick</a>',
                    '[Attribut-Link](https://example.org){: onclick="alert(1)" }'):
        link = body(payload).select_one('a[href="https://example.org"]')
        assert link is not None and link.attrs == {"href": "https://example.org", "rel": ["noopener"]}
    # text of dropped elements stays readable; a link whose address was dropped keeps its text
    assert "Details" in body("<details open ontoggle=alert(1)><summary>Details</summary>Inhalt</details>").get_text()
    assert "VB-Link" in body('<a href="vbscript:msgbox(1)">VB-Link</a>').get_text()
    # the page with every payload in a row: the text before the first unclosed element is there
    assert "Alle Payloads hintereinander" in pages["verzeichnis/xss-malle/index.html"].select_one(".kl-body").get_text()


def test_case_body_citation_and_sources_are_escaped(hostile, pages):
    soup = pages["kooperationen/xss-calle/index.html"]
    sources = soup.select_one("#quellen").find_parent("section") if soup.select_one("#quellen") else None
    assert sources is not None
    assert "Mallory" in sources.get_text()
    literature = pages["literatur/index.html"]
    assert "<svg onload=alert(1)>" in literature.get_text()  # the title as text


def test_network_vocabulary_text_is_escaped(hostile, pages):
    page = next(s for a, s in pages.items() if a.startswith("netzwerke/xss-netz"))
    assert "<script>alert(1)</script> Netz {{ 7*7 }}" in squash(page.select_one("article h1").get_text())
    bremen = next(s for a, s in pages.items() if a.startswith("regionen/bremen/") and "seite" not in a)
    for shown in (page, bremen):  # the network's contact, on its page and among its state's contacts
        roles = [squash(p.get_text()) for p in shown.select("article .kl-contacts__role")]
        assert '<img src=x onerror=alert(1)> Geschäftsstelle {{ 7*7 }}: "><script>alert(1)</script>' in roles


# --- exports ---------------------------------------------------------------------------------------------

def test_json_exports_are_valid_and_carry_payloads_as_strings(hostile):
    h, out, _ = hostile
    for path in [*out.rglob("*.json"), *out.rglob("*.geojson")]:
        json.loads(path.read_text(encoding="utf-8"))  # every file parses
    for slug in h.members:
        data = json.loads((out / f"api/members/{slug}.json").read_text(encoding="utf-8"))["record"]
        assert data["name"] == h.value(f"data/members/{slug}.yml", "name")
        assert data["summary"] == h.value(f"data/members/{slug}.yml", "summary")
    names = {r["name"] for r in json.loads((out / "daten/members.json").read_text(encoding="utf-8"))["members"]}
    assert {h.value(f"data/members/{s}.yml", "name") for s in h.members} <= names


def test_csv_exports_carry_payloads_as_cells_and_no_formulas(hostile):
    h, out, _ = hostile
    for kind in ("members", "cases", "events"):
        rows = list(csv.reader(io.StringIO((out / f"daten/{kind}.csv").read_bytes().decode("utf-8"), newline="")))
        # a cell a spreadsheet would run as a formula starts with an apostrophe, which shows it as text
        formulas = [cell for row in rows for cell in row if cell[:1] in ("=", "+", "@", "\t", "\r")
                    or re.match(r"-(?![0-9.]+$)", cell)]
        assert not formulas, formulas[:5]
    rows = list(csv.DictReader(io.StringIO((out / "daten/members.csv").read_bytes().decode("utf-8"), newline="")))
    names = {r["name"] for r in rows}
    for slug, payload in h.members.items():
        name = h.value(f"data/members/{slug}.yml", "name")
        assert (f"'{name}" if name[:1] in "=+-@" else name) in names


def test_feed_is_valid_xml_with_payloads_as_text(hostile):
    h, out, _ = hostile
    feed = ET.fromstring((out / "kooperationen/feed.xml").read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = {e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)}
    expected = {h.value(f"data/cases/{s}.md", "title").replace("\r\n", "\n") for s in h.cases}
    assert expected <= titles
    ET.fromstring((out / "sitemap.xml").read_bytes())


def test_calendars_are_valid_and_lines_cannot_be_injected(hostile):
    h, out, _ = hostile
    for path in out.rglob("*.ics"):
        raw = path.read_bytes()
        cal = icalendar.Calendar.from_ical(raw)
        assert cal.name == "VCALENDAR"
        lines = raw.decode("utf-8").replace("\r\n ", "").split("\r\n")  # unfolded content lines
        assert not [line for line in lines if line.startswith(("ATTACH", "BEGIN:VALARM", "DTSTART:1970"))], path
    for slug in h.events:
        cal = icalendar.Calendar.from_ical((out / f"termine/{slug}.ics").read_bytes())
        (event,) = cal.walk("VEVENT")
        # iCalendar has no carriage return inside a text: a line break is a line break
        assert str(event["SUMMARY"]) == h.value(f"data/events/{slug}.yml", "title").replace("\r\n", "\n")


# --- in the browser --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


# the live DOM after the page's scripts ran: handlers, script addresses, scripts that are not the site's
LIVE_DOM_CHECK = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const v = a.value.replace(/[\\t\\n\\r]/g, '').replace(/^[\\x00-\\x20]+/, '').toLowerCase();
      if (a.name.startsWith('on')) bad.push(el.tagName + ' ' + a.name);
      else if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data'].includes(a.name)
               && /^(javascript|data|vbscript):/.test(v)) bad.push(el.tagName + ' ' + a.name + '=' + a.value);
    }
  }
  for (const el of document.querySelectorAll('iframe, object, embed, frame, base, style')) bad.push(el.outerHTML.slice(0, 80));
  const config = document.querySelector('#__config');
  if (config && config.tagName !== 'SCRIPT') bad.push('#__config is a ' + config.tagName);
  for (const s of document.scripts) {
    if (s.src) { if (!s.src.startsWith(location.origin + '/assets/')) bad.push('script ' + s.src); }
    else if (/alert|__xss|msgbox/.test(s.textContent) && s.type !== 'application/ld+json') bad.push("script " + s.type + " " + s.id + " " + s.textContent.slice(0, 200));
  }
  return bad;
}"""


def show_all_results(page, query: str) -> None:
    """The site search (assets/kooplab-search.js): open it with '/', type the query, and show every hit
    ("Weitere Treffer zeigen" until none is left)."""
    page.locator("body").press("/")
    page.locator("[data-kl-search-input]").fill(query)
    page.wait_for_function("() => /Treffer/.test(document.querySelector('[data-kl-search-status]').textContent)",
                           timeout=10_000)
    more = page.locator("[data-kl-search-more]")
    while more.is_visible():
        more.click()
        page.wait_for_timeout(100)
    total = page.locator("[data-kl-search-status]").inner_text()
    shown = page.locator(".kl-search__hit").count()
    assert total.startswith("Keine") or total.split()[0] == str(shown), f"{total}, but {shown} shown"


def visit(browser, base: str, addresses: list[str], idle: bool = False, query: str = "") -> list[str]:
    """Open each address; everything that went wrong, as lines. ``idle``: wait until the network is
    quiet (pages that fetch JSON), else until the load event; ``query``: search for it and show every hit."""
    context = browser.new_context(locale="de-DE")
    found: list[str] = []
    host = urlsplit(base).netloc

    def console(msg) -> None:
        # the one expected error: a payload's own broken image (<img src=x>), a 404 and nothing more
        url = (msg.location or {}).get("url", "")
        if msg.type == "error" and not (msg.text.startswith("Failed to load resource") and url.endswith("/x")):
            found.append(f"{page.url}: console {msg.text} ({url})")

    context.on("request", lambda r: found.append(f"request to another host: {r.url}")
               if urlsplit(r.url).netloc not in (host, "") and not r.url.startswith(("data:", "blob:")) else None)
    page = context.new_page()
    page.on("dialog", lambda d: (found.append(f"{page.url}: dialog {d.type}: {d.message}"), d.dismiss()))
    page.on("console", console)
    page.on("pageerror", lambda exc: found.append(f"{page.url}: {exc}"))
    try:
        for address in addresses:
            page.goto(base + address, wait_until="networkidle" if idle else "load")
            if query:
                show_all_results(page, query)
            found += [f"{address}: {b}" for b in page.evaluate(LIVE_DOM_CHECK)]
            if page.evaluate("typeof window.__xss") != "undefined":
                found.append(f"{address}: window.__xss is set")
    finally:
        context.close()
    return found


def test_record_pages_run_nothing_in_the_browser(browser, hostile):
    """Every member page (each payload in every plain field and in the body); of case studies and events
    the pages whose bodies hold all payloads and the Markdown-only ones. Their other pages differ only in
    escaped text, which the HTML checks above cover, and the same sanitiser cleans every body."""
    h, _, base = hostile
    addresses = [f"verzeichnis/{s}/" for s in h.members] \
        + [f"kooperationen/{s}/" for s in h.cases if s == "xss-calle" or s.startswith("xss-cb")] \
        + [f"termine/{s}/" for s in h.events if s == "xss-ealle" or s.startswith("xss-eb")]
    assert len(addresses) > len(PAYLOADS) + 2 * len(BODY_ONLY)
    assert visit(browser, base, addresses) == []


def test_lists_and_overviews_run_nothing_in_the_browser(browser, hostile):
    _, _, base = hostile
    addresses = ["", "verzeichnis/", "kooperationen/", "termine/", "boerse/", "karte/", "netzwerke/xss-netz/",
                 "regionen/bremen/", "sdg/13-massnahmen-zum-klimaschutz/", "literatur/", "daten/",
                 "verzeichnis/xss-alt0/",
                 # the filter and the address's highlighting read it: a payload there stays text too
                 "verzeichnis/?suche=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
                 "verzeichnis/?suche=Ergänzung", "verzeichnis/?suche=xss", "verzeichnis/?region=DE-HB",  # cards drawn by the filter
                 "verzeichnis/xss-malle/?h=%3Cimg+src%3Dx+onerror%3Dalert(1)%3E"]
    assert visit(browser, base, addresses, idle=True) == []


def test_search_results_run_nothing(browser, hostile):
    """The site search shows each hit's title (as text) and Pagefind's excerpt (the page text, escaped, with
    <mark> around the hits; the script keeps nothing else of it). Every record is found by its kind."""
    _, _, base = hostile
    queries = ["Unternehmen", "Fallbeispiel", "Termin", "Netz", "xss", "alert", "onerror",
               "Bremen <img src=x onerror=alert(1)>"]  # a payload in the query itself
    # and on the page whose text tries to replace Material's configuration
    clobber = next(j for j, p in enumerate(BODY_ONLY) if "__config" in p)
    for query in queries:
        assert visit(browser, base, ["", f"verzeichnis/xss-mb{clobber}/"], idle=True, query=query) == []


def test_views_for_other_websites_run_nothing(browser, hostile):
    """The light views (/einbetten/) draw every entry from their data files with the script: names, places,
    Börse entries and, in the detail view, a summary from the API, all as text; a heading from the address too."""
    h, _, base = hostile
    member = next(iter(h.members))
    payload = "%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"
    addresses = ["einbetten/mitglieder/?anzahl=50", "einbetten/mitglieder/?ansicht=logos&anzahl=50",
                 "einbetten/kooperationen/?anzahl=50&ansicht=karten", "einbetten/termine/?anzahl=50",
                 "einbetten/boerse/?anzahl=50", "einbetten/mitglieder/?network=xss-netz&anzahl=50",
                 f"einbetten/mitglieder/?titel={payload}", f"einbetten/mitglieder/?eintrag={member}",
                 f"einbetten/mitglieder/?kind={payload}"]
    assert visit(browser, base, addresses, idle=True) == []
    # and the payloads were there, drawn as text
    page = browser.new_page()
    page.goto(base + "einbetten/mitglieder/?anzahl=50", wait_until="networkidle")
    names = page.locator("a[data-kl-item]").all_inner_texts()
    assert any("<" in name for name in names), names[:5]  # markup in a name is shown, not parsed
    page.close()
