"""Readers in a real browser: filters, shared URLs, the map, accessibility and privacy.

The sample network is built once, served by a threaded ``http.server`` on 127.0.0.1 and opened in
Debian's chromium, driven by Playwright (Playwright's own browser download does not work here).
Every test logs every request the page makes and fails if one leaves 127.0.0.1, and fails on any
console error or uncaught exception. axe-core (tests/tools, installed by ``make test``) checks
WCAG 2.1 A/AA on each page type; screenshots at 1280 and 390 px go to test-artifacts/screenshots/.

Expected results come from the catalog loaded from the same data, never from numbers written here.
Skipped, with the reason, where chromium, Playwright or axe-core is missing; with CI=true a missing
one is an error instead.
"""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from kooplab import urls
from kooplab.load.catalog import Catalog, load_catalog
from kooplab.pages.facets import directory_filters, fold
from kooplab.settings import settings_from_mkdocs

from browsing import AXE, axe, built_and_served, chromium, missing, require_browser

REPO = Path(__file__).resolve().parent.parent
SHOTS = REPO / "test-artifacts/screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


require_browser()
from playwright.sync_api import Page  # noqa: E402 - after the check that Playwright is there

if not AXE.is_file():
    missing(f"{AXE.relative_to(REPO)} is missing (npm ci --prefix tests/tools; make test does)")


# --- the site, the server, the browser ------------------------------------------------------------

@pytest.fixture(scope="module")
def catalog() -> Catalog:
    catalog, problems = load_catalog(REPO, settings_from_mkdocs(REPO / "mkdocs.yml"))
    assert not problems.errors
    return catalog


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The sample, built with site_url = the server's own address and served on 127.0.0.1."""
    site = tmp_path_factory.mktemp("browser-site")
    with built_and_served(REPO, site) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


class Reader:
    """Pages opened by one reader (a browser context), with everything they requested and logged."""

    def __init__(self, browser, base: str, **options) -> None:
        self.base = base
        self.context = browser.new_context(locale="de-DE", **options)
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.context.on("page", self._watch)

    def _watch(self, page: Page) -> None:
        page.on("console", lambda msg: self.errors.append(f"{page.url}: {msg.text}") if msg.type == "error" else None)
        page.on("pageerror", lambda exc: self.errors.append(f"{page.url}: {exc}"))

    def open(self, address: str = "", page: Page | None = None, idle: bool = True) -> Page:
        """Load a page; by default wait until no request is left (the filter index, the search index)."""
        page = page or self.context.new_page()
        page.goto(self.base + address)
        if idle:
            page.wait_for_load_state("networkidle")
        return page

    def foreign(self) -> list[str]:
        own = urlsplit(self.base)
        return [u for u in self.requests if not (u.startswith(("data:", "blob:"))
                                                 or (urlsplit(u).hostname == own.hostname == "127.0.0.1"
                                                     and urlsplit(u).port == own.port))]


@pytest.fixture
def reader(browser, server):
    """A reader on a phone-sized screen; every test ends with: nothing left the site, no console error."""
    readers: list[Reader] = []

    def make(**options) -> Reader:
        r = Reader(browser, server, **{"viewport": PHONE, **options})
        readers.append(r)
        return r

    make.first = make()
    yield make
    for r in readers:
        foreign, errors = r.foreign(), r.errors
        r.context.close()
        assert foreign == [], f"requests to another host: {foreign}"
        assert errors == [], f"console errors: {errors}"


# --- helpers ------------------------------------------------------------------------------------------

def shown(page: Page, selector: str) -> list[str]:
    """data-kl-id of the matching elements that are rendered (not hidden, nor inside something hidden)."""
    return page.eval_on_selector_all(
        selector, "els => els.filter(e => e.getClientRects().length > 0).map(e => e.dataset.klId)")


def settled(page: Page, selector: str, want: list[str], seconds: float = 10) -> list[str]:
    """The sorted ids shown once they are ``want``, or what is shown after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        found = sorted(shown(page, selector))
        if found == want or time.monotonic() > deadline:
            return found
        page.wait_for_timeout(50)


def full_text(page: Page, query: str) -> set[str]:
    """The slugs of the record pages of the filter's kind that the site search (Pagefind) finds for ``query``."""
    return set(page.evaluate("""async q => {
        const kind = document.querySelector("[data-kl-fulltext]").dataset.klFulltext;
        const pf = await window.kooplabPagefind();
        const search = await pf.search(q, {filters: {kind}});
        const pages = await Promise.all(search.results.slice(0, 300).map(r => r.data()));
        return pages.map(d => d.url.replace(/\\/$/, "").split("/").pop());
    }""", query))


