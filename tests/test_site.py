"""The built site as a reader meets it.

The sample network is built once per session with ``mkdocs build --strict`` into a
temporary folder; the HTML is read with a real parser and compared with the catalog
loaded from the same data (no numbers are written down here).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from mkdocs.config import load_config

from kooplab import urls
from kooplab.load.catalog import Catalog, load_catalog
from kooplab.collation import initial, sort_key
from kooplab.pages.formatting import date_de, number_de, period_de
from kooplab.records import Period, contrast
from kooplab.settings import settings_from_mkdocs

REPO = Path(__file__).resolve().parent.parent
# read as MkDocs reads it (the file takes site_url and repo_url from the environment when set)
CONFIG = load_config(str(REPO / "mkdocs.yml"))
# edit_uri names the content/ folder; generated pages open their data file beside it
EDIT = urljoin(CONFIG.repo_url.rstrip("/") + "/", CONFIG.edit_uri + "../")  # …/edit/main/
SITE_URL = CONFIG.site_url
UN_GUIDELINES = "https://www.un.org/sustainabledevelopment/news/communications-material/"
BASE = "http://kooplab.invalid/"  # stands for the site root when resolving relative links
STATUS_LABELS = {"laufend": "laufend", "abgeschlossen": "abgeschlossen", "geplant": "geplant"}


# --- building and reading ----------------------------------------------------------

def build(project: Path, out: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
                           "-d", str(out)], cwd=project, capture_output=True, text=True, env=env)


@dataclass
class Site:
    """A built site: pages by their address relative to the site root ('' is the start page)."""

    root: Path

    def __post_init__(self) -> None:
        self._soups: dict[str, BeautifulSoup] = {}

    def file(self, address: str) -> Path:
        path = self.root / unquote(address)
        return path / "index.html" if address == "" or address.endswith("/") else path

    def exists(self, address: str) -> bool:
        return self.file(address).is_file()

    def soup(self, address: str) -> BeautifulSoup:
        if address not in self._soups:
            assert self.exists(address), f"no page at /{address}"
            self._soups[address] = BeautifulSoup(self.file(address).read_text(encoding="utf-8"), "html.parser")
        return self._soups[address]

    def article(self, address: str) -> Tag:
        return self.soup(address).select_one("article.md-content__inner")

    def pages(self) -> list[str]:
        """Addresses of all HTML pages (not the 404 page)."""
        found = []
        for path in sorted(self.root.rglob("*.html")):
            rel = path.relative_to(self.root).as_posix()
            if rel == "404.html":
                continue
            found.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        return found

    @staticmethod
    def resolve(address: str, href: str) -> str | None:
        """The site address a link on page ``address`` points to; None for other hosts, mailto: etc."""
        target = urljoin(BASE + address, href)
        if not target.startswith(BASE):
            return None
        return urlsplit(target).path[1:]

    def links(self, address: str, scope: Tag | None = None) -> list[str]:
        """Addresses of the internal links in ``scope`` (default: the article), in order, without fragments."""
        scope = scope if scope is not None else self.article(address)
        return [a for a in (self.resolve(address, el["href"]) for el in scope.select("a[href]")) if a is not None]


def text(tag: Tag) -> str:
    return " ".join(tag.get_text(" ", strip=True).split())


def section(site: Site, address: str, heading_id: str) -> Tag:
    heading = site.article(address).find(id=heading_id)
    assert heading is not None, f"/{address} has no section #{heading_id}"
    return heading.find_parent("section")


def card_links(site: Site, address: str, scope: Tag, kind: str) -> list[str]:
    return [site.resolve(address, a["href"]) for a in scope.select(f".kl-{kind}-card .kl-card__title a")]


def facts(article: Tag) -> dict[str, Tag]:
    """The record's fields: <dt> label -> <dd>."""
    return {text(div.dt): div.dd for div in article.select("dl.kl-facts > div")}


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    catalog, problems = load_catalog(REPO, settings_from_mkdocs(REPO / "mkdocs.yml"))
    assert not problems.errors, [p.text() for p in problems]
    return catalog


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    out = tmp_path_factory.mktemp("site")
    return build(REPO, out), out


