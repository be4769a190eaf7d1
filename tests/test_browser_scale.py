"""Scale features in a real browser (issue 8): the header search finds records of a larger network by
name and by any word, and a directory split into pages filters over all members, drawing the cards of
hits on other pages itself.

A synthetic network of 60 members with ``directory_page_size: 20`` is built
and served on 127.0.0.1 and opened in Debian's chromium with Playwright (as in tests/test_browser.py).
Skipped where chromium or Playwright is missing; with CI=true that is an error instead.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kooplab.load.catalog import load_catalog
from kooplab.settings import settings_from_mkdocs
from kooplab.commands.synthetic import generate

from browsing import AXE, axe, built_and_served, chromium, missing, require_browser

REPO = Path(__file__).resolve().parent.parent

require_browser()
if not AXE.is_file():
    missing("axe-core is missing (npm ci --prefix tests/tools; make test does)")


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def paged(tmp_path_factory):
    """60 synthetic members, the directory split into pages of 20."""
    root = tmp_path_factory.mktemp("scale-paged")
    net = generate(REPO, root / "project", 60)
    config = net.root / "mkdocs.yml"
    text = re.sub(r"^    directory_page_size: .*\n", "", config.read_text("utf-8"), flags=re.M)
    config.write_text(text.replace("  kooplab:\n", "  kooplab:\n    directory_page_size: 20\n", 1), "utf-8")
    catalog, problems = load_catalog(net.root, settings_from_mkdocs(config))
    assert not problems.errors
    with built_and_served(net.root, root / "site") as base:
        yield base, catalog


def _page(browser, errors: list[str]):
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return context, page


def test_header_search_finds_a_member_of_a_large_network_by_name_and_by_a_word_of_its_text(browser, paged):
    """At scale the search loads only the index fragments of the query's words; a member is found by its
    name and by a word of its description, and its page opens from the hit."""
    base, catalog = paged
    member = max(catalog.members.values(), key=lambda m: len(m.description))
    word = max((w for w in member.description.split() if w.isalpha()), key=len)
    errors: list[str] = []
    context, page = _page(browser, errors)
    try:
        page.goto(base + "kooperationen/")
        for query in (member.name, f"{word} {member.location.city}"):
            page.locator("body").press("/")
            page.locator("[data-kl-search-input]").fill(query)
            link = page.locator(f".kl-search__hit a[href$='verzeichnis/{member.slug}/']").first
            more = page.locator("[data-kl-search-more]")
            for _ in range(20):  # the hit may be on a later "page" of results
                try:
                    link.wait_for(timeout=3_000)
                    break
                except Exception:
                    if more.is_visible():
                        more.click()
            assert member.name in link.inner_text()
            page.keyboard.press("Escape")
            page.locator("[data-kl-search-input]").wait_for(state="hidden")  # closed before "/" opens it again
        page.locator("body").press("/")
        page.locator("[data-kl-search-input]").fill(member.name)
        page.locator(f".kl-search__hit a[href$='verzeichnis/{member.slug}/']").first.click()
        page.wait_for_url(f"**/verzeichnis/{member.slug}/**")
        assert page.locator("h1").first.inner_text() == member.name
    finally:
        context.close()
    assert errors == []


def test_split_directory_filters_all_pages_and_draws_their_cards(browser, paged):
    base, catalog = paged
    members = list(catalog.members.values())
    last = members[-1]  # on the last page, not on the first
    errors: list[str] = []
    context, page = _page(browser, errors)
    try:
        page.goto(base + "verzeichnis/")
        page.wait_for_load_state("networkidle")
        first_page = page.locator("[data-kl-group] [data-kl-id]")
        assert first_page.count() == 20
        assert page.locator(f"[data-kl-group] [data-kl-id='{last.slug}']").count() == 0
        page.fill("input[name='suche']", last.slug.replace("-", " "))
        card = page.locator(f"[data-kl-results] [data-kl-id='{last.slug}']")
        card.wait_for(timeout=30_000)
        assert card.locator("a").first.inner_text() == last.name
        assert page.locator("[data-kl-group]:visible").count() == 0  # the page's own list is hidden
        card.locator("a").first.click()
        page.wait_for_url(f"**/verzeichnis/{last.slug}/")
        assert page.locator("h1").first.inner_text() == last.name
        page.go_back()
        page.wait_for_load_state("networkidle")
        # a facet: every hit of all pages, drawn as cards
        region = members[0].location.region
        expected = [m for m in members if m.location.region == region]
        page.goto(base + f"verzeichnis/seite/2/?region={region}")
        page.wait_for_load_state("networkidle")
        page.locator("[data-kl-results] [data-kl-id]").first.wait_for(timeout=30_000)
        shown = page.locator("[data-kl-results] [data-kl-id]").evaluate_all(
            "els => els.map(e => e.getAttribute('data-kl-id'))")
        assert shown == [m.slug for m in expected]
        page.click("[data-kl-reset]")
        assert page.locator("[data-kl-results]").is_hidden()
        assert page.locator("[data-kl-group] [data-kl-id]").count() == 20
    finally:
        context.close()
    assert errors == []


def test_split_boerse_filters_all_pages_and_draws_plain_cards(browser, paged):
    """The Börse of the 60 members (more entries than a page of 20) is split like the directory: a search
    on page 1 finds an entry of the last page and draws it as a card that links to the entry on its
    member's page."""
    from kooplab.pages.boerse import board

    base, catalog = paged
    entries = board(catalog)
    assert len(entries) > 20
    last = entries[-1]
    errors: list[str] = []
    context, page = _page(browser, errors)
    try:
        page.goto(base + "boerse/")
        page.wait_for_load_state("networkidle")
        assert page.locator("[data-kl-group] [data-kl-id]").count() == 20
        assert page.locator(f"[data-kl-group] [data-kl-id='{last.id}']").count() == 0
        page.fill("input[name='suche']", last.entry.title + " " + last.member.name)
        card = page.locator(f"[data-kl-results] [data-kl-id='{last.id}']")
        card.wait_for(timeout=30_000)
        assert card.locator("a").first.inner_text() == last.entry.title
        assert last.member.name in card.inner_text()
        card.locator("a").first.click()
        page.wait_for_url(f"**/verzeichnis/{last.member.slug}/#{last.anchor}")
        assert page.locator(f"#{last.anchor}").count() == 1
    finally:
        context.close()
    assert errors == []


def test_split_pages_and_search_results_pass_axe(browser, paged):
    """The pager and the drawn cards of split lists meet WCAG 2.1 AA like every other page type."""
    base, catalog = paged
    region = max(catalog.vocab.regions, key=lambda r: sum(m.location.region == r.id for m in catalog.members.values()))
    addresses = ["verzeichnis/seite/2/", "boerse/seite/2/", f"regionen/{region.slug}/",
                 "boerse/?type=gesuch", "verzeichnis/seite/3/?suche=e"]
    errors: list[str] = []
    context, page = _page(browser, errors)
    problems = []
    try:
        for address in addresses:
            page.goto(base + address)
            page.wait_for_load_state("networkidle")
            if "?" in address:  # the filter drew the cards of all pages' hits
                page.locator("[data-kl-results] [data-kl-id]").first.wait_for(timeout=30_000)
            page.wait_for_timeout(200)
            problems += [f"/{address}: {v}" for v in axe(page)]
    finally:
        context.close()
    assert problems == [], "\n".join(problems)
    assert errors == []
