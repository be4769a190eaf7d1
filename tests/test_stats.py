"""/zahlen/ (the network in numbers) and api/stats.json: figures checked against counts made here from the
records, every row leading to the list it counts, in Chromium on a phone and a desktop."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from bs4 import BeautifulSoup

from browsing import axe
from conftest import REPO
from kooplab import urls
from kooplab.load.catalog import load_catalog
from kooplab.pages.boerse import board
from kooplab.pages.stats import network_figures, network_share, region_share
from kooplab.settings import build_date, settings_from_mkdocs


@pytest.fixture(scope="module")
def catalog():
    catalog, problems = load_catalog(REPO, settings_from_mkdocs(REPO / "mkdocs.yml"))
    assert not problems.errors
    return catalog


def chart(figures, id_):
    return next(c for c in figures.charts if c.id == id_)


def test_the_figures_are_the_counts_of_the_records(catalog):
    figures = network_figures(catalog, build_date())
    members, cases = list(catalog.members.values()), list(catalog.cases.values())
    by_state = Counter(m.location.region for m in members)
    assert {b.label: b.value for b in chart(figures, "mitglieder-bundesland").bars} == \
        {catalog.vocab.regions[r].label: n for r, n in by_state.items()}
    assert [b.value for b in chart(figures, "mitglieder-bundesland").bars] == sorted(by_state.values(), reverse=True)
    assert sum(b.value for b in chart(figures, "mitglieder-art").bars) == len(members)
    assert {b.label: b.value for b in chart(figures, "fallbeispiele-format").bars} == \
        {catalog.vocab.formats[f].label: n for f, n in Counter(f for c in cases for f in c.formats).items()}
    assert {b.label: b.value for b in chart(figures, "mitglieder-sdg").bars} == \
        {f"{g.number} – {g.label}": n for g in catalog.vocab.sdgs
         if (n := sum(g.number in m.goals for m in catalog.members.values()))}
    sectors = chart(figures, "mitglieder-branche")
    assert sum(b.value for b in sectors.bars) + sectors.unknown == len(members)  # every member counted once
    growth = chart(figures, "wachstum-mitglieder").bars
    assert growth[-1].value == sum(1 for m in members if m.member_since)
    assert growth[-1].value + chart(figures, "wachstum-mitglieder").unknown == len(members)
    assert [int(b.label) for b in growth] == list(range(int(growth[0].label), int(growth[-1].label) + 1))
    assert all(a.value <= b.value for a, b in zip(growth, growth[1:]))  # at the end of each year: never fewer
    key = {k.label: k.value for k in figures.key}
    assert key["Mitglieder"] == len(members) and key["Fallbeispiele"] == len(cases)
    assert chart(figures, "mitglieder-bundesland").bars[0].href == f"{urls.DIRECTORY}?region=" + \
        by_state.most_common(1)[0][0]


def test_the_page_and_the_json_carry_the_same_figures(served, catalog):
    site, _ = served
    data = json.loads((site / "api/stats.json").read_text(encoding="utf-8"))
    page = BeautifulSoup((site / "zahlen/index.html").read_text(encoding="utf-8"), "html.parser")
    for c in data["charts"]:
        table = page.find(id=c["id"]).find_parent("section").find("table")
        rows = [(tr.th.get_text(strip=True), tr.td.get_text(strip=True)) for tr in table.tbody.find_all("tr")]
        assert rows == [(b["label"], f"{b['value']:,}".replace(",", ".")) for b in c["bars"]], c["id"]
        for tr, bar in zip(table.tbody.find_all("tr"), c["bars"]):
            assert (tr.th.a is not None) == bool(bar["href"])
    assert data["key_figures"][0] == {"label": "Mitglieder", "value": len(catalog.members),
                                      "href": data["key_figures"][0]["href"]}
    assert data["key_figures"][0]["href"].endswith(urls.DIRECTORY)


@pytest.mark.parametrize("width", [390, 1280])
def test_a_reader_follows_a_figure_to_the_list_it_counts(browser, server, catalog, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(server + "zahlen/")
    assert axe(page) == []
    state = chart(network_figures(catalog, build_date()), "mitglieder-bundesland").bars[0]
    row = page.locator(f"#mitglieder-bundesland ~ table tr:has(th a:text-is('{state.label}'))")
    assert row.locator("td").inner_text().strip() == str(state.value)
    row.locator("th a").click()
    page.wait_for_selector("form.kl-filter[data-kl-ready]")
    assert "region=" in page.url
    shown = page.locator("[data-kl-status]").inner_text()
    assert shown.startswith(f"{state.value} von "), shown
    page.close()


# --- a network's and a state's own figures, on their pages ------------------------------------------------

def test_a_network_page_counts_its_own_members_cases_and_entries(catalog):
    network = "puu-bremen"
    figures = network_share(catalog, network, build_date())
    members = [m for m in catalog.members.values() if network in m.networks]
    cases = [c for c in catalog.cases.values() if any(network in catalog.members[s].networks
                                                      for s in c.member_slugs if s in catalog.members)]
    offers_needs = [e for e in board(catalog, build_date()) if network in e.member.networks]
    key = {k.label: (k.value, k.href) for k in figures.key}
    assert key["Mitglieder"] == (len(members), f"{urls.DIRECTORY}?network={network}")
    assert key["Fallbeispiele"] == (len(cases), f"{urls.LAB}?network={network}")
    assert key["Angebote und Gesuche in der Börse"] == (len(offers_needs), f"{urls.BOERSE}?network={network}")
    assert "Netzwerke" not in key
    assert 0 < len(members) < len(catalog.members) and cases and offers_needs  # a real share, not all or nothing
    kinds = Counter(m.kind for m in members)
    assert {b.href: b.value for b in chart(figures, "mitglieder-art").bars} == \
        {f"{urls.DIRECTORY}?network={network}&kind={k}": n for k, n in kinds.items()}
    assert chart(figures, "fallbeispiele-format").bars[0].href.startswith(f"{urls.LAB}?network={network}&format=")
    assert "mitglieder-netzwerk" not in {c.id for c in figures.charts}  # one bar: the network itself


def test_a_state_page_counts_what_is_there(catalog):
    state = "DE-HB"
    figures = region_share(catalog, state, build_date())
    key = {k.label: (k.value, k.href) for k in figures.key}
    assert key["Mitglieder"] == (sum(m.location.region == state for m in catalog.members.values()),
                                 f"{urls.DIRECTORY}?region={state}")
    assert key["Fallbeispiele"] == (sum(c.region == state for c in catalog.cases.values()), f"{urls.LAB}?region={state}")
    assert "mitglieder-bundesland" not in {c.id for c in figures.charts}
    by_network = chart(figures, "mitglieder-netzwerk").bars
    assert by_network[0].href.startswith(f"{urls.DIRECTORY}?region={state}&network=")


@pytest.mark.parametrize("path, scope", [("netzwerke/puu-bremen/", "network=puu-bremen"),
                                         ("regionen/bremen/", "region=DE-HB")])
def test_a_reader_follows_a_network_or_state_figure_to_its_filtered_list(browser, server, path, scope):
    page = browser.new_page(viewport={"width": 390, "height": 800})
    page.goto(server + path)
    section = page.locator("section.kl-share")
    section.locator("summary").click()  # the charts are folded away
    assert axe(page) == []
    link = section.locator("#zahlen-mitglieder-art ~ table th a").first
    name = link.inner_text()
    count = int(link.locator("xpath=ancestor::tr").locator(".kl-bar-value").inner_text())
    link.click()
    page.wait_for_selector("form.kl-filter[data-kl-ready]")
    assert scope in page.url and "kind=" in page.url
    assert page.locator("[data-kl-status]").inner_text().startswith(f"{count} von "), name
    page.go_back()
    page.locator("section.kl-share .kl-key-figures a").filter(has_text="Fallbeispiele").click()
    page.wait_for_selector("form.kl-filter[data-kl-ready]")
    assert scope in page.url
    shown = int(page.locator("[data-kl-status]").inner_text().split()[0])
    assert shown > 0
    page.close()