@pytest.fixture(scope="session")
def site(built) -> Site:
    result, out = built
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr[-4000:]}"
    return Site(out)


# --- the build -------------------------------------------------------------------------

def test_strict_build_passes(built):
    result, _ = built
    assert result.returncode == 0, result.stderr[-4000:]
    assert "WARNING" not in result.stderr, result.stderr[-4000:]


def test_pages_are_german(site):
    for address in ["", urls.DIRECTORY, urls.LAB]:
        assert site.soup(address).html["lang"] == "de"


def test_search_is_german_and_indexes_every_record_page(site, catalog):
    """Pagefind's index (kooplab.outputs.search_index) is German, and every member, case and event page marks
    its article for it, with its kind and filter values (main.html, partials/kl-search-facets.html)."""
    assert '"de"' in (site.root / "pagefind/pagefind-entry.json").read_text("utf-8")
    for record, address, kind in [*((m, urls.member(m), "member") for m in catalog.members.values()),
                                  *((c, urls.case(c), "case") for c in catalog.cases.values()),
                                  *((e, urls.event(e), "event") for e in catalog.events.values())]:
        body = site.soup(address).select_one("[data-pagefind-body]")
        assert body is not None, address
        assert body.select_one('[data-pagefind-meta="kind"]').get_text() == kind
        assert [s.get_text() for s in body.select('[data-pagefind-filter="sdg"]')] == [
            f"SDG {g}" for g in record.goals], address


# --- every record has its page ------------------------------------------------------------

def test_every_member_and_case_has_its_page(site, catalog):
    for m in catalog.members.values():
        assert text(site.article(urls.member(m)).h1) == m.name
    for c in catalog.cases.values():
        assert text(site.article(urls.case(c)).h1) == c.title


def test_every_vocabulary_page_exists(site, catalog):
    v = catalog.vocab
    for address in [urls.DIRECTORY, urls.LAB, urls.SDGS, urls.REGIONS, urls.NETWORKS]:
        assert site.exists(address)
    assert len(v.sdgs) == 17
    for address in [*map(urls.goal, v.sdgs), *map(urls.region, v.regions), *map(urls.network, v.networks)]:
        assert site.exists(address), address
    used = {f for c in catalog.cases.values() for f in c.formats}
    for f in v.formats:
        assert site.exists(urls.format_(f)) == (f.id in used), f.id


def test_goal_addresses_are_readable(site):
    assert site.exists("sdg/13-massnahmen-zum-klimaschutz/")


# --- Verzeichnis ------------------------------------------------------------------------

def test_directory_lists_every_member_a_to_z_with_counts(site, catalog):
    article = site.article(urls.DIRECTORY)
    members = sorted(catalog.members.values(), key=lambda m: (sort_key(m.name), m.slug))  # German A–Z
    assert card_links(site, urls.DIRECTORY, article, "member") == [urls.member(m) for m in members]
    assert f"{len(members)} Mitglieder" in text(article.select_one(".kl-lead"))
    tally = {text(d.dt): int(text(d.dd)) for d in article.select("dl.kl-tally > div")}
    expected = {}
    for m in members:
        label = catalog.vocab.kinds[m.kind].label
        expected[label] = expected.get(label, 0) + 1
    assert tally == expected
    # the letters: every member under the letter its name starts with, letters in order
    letters = [text(h) for h in article.select("section.kl-letter > h2")]
    assert letters == sorted(set(initial(m.name) for m in members))
    for block in article.select("section.kl-letter"):
        letter = text(block.h2)
        for a in block.select(".kl-card__title a"):
            assert initial(text(a)) == letter
    jump = [site.resolve(urls.DIRECTORY, a["href"]) for a in article.select("nav.kl-letters a")]
    assert len(jump) == len(letters)


