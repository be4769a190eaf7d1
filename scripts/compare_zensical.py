#!/usr/bin/env python3
"""Prove the move to Zensical: build one project with MkDocs (our hooks) and with Zensical (the tree of
``kooplab materialize``), and compare what readers and machines get.

    python scripts/compare_zensical.py                 # the sample and a synthetic network of 400 members
    python scripts/compare_zensical.py --members 0     # the sample only

- Every page of the MkDocs site is at the same address in the Zensical site, and shows the same article (the
  page's content, without the frame of header, navigation and footer), the same additions to the head (link
  previews, feed, JSON-LD), the same scripts of lists and the map, the same <title> and the same edit address.
  Whitespace between tags is not compared.
- Every other file the build publishes (data files, API, calendars, logos, filter indexes, assets) is the same,
  byte for byte.
- Expected and explained in the README ("Engines"): the frame of each page; the theme's own files (each engine
  ships its own scripts and stylesheets); the search (Pagefind's ``pagefind/`` in the MkDocs site, Zensical's
  ``search.json``); the sitemap (ours lists record dates) and ``sitemap.xml.gz``.

Exits 1 and lists every other difference.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EPOCH = "1795219200"  # 2026-11-22
SITE_URL = "http://127.0.0.1:8000/"
# files that only one engine writes, or that each writes its own way (README, "Engines")
OWN = re.compile(r"^(pagefind/|assets/javascripts/|assets/stylesheets/|search\.json$|sitemap\.xml(\.gz)?$)")
ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*)</article>', re.S)
EDIT = re.compile(r'<a href="([^"]*)" title="[^"]*" class="md-content__button md-icon" rel="edit">.*?</a>', re.S)
TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def build(engine: str, project: Path, out: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": EPOCH, "PYTHONHASHSEED": "0",
           "SITE_URL": SITE_URL, "PYTHONPATH": str(project / "hooks")}
    run = subprocess.run([sys.executable, "-m", "kooplab.commands.cli", "--root", str(project), "build",
                          "--engine", engine, "--site-dir", str(out)], cwd=project, env=env,
                         capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(f"{engine} could not build {project}:\n{run.stdout[-3000:]}{run.stderr[-3000:]}")


def squash(text: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", text)).strip()


def page_parts(html: str) -> dict[str, str]:
    """What a page shows beyond the engine's frame: the article (without the edit button), the edit address,
    the <title>, and the head and scripts (compared by what one engine's page has that the other's lacks)."""
    match = ARTICLE.search(html)
    article = match.group(1) if match else html  # a whole document (a redirect, a light view)
    edit = EDIT.search(article)
    return {"article": squash(EDIT.sub("", article).replace('<a id="__skip" tabindex="-1"></a>', "")),
            "edit": edit.group(1) if edit else "",
            "title": squash(TITLE.search(html).group(1)) if TITLE.search(html) else ""}


def tags_of(html: str, pattern: str) -> list[str]:
    """Our elements of the head and the end of the body: link previews, feed and API links, JSON-LD, scripts."""
    return sorted(squash(t).replace('src="./', 'src="') for t in re.findall(pattern, html, re.S))


OURS = (r'<meta property="og:[^>]*>|<meta name="twitter:[^>]*>|<link rel="alternate "[^>]*>|'
        r'<script type="application/ld\+json">.*?</script>|<script src="[^"]*kooplab[^"]*"[^>]*></script>')


def compare(mkdocs_site: Path, zensical_site: Path) -> tuple[list[str], int, int]:
    """(differences, pages compared, other files compared)."""
    a = {p.relative_to(mkdocs_site).as_posix(): p for p in mkdocs_site.rglob("*") if p.is_file()}
    b = {p.relative_to(zensical_site).as_posix(): p for p in zensical_site.rglob("*") if p.is_file()}
    differ, pages, files = [], 0, 0
    for name in sorted(set(a) | set(b)):
        if OWN.match(name):
            continue
        if name not in a or name not in b:
            differ.append(f"{name}: only in the {'Zensical' if name in b else 'MkDocs'} site")
            continue
        if name.endswith(".html"):
            pages += 1
            left, right = a[name].read_text(encoding="utf-8"), b[name].read_text(encoding="utf-8")
            pa, pb = page_parts(left), page_parts(right)
            for part in pa:
                if pa[part] != pb[part]:
                    at = next((i for i, (x, y) in enumerate(zip(pa[part], pb[part])) if x != y),
                              min(len(pa[part]), len(pb[part])))
                    differ.append(f"{name}: the {part} differs at {at}: …{pa[part][max(0, at - 60):at + 60]}… "
                                  f"against …{pb[part][max(0, at - 60):at + 60]}…")
            if tags_of(left, OURS) != tags_of(right, OURS):
                differ.append(f"{name}: head or scripts differ: {set(tags_of(left, OURS)) ^ set(tags_of(right, OURS))}")
        else:
            files += 1
            if a[name].read_bytes() != b[name].read_bytes():
                differ.append(f"{name}: differs")
    return differ, pages, files


def run(name: str, project: Path, work: Path) -> list[str]:
    sites = {engine: work / f"site-{name.replace(' ', '-')}-{engine}" for engine in ("mkdocs", "zensical")}
    for engine, site in sites.items():
        build(engine, project, site)
    differ, pages, files = compare(sites["mkdocs"], sites["zensical"])
    print(f"{name}: {pages} pages and {files} other files compared; {len(differ)} differ")
    for line in differ[:40]:
        print(f"  {line}")
    return differ


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--members", type=int, default=400, help="size of the synthetic network (0: the sample only)")
    p.add_argument("--page-size", type=int, help="the synthetic network's directory_page_size (lists split into pages)")
    p.add_argument("--keep", type=Path, help="keep the builds in this folder")
    args = p.parse_args(argv)
    sys.path.insert(0, str(REPO / "scripts"))
    from compare_engines import over_projects  # noqa: PLC0415 - the sample and a synthetic network, as for ProperDocs

    differ = over_projects(run, args.members, args.keep, "kooplab-zensical-", args.page_size)
    print("the same pages and files from both engines (but the frame)" if not differ else f"{len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
