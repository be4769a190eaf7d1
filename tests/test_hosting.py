"""GitHub Pages hosting: the site works under a project path, and renamed records redirect.

The sample is built with ``site_url: https://example.github.io/netzwerk/`` and served under
``/netzwerk/`` on 127.0.0.1; a crawler starts at the front page and follows every internal
link, asset, download and redirect it finds.
"""

from __future__ import annotations

import re
import subprocess
import urllib.error
import urllib.request
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from browsing import build_site, serving
from conftest import REPO

PREFIX = "/netzwerk/"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = tmp_path_factory.mktemp("pages")
    result = build_site(REPO, root / PREFIX.strip("/"), f"https://example.github.io{PREFIX}")
    assert result.returncode == 0, result.stderr[-3000:]
    with serving(root) as base:  # the host's root; the site lives under PREFIX
        yield base.rstrip("/")


def fetch(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as err:
        return err.code, b"", ""


def links(base: str, html: bytes) -> set[str]:
    soup = BeautifulSoup(html, "html.parser")
    found = set()
    for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("source", "srcset")):
        for element in soup.find_all(tag):
            if element.get(attr):
                found.add(element[attr].split()[0])
    for meta in soup.find_all("meta", attrs={"http-equiv": "refresh"}):
        found.add(meta["content"].split("url=", 1)[1])
    return {urldefrag(urljoin(base, href))[0] for href in found}


def test_every_internal_link_works_under_the_project_path(served):
    start = f"{served}{PREFIX}"
    seen, queue, broken, outside = set(), [start], [], []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        status, body, ctype = fetch(url)
        if status != 200:
            broken.append(url)
            continue
        if "html" not in ctype:
            continue
        for target in links(url, body):
            parts = urlsplit(target)
            if parts.scheme not in ("http", "https"):
                continue  # mailto: and the like
            if parts.netloc != urlsplit(served).netloc:
                continue  # links to other sites are plain links, not requests of the page
            if not parts.path.startswith(PREFIX):
                outside.append((url, target))
                continue
            queue.append(target)
    assert broken == []
    assert outside == []  # nothing points to the host's root, where another project lives
    pages = {u for u in seen if u.endswith("/")}
    assert len(pages) > 100  # the crawl really walked the site (every record page is linked)
    for needed in ("verzeichnis/hansa-flex/", "kooperationen/", "sdg/13-massnahmen-zum-klimaschutz/",
                   "daten/", "daten/members.csv", "vorlagen/mitglied.yml",
                   "vorlagen/fallbeispiel.txt"):
        assert f"{served}{PREFIX}{needed}" in seen, needed


def test_404_page_works_at_any_depth(served):
    """GitHub Pages answers unknown addresses with 404.html: its assets must not depend on the depth."""
    status, body, _ = fetch(f"{served}{PREFIX}404.html")
    assert status == 200
    deep = f"{served}{PREFIX}gibt/es/nicht/"
    for target in links(deep, body):
        parts = urlsplit(target)
        if parts.netloc == urlsplit(served).netloc and not target.endswith("/"):
            assert fetch(target)[0] == 200, target


def test_search_index_is_served_under_the_prefix(served):
    for name in ("pagefind/pagefind.js", "pagefind/pagefind-entry.json", "assets/kooplab-search.js"):
        assert fetch(f"{served}{PREFIX}{name}")[0] == 200, name


def test_renamed_record_redirects(served):
    status, body, _ = fetch(f"{served}{PREFIX}verzeichnis/hansa-flex-ag/")
    assert status == 200
    soup = BeautifulSoup(body, "html.parser")
    refresh = soup.find("meta", attrs={"http-equiv": "refresh"})["content"]
    target = urljoin(f"{served}{PREFIX}verzeichnis/hansa-flex-ag/", refresh.split("url=", 1)[1])
    assert target == f"{served}{PREFIX}verzeichnis/hansa-flex/"
    assert soup.find("a")["href"] == refresh.split("url=", 1)[1]  # a visible link for readers without refresh
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    status, body, _ = fetch(target)
    assert status == 200 and b"Hansa-Flex AG" in body
    # the old address is not a search result: the redirect page has nothing for the index
    assert b"data-pagefind-body" not in fetch(f"{served}{PREFIX}verzeichnis/hansa-flex-ag/")[1]


def test_alias_that_takes_another_records_address_is_an_error(project):
    from conftest import MEMBER
    project.write("data/members/a.yml", MEMBER)
    project.write("data/members/b.yml", MEMBER + "aliases: [a]\n")
    assert project.messages() == ["data/members/b.yml:14:11: error: aliases[0]: alias 'a' is the address of data/members/a.yml"]


def test_edit_links_open_the_data_file_or_the_markdown_page(served):
    def edit_link(path):
        soup = BeautifulSoup(fetch(f"{served}{PREFIX}{path}")[1], "html.parser")
        return soup.select_one("a.md-content__button[href*='/edit/']")["href"]

    assert edit_link("verzeichnis/hansa-flex/") == "https://github.com/kooplab/kooplab/edit/main/data/members/hansa-flex.yml"
    assert re.fullmatch(r"https://github.com/kooplab/kooplab/edit/main/data/cases/[a-z0-9-]+\.md",
                        edit_link("kooperationen/arbeitskreis-umwelt-bremen/"))
    assert edit_link("mitmachen/") == "https://github.com/kooplab/kooplab/edit/main/content/mitmachen.md"


def test_record_pages_show_review_and_last_change_from_git(served):
    committed = subprocess.run(["git", "log", "-1", "--format=%cs", "--", "data/members/hansa-flex.yml"],
                               cwd=REPO, capture_output=True, text=True).stdout.strip()
    soup = BeautifulSoup(fetch(f"{served}{PREFIX}verzeichnis/hansa-flex/")[1], "html.parser")
    dates = {t.previous_sibling.strip().split()[-2] if t.previous_sibling else "": t["datetime"]
             for t in soup.select(".kl-reviewed time")}
    assert dates["geprüft"] == "2026-10-01"
    if committed:  # a checkout with history
        assert dates["geändert"] == committed


def test_redirect_page_names_its_icon(served):
    """Without <link rel=icon> a browser requests /favicon.ico from the host root: outside the project path."""
    base = f"{served}{PREFIX}verzeichnis/hansa-flex-ag/"
    soup = BeautifulSoup(fetch(base)[1], "html.parser")
    icon = urljoin(base, soup.find("link", rel="icon")["href"])
    assert icon.startswith(f"{served}{PREFIX}") and fetch(icon)[0] == 200