def test_directory_cards_show_kind_place_networks_and_goals(site, catalog):
    article = site.article(urls.DIRECTORY)
    cards = article.select(".kl-member-card")
    v = catalog.vocab
    members = sorted(catalog.members.values(), key=lambda m: (sort_key(m.name), m.slug))
    for m, card in zip(members, cards, strict=True):
        assert text(card.select_one(".kl-card__title")) == m.name
        meta = text(card.select_one(".kl-card__meta"))
        assert v.kinds[m.kind].label in meta and m.location.city in meta
        assert v.regions[m.location.region].label in meta
        assert [text(li) for li in card.select(".kl-card__networks li")] == [v.networks[n].label for n in m.networks]
        badges = [site.resolve(urls.DIRECTORY, a["href"]) for a in card.select(".kl-sdg-badge")]
        assert badges == [urls.goal(v.sdgs[g]) for g in sorted(m.goals)]
        logo = card.select_one("img.kl-logo")
        if m.logo:
            assert logo["alt"] == f"Logo von {m.name}"
            assert site.exists(site.resolve(urls.DIRECTORY, logo["src"]))
        else:
            assert logo is None


# --- member pages -------------------------------------------------------------------------

def test_member_page_shows_all_fields(site, catalog):
    v = catalog.vocab
    for m in catalog.members.values():
        address = urls.member(m)
        article = site.article(address)
        fields = facts(article)
        assert text(fields["Art der Organisation"]) == v.kinds[m.kind].label
        if m.sector:
            assert text(fields["Branche"]) == v.sectors[m.sector].label
        place = fields["Ort"]
        assert m.location.city in text(place)
        if m.location.postcode:
            assert m.location.postcode in text(place)
        assert site.links(address, place) == [urls.region(v.regions[m.location.region])]
        if m.website:
            assert fields["Website"].a["href"] == m.website
        if m.member_since:
            assert text(fields["Mitglied seit"]) == str(m.member_since)
        if m.networks:
            assert site.links(address, fields["Netzwerke"]) == [urls.network(v.networks[n]) for n in m.networks]
        assert m.summary in text(article)
        assert f"Zuletzt geprüft am {date_de(m.reviewed)}" in text(article.select_one(".kl-reviewed"))


def test_member_page_shows_its_goals_with_evidence(site, catalog):
    for m in catalog.members.values():
        address = urls.member(m)
        sdgs = section(site, address, "sdgs")
        items = sdgs.select(".kl-goal-evidence > li")
        tags = sorted(m.sdgs, key=lambda t: t.goal)
        assert len(items) == len(tags)
        for tag, item in zip(tags, items):
            goal = catalog.vocab.sdgs[tag.goal]
            assert site.links(address, item) == [urls.goal(goal)]
            assert goal.label in text(item) and tag.evidence in text(item)


def test_member_page_lists_its_case_studies(site, catalog):
    for m in catalog.members.values():
        address = urls.member(m)
        cases = section(site, address, "kooperationen")
        assert set(card_links(site, address, cases, "case")) == {urls.case(c) for c in m.cases}


def test_member_page_shows_published_contacts(site, catalog):
    for m in catalog.members.values():
        page = text(site.article(urls.member(m)))
        for contact in m.published_contacts:
            assert contact.role in page
            for value in (contact.email, contact.phone, contact.name):
                assert value in page


def test_member_description_is_below_the_header(site, catalog):
    m = next(m for m in catalog.members.values() if m.description)
    article = site.article(urls.member(m))
    portrait = article.find(id="portraet").find_parent("section")
    assert portrait.find_previous("dl", class_="kl-facts") is not None
    first_words = " ".join(m.description.split()[:5])
    assert first_words in text(portrait)


# --- case pages ----------------------------------------------------------------------------

def test_case_page_links_its_member_partners(site, catalog):
    for c in catalog.cases.values():
        address = urls.case(c)
        partners = facts(site.article(address))["Partner"]
        items = partners.select("li")
        assert len(items) == len(c.partners)
        for p, item in zip(c.partners, items):
            if p.is_member:
                assert site.links(address, item) == [urls.member(p.slug)]
                assert text(item) == catalog.members[p.slug].name
            else:
                assert p.name in text(item)
                assert [a["href"] for a in item.select("a")] == ([p.website] if p.website else [])


