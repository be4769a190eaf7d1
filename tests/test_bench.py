"""The benchmark harness and what issue 8 ("Scale") changed, tested for behaviour, never for time.

- ``kooplab.commands.synthetic``: the generated network validates without errors and has the promised shape.
- ``kooplab bench`` runs on a small N and writes a table with every promised row.
- The scale features: the directory split into pages, one compact search entry per record, the map
  aggregated per city, the fast structure check (it agrees with jsonschema) and the fast YAML path
  (it reads exactly what the careful path reads).
"""

from __future__ import annotations

import copy
import json
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from kooplab import urls
from kooplab.load import source, yaml_reader
from kooplab.load.catalog import load_catalog
from kooplab.pages.geo import Boundaries, make_map
from kooplab.pages.build import build_pages
from kooplab.pages.views import ListView
from kooplab.problems import Problems
from kooplab.load.schema import Schemas
from kooplab.settings import Settings, build_date, settings_from_mkdocs
from kooplab.commands.synthetic import events_for, generate

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def network(tmp_path_factory):
    net = generate(REPO, tmp_path_factory.mktemp("synthetic") / "n60", 60)
    catalog, problems = load_catalog(net.root, settings_from_mkdocs(net.root / "mkdocs.yml"))
    return net, catalog, problems


# --- the generator ---------------------------------------------------------------------------------

def test_synthetic_network_validates_without_errors(network):
    net, catalog, problems = network
    assert [p.text() for p in problems.errors] == []
    assert (len(catalog.members), len(catalog.cases), len(catalog.events)) == (60, 12, events_for(60))
    assert (net.members, net.cases, net.events) == (60, 12, events_for(60))


def test_synthetic_records_have_the_promised_shape(network):
    _, catalog, _ = network
    members = list(catalog.members.values())
    for m in members:
        assert 80 <= len(m.description.split()) <= 120, m.slug  # about 100 words
        assert 1 <= len(m.sdgs) <= 4 and all(t.evidence for t in m.sdgs)
        assert 0 <= len(m.networks) <= 2
        assert m.location.has_coordinates
    trading = [m for m in members if m.offers or m.needs]
    assert 0.3 * len(members) <= len(trading) <= 0.7 * len(members)  # about half
    assert any(m.offers for m in members) and any(m.needs for m in members)
    for c in catalog.cases.values():
        assert c.outcomes and len(c.member_slugs) >= 2
    assert any("[@" in c.body for c in catalog.cases.values())  # citations
    today = build_date()
    upcoming = [e for e in catalog.events.values() if e.upcoming(today)]
    assert 0 < len(upcoming) < len(catalog.events)  # past and upcoming events


def test_the_generator_is_deterministic(tmp_path):
    a, b = generate(REPO, tmp_path / "a", 12), generate(REPO, tmp_path / "b", 12)
    for folder in ("members", "cases", "events"):
        files_a = sorted(p.name for p in (a.root / "data" / folder).iterdir())
        assert files_a == sorted(p.name for p in (b.root / "data" / folder).iterdir())
        for name in files_a:
            assert (a.root / "data" / folder / name).read_bytes() == (b.root / "data" / folder / name).read_bytes()


# --- kooplab bench ---------------------------------------------------------------------------------

ROWS = ["`kooplab validate`: wall time", "`kooplab validate`: peak memory", "build (`mkdocs build --strict`): wall time",
        "build: peak memory", "reference build (plain MkDocs + Material, same pages): wall time",
        "reference build: peak memory", "**ours / reference**", "largest record page",
        "largest page of any kind (lists included), raw / gzip", "directory page, raw / gzip",
        "filter index (`verzeichnis/filter.json`), raw / gzip", "search index, raw / gzip",
        "**first search downloads**", "whole site"]


