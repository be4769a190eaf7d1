"""The Kooperationsbörse in a real browser: its filters (kooplab-filter.js with the Börse's index),
the state in the URL, and the groups that hide when all their cards are filtered out.

The sample is built once, served over HTTP (the script fetches /boerse/filter.json) and opened
in Debian's chromium through Playwright; the expected cards are computed from the catalog.
Skipped where chromium or Playwright is missing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kooplab import urls
from kooplab.load.catalog import load_catalog
from kooplab.pages.boerse import board
from kooplab.settings import settings_from_mkdocs


REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def catalog():
    catalog, problems = load_catalog(REPO, settings_from_mkdocs(REPO / "mkdocs.yml"))
    assert not problems.errors
    return catalog


@pytest.fixture(scope="module")
def entries(catalog):
    return board(catalog)


@pytest.fixture
def page(browser, server):
    page = browser.new_page()
    page.kl_errors = []
    page.on("pageerror", lambda exc: page.kl_errors.append(str(exc)))
    page.kl_open = lambda query="": (page.goto(server + urls.BOERSE + query),
                                     page.wait_for_selector("form.kl-filter[data-kl-ready]"))
    yield page
    assert page.kl_errors == []
    page.close()


def shown(page) -> list[str]:
    """data-kl-id of the Börse cards that are visible (not hidden, nor inside something hidden)."""
    return page.eval_on_selector_all(".kl-board-card",
                                     "els => els.filter(e => !e.closest('[hidden]')).map(e => e.dataset.klId)")


def status(page) -> str:
    return page.inner_text("[data-kl-status]").strip()


def test_all_entries_until_a_filter_is_chosen(page, entries):
    page.kl_open()
    assert shown(page) == [e.id for e in entries]
    assert status(page) == f"Alle {len(entries)} Einträge"
    keys = page.eval_on_selector_all("[data-kl-facet]", "els => els.map(e => e.dataset.klFacet)")
    assert keys == ["type", "category", "region", "network", "kind", "sdg"]


def test_choosing_needs_and_a_category_filters_and_goes_into_the_url(page, entries):
    page.kl_open()
    page.click('[data-kl-facet="type"] summary')
    page.check('input[name="type"][value="gesuch"]')
    page.click('[data-kl-facet="category"] summary')
    page.check('input[name="category"][value="know-how"]')
    expected = [e.id for e in entries if e.side == "gesuch" and e.entry.category == "know-how"]
    assert expected and shown(page) == expected
    assert page.url.endswith(f"{urls.BOERSE}?type=gesuch&category=know-how")
    assert status(page) == f"{len(expected)} von {len(entries)} Einträgen"
    # no offer is left, so the whole Angebote section hides; the Gesuche stay
    assert page.is_hidden("section:has(> h2#angebote)") and page.is_visible("section:has(> h2#gesuche)")
    page.go_back()  # the history entry of the category: only the type is left
    assert shown(page) == [e.id for e in entries if e.side == "gesuch"]
    page.click("[data-kl-reset]")
    assert shown(page) == [e.id for e in entries]


@pytest.mark.parametrize("query, keep", [
    ("?region=DE-NI&sdg=2", lambda e: e.member.location.region == "DE-NI" and 2 in e.goals),
    ("?kind=verein,initiative", lambda e: e.member.kind in ("verein", "initiative")),
    ("?category=sachmittel&type=angebot", lambda e: e.entry.category == "sachmittel" and e.side == "angebot"),
    ("?suche=mittagstisch", lambda e: e.id == "kinder-und-jugendhaus-linden-gesuch-2"),
])
def test_a_shared_address_opens_the_same_selection(page, entries, query, keep):
    page.kl_open(query)
    expected = [e.id for e in entries if keep(e)]
    assert expected and shown(page) == expected
    for part in query.lstrip("?").split("&"):
        key, values = part.split("=")
        if key != "suche":
            for value in values.split(","):
                assert page.is_checked(f'input[name="{key}"][value="{value}"]')


def test_each_card_leads_to_its_entry_on_the_member_page(page, entries):
    page.kl_open("?suche=mittagstisch")
    page.focus(".kl-board-card:not([hidden]) .kl-board-card__member a")  # by keyboard: Material's sticky
    with page.expect_navigation():                                         # header covers a scrolled-to link
        page.keyboard.press("Enter")
    entry = next(e for e in entries if e.id == "kinder-und-jugendhaus-linden-gesuch-2")
    assert page.url.endswith(f"{urls.member(entry.member)}#{entry.anchor}")
    assert page.inner_text(f"#{entry.anchor} .kl-exchange__title") == entry.entry.title