def test_case_page_structured_header(site, catalog):
    v = catalog.vocab
    for c in catalog.cases.values():
        address = urls.case(c)
        article = site.article(address)
        fields = facts(article)
        label = "Format" if len(c.formats) == 1 else "Formate"
        assert site.links(address, fields[label]) == [urls.format_(v.formats[f]) for f in c.formats]
        assert site.links(address, fields["Ort"]) == [urls.region(v.regions[c.region])]
        if c.city:
            assert c.city in text(fields["Ort"])
        assert text(fields["Status"]) == STATUS_LABELS[c.status]
        period = text(fields["Zeitraum"])
        assert period_de(c.started) in period
        if c.ended:
            assert period_de(c.ended) in period
        sdgs = section(site, address, "sdgs") if c.sdgs else None
        for tag in c.sdgs:
            assert tag.evidence in text(sdgs)
            assert urls.goal(v.sdgs[tag.goal]) in site.links(address, sdgs)
        outcomes = article.select("dl.kl-outcomes > div")
        assert [(text(o.dt), text(o.dd)) for o in outcomes] == \
            [(o.label, f"{number_de(o.value)} {o.unit}".strip()) for o in c.outcomes]
        assert f"Zuletzt geprüft am {date_de(c.reviewed)}" in text(article.select_one(".kl-reviewed"))


def test_case_body_follows_the_header(site, catalog):
    c = next(c for c in catalog.cases.values() if "## " in c.body)
    article = site.article(urls.case(c))
    first_heading = re.search(r"^## (.+)$", c.body, re.M).group(1).strip()
    heading = next(h for h in article.select(".kl-body h2") if text(h).startswith(first_heading))
    assert heading.find_previous("dl", class_="kl-facts") is not None


def test_numbers_and_dates_are_german():
    assert date_de(dt.date(2026, 10, 1)) == "1. Oktober 2026"
    assert number_de(12000) == "12.000"
    assert number_de(12000.0) == "12.000"
    assert number_de(1234.5) == "1.234,5"
    assert number_de(0.25) == "0,25"
    assert period_de(Period(2024, 4)) == "April 2024"
    assert period_de(Period(2024)) == "2024"
    assert initial("Öko-Haus") == "O" and initial("3D-Werk") == "0–9"
    assert sorted(["Bürgerstiftung", "Brückenwerk", "Börde", "Barrierefrei"], key=sort_key) == \
        ["Barrierefrei", "Börde", "Brückenwerk", "Bürgerstiftung"]


def test_large_outcomes_are_shown_with_thousands_separators(site, catalog):
    big = [(c, o) for c in catalog.cases.values() for o in c.outcomes if o.value >= 1000]
    for c, o in big:
        assert number_de(o.value) in text(site.article(urls.case(c)).select_one("dl.kl-outcomes"))


# --- Kooperations-Lab ----------------------------------------------------------------------

def test_lab_shows_featured_first_then_all_cases(site, catalog):
    article = site.article(urls.LAB)
    cases = list(catalog.cases.values())
    featured = [c for c in cases if c.featured]
    sections = article.select("section")
    assert sections[0].h2["id"] == "ausgewaehlt"
    assert card_links(site, urls.LAB, sections[0], "case") == [urls.case(c) for c in featured]
    every = section(site, urls.LAB, "alle")
    assert card_links(site, urls.LAB, every, "case") == [urls.case(c) for c in cases]
    assert f"{len(cases)} Fallbeispiele" in text(article.select_one(".kl-lead"))