def test_bench_runs_on_a_small_network_and_writes_every_row(tmp_path):
    out = tmp_path / "B.md"
    result = subprocess.run([sys.executable, "-m", "kooplab.commands.cli", "--root", str(REPO), "bench", "--sizes", "40",
                             "--no-serve", "--out", str(out), "--work", str(tmp_path / "work")],
                            capture_output=True, text=True, env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    text = out.read_text("utf-8")
    assert text.startswith("# Benchmarks")
    assert re.search(r"\d+ cores, \d+ GiB memory", text)
    for row in ROWS:
        line = next((l for l in text.splitlines() if l.startswith(f"| {row}")), None)
        assert line is not None, row
        assert "–" not in line.split("|")[2], line  # a value for N = 40
    # the site it built: one compact search entry per record, no record's full text
    site = tmp_path / "work" / "n40" / "site"
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    docs = index["docs"]
    member_docs = [d for d in docs if re.fullmatch(r"verzeichnis/[^/]+/(#.*)?", d["location"])]
    assert len(member_docs) == 40 and all("#" not in d["location"] for d in member_docs)
    assert all(len(d["text"]) < 400 for d in member_docs)
    case_docs = [d for d in docs if re.fullmatch(r"kooperationen/[^/]+/(#.*)?", d["location"])]
    assert len(case_docs) == 8 and all("#" not in d["location"] for d in case_docs)


# --- the directory split into pages ------------------------------------------------------------------

def _with_page_size(catalog, size: int):
    catalog = copy.copy(catalog)
    catalog.settings = Settings(**{**catalog.settings.__dict__, "directory_page_size": size})
    return catalog


def test_small_directories_are_one_page(network):
    _, catalog, _ = network
    pages = build_pages(catalog)
    directory = [p for p in pages if p.template == "directory.html"]
    assert len(directory) == 1 and directory[0].view.pager == []
    assert all(letter.url is None for letter in directory[0].view.letters)


def test_a_large_directory_is_split_into_pages_that_hold_every_member_once(network):
    _, catalog, _ = network
    pages = build_pages(_with_page_size(catalog, 20))
    directory = [p for p in pages if p.template == "directory.html"]
    assert [p.url for p in directory] == [urls.DIRECTORY, f"{urls.DIRECTORY}seite/2/", f"{urls.DIRECTORY}seite/3/"]
    listed = [m.slug for p in directory for g in p.view.groups for m in g.members]
    assert listed == list(catalog.members)  # A–Z, every member once
    for n, page in enumerate(directory, start=1):
        view: ListView = page.view
        assert [link.current for link in view.pager] == [i == n for i in range(1, 4)]
        assert len(view.members) == 60  # counts and the filter cover all members
        own = {g.label for g in view.groups}
        for letter in view.letters:
            assert (letter.url is None) == (letter.label in own)
        assert page.in_nav == (n == 1) and page.searchable == (n == 1)
    assert directory[0].view.filters.cards == f"{urls.DIRECTORY}cards.json"


def test_split_directory_publishes_card_data_beside_the_index(network):
    from kooplab.pages.facets import filter_files

    _, catalog, _ = network
    files = dict(filter_files(p.view for p in build_pages(_with_page_size(catalog, 20))))
    cards = json.loads(files[f"{urls.DIRECTORY}cards.json"])
    index = json.loads(files[f"{urls.DIRECTORY}filter.json"])
    assert len(cards["names"]) == len(cards["cities"]) == len(index["text"]) == 60
    assert cards["names"] == [m.name for m in catalog.members.values()]
    assert set(cards["goals"]) == {str(n) for n in range(1, 18)}
    assert "names" not in index  # the index stays small: names only in the card data
    assert f"{urls.DIRECTORY}cards.json" not in dict(filter_files(p.view for p in build_pages(catalog)))


def test_long_region_network_sdg_and_format_pages_are_split_and_list_everything_once(network):
    """Above directory_page_size members or case studies, term pages become several pages: each lists its
    share (members A–Z, case studies newest first), all keep the whole counts, only the first has the map,
    the events and a place in the search index."""
    _, catalog, _ = network
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
        assert [m.slug for p in parts for m in p.view.listed_members] == [m.slug for m in full.members]
        assert [c.slug for p in parts for c in p.view.listed_cases] == [c.slug for c in full.cases]
        assert len(parts) == max(-(-len(full.members) // 10), -(-len(full.cases) // 10))
        for n, part in enumerate(parts, start=1):
            assert len(part.view.listed_members) <= 10 and len(part.view.listed_cases) <= 10
            assert part.view.members == full.members and part.view.cases == full.cases  # the counts
            assert [link.current for link in part.view.pager] == [i == n for i in range(1, len(parts) + 1)]
            assert part.searchable == (n == 1) and not part.in_nav
            if n > 1:
                assert part.view.map is None and part.view.events == [] and part.markdown == ""
        assert (parts[0].view.map is not None) == (full.map is not None)
    # pages with short lists stay whole
    assert any(p.template == "region.html" and not p.view.pager for p in pages)


def test_a_long_lab_and_boerse_are_split_and_their_filters_draw_cards_from_card_data(network):
    from kooplab.pages.facets import filter_files
    from kooplab.pages.boerse import board

    _, catalog, _ = network
    pages = build_pages(_with_page_size(catalog, 10))
    lab = [p for p in pages if p.template == "lab.html"]
    boerse = [p for p in pages if p.template == "boerse.html"]
    entries = board(catalog)
    assert len(lab) == -(-len(catalog.cases) // 10) > 1 and len(boerse) == -(-len(entries) // 10) > 1
    assert [c.slug for p in lab for c in p.view.listed_cases] == list(catalog.cases)
    assert [e.id for p in boerse for e in p.view.listed_offers + p.view.listed_needs] == [e.id for e in entries]
    assert [p.url for p in boerse[:2]] == [urls.BOERSE, f"{urls.BOERSE}seite/2/"]
    assert lab[0].view.featured == [c for c in catalog.cases.values() if c.featured]
    assert all(p.view.featured == [] for p in lab[1:])
    for p in boerse:
        assert len(p.view.offers) + len(p.view.needs) == len(entries)  # the counts stay whole
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


def test_split_term_pages_build_with_a_pager_and_working_links(network, tmp_path):
    """A real build of the synthetic network with pages of 10: region page 2 exists, links back to page 1
    and lists other members than page 1; kooplab linkcheck finds no broken link."""
    import os

    net, _, _ = network
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


# --- the map ---------------------------------------------------------------------------------------

def test_a_large_map_shows_one_point_per_city(network):
    _, catalog, _ = network
    members = list(catalog.members.values())
    labels = {r.id: r.label for r in catalog.vocab.regions}
    small = make_map(members, Boundaries({}), labels, aggregate_above=100)
    assert len(small.points) == 60 and small.places == []
    big = make_map(members, Boundaries({}), labels, aggregate_above=10)
    assert big.points == [] and big.located == 60
    assert sum(p.count for p in big.places) == 60
    assert len(big.places) == len({(m.location.region, m.location.city) for m in members})
    assert big.places == sorted(big.places, key=lambda p: (-p.count, p.region, p.city))


# --- validation at scale: the fast paths agree with the careful ones --------------------------------

VALUES = [None, True, False, 0, 3, -1, 17, 18, 2.5, 1.0, "", " ", "x", "abc", "2026-02-30", "2026-01-01",
          "https://example.org", "http://x", "DE-XX", "DE-NI", "a" * 600, [], [1, 1], ["a", "a"], [1, True], {},
          {"a": 1}, [{"goal": 3, "evidence": "Genug Text für einen Beleg."}]]


def _mutations(record, rng: random.Random, n: int):
    for _ in range(n):
        x = copy.deepcopy(record)
        for _ in range(rng.randint(1, 3)):
            paths = []

            def walk(o, path):
                paths.append(path)
                if isinstance(o, dict):
                    for k, v in o.items():
                        walk(v, path + (k,))
                elif isinstance(o, list):
                    for i, v in enumerate(o):
                        walk(v, path + (i,))
            walk(x, ())
            path = rng.choice(paths[1:])
            parent = x
            for part in path[:-1]:
                parent = parent[part]
            if rng.random() < 0.75 or not isinstance(parent, dict):
                parent[path[-1]] = copy.deepcopy(rng.choice(VALUES))
            elif rng.random() < 0.5:
                del parent[path[-1]]
            else:
                parent[f"x{path[-1]}"] = copy.deepcopy(rng.choice(VALUES))
        yield x


def test_fast_structure_check_never_passes_what_jsonschema_rejects(network):
    net, _, _ = network
    schemas = Schemas(REPO / "data/schema")
    rng = random.Random(8)
    checked = confirmed = 0
    for folder, name, reader in (("members", "member.schema.json", source.read_yaml),
                                 ("cases", "case.schema.json", source.read_front_matter),
                                 ("events", "event.schema.json", source.read_yaml)):
        for root in (REPO / "data", net.root / "data"):
            for path in sorted((root / folder).glob("*"))[:12]:
                doc = reader(path, path.name, Problems())
                record = source.iso(doc.data)
                assert schemas.fast_valid(name, "", record)  # valid records are confirmed quickly
                for mutated in _mutations(record, rng, 25):
                    valid = not any(True for _ in schemas.validator(name).iter_errors(mutated))
                    fast = schemas.fast_valid(name, "", mutated)
                    assert not (fast and not valid), json.dumps(mutated, ensure_ascii=False)[:400]
                    checked += 1
                    confirmed += fast
    assert checked > 1000 and confirmed > 50


def test_fast_yaml_path_reads_what_the_careful_path_reads(network, monkeypatch):
    net, _, _ = network
    paths = [*sorted((REPO / "data/members").glob("*.yml")), *sorted((net.root / "data/members").glob("*.yml"))[:20],
             *sorted((REPO / "data/events").glob("*.yml"))]
    fast = {p: source.read_yaml(p, p.name, Problems()) for p in paths}
    monkeypatch.setattr(yaml_reader, "_parse_fast", lambda *args: None)
    for p in paths:
        careful = source.read_yaml(p, p.name, Problems())
        assert careful is not None and fast[p] is not None
        assert (fast[p].data, fast[p].value_pos, fast[p].key_pos, fast[p].texts) == \
            (careful.data, careful.value_pos, careful.key_pos, careful.texts), p.name


@pytest.mark.parametrize("text", [
    "name: a\nname: b\n",  # duplicate key: both paths report it
    "a: &x 1\nb: *x\n",  # anchors: refused by the careful path
    "a: " + "[" * 40 + "]" * 40 + "\n",  # deep nesting
    "a: 2026-02-30\n",  # an impossible date
    "a: !!python/object:os.system x\n",  # a tag
    "a: b: c\n",  # a syntax error
])
def test_fast_yaml_path_reports_exactly_what_the_careful_path_reports(text, monkeypatch):
    fast = Problems()
    doc_fast = yaml_reader.parse_yaml(text, "x.yml", fast)
    monkeypatch.setattr(yaml_reader, "_parse_fast", lambda *args: None)
    careful = Problems()
    doc_careful = yaml_reader.parse_yaml(text, "x.yml", careful)
    assert [p.text() for p in fast.sorted()] == [p.text() for p in careful.sorted()]
    assert (doc_fast is None) == (doc_careful is None)
    if doc_fast is not None:
        assert doc_fast.data == doc_careful.data


def test_pages_rendered_by_a_second_process_are_the_same(network, tmp_path):
    """KOOPLAB_PARALLEL_FROM=1: records are read, suggestions scored and record pages rendered by two
    processes (kooplab.parallel, kooplab_mkdocs.second_process); the site is the same as from one process."""
    import os

    net, _, _ = network
    sites = {}
    for name, value in (("one", "999999999"), ("two", "1")):
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KOOPLAB_PARALLEL_FROM": value}
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / name)],
                                cwd=net.root, capture_output=True, text=True, env=env)
        assert result.returncode == 0, result.stderr[-3000:]
        sites[name] = tmp_path / name
    one = sorted(p.relative_to(sites["one"]) for p in sites["one"].rglob("*") if p.is_file())
    two = sorted(p.relative_to(sites["two"]) for p in sites["two"].rglob("*") if p.is_file())
    assert one == two
    assert len([p for p in one if p.parts[0] == "verzeichnis" and p.name == "index.html"]) > 60
    for rel in one:
        assert (sites["one"] / rel).read_bytes() == (sites["two"] / rel).read_bytes(), rel


def test_a_dirty_build_rewrites_only_the_changed_record_and_the_lists(network, tmp_path):
    """`mkdocs build --dirty` (and `mkdocs serve --dirty`, for large networks): a record page is rebuilt
    only when its data file is newer than the page; lists and the search index are made anew."""
    import os
    import time

    net, catalog, _ = network
    project = tmp_path / "p"
    shutil.copytree(net.root, project, ignore=shutil.ignore_patterns("site"))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    site = project / "site"

    def build(*flags: str) -> None:
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", *flags, "-d", str(site)],
                                cwd=project, capture_output=True, text=True, env=env)
        assert result.returncode == 0, result.stderr[-3000:]

    build()
    changed, other = list(catalog.members.values())[:2]
    pages = {m.slug: site / urls.member(m) / "index.html" for m in (changed, other)}
    before = {slug: page.stat().st_mtime_ns for slug, page in pages.items()}
    time.sleep(0.05)
    source = project / changed.source.path
    source.write_text(source.read_text("utf-8").replace(f"name: {changed.name}", "name: Umbenannt GmbH", 1), "utf-8")
    build("--dirty")
    assert "Umbenannt GmbH" in pages[changed.slug].read_text("utf-8")
    assert pages[other.slug].stat().st_mtime_ns == before[other.slug]  # not rebuilt
    assert "Umbenannt GmbH" in (site / "verzeichnis" / "index.html").read_text("utf-8")
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    records = [d for d in index["docs"] if re.fullmatch(r"verzeichnis/[^/]+/", d["location"])]
    assert len(records) == len(catalog.members)  # every record is still found by the header search