def here(page: Page) -> str:
    """The address as the page has it (Page.url may lag behind history.pushState)."""
    return page.evaluate("location.href")


def status(page: Page) -> str:
    return page.inner_text("[data-kl-status]").strip()


def open_filter(page: Page) -> None:
    page.wait_for_selector("form.kl-filter[data-kl-ready]")


def choose(page: Page, key: str, value: str) -> None:
    """Open the facet (a <details>) if it is closed, then tick the option."""
    facet = page.locator(f'[data-kl-facet="{key}"]')
    if facet.get_attribute("open") is None:
        facet.locator("summary").click()
    facet.locator(f'input[value="{value}"]').check()


def option_counts(page: Page, key: str) -> dict[str, tuple[int, bool]]:
    """value -> (shown count, disabled) of one facet's options."""
    return {v: (int(n), d) for v, n, d in page.eval_on_selector_all(
        f'input[name="{key}"]',
        "els => els.map(e => [e.value, e.closest('label').querySelector('[data-kl-n]').textContent, e.disabled])")}


def member_values(m) -> dict[str, set[str]]:
    return {"kind": {m.kind}, "region": {m.location.region}, "network": set(m.networks),
            "sector": {m.sector} if m.sector else set(), "sdg": {str(g) for g in m.goals}}


def expected_counts(records, values, chosen: dict[str, set[str]], key: str) -> dict[str, int]:
    """Faceted counts: per value of ``key``, the records that have it and pass every other facet."""
    counts: dict[str, int] = {}
    for r in records:
        v = values(r)
        if all(not wanted or v[k] & wanted for k, wanted in chosen.items() if k != key):
            for value in v[key]:
                counts[value] = counts.get(value, 0) + 1
    return counts


# --- the directory's filters on a phone ----------------------------------------------------------------

def test_filter_by_state_and_goal_share_the_address_and_go_back(reader, catalog):
    """The issue's reader: on a phone, one state and one SDG; the URL opens the same view in a new tab;
    the back button returns to the state alone, then to everyone."""
    members = list(catalog.members.values())
    everyone = sorted(m.slug for m in members)
    in_state = sorted(m.slug for m in members if m.location.region == "DE-NI")
    both = sorted(m.slug for m in members if m.location.region == "DE-NI" and 12 in m.goals)
    assert both and len(both) < len(in_state) < len(everyone)
    total = len(members)
    r = reader.first
    page = r.open(urls.DIRECTORY)
    open_filter(page)
    assert sorted(shown(page, ".kl-member-card")) == everyone
    assert status(page) == f"Alle {total} Mitglieder"

    choose(page, "region", "DE-NI")
    assert sorted(shown(page, ".kl-member-card")) == in_state
    choose(page, "sdg", "12")
    assert sorted(shown(page, ".kl-member-card")) == both
    assert here(page) == r.base + urls.DIRECTORY + "?region=DE-NI&sdg=12"
    live = page.locator("[data-kl-status]")
    assert live.get_attribute("aria-live") == "polite" and live.get_attribute("role") == "status"
    assert status(page) == f"{len(both)} von {total} Mitgliedern"
    # A–Z letters without a visible member are gone, with their jump links
    letters = {s.split()[0][0].upper() for s in page.eval_on_selector_all(
        "section.kl-letter", "els => els.filter(e => e.getClientRects().length).map(e => e.innerText)")}
    assert letters == {catalog.members[s].name[0].upper() for s in both}
    assert len(page.eval_on_selector_all(".kl-letters li", "els => els.filter(e => !e.hidden)")) == len(letters)
    page.screenshot(path=str(_shot("verzeichnis-gefiltert", PHONE)), full_page=True)

    # the address, opened in a new tab, shows the same selection
    tab = r.open(urls.DIRECTORY + "?region=DE-NI&sdg=12")
    open_filter(tab)
    assert sorted(shown(tab, ".kl-member-card")) == both
    assert tab.is_checked('input[name="region"][value="DE-NI"]') and tab.is_checked('input[name="sdg"][value="12"]')
    assert status(tab) == status(page)

    page.go_back()
    assert here(page) == r.base + urls.DIRECTORY + "?region=DE-NI"
    assert sorted(shown(page, ".kl-member-card")) == in_state
    assert not page.is_checked('input[name="sdg"][value="12"]')
    page.go_back()
    assert sorted(shown(page, ".kl-member-card")) == everyone
    assert status(page) == f"Alle {total} Mitglieder"
    page.go_forward()
    assert sorted(shown(page, ".kl-member-card")) == in_state