def test_case_cards_show_partners_formats_goals_region_status_and_an_outcome(site, catalog):
    v = catalog.vocab
    every = section(site, urls.LAB, "alle")
    for c, card in zip(catalog.cases.values(), every.select(".kl-case-card"), strict=True):
        partners = text(card.select_one(".kl-card__partners"))
        for p in c.partners:
            assert (catalog.members[p.slug].name if p.is_member else p.name) in partners
        assert [text(li) for li in card.select(".kl-card__formats li")] == [v.formats[f].label for f in c.formats]
        badges = [site.resolve(urls.LAB, a["href"]) for a in card.select(".kl-sdg-badge")]
        assert badges == [urls.goal(v.sdgs[g]) for g in sorted(c.goals)]
        meta = text(card.select_one(".kl-card__meta"))
        assert v.regions[c.region].label in meta and STATUS_LABELS[c.status] in meta
        if c.outcomes:
            outcome = text(card.select_one(".kl-card__outcome"))
            assert c.outcomes[0].label in outcome and number_de(c.outcomes[0].value) in outcome


def test_format_pages_list_exactly_their_cases(site, catalog):
    lab_formats = set(site.links(urls.LAB, section(site, urls.LAB, "formate")))
    for f in catalog.vocab.formats:
        expected = [urls.case(c) for c in catalog.cases.values() if f.id in c.formats]
        if not expected:
            continue
        address = urls.format_(f)
        assert address in lab_formats
        assert card_links(site, address, site.article(address), "case") == expected


# --- SDGs ------------------------------------------------------------------------------------

def goal_lists(site: Site, address: str) -> tuple[list[str], list[str]]:
    article = site.article(address)
    members = article.select_one('dl[data-kl-list="members"]')
    cases = article.select_one('dl[data-kl-list="cases"]')
    return (site.links(address, members) if members else [], site.links(address, cases) if cases else [])


def test_sdg_13_lists_exactly_the_records_tagged_13(site, catalog):
    goal = catalog.vocab.sdgs[13]
    members, cases = goal_lists(site, urls.goal(goal))
    assert members == [urls.member(m) for m in catalog.members.values() if 13 in m.goals]
    assert cases == [urls.case(c) for c in catalog.cases.values() if 13 in c.goals]
    assert members and cases, "the sample network should show SDG 13 with members and case studies"


def test_every_goal_page_lists_its_records_with_evidence(site, catalog):
    for goal in catalog.vocab.sdgs:
        address = urls.goal(goal)
        members, cases = goal_lists(site, address)
        tagged_members = [m for m in catalog.members.values() if goal.number in m.goals]
        tagged_cases = [c for c in catalog.cases.values() if goal.number in c.goals]
        assert members == [urls.member(m) for m in tagged_members]
        assert cases == [urls.case(c) for c in tagged_cases]
        page = text(site.article(address))
        for record in [*tagged_members, *tagged_cases]:
            for tag in record.sdgs:
                if tag.goal == goal.number:
                    assert tag.evidence in page
        if not tagged_members and not tagged_cases:
            assert "noch keine Einträge" in page


def test_sdg_overview_shows_17_tiles_with_counts(site, catalog):
    article = site.article(urls.SDGS)
    tiles = article.select(".kl-sdg-tile")
    goals = list(catalog.vocab.sdgs)
    assert len(tiles) == len(goals) == 17
    for goal, tile in zip(goals, tiles):
        assert site.links(urls.SDGS, tile) == [urls.goal(goal)]
        assert goal.label in text(tile)
        shown_members = int(text(tile.select_one('[data-kl-count="members"]')).split()[0])
        shown_cases = int(text(tile.select_one('[data-kl-count="cases"]')).split()[0])
        assert shown_members == sum(goal.number in m.goals for m in catalog.members.values())
        assert shown_cases == sum(goal.number in c.goals for c in catalog.cases.values())
        style = tile["style"]
        assert goal.color.lower() in style.lower()


STYLE_COLOURS = re.compile(r"--sdg:\s*(#[0-9A-Fa-f]{6})\s*;\s*--sdg-text:\s*(#[0-9A-Fa-f]{6})")


def test_sdg_colours_meet_wcag_aa_contrast_everywhere(site):
    checked = 0
    for address in site.pages():
        for el in site.soup(address).select('[style*="--sdg"]'):
            match = STYLE_COLOURS.search(el["style"])
            assert match, f"/{address}: SDG colour without a text colour: {el['style']}"
            background, foreground = match.groups()
            assert contrast(background, foreground) >= 4.5, f"/{address}: {foreground} on {background}"
            checked += 1
    assert checked > 17
    css = (REPO / "content/assets/kooplab.css").read_text(encoding="utf-8")
    assert "color: var(--sdg-text)" in css and "background-color: var(--sdg)" in css


