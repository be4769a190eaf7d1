"""The site search (kooplab.outputs.search_index, content/assets/kooplab-search.js): Pagefind over the full
text of every page, used as a reader would in Chromium on the sample network.

- the build indexes every page's article (records, lists, hand-written pages), not redirects, split pages
  or the page frame, and fails closed when the indexer fails;
- the header's button and the keys /, s, f open an accessible dialog; results show title, kind and an
  excerpt with the hit marked; German word forms and spellings with ae/oe/ue find the same pages;
  "SDG 12" and "Ziel 12" put the goal's page first; the filters narrow by kind, state, SDG and network;
- under a project sub-path, and with no request to another host.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from browsing import AXE, axe, built_and_served, chromium, missing, require_browser
from kooplab import urls
from kooplab.outputs.search_index import SearchIndexError, index_site

REPO = Path(__file__).resolve().parent.parent

require_browser()
if not AXE.is_file():
    missing(f"{AXE.relative_to(REPO)} is missing (npm ci --prefix tests/tools; make test does)")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    site = tmp_path_factory.mktemp("search") / "site"
    with built_and_served(REPO, site) as base:
        yield base, site


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def reader(browser, server):
    base, _ = server
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = context.new_page()
    outside: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:")) else None)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.base = base
    yield page
    context.close()
    assert outside == [], outside
    assert errors == [], errors


def search(page, query: str, **filters: str) -> list[tuple[str, str, str]]:
    """Open the dialog with the key '/', type the query, choose filters (by value; "" for all); the hits as
    (kind, title, address)."""
    if not page.locator("#kl-search").evaluate("d => d.open"):
        page.locator("body").press("/")
    page.evaluate("document.querySelector('[data-kl-search-status]').textContent = ''")
    page.locator("[data-kl-search-input]").fill(query)
    for key, value in filters.items():
        page.locator(f'select[data-kl-search-key="{key}"]').select_option(value=value)
    page.wait_for_function("() => /Treffer/.test(document.querySelector('[data-kl-search-status]').textContent)")
    page.wait_for_function("() => { const s = document.querySelector('[data-kl-search-status]').textContent;"
                           " const n = document.querySelectorAll('.kl-search__hit').length;"
                           " return /Keine/.test(s) || n > 0; }")
    hits = []
    for hit in page.locator(".kl-search__hit").all():
        link = hit.locator("a")
        hits.append((link.locator(".kl-search__kind").inner_text(), link.locator(".kl-search__title").inner_text(),
                     link.get_attribute("href")))
    return hits


def total(page) -> int:
    """The number of hits the dialog announces ("12 Treffer"; 10 are shown at a time)."""
    text = page.locator("[data-kl-search-status]").inner_text()
    return 0 if text.startswith("Keine") else int(text.split()[0])


def addresses(hits) -> list[str]:
    return [re.sub(r"^(https?://[^/]+)?/", "", h[2]) for h in hits]


# --- the index -------------------------------------------------------------------------------------

def test_every_record_and_list_page_is_indexed_without_the_page_frame(server):
    _, site = server
    entry = (site / urls.SEARCH_DIR / "pagefind-entry.json").read_text("utf-8")
    assert '"de"' in entry  # one language: German, stemmed
    member = (site / "verzeichnis/hansa-flex/index.html").read_text("utf-8")
    assert member.count("data-pagefind-body") == 1
    # the frame (header, navigation, footer) is outside the indexed element
    body_at = member.index("data-pagefind-body")
    assert member.index('class="md-header') < body_at and member.index('class="md-footer') > body_at
    redirect = (site / "verzeichnis/hansa-flex-ag/index.html").read_text("utf-8")
    assert "data-pagefind-body" not in redirect
    assert "data-pagefind-body" in (site / "literatur/index.html").read_text("utf-8")
    assert "data-pagefind-body" in (site / "ueber/index.html").read_text("utf-8")
    assert not (site / "search" / "search_index.json").exists()  # Material's whole-site index is gone


def test_a_failing_indexer_stops_the_build_with_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    with pytest.raises(SearchIndexError, match="binary is missing"):
        index_site(tmp_path)
    project = tmp_path / "p"
    shutil.copytree(REPO, project, ignore=shutil.ignore_patterns(".venv", "site", "tests", ".git", "node_modules",
                                                                 "*.egg-info", "__pycache__", "test-artifacts"))
    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\necho 'Error: the disk is full' >&2\nexit 3\n")
    fake.chmod(0o755)
    env = {**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1", "PAGEFIND_BINARY_PATH": str(fake)}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "out")],
                            cwd=project, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "search index was not made" in result.stderr and "the disk is full" in result.stderr


# --- a reader searching ----------------------------------------------------------------------------

def test_the_header_button_opens_an_accessible_dialog_and_escape_returns(reader):
    page = reader
    page.goto(page.base + urls.DIRECTORY)
    button = page.locator("[data-kl-search-open]")
    assert button.is_visible() and button.get_attribute("aria-controls") == "kl-search"
    button.click()
    dialog = page.locator("#kl-search")
    assert dialog.evaluate("d => d.open")
    assert page.evaluate("document.activeElement.matches('[data-kl-search-input]')")
    assert dialog.get_attribute("aria-labelledby") == "kl-search-title"
    search(page, "Reparatur")
    assert axe(page) == []
    page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
    assert page.evaluate("document.activeElement.matches('[data-kl-search-open]')")


@pytest.mark.parametrize("query, expected", [
    ("Reparaturen", "verzeichnis/reparaturtreff-ruettenscheid/"),  # an inflected form finds the base form
    ("Lebensmitteln", "kooperationen/lebensmittel-retten-bremerhaven/"),
    ("Aktionstage", "termine/aktionstag-hannover-linden-2026/"),
    ("Bäckerei", "verzeichnis/lindener-backstube/"),  # a word of the member's description
    ("Baeckerei", "verzeichnis/lindener-backstube/"),  # the same written without the umlaut
    ("Oekoprofit", "netzwerke/oekoprofit-hannover/"),
    ("Börse", "boerse/"),
    ("Arbeitspapier", "literatur/"),
    ("Leitfaden", "literatur/"),
    ("Datenschutz", "datenschutz/"),  # a hand-written page
])
def test_full_text_and_german_word_forms(reader, query, expected):
    page = reader
    page.goto(page.base)
    assert expected in addresses(search(page, query))


@pytest.mark.parametrize("query", ["SDG 12", "Ziel 12", "sdg12"])
def test_a_goal_number_leads_to_the_goal_page_first(reader, query):
    page = reader
    page.goto(page.base)
    hits = search(page, query)
    assert addresses(hits)[0].startswith("sdg/12-"), hits[:3]
    assert hits[0][0] == "Nachhaltigkeitsziel"


def test_results_show_kind_title_and_a_marked_excerpt(reader):
    page = reader
    page.goto(page.base)
    hits = search(page, "Hansa-Flex")
    assert ("Mitglied", "Hansa-Flex AG") == hits[0][:2]
    first = page.locator(".kl-search__hit").first
    assert first.locator(".kl-search__excerpt mark").count() >= 1
    assert "Hansa" in first.locator(".kl-search__excerpt mark").first.inner_text()


def test_filters_narrow_by_kind_state_sdg_and_network(reader):
    page = reader
    page.goto(page.base)
    search(page, "Umwelt")
    everything = total(page)
    members = search(page, "Umwelt", kind="member")
    assert 0 < total(page) < everything and {h[0] for h in members} == {"Mitglied"}
    search(page, "Umwelt", kind="", region="Bremen")
    in_bremen = total(page)
    assert 0 < in_bremen < everything
    search(page, "Umwelt", region="", sdg="SDG 13")
    assert 0 < total(page) < everything
    network = search(page, "Workshop", sdg="", network="ÖKOPROFIT-Klub Hannover")
    narrowed = total(page)
    search(page, "Workshop", network="")
    assert 0 < narrowed < total(page)
    assert all("oekoprofit" in a or "hannover" in a or "linden" in a for a in addresses(network)), network


def test_keyboard_only_a_result_is_reached_and_opened(reader):
    page = reader
    page.goto(page.base + urls.LAB)
    page.keyboard.press("s")
    search(page, "foodsharing")
    for _ in range(12):  # past the filters to the first result
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('kl-search__link')"):
            break
    assert page.evaluate("document.activeElement.classList.contains('kl-search__link')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/*foodsharing*/**")


def test_typing_a_letter_in_a_form_does_not_open_the_search(reader):
    page = reader
    page.goto(page.base + urls.DIRECTORY)
    page.locator('input[name="suche"]').fill("")
    page.locator('input[name="suche"]').type("sf/")
    assert not page.locator("#kl-search").evaluate("d => d.open")


def test_on_a_phone_the_first_hit_is_on_the_first_screen(browser, server):
    base, _ = server
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  locale="de-DE")
    page = context.new_page()
    page.goto(base)
    page.locator("[data-kl-search-open]").tap()
    search(page, "Reparatur")
    box = page.locator(".kl-search__hit").first.bounding_box()
    assert box is not None and box["y"] < 844
    assert axe(page) == []
    context.close()


def test_search_works_under_a_project_sub_path(browser, tmp_path):
    """GitHub project pages: the site at /netzwerk/; Pagefind's index and the hits' addresses follow."""
    from browsing import build_site, serving

    with serving(tmp_path) as base:
        result = build_site(REPO, tmp_path / "netzwerk", base + "netzwerk/")
        assert result.returncode == 0, result.stderr[-3000:]
        context = browser.new_context(locale="de-DE")
        page = context.new_page()
        page.goto(base + "netzwerk/kooperationen/")
        hits = search(page, "Hansa-Flex")
        assert hits[0][2].endswith("/netzwerk/verzeichnis/hansa-flex/"), hits[0]
        page.locator(".kl-search__hit a").first.click()
        page.wait_for_url("**/netzwerk/verzeichnis/hansa-flex/")
        context.close()


@pytest.mark.parametrize("address, expected", [
    # words of the record's page that neither its name nor the start of its summary hold
    ("verzeichnis/?suche=Reparaturen", {"reparaturtreff-ruettenscheid", "kettwiger-armaturenwerk"}),
    ("kooperationen/?suche=Lebensmittelrettung", {"lebensmittel-retten-bremerhaven"}),
])
def test_the_lists_text_box_finds_records_by_any_word_of_their_page(reader, address, expected):
    page = reader
    page.goto(page.base + address)
    # until the filter has applied the query (before, the whole list shows) and the site search has answered
    page.wait_for_selector("form.kl-filter[data-kl-ready]")
    page.wait_for_function("ids => ids.every(id => [...document.querySelectorAll(`[data-kl-id='${id}']`)]"
                           ".some(c => !c.closest('[hidden]')))"
                           " && [...document.querySelectorAll('[data-kl-id]')].filter(c => !c.closest('[hidden]')).length < 10",
                           arg=sorted(expected), timeout=10_000)
    visible = page.evaluate("[...document.querySelectorAll('[data-kl-id]')].filter(c => !c.closest('[hidden]'))"
                            ".map(c => c.dataset.klId)")
    shown = set(visible)
    assert len(visible) == len(shown)  # no card twice (the lab's featured cases hide while it is filtered)
    assert expected <= shown
    assert len(shown) < 10  # still a filter: the other records are hidden
    assert page.locator("[data-kl-status]").inner_text().split()[0] == str(len(shown))


def test_a_query_loads_only_what_it_needs(reader):
    """Nothing of Pagefind before the search is opened; a query without filters loads no filter index."""
    page = reader
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    page.goto(page.base + urls.DIRECTORY)
    page.wait_for_load_state("networkidle")
    assert not [u for u in fetched if "/pagefind/" in u]
    search(page, "Hansa-Flex")
    loaded = [u for u in fetched if "/pagefind/" in u]
    assert any(u.endswith("pagefind.js") for u in loaded) and any("/fragment/" in u for u in loaded)
    assert not [u for u in loaded if "/filter/" in u], loaded
    search(page, "Hansa-Flex", region="Bremen")
    assert [u for u in fetched if "/pagefind/filter/" in u]


def test_an_excerpt_reads_as_the_page_does(reader):
    """The facts of a record page (label, value) stay separate words in the index and the excerpt."""
    page = reader
    page.goto(page.base)
    hits = search(page, "foodsharing")
    assert hits[0][2].endswith("verzeichnis/foodsharing-bremerhaven/")
    excerpt = page.locator(".kl-search__excerpt").first.inner_text()
    assert "Art der Organisation Bürgerschaftliche Initiative" in excerpt, excerpt