def test_options_count_what_they_would_leave_and_empty_ones_are_disabled(reader, catalog):
    members = list(catalog.members.values())
    page = reader.first.open(urls.DIRECTORY + "?region=DE-NI&sdg=12")
    open_filter(page)
    chosen = {"kind": set(), "region": {"DE-NI"}, "network": set(), "sector": set(), "sdg": {"12"}}
    disabled = 0
    for key in chosen:
        want = expected_counts(members, member_values, chosen, key)
        got = option_counts(page, key)
        assert {v: n for v, (n, _) in got.items()} == {v: want.get(v, 0) for v in got}, key
        for value, (n, off) in got.items():
            checked = page.is_checked(f'input[name="{key}"][value="{value}"]')
            assert off == (n == 0 and not checked), (key, value)
            disabled += off
    assert disabled, "the sample should leave some options empty"
    # every option of the unfiltered directory has at least one member
    page = reader.first.open(urls.DIRECTORY)
    open_filter(page)
    for key in chosen:
        assert all(n > 0 and not off for n, off in option_counts(page, key).values()), key


def test_text_filter_finds_names_places_and_words_without_umlauts(reader, catalog):
    index = directory_filters(catalog)
    texts = {slug: fold(f"{slug} {text}") for slug, text, _ in index.records}
    page = reader.first.open(urls.DIRECTORY)
    open_filter(page)
    field = page.get_by_label("Suchen nach Name, Ort oder Stichwort")
    for query, expect in [
        ("Börde", lambda m: "Börde" in m.name),
        ("borde", lambda m: "Börde" in m.name),
        ("BOERDE", lambda m: "Börde" in m.name),  # the slug spells umlauts out
        ("jena", lambda m: m.location.city == "Jena"),
        # every word must occur (as part of a word) in the record's search text
        ("hannover linden", lambda m: all(w in texts[m.slug] for w in ("hannover", "linden"))),
    ]:
        field.fill(query)
        by_index = {m.slug for m in catalog.members.values() if expect(m)}
        # and the members whose pages the site search finds (Pagefind answers later: wait for the list to settle)
        want = sorted(by_index | full_text(page, query))
        assert by_index and settled(page, ".kl-member-card", want) == want, query
    assert here(page).endswith("?suche=hannover%20linden")
    field.fill("zzzkeinetreffer")
    assert shown(page, ".kl-member-card") == []
    assert status(page) == "Keine Mitglieder passen zu diesen Filtern."
    page.click("[data-kl-reset]")
    assert len(shown(page, ".kl-member-card")) == len(catalog.members)
    assert here(page) == reader.first.base + urls.DIRECTORY


# --- the Kooperations-Lab ------------------------------------------------------------------------------

def test_lab_filters_by_format_goal_state_network_and_status(reader, catalog):
    cases = list(catalog.cases.values())
    page = reader.first.open(urls.LAB)
    open_filter(page)
    keys = page.eval_on_selector_all("[data-kl-facet]", "els => els.map(e => e.dataset.klFacet)")
    assert keys == ["format", "sdg", "region", "network", "status"]
    fmt = max(catalog.vocab.formats, key=lambda f: sum(f.id in c.formats for c in cases)).id
    choose(page, "format", fmt)
    want = sorted(c.slug for c in cases if fmt in c.formats)
    assert sorted(set(shown(page, ".kl-case-card"))) == want
    status_value = next(c.status for c in cases if fmt in c.formats)
    choose(page, "status", status_value)
    want = sorted(c.slug for c in cases if fmt in c.formats and c.status == status_value)
    assert sorted(set(shown(page, ".kl-case-card"))) == want
    assert here(page).endswith(f"?format={fmt}&status={status_value}")
    assert status(page) == f"{len(want)} von {len(cases)} " + ("Fallbeispielen")
    # OR within a facet: a second state adds its case studies
    states = sorted({c.region for c in cases})[:2]
    page = reader.first.open(urls.LAB + f"?region={states[0]},{states[1]}")
    open_filter(page)
    assert sorted(set(shown(page, ".kl-case-card"))) == sorted(c.slug for c in cases if c.region in states)
    # a network: the case studies of its members
    page = reader.first.open(urls.LAB + "?network=puu-bremen")
    open_filter(page)
    assert sorted(set(shown(page, ".kl-case-card"))) == sorted(
        c.slug for c in cases if any("puu-bremen" in catalog.members[s].networks
                                     for s in c.member_slugs if s in catalog.members))


