"""``kooplab linkcheck``: internal links, anchors, assets and downloads of a built site.

A tiny hand-made site shows what the check finds; the sample network, built once under a
project path as GitHub Pages serves it, has no broken link at all (the plain build is checked in
tests/test_site.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import REPO
from kooplab.commands.cli import main
from kooplab.commands.linkcheck import check_site

PREFIX = "/netzwerk/"


def page(body: str, head: str = "") -> str:
    return f"<!doctype html><html><head>{head}</head><body>{textwrap.dedent(body)}</body></html>"


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """index.html, a folder page, an asset and a download - and references good and bad to them."""
    site = tmp_path / "site"
    (site / "verzeichnis/a").mkdir(parents=True)
    (site / "assets").mkdir()
    (site / "assets/app.css").write_text("body{}", encoding="utf-8")
    (site / "assets/logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    (site / "daten.csv").write_text("a,b\r\n", encoding="utf-8")
    (site / "index.html").write_text(page("""
        <h1 id="start">Start</h1>
        <a href="verzeichnis/">Verzeichnis</a> <a href="verzeichnis/a/#kontakt">Kontakt</a>
        <a href="verzeichnis/a">ohne Schrägstrich</a> <a href="verzeichnis/?q=bremen#liste">mit Suche</a>
        <a href="#start">oben</a> <a href="#top">ganz oben</a> <a href="#">leer</a> <a name="alt">alt</a>
        <a href="#alt">alter Anker</a> <a href="daten.csv">CSV</a> <a href="./">hier</a>
        <a href="https://example.org/gibt-es-nicht">extern</a> <a href="mailto:x@example.org">Post</a>
        <a href="//example.org/x">ohne Schema</a> <a href="tel:+49421">Telefon</a>
        <img src="assets/logo.svg" alt="" srcset="assets/logo.svg 1x, assets/logo.svg 2x">
        <a href="verzeichnis/b/">fehlt</a>
        <a href="verzeichnis/a/#adresse">Anker fehlt</a>
        <img src="assets/fehlt.png" alt="">
        <img src="assets/logo.svg" srcset="assets/logo.svg 1x, assets/logo@2x.svg 2x" alt="">
        <a href="#nirgends">Anker hier fehlt</a>
        <a href="/verzeichnis/">vom Wurzelverzeichnis</a>
        """, head='<link rel="stylesheet" href="assets/app.css"><script src="assets/app.js"></script>'),
        encoding="utf-8")
    (site / "verzeichnis/index.html").write_text(page("""
        <ul id="liste"></ul> <a href="../">Start</a> <a href="a/">A</a> <a href="../index.html#start">Start</a>
        <a href="../../../">weit oben</a>
        """), encoding="utf-8")
    (site / "verzeichnis/a/index.html").write_text(page("""
        <h2 id="kontakt">Kontakt</h2> <a href="../../daten.csv">CSV</a> <a href="../../assets/app.css">CSS</a>
        """), encoding="utf-8")
    (site / "alt").mkdir()
    (site / "alt/index.html").write_text(page("", head='<meta http-equiv="refresh" content="0; url=../verzeichnis/x/">'),
                                         encoding="utf-8")
    return site


def test_tiny_site_problems_are_found(tiny):
    report = check_site(tiny)
    assert report.pages == 4
    assert [b.text() for b in report.broken] == [
        "alt/index.html: ../verzeichnis/x/: not found",
        "index.html: #nirgends: no element with id 'nirgends' in index.html",
        "index.html: assets/app.js: not found",
        "index.html: assets/fehlt.png: not found",
        "index.html: assets/logo@2x.svg: not found",
        "index.html: verzeichnis/a/#adresse: no element with id 'adresse' in verzeichnis/a/index.html",
        "index.html: verzeichnis/b/: not found",
    ]


def test_base_path_decides_about_root_relative_links(tiny):
    # served under /netzwerk/, '/verzeichnis/' leaves the site and '../../../' climbs out of it
    broken = {b.link: b.problem for b in check_site(tiny, PREFIX).broken}
    assert broken["/verzeichnis/"] == f"outside the site's base path {PREFIX}"
    assert broken["../../../"] == f"outside the site's base path {PREFIX}"
    # from the root of a host, '../../../' stops at the root as in a browser
    assert "../../../" not in {b.link for b in check_site(tiny).broken}


def test_cli_prints_one_line_per_problem_and_exits_1(tiny, capsys):
    assert main(["linkcheck", str(tiny)]) == 1
    out, err = capsys.readouterr()
    assert "index.html: verzeichnis/b/: not found" in out.splitlines()
    assert len(out.splitlines()) == 7
    assert "7 broken of 4 pages" in err


def test_cli_on_a_good_site_exits_0(tiny, capsys):
    for path in tiny.rglob("*.html"):
        path.unlink()
    (tiny / "index.html").write_text(page('<a href="daten.csv">CSV</a><p id="x"><a href="#x">x</a>'), encoding="utf-8")
    assert main(["linkcheck", str(tiny)]) == 0
    out, err = capsys.readouterr()
    assert out == "" and "no broken links" in err


def test_cli_without_a_site_says_so(tmp_path, capsys):
    assert main(["linkcheck", str(tmp_path / "nichts")]) == 2
    assert "build the site first" in capsys.readouterr().err


def test_the_sample_built_under_a_project_path_has_no_broken_link(tmp_path):
    """The Pages workflow builds with a site_url under a path: 404.html then has root-relative links."""
    out = tmp_path / PREFIX.strip("/")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": f"https://example.github.io{PREFIX}"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)],
                            cwd=REPO, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    cli = subprocess.run([sys.executable, "-m", "kooplab.commands.cli", "linkcheck", str(out), "--base-path", PREFIX],
                         capture_output=True, text=True)
    assert cli.returncode == 0, cli.stdout[-3000:]
    assert "no broken links" in cli.stderr
    # read from the host's root instead, the 404 page's root-relative addresses are missing
    broken = check_site(out).broken
    assert broken and {b.page for b in broken} == {"404.html"}
    assert all(b.link.startswith(PREFIX) and b.problem == "not found" for b in broken)
