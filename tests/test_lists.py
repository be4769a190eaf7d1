"""Long lists split into pages (kooplab.pages.lists): the directory, pages about a term, the lab and the
Börse, each page with the whole filter; on the synthetic network of 60 members (conftest.synthetic60)."""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from kooplab import urls
from kooplab.pages.build import build_pages
from kooplab.pages.views import ListView
from kooplab.settings import Settings


# --- the directory split into pages ------------------------------------------------------------------

def _with_page_size(catalog, size: int):
    catalog = copy.copy(catalog)
    catalog.settings = Settings(**{**catalog.settings.__dict__, "directory_page_size": size})
    return catalog


def test_small_directories_are_one_page(synthetic60):
    _, catalog, _ = synthetic60
    pages = build_pages(catalog)
    directory = [p for p in pages if p.template == "directory.html"]
    assert len(directory) == 1 and directory[0].view.pager == []
    assert all(letter.url is None for letter in directory[0].view.letters)


def test_a_large_directory_is_split_into_pages_that_hold_every_member_once(synthetic60):
    _, catalog, _ = synthetic60
    pages = build_pages(_with_page_size(catalog, 20))
    directory = [p for p in pages if p.template == "directory.html"]
    assert [p.url for p in directory] == [urls.DIRECTORY, f"{urls.DIRECTORY}seite/2/", f"{urls.DIRECTORY}seite/3/"]
    listed = [m.slug for p in directory for g in p.view.groups for m in g.members]
    assert listed == list(catalog.members)  # A–Z, every member once
    for n, page in enumerate(directory, start=1):
        view: ListView = page.view
        assert [link.current for link in view.pager] == [i == n for i in range(1, 4)]
        assert view.member_count == 60  # counts and the filter cover all members
        own = {g.label for g in view.groups}
        for letter in view.letters:
            assert (letter.url is None) == (letter.label in own)
        assert page.in_nav == (n == 1) and page.searchable == (n == 1)
    assert directory[0].view.filters.cards == f"{urls.DIRECTORY}cards.json"


def test_split_directory_publishes_card_data_beside_the_index(synthetic60):
    from kooplab.pages.facets import filter_files

    _, catalog, _ = synthetic60
    files = dict(filter_files(p.view for p in build_pages(_with_page_size(catalog, 20))))
    cards = json.loads(files[f"{urls.DIRECTORY}cards.json"])
    index = json.loads(files[f"{urls.DIRECTORY}filter.json"])
    assert len(cards["names"]) == len(cards["cities"]) == len(index["text"]) == 60
    assert cards["names"] == [m.name for m in catalog.members.values()]
    assert set(cards["goals"]) == {str(n) for n in range(1, 18)}
    assert "names" not in index  # the index stays small: names only in the card data
    assert f"{urls.DIRECTORY}cards.json" not in dict(filter_files(p.view for p in build_pages(catalog)))