def test_pages_with_sdg_colours_link_the_un_guidelines(site):
    for address in site.pages():
        soup = site.soup(address)
        if soup.select('[style*="--sdg"]'):
            assert soup.select(f'a[href="{UN_GUIDELINES}"]'), f"/{address} shows SDG colours without the UN link"


# --- Regionen and Netzwerke -------------------------------------------------------------------

def test_regions_overview_counts_and_pages(site, catalog):
    rows = site.article(urls.REGIONS).select("tbody tr")
    regions = list(catalog.vocab.regions)
    assert len(rows) == len(regions)
    for region, row in zip(regions, rows):
        members = [m for m in catalog.members.values() if m.location.region == region.id]
        cases = [c for c in catalog.cases.values() if c.region == region.id]
        assert site.links(urls.REGIONS, row.th) == [urls.region(region)]
        assert [int(text(td)) for td in row.select("td")] == [len(members), len(cases)]
        address = urls.region(region)
        article = site.article(address)
        assert card_links(site, address, article, "member") == [urls.member(m) for m in members]
        assert card_links(site, address, article, "case") == [urls.case(c) for c in cases]


def test_network_pages_show_description_website_and_members(site, catalog):
    overview = site.links(urls.NETWORKS)
    for n in catalog.vocab.networks:
        address = urls.network(n)
        assert address in overview
        article = site.article(address)
        assert " ".join(n.description.split()[:6]) in text(article.select_one(".kl-body"))
        if n.website:
            assert facts(article)["Website"].a["href"] == n.website
        members = [m for m in catalog.members.values() if n.id in m.networks]
        assert card_links(site, address, section(site, address, "mitglieder"), "member") == \
            [urls.member(m) for m in members]


# --- start page ---------------------------------------------------------------------------------

def test_start_page_counts_match_the_data(site, catalog):
    records = [*catalog.members.values(), *catalog.cases.values()]
    expected = {
        "Mitglieder": len(catalog.members),
        "Kooperationen": len(catalog.cases),
        "Netzwerke": len({n for m in catalog.members.values() for n in m.networks}),
        "Bundesländer": len({m.location.region for m in catalog.members.values()}
                            | {c.region for c in catalog.cases.values()}),
        "SDGs mit Beiträgen": len({g for r in records for g in r.goals}),
    }
    shown = {text(d.dt): int(text(d.dd).split()[0].replace(".", "")) for d in
             site.article("").select("dl.kl-stats > div")}
    assert shown == expected


def test_start_page_shows_intro_newest_and_featured_cases_and_entry_points(site, catalog):
    article = site.article("")
    assert "Kooperations-Lab" in text(article.select_one(".kl-intro"))  # content/index.md
    cases = list(catalog.cases.values())
    newest = card_links(site, "", section(site, "", "neu"), "case")
    assert newest == [urls.case(c) for c in cases[:3]]
    on_page = set(card_links(site, "", article, "case"))
    assert {urls.case(c) for c in cases if c.featured} & on_page
    entry_points = set(site.links("", section(site, "", "entdecken")))
    assert {urls.DIRECTORY, urls.LAB, urls.SDGS, urls.REGIONS, urls.NETWORKS} <= entry_points


# --- links, edit buttons, navigation -------------------------------------------------------------

def test_edit_links_point_at_data_files(site, catalog):
    for m in catalog.members.values():
        edit = site.soup(urls.member(m)).select_one("a[rel=edit]")
        assert edit["href"] == EDIT + m.source.path
    for c in catalog.cases.values():
        assert site.soup(urls.case(c)).select_one("a[rel=edit]")["href"] == EDIT + c.source.path
    data = catalog.settings.data_dir
    for address in [urls.DIRECTORY, urls.LAB, urls.SDGS, urls.REGIONS, urls.NETWORKS,
                    urls.goal(catalog.vocab.sdgs[13])]:
        href = site.soup(address).select_one("a[rel=edit]")["href"]
        assert href.startswith(f"{EDIT}{data}/"), href
        assert (REPO / href[len(EDIT):]).exists(), href
    assert site.soup("").select_one("a[rel=edit]")["href"] == EDIT + "content/index.md"


