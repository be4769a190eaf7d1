"""The engine without hooks (README, "Engines"): the core renders every page's article with our templates and
views and no engine (kooplab.outputs.articles); `kooplab materialize` writes the site as a tree of plain files
(kooplab.materialize); Zensical builds that tree (`kooplab build --engine zensical`).

Proved here: the Zensical site has every page at the MkDocs site's address with the same article, head, scripts,
title and edit address, and every data file byte for byte (scripts/compare_zensical.py); its links resolve
(kooplab linkcheck); hostile records stay inert; and readers' journeys of tests/test_browser.py (the filters, the
map, axe on every page type, no request to another host, no console error) pass on it in Chromium.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import MEMBER, REPO
from kooplab.commands.cli import main as kooplab
from kooplab.outputs.articles import relative_url

SCRIPT = REPO / "scripts" / "compare_zensical.py"
ZENSICAL_TEMPLATES = Path(importlib.util.find_spec("zensical").origin).parent / "templates" \
    if importlib.util.find_spec("zensical") else None


@pytest.fixture(autouse=True, scope="module")
def zensical_installed():
    if ZENSICAL_TEMPLATES is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true: Zensical is not installed (the test extra pins it)", pytrace=False)
        pytest.skip("Zensical is not installed (pip install -c requirements.lock -e '.[test]')")


def load_script():
    spec = importlib.util.spec_from_file_location("compare_zensical", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def zensical_build(project: Path, out: Path, site_url: str = "http://127.0.0.1:8000/") -> subprocess.CompletedProcess:
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "kooplab.commands.cli", "--root", str(project), "build", "--engine",
                           "zensical", "--site-dir", str(out)], cwd=project, env=env, capture_output=True, text=True)


# --- the same pages and files as the MkDocs build ---------------------------------------------------------

def test_zensical_builds_the_pages_and_files_of_the_mkdocs_build():
    # the synthetic network's lists split into pages of 10 (directory, states, networks, SDGs, lab, Börse)
    run = subprocess.run([sys.executable, str(SCRIPT), "--members", "60", "--page-size", "10"], capture_output=True,
                         text=True, timeout=900)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    for name in ("sample:", "60 members:"):
        line = next(line for line in run.stdout.splitlines() if line.startswith(name))
        pages, files = (int(n) for n in line.split(":")[1].split()[0:4:3])
        assert pages > 120 and files > 200, line  # every page and file was compared
        if name == "60 members:":
            assert pages > 160, line  # the later pages of the split lists too
        assert line.endswith("; 0 differ"), line


def test_the_comparison_finds_what_readers_would_notice_and_forgives_the_frame(tmp_path):
    compare = load_script().compare

    def page(title: str, article: str, frame: str, edit: str = "https://example.org/edit/x.yml",
             head: str = '<script type="application/ld+json">{"a": 1}</script>') -> str:
        button = f'<a href="{edit}" title="Seite editieren" class="md-content__button md-icon" rel="edit">✎</a>'
        return (f"<html><head><title>{title}</title>{head}</head><body><nav>{frame}</nav><main>"
                f'<article class="md-content__inner md-typeset">{button}{article}</article></main></body></html>')

    a, b = tmp_path / "mkdocs", tmp_path / "zensical"
    for site, frame in ((a, "MkDocs' navigation"), (b, "Zensical's  navigation")):
        for name in ("same", "text", "edit", "head", "title"):
            (site / name).mkdir(parents=True)
            (site / name / "index.html").write_text(page("T", "<h1>Name</h1>\n<p>Text</p>", frame))
        (site / "daten").mkdir()
        (site / "daten" / "mitglieder.json").write_text('{"a": 1}')
        (site / "pagefind").mkdir()
        (site / "pagefind" / f"{frame[0]}.pf_meta").write_text(frame)
    (b / "same" / "index.html").write_text(page("T", "<h1>Name</h1> <p>Text</p>", "other"))  # whitespace only
    (b / "text" / "index.html").write_text(page("T", "<h1>Name</h1><p>Txet</p>", "other"))
    (b / "edit" / "index.html").write_text(page("T", "<h1>Name</h1><p>Text</p>", "other", edit="https://x/"))
    (b / "head" / "index.html").write_text(page("T", "<h1>Name</h1><p>Text</p>", "other", head=""))
    (b / "title" / "index.html").write_text(page("T2", "<h1>Name</h1><p>Text</p>", "other"))
    (b / "daten" / "mitglieder.json").write_text('{"a": 2}')
    (a / "nur").mkdir()
    (a / "nur" / "index.html").write_text(page("T", "", ""))
    differ, pages, files = compare(a, b)
    found = sorted(line.split(":")[0] for line in differ)
    assert found == ["daten/mitglieder.json", "edit/index.html", "head/index.html", "nur/index.html",
                     "text/index.html", "title/index.html"], differ
    assert pages == 5 and files == 1


@pytest.mark.parametrize("url", ["", ".", "./", "verzeichnis/", "verzeichnis/x/", "assets/kooplab.css", "index.html",
                                 "#oben", "https://example.org/a", "/absolut/", "daten/mitglieder.json",
                                 "verzeichnis/seite/2/", "termine/termine.ics"])
@pytest.mark.parametrize("page", ["", "daten/", "verzeichnis/x/", "regionen/bayern/seite/2/", "404.html"])
def test_the_core_url_filter_gives_mkdocs_addresses(url, page):
    from mkdocs.utils import normalize_url

    stand_in = type("Page", (), {"url": page})()
    assert relative_url(url, page) == normalize_url(url, stand_in)


# --- the tree, and what it refuses -------------------------------------------------------------------

def sample_copy(dest: Path) -> Path:
    shutil.copytree(REPO, dest, ignore=shutil.ignore_patterns(
        ".git", ".venv", "site", "tests", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis",
        "test-artifacts", "materialized", ".*.building-*", ".*.old-*"))
    return dest


def test_materialize_writes_a_tree_that_zensical_builds_and_never_empties_a_foreign_folder(tmp_path, capsys):
    project = sample_copy(tmp_path / "project")
    out = tmp_path / "tree"
    assert kooplab(["--root", str(project), "materialize", "--out", str(out)]) == 0
    page = (out / "docs/verzeichnis/atlas-elektronik/index.md").read_text(encoding="utf-8")
    assert page.startswith("---\ntitle: Atlas Elektronik GmbH\n")
    assert "kl_edit_url: https://github.com/kooplab/kooplab/edit/main/data/members/atlas-elektronik.yml" in page
    assert "<h1>Atlas Elektronik GmbH</h1>" in page and "search:" not in page.split("\n---\n")[0]
    # Zensical's own search: the records and hand-written pages, not the lists that repeat their text
    assert "search:\n  exclude: true\n" in (out / "docs/verzeichnis/index.md").read_text(encoding="utf-8")
    assert "search:" not in (out / "docs/ueber/index.md").read_text(encoding="utf-8")
    assert (out / "docs/daten/members.json").is_file() and (out / "theme/main.html").is_file()
    config = (out / "mkdocs.yml").read_text(encoding="utf-8")
    assert "hooks" not in config and "custom_dir: theme" in config
    # materialized again into the same folder: replaced, not mixed
    (out / "docs/stale.md").write_text("alt")
    assert kooplab(["--root", str(project), "materialize", "--out", str(out)]) == 0
    assert not (out / "docs/stale.md").exists()
    # a folder that holds something else is left alone, and so is the project itself
    for foreign in (project / "data", project):
        before = sorted(p.name for p in foreign.iterdir())
        assert kooplab(["--root", str(project), "materialize", "--out", str(foreign)]) == 1
        assert sorted(p.name for p in foreign.iterdir()) == before
    assert "nothing was written" in capsys.readouterr().err


def test_bad_data_stops_the_zensical_build_with_file_and_line(tmp_path):
    project = sample_copy(tmp_path / "project")
    (project / "data/members/neu.yml").write_text(MEMBER.replace("kind: unternehmen", "kind: firma"),
                                                  encoding="utf-8")
    out = tmp_path / "site"
    run = zensical_build(project, out)
    assert run.returncode == 1
    assert "data/members/neu.yml:2:7:" in run.stderr and "kind" in run.stderr
    assert not out.exists()
    assert not list(tmp_path.glob("*.tree-*")), "the temporary tree is removed"


def test_hostile_records_stay_inert_in_the_zensical_site(tmp_path):
    from test_xss import material_inline_scripts, page_problems
    from xss.hostile import make_project

    h = make_project(tmp_path / "kooplab")
    out = tmp_path / "site"
    run = zensical_build(h.root, out, "http://127.0.0.1:8000/")
    assert run.returncode == 0, run.stderr[-3000:]
    known = material_inline_scripts(ZENSICAL_TEMPLATES)
    problems, titles = [], 0
    for path in sorted(out.rglob("*.html")):
        address = path.relative_to(out).as_posix()
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        problems += page_problems(address, soup, out, "127.0.0.1:8000", known)
        if address.startswith("verzeichnis/xss-") and soup.title and "<" in soup.title.get_text():
            titles += 1  # a payload with markup in a member's name is shown as text in the title
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:40])
    assert titles > 5


# --- readers' journeys on the Zensical site, in Chromium (tests/test_browser.py) --------------------------

from test_browser import (  # noqa: E402 - the same journeys, on the Zensical build (its own `server` below)
    browser,  # noqa: F401 - a fixture
    catalog,  # noqa: F401 - a fixture
    reader,  # noqa: F401 - a fixture
    test_every_page_type_passes_axe_and_stays_on_the_site,  # noqa: F401
    test_filter_by_state_and_goal_share_the_address_and_go_back,  # noqa: F401
    test_lab_filters_by_format_goal_state_network_and_status,  # noqa: F401
    test_map_points_are_links_reachable_by_keyboard,  # noqa: F401
    test_map_takes_the_directory_filter_from_the_address,  # noqa: F401
    test_text_filter_finds_names_places_and_words_without_umlauts,  # noqa: F401
    test_without_javascript_everything_is_on_the_page,  # noqa: F401
)
from browsing import serving  # noqa: E402


@pytest.fixture(autouse=True)
def own_screenshots(monkeypatch):
    """The journeys' screenshots of the Zensical site go beside the MkDocs site's, not over them."""
    import test_browser

    monkeypatch.setattr(test_browser, "SHOTS", test_browser.SHOTS / "zensical")


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory):
    """The sample built by Zensical (site_url = the server's own address) and served on 127.0.0.1: (folder,
    address)."""
    site = tmp_path_factory.mktemp("zensical") / "site"
    site.mkdir()
    with serving(site) as base:
        run = zensical_build(REPO, site, base)
        assert run.returncode == 0, run.stderr[-3000:]
        yield site, base


@pytest.fixture(scope="module")
def server(zensical_site):
    return zensical_site[1]


def test_the_zensical_site_s_links_resolve_and_its_calendars_parse(zensical_site, catalog, capsys):  # noqa: F811
    import urllib.request

    import icalendar

    from kooplab import urls

    site, base = zensical_site
    assert kooplab(["linkcheck", str(site)]) == 0, capsys.readouterr().out[-3000:]
    assert "no broken links" in capsys.readouterr().err
    soup = BeautifulSoup(urllib.request.urlopen(base + urls.EVENTS).read().decode(), "html.parser")
    ics = [a["href"] for a in soup.select('a[href$=".ics"]:not([href^="webcal:"])')]
    assert ics, "the events page offers its calendar"
    calendar = icalendar.Calendar.from_ical(urllib.request.urlopen(base + urls.EVENTS + ics[0]).read())
    assert len(calendar.walk("VEVENT")) == len(catalog.events)
    assert any(a["href"].startswith("webcal://127.0.0.1:") for a in soup.select("a[href^='webcal:']"))


def test_the_404_page_is_ours_and_its_search_button_opens_zensical_s_search(reader):  # noqa: F811
    page = reader.first.open("404.html")
    assert page.inner_text("article h1") == "Seite nicht gefunden"
    assert page.title() == "Seite nicht gefunden - Kooperations-Lab"
    # absolute links: the page is served for a missing address at any depth
    assert page.get_attribute("article a:text('Verzeichnis der Mitglieder')", "href") == "/verzeichnis/"
    button = page.locator("article [data-kl-search-open]")
    assert button.is_visible()
    button.click()
    assert page.evaluate("document.getElementById('__search').checked")
    page.keyboard.type("Bremen")
    # Zensical's search lists its hits under a count (in English, whatever the site's language)
    count = page.get_by_text(re.compile(r"^\d+ results?$"))
    count.wait_for(timeout=10_000)
    assert int(count.inner_text().split()[0]) > 0