def test_long_region_network_sdg_and_format_pages_are_split_and_list_everything_once(synthetic60):
    """Above directory_page_size members or case studies, term pages become several pages: each lists its
    share (members A–Z, case studies newest first), all keep the whole counts, only the first has the map,
    the events and a place in the search index."""
    _, catalog, _ = synthetic60
    whole = {p.url: p for p in build_pages(catalog)}
    pages = build_pages(_with_page_size(catalog, 10))
    split = {}
    for page in pages:
        view = page.view
        if page.template in ("region.html", "network.html", "sdg.html", "format.html") and view.pager:
            split.setdefault(view.pager[0].url, []).append(page)
    assert {whole[url].template for url in split} >= {"region.html", "network.html", "sdg.html"}  # formats: few cases
    for first, parts in split.items():
        full = whole[first].view
        assert [p.url for p in parts] == [first] + [f"{first}seite/{n}/" for n in range(2, len(parts) + 1)]
        assert [m.slug for p in parts for m in p.view.members] == [m.slug for m in full.members]
        assert [c.slug for p in parts for c in p.view.cases] == [c.slug for c in full.cases]
        assert len(parts) == max(-(-len(full.members) // 10), -(-len(full.cases) // 10))
        for n, part in enumerate(parts, start=1):
            assert len(part.view.members) <= 10 and len(part.view.cases) <= 10
            assert (part.view.member_count, part.view.case_count) == (len(full.members), len(full.cases))  # the counts
            assert [link.current for link in part.view.pager] == [i == n for i in range(1, len(parts) + 1)]
            assert part.searchable == (n == 1) and not part.in_nav
            if n > 1:
                assert part.view.map is None and part.view.events == [] and part.markdown == ""
        assert (parts[0].view.map is not None) == (full.map is not None)
    # pages with short lists stay whole
    assert any(p.template == "region.html" and not p.view.pager for p in pages)


def test_a_long_lab_and_boerse_are_split_and_their_filters_draw_cards_from_card_data(synthetic60):
    from kooplab.pages.facets import filter_files
    from kooplab.pages.boerse import board

    _, catalog, _ = synthetic60
    pages = build_pages(_with_page_size(catalog, 10))
    lab = [p for p in pages if p.template == "lab.html"]
    boerse = [p for p in pages if p.template == "boerse.html"]
    entries = board(catalog)
    assert len(lab) == -(-len(catalog.cases) // 10) > 1 and len(boerse) == -(-len(entries) // 10) > 1
    assert [c.slug for p in lab for c in p.view.cases] == list(catalog.cases)
    assert [e.id for p in boerse for e in p.view.offers + p.view.needs] == [e.id for e in entries]
    assert [p.url for p in boerse[:2]] == [urls.BOERSE, f"{urls.BOERSE}seite/2/"]
    assert lab[0].view.featured == [c for c in catalog.cases.values() if c.featured]
    assert all(p.view.featured == [] for p in lab[1:])
    assert all(p.view.total == len(entries) for p in boerse)  # the counts stay whole
    files = dict(filter_files(p.view for p in pages))
    cards = json.loads(files[f"{urls.BOERSE}cards.json"])
    assert cards["card"] == "plain" and len(cards["names"]) == len(cards["urls"]) == len(entries)
    first = entries[0]
    assert cards["urls"][0] == f"../{urls.member(first.member)}#{first.anchor}"
    assert cards["names"][0] == first.entry.title and first.member.name in cards["lines"][0]
    lab_cards = json.loads(files[f"{urls.LAB}cards.json"])
    assert lab_cards["urls"] == [f"{slug}/" for slug in catalog.cases]
    # unsplit: no card data
    assert not {f"{urls.BOERSE}cards.json", f"{urls.LAB}cards.json"} & set(dict(filter_files(
        p.view for p in build_pages(catalog))))


def test_split_term_pages_build_with_a_pager_and_working_links(synthetic60, tmp_path):
    """A real build of the synthetic network with pages of 10: region page 2 exists, links back to page 1
    and lists other members than page 1; kooplab linkcheck finds no broken link."""
    import os

    net, _, _ = synthetic60
    project = tmp_path / "p"
    shutil.copytree(net.root, project, ignore=shutil.ignore_patterns("site"))
    config = project / "mkdocs.yml"
    text = re.sub(r"^    directory_page_size: .*\n", "", config.read_text("utf-8"), flags=re.M)
    config.write_text(text.replace("  kooplab:\n", "  kooplab:\n    directory_page_size: 10\n", 1), "utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(project / "site")],
                            cwd=project, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    site = project / "site"
    second = sorted(site.glob("regionen/*/seite/2/index.html"))
    assert second, "no region page was split"
    page2 = BeautifulSoup(second[0].read_text("utf-8"), "html.parser")
    page1 = BeautifulSoup((second[0].parent.parent.parent / "index.html").read_text("utf-8"), "html.parser")
    pager = page2.select_one("nav.kl-pager--pages")
    assert pager.select_one("[aria-current=page]").get_text().startswith("Seite 2")
    assert pager.select_one("a")["href"] == "../../"
    def members(soup) -> set[str]:
        return {m.group(1) for a in soup.select(".kl-cards a[href]")
                if (m := re.search(r"verzeichnis/([^/]+)/$", a["href"]))}

    assert members(page2) and not members(page2) & members(page1)
    assert "Seite 2 von" in page2.title.get_text()
    check = subprocess.run([sys.executable, "-m", "kooplab.commands.cli", "linkcheck", str(site)], cwd=project,
                           capture_output=True, text=True, env=env)
    assert check.returncode == 0, check.stdout[-3000:] + check.stderr[-3000:]


@pytest.mark.parametrize("value", [0, 9, "100", True, 12.5])
def test_directory_page_size_must_be_a_whole_number_of_at_least_10(value):
    with pytest.raises(ValueError, match="directory_page_size"):
        Settings(directory_page_size=value)




class _Unread:
    """Stands in for a filter's records and card data: as long as they are, and fails when a template reads more
    than their number."""

    def __init__(self, length: int) -> None:
        self.length = length

    def __len__(self) -> int:
        return self.length

    def __getattr__(self, name):
        raise AssertionError(f"a template read the filter's records or card data ({name})")

    def __iter__(self):
        raise AssertionError("a template read the filter's records or card data")

    def __getitem__(self, key):
        raise AssertionError("a template read the filter's records or card data")


def test_a_page_shows_of_its_filter_only_the_form(synthetic60):
    """A split list's pages share one filter, whose records change with every summary: the preview renders a page
    again only when the filter's form (Filters.form) changed, so no template may read the records or card data."""
    import dataclasses

    from kooplab.outputs.articles import Articles, EngineConfig
    from kooplab.outputs.site import make_site
    from kooplab.settings import read_mkdocs_config

    net, catalog, _ = synthetic60
    site = make_site(net.root, _with_page_size(catalog, 10))
    with_filters = [m for m in site.pages if getattr(m.view, "filters", None) is not None]
    assert {m.template for m in with_filters} >= {"directory.html", "lab.html", "boerse.html", "events.html", "map.html"}
    for model in with_filters:
        f = model.view.filters
        model.view.filters = dataclasses.replace(f, records=_Unread(len(f.records)), display=_Unread(len(f.display)),
                                                 card_meta=_Unread(len(f.card_meta or {})))
    config = EngineConfig.from_mkdocs(read_mkdocs_config(net.root / "mkdocs.yml", environment=True))
    articles = {a.src_uri: a for a in Articles(site, net.root / "overrides", config).generated()}
    directory = articles[urls.src_uri(urls.DIRECTORY)].html
    assert f"Alle {len(catalog.members)} Mitglieder" in directory  # the number of records is read