def test_every_internal_link_resolves(site):
    broken = []
    for address in site.pages():
        soup = site.soup(address)
        for el in soup.select("a[href], link[href], img[src], script[src]"):
            url = el.get("href") or el.get("src")
            target = site.resolve(address, url)
            if target is None or url.startswith("#"):
                continue
            if not site.exists(target):
                broken.append(f"/{address}: {url}")
                continue
            fragment = urlsplit(url).fragment
            if fragment and target.endswith("/") and site.soup(target).find(id=unquote(fragment)) is None:
                broken.append(f"/{address}: {url} (no such anchor)")
    assert not broken, "\n".join(broken[:30])


def test_linkcheck_finds_no_broken_link(site):
    """kooplab linkcheck (the pull-request workflow runs it): links, anchors, assets, srcset, redirects."""
    from kooplab.commands.linkcheck import check_site

    report = check_site(site.root)
    assert report.pages == len(list(site.root.rglob("*.html"))) and report.references > 1000
    assert [b.text() for b in report.broken] == []


def test_every_page_is_reachable_from_the_start_page(site):
    seen, queue = {""}, deque([""])
    while queue:
        address = queue.popleft()
        for a in site.soup(address).select("a[href]"):
            target = site.resolve(address, a["href"])
            if target is not None and target not in seen and target.endswith("/") and site.exists(target):
                seen.add(target)
                queue.append(target)
    pages = {p for p in site.pages() if p.endswith("/") or p == ""}
    # redirect pages of renamed records (aliases) are old addresses, linked from nowhere on purpose
    redirects = {p for p in pages if site.soup(p).find("meta", attrs={"http-equiv": "refresh"})}
    assert redirects == {"verzeichnis/hansa-flex-ag/"}
    assert pages - redirects - seen == set()


def test_no_page_is_empty(site):
    for address in site.pages():
        article = site.article(address)
        if article is None:
            continue
        assert len(text(article)) > 150, f"/{address} is nearly empty"


def test_headings_are_in_order_with_one_h1(site):
    for address in site.pages():
        article = site.article(address)
        if article is None:
            continue
        levels = [int(h.name[1]) for h in article.find_all(re.compile(r"^h[1-6]$"))]
        assert levels.count(1) == 1 and levels[0] == 1, f"/{address}: {levels}"
        for before, after in zip(levels, levels[1:]):
            assert after <= before + 1, f"/{address}: heading levels {levels}"


def test_images_have_alt_text(site):
    """Every picture says what it shows; only a case study's picture on its card is decorative (alt=""): the card's
    title says what the case is, and its page describes the picture."""
    for address in site.pages():
        for img in site.soup(address).select("article img"):
            decorative = "kl-card__picture" in img.get("class", [])
            assert img.has_attr("alt") and (img["alt"].strip() or decorative), f"/{address}: {img}"


def test_record_pages_are_not_in_the_navigation(site, catalog):
    members = list(catalog.members.values())
    names = [m.name for m in members]
    sizes = set()
    for m in members:
        soup = site.soup(urls.member(m))
        nav = soup.select_one("nav.md-nav--primary")
        nav_text = text(nav)
        assert not [n for n in names if n in nav_text], f"the navigation of /{urls.member(m)} lists members"
        assert not [a for a in site.links(urls.member(m), nav) if a.startswith((urls.DIRECTORY, urls.LAB))
                    and a not in (urls.DIRECTORY, urls.LAB)]
        sizes.add(len(str(nav)))
        # nothing outside the article names another member
        article = soup.select_one("article")
        article.decompose()
        outside = text(soup)
        assert not [n for n in names if n != m.name and n in outside]
    assert len(sizes) == 1, "the navigation differs between member pages"