# --- the map --------------------------------------------------------------------------------------------

def test_map_points_are_links_reachable_by_keyboard(reader, catalog):
    placed = [m for m in catalog.members.values() if m.location.has_coordinates]
    r = reader(viewport=DESKTOP)
    page = r.open(urls.MAP)
    points = page.locator("a.kl-map__point")
    assert points.count() == len(placed)
    hrefs = points.evaluate_all(
        "els => els.map(e => [e.dataset.klId, new URL(e.getAttribute('href'), document.baseURI).href])")
    assert {slug: href for slug, href in hrefs} == {m.slug: r.base + urls.member(m) for m in placed}
    names = points.evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
    assert sorted(n.split(" (")[0] for n in names) == sorted(m.name for m in placed)
    # Tab from the last control before the map lands on the skip link, the zoom, then on the first point; its
    # focus is drawn
    page.focus("[data-kl-reset]")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('kl-map__skip')")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.klZoom") == "in"
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.dataset.klId")
    assert focused == points.first.get_attribute("data-kl-id")
    ring = page.evaluate("getComputedStyle(document.activeElement.querySelector('.kl-map__hit')).stroke")
    assert ring not in ("none", "")
    page.keyboard.press("Tab")
    second = points.nth(1).get_attribute("data-kl-id")
    assert page.evaluate("document.activeElement.dataset.klId") == second
    page.screenshot(path=str(_shot("karte-fokus", DESKTOP)))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert here(page) == r.base + urls.member(second)
    # every member is in the list view, with or without coordinates
    page = r.open(urls.MAP)
    listed = page.eval_on_selector_all(".kl-map-list li[data-kl-id]", "els => els.map(e => e.dataset.klId)")
    assert sorted(listed) == sorted(catalog.members)


def test_map_takes_the_directory_filter_from_the_address(reader, catalog):
    """From a filtered directory on a phone, 'auf der Karte' shows the same members on the map."""
    both = sorted(m.slug for m in catalog.members.values()
                  if m.location.region == "DE-NI" and 12 in m.goals and m.location.has_coordinates)
    page = reader.first.open(urls.DIRECTORY + "?region=DE-NI&sdg=12")
    open_filter(page)
    link = page.locator("a[data-kl-carry]").first
    assert link.get_attribute("href").endswith("?region=DE-NI&sdg=12")
    with page.expect_navigation():
        link.click()
    page.wait_for_load_state("networkidle")
    open_filter(page)
    assert here(page).endswith(urls.MAP + "?region=DE-NI&sdg=12")
    assert sorted(shown(page, "a.kl-map__point")) == both
    assert sorted(shown(page, ".kl-map-list li")) == sorted(
        m.slug for m in catalog.members.values() if m.location.region == "DE-NI" and 12 in m.goals)
    # on a phone a point's tap area is at least 24 px across
    assert page.eval_on_selector("a.kl-map__point:not([hidden]) .kl-map__hit",
                                 "e => e.getBoundingClientRect().width") >= 24
    page.screenshot(path=str(_shot("karte-gefiltert", PHONE)), full_page=True)


def test_region_pages_show_their_members_on_a_small_map(reader, catalog):
    page = None
    for region in catalog.vocab.regions:
        placed = sorted(m.slug for m in catalog.members.values()
                        if m.location.region == region.id and m.location.has_coordinates)
        page = reader.first.open(urls.region(region), page, idle=False)
        found = sorted(page.eval_on_selector_all("a.kl-map__point", "els => els.map(e => e.dataset.klId)"))
        assert found == placed, region.id
        # a point's tap area is at least 24 px across, even on a phone
        if placed:
            size = page.eval_on_selector(".kl-map__hit", "e => e.getBoundingClientRect().width")
            assert size >= 24, (region.id, size)


# --- without JavaScript ------------------------------------------------------------------------------------

def test_without_javascript_everything_is_on_the_page(reader, catalog):
    r = reader(java_script_enabled=False)
    page = r.open(urls.DIRECTORY + "?region=DE-NI")
    assert page.is_hidden("form.kl-filter")
    assert sorted(shown(page, ".kl-member-card")) == sorted(catalog.members)
    page = r.open(urls.MAP)
    assert len(shown(page, "a.kl-map__point")) == sum(m.location.has_coordinates for m in catalog.members.values())
    page = r.open(urls.LAB)
    assert sorted(set(shown(page, ".kl-case-card"))) == sorted(catalog.cases)