def test_record_pages_stay_small(site, catalog):
    """A record page carries its own record, not the directory: its size does not depend on the member count."""
    for address in [*map(urls.member, catalog.members.values()), *map(urls.case, catalog.cases.values())]:
        size = site.file(address).stat().st_size
        assert size < 80_000, f"/{address} is {size} bytes"


def test_no_request_goes_to_another_host(site):
    own = urlsplit(SITE_URL).netloc
    offenders = []

    def foreign(url: str) -> bool:
        parts = urlsplit(url.strip())
        return bool(parts.netloc) and parts.netloc != own

    for address in site.pages():
        soup = site.soup(address)
        for el in soup.select("link[href]"):
            if foreign(el["href"]):
                offenders.append(f"/{address}: <link href={el['href']}>")
        for el in soup.select("script[src], img[src], iframe[src], source[src], video[src], audio[src]"):
            if foreign(el["src"]):
                offenders.append(f"/{address}: <{el.name} src={el['src']}>")
        for el in soup.select("img[srcset], source[srcset]"):
            if re.search(r"//", el["srcset"]):
                offenders.append(f"/{address}: srcset {el['srcset']}")
        inline = " ".join([el.get("style", "") for el in soup.select("[style]")] +
                          [el.get_text() for el in soup.select("style")])
        if re.search(r"url\(\s*['\"]?(https?:)?//", inline):
            offenders.append(f"/{address}: inline style loads a URL")
    for css in site.root.rglob("*.css"):
        body = css.read_text(encoding="utf-8", errors="replace")
        for match in re.finditer(r"(@import|url\()\s*['\"]?((?:https?:)?//[^'\")\s]+)", body):
            offenders.append(f"{css.relative_to(site.root)}: {match.group(2)}")
    assert not offenders, "\n".join(offenders[:30])
    assert CONFIG.theme["font"] is False


# --- privacy and escaping: a copy of the sample with a few edits -------------------------------------

@pytest.fixture(scope="session")
def edited_site(tmp_path_factory) -> Site:
    """The sample network with a named contact (with consent: validation refuses one without) and a
    summary that contains markup."""
    project = tmp_path_factory.mktemp("project") / "kooplab"
    shutil.copytree(REPO, project, ignore=shutil.ignore_patterns(
        ".git", ".venv", "site", "tests", "*.egg-info", "__pycache__", ".pytest_cache", "test-artifacts"))
    path = project / "data/members/hansa-flex.yml"
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    record["summary"] = "Hydraulik <script>alert(1)</script> & Service aus Bremen."
    record["contacts"] = [
        {"role": "Presse", "name": "Mara Mustermann", "email": "presse@example.org", "consent": "2026-01-05"},
        {"role": "Zentrale", "phone": "+49 421 000000"},
    ]
    path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = tmp_path_factory.mktemp("edited-site")
    result = build(project, out)
    assert result.returncode == 0, result.stderr[-4000:]
    return Site(out)


def test_named_and_role_contacts_appear_with_links(edited_site):
    address = urls.member("hansa-flex")
    contacts = edited_site.article(address).find(id="kontakt").find_parent("section")
    shown = text(contacts)
    assert "Presse: Mara Mustermann" in shown and "Zentrale" in shown
    hrefs = [a["href"] for a in contacts.select("a[href]")]
    assert hrefs == ["mailto:presse@example.org", "tel:+49421000000"]


def test_record_text_is_escaped(edited_site):
    address = urls.member("hansa-flex")
    article = edited_site.article(address)
    assert article.select("script") == []
    assert "Hydraulik <script>alert(1)</script> & Service aus Bremen." in text(article.select_one(".kl-lead"))
    directory = edited_site.article(urls.DIRECTORY)
    assert directory.select("script") == []


def test_ids_are_unique_on_every_page(site):
    """Anchors (the A–Z letters, 'Quellen', the sections) must name one element each."""
    for address in site.pages():
        ids = [el["id"] for el in site.soup(address).select("[id]")]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        assert not duplicates, f"/{address}: {duplicates}"