# --- accessibility and privacy on every page type ----------------------------------------------------------

def page_types(catalog: Catalog) -> dict[str, str]:
    member = next(iter(catalog.members.values()))
    case = next(iter(catalog.cases.values()))
    region = next(r for r in catalog.vocab.regions if any(m.location.region == r.id for m in catalog.members.values()))
    network = next(n for n in catalog.vocab.networks if any(n.id in m.networks for m in catalog.members.values()))
    goal = catalog.vocab.sdgs[13]
    return {
        "start": "", "verzeichnis": urls.DIRECTORY, "mitglied": urls.member(member), "netzwerk": urls.network(network),
        "region": urls.region(region), "sdgs": urls.SDGS, "sdg": urls.goal(goal), "lab": urls.LAB,
        "fallbeispiel": urls.case(case), "literatur": urls.LITERATURE, "daten": "daten/", "inhaltsseite": "ueber/",
        "karte": urls.MAP, "404": "404.html",
    }


def _shot(name: str, viewport: dict) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS / f"{name}-{viewport['width']}.png"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "390px"])
def test_every_page_type_passes_axe_and_stays_on_the_site(reader, catalog, viewport):
    r = reader(viewport=viewport)
    page = None
    problems = []
    for name, address in page_types(catalog).items():
        page = r.open(address, page)
        page.wait_for_timeout(200)  # kooplab-a11y.js marks scrolling tables after Material's layout
        problems += [f"/{address}: {v}" for v in axe(page)]
        page.screenshot(path=str(_shot(name, viewport)), full_page=True)
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("address", ["", urls.DIRECTORY, urls.MAP, urls.LAB])
def test_dark_scheme_passes_axe(reader, address):
    r = reader(viewport=DESKTOP, color_scheme="dark")
    page = r.open(address)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    assert axe(page) == []


def test_keyboard_focus_is_visible_and_filter_controls_are_labelled(reader):
    page = reader.first.open(urls.DIRECTORY)
    open_filter(page)
    # every control of the form has a name a screen reader announces
    unnamed = page.eval_on_selector_all(
        "form.kl-filter input", "els => els.filter(e => !(e.labels && e.labels.length)).map(e => e.outerHTML)")
    assert unnamed == []
    assert page.get_attribute("form.kl-filter", "aria-label")
    # Tab from the search field: the facet toggles, then their options once opened, all with an outline
    page.focus('input[name="suche"]')
    for _ in range(3):
        page.keyboard.press("Tab")
        style = page.evaluate("(() => { const s = getComputedStyle(document.activeElement);"
                              " return [document.activeElement.tagName, s.outlineStyle, s.outlineWidth]; })()")
        assert style[0] == "SUMMARY" and style[1] != "none" and style[2] != "0px", style
    page.keyboard.press("Enter")  # opens the third facet
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "checkbox"
    page.keyboard.press("Space")
    assert "?" in here(page)
    page.screenshot(path=str(_shot("verzeichnis-tastatur", PHONE)))


def test_cards_and_tiles_sit_side_by_side_on_a_wide_screen(reader):
    """Material lays content lists out one item per line; our card grids and SDG tiles must not be."""
    def tops(page: Page, selector: str) -> list[float]:
        return page.eval_on_selector_all(selector, "els => els.map(e => e.getBoundingClientRect().top)")

    wide = reader(viewport=DESKTOP).open("sdg/")
    first_row = tops(wide, ".kl-sdg-tiles > li")[:3]
    assert len(set(first_row)) == 1, f"SDG tiles 1–3 are not in one row: {first_row}"
    lab = tops(reader(viewport=DESKTOP).open("kooperationen/"), ".kl-cards > .kl-card")
    assert any(a == b for a, b in zip(lab, lab[1:])), "the lab's cards do not form a grid"
    # the directory flows down columns, letter by letter (tests/test_reader_journeys.py)
    lefts = reader(viewport=DESKTOP).open("verzeichnis/").eval_on_selector_all(
        ".kl-cards > .kl-card", "els => els.map(e => e.getBoundingClientRect().left)")
    assert len(set(lefts)) > 1, "directory cards stand in one column"
    assert len(tops(wide, ".kl-sdg-tiles > li")) == 17
