"""Reproducible builds: the same sources give a byte-identical site.

The sample is copied twice, the way a fresh checkout and an old one might differ: the first copy
file by file in order, the second in reverse order with other modification times (both with the
git history, which gives the "zuletzt geändert" dates). Both are built with ``kooplab build`` and
the same ``SOURCE_DATE_EPOCH``, but with a different ``PYTHONHASHSEED`` (set and dict order of
strings), time zone and locale, at the same time on the two cores. Every file must be equal.
``SOURCE_DATE_EPOCH`` is a day after the suite's and not at midnight, so a date taken from the clock
instead would show.
"""

from __future__ import annotations

import datetime as dt
import gzip
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO
from kooplab.outputs.search_index import varies_between_builds

EPOCH = 1795219200 + 86400 + 3 * 3600 + 17 * 60 + 5  # 2026-11-22 03:17:05 UTC
DAY = dt.datetime.fromtimestamp(EPOCH, dt.timezone.utc).date()
IGNORE = shutil.ignore_patterns(".venv", "site", "tests", "*.egg-info", "__pycache__", ".pytest_cache",
                                ".hypothesis", "test-artifacts", ".*.building-*", ".*.old-*", "node_modules")


def copy_in_order(dest: Path) -> None:
    shutil.copytree(REPO, dest, ignore=IGNORE)


def copy_in_reverse(dest: Path) -> None:
    """The same files, created last-first, each with its own modification time."""
    files = []
    for folder, dirs, names in os.walk(REPO):
        ignored = IGNORE(folder, dirs + names)
        dirs[:] = sorted(d for d in dirs if d not in ignored)
        rel = Path(folder).relative_to(REPO)
        files += [rel / n for n in names if n not in ignored]
    for i, rel in enumerate(sorted(files, reverse=True)):
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(REPO / rel, dest / rel)
        shutil.copymode(REPO / rel, dest / rel)
        stamp = 1_000_000_000 + 7919 * i
        os.utime(dest / rel, (stamp, stamp))


def start_build(project: Path, out: Path, **env: str) -> subprocess.Popen:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": str(EPOCH), **env}
    return subprocess.Popen([sys.executable, "-m", "kooplab.commands.cli", "--root", str(project), "build", "--site-dir", str(out)],
                            cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory) -> tuple[Path, Path]:
    work = tmp_path_factory.mktemp("determinism")
    a, b = work / "a" / "kooplab", work / "b" / "kooplab"
    copy_in_order(a)
    copy_in_reverse(b)
    # one compiles every template, the other fills a cache of compiled templates (kooplab_mkdocs.build)
    runs = [start_build(a, work / "site-a", PYTHONHASHSEED="1", TZ="UTC", LC_ALL="C.UTF-8",
                        KOOPLAB_TEMPLATE_CACHE="off"),
            start_build(b, work / "site-b", PYTHONHASHSEED="4242", TZ="Pacific/Kiritimati", LC_ALL="C",
                        KOOPLAB_TEMPLATE_CACHE=str(work / "templates"))]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err[-4000:]
    return work / "site-a", work / "site-b"


def files(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(two_builds):
    """Every file, except the few of the search index that Pagefind writes in an arbitrary order
    (kooplab.outputs.search_index.varies_between_builds): those hold the same entries in both builds."""
    a, b = (files(s) for s in two_builds)
    assert len(a) > 200
    varying = {name for name in set(a) | set(b) if varies_between_builds(name)}
    only = sorted((set(a) ^ set(b)) - varying)
    differing = sorted(name for name in set(a) & set(b) - varying if a[name].read_bytes() != b[name].read_bytes())
    assert not only, f"files in one build only: {only[:20]}"
    assert not differing, f"{len(differing)} files differ: {differing[:30]}"
    assert len([n for n in a if n.startswith("pagefind/fragment/")]) > 100  # the pages' fragments are compared

    def entries(site: dict[str, Path]) -> list[bytes]:
        # each filter index with its bytes sorted: the same entries, in whatever order (the metadata and entry
        # files differ only in the names of these, which are derived from their bytes)
        return sorted(bytes(sorted(gzip.decompress(p.read_bytes()))) for name, p in site.items()
                      if name.startswith("pagefind/filter/"))

    assert len(entries(a)) == 4 and entries(a) == entries(b)  # kind, region, sdg, network


def test_a_build_from_compiled_templates_is_the_same_site(two_builds):
    """The second build of a machine reads its templates from the cache the first one wrote."""
    a, b = two_builds
    work = a.parent
    cached = sorted((work / "templates").glob("__jinja2_*.cache"))
    assert len(cached) > 50  # ours and Material's
    run = start_build(work / "b" / "kooplab", work / "site-c", KOOPLAB_TEMPLATE_CACHE=str(work / "templates"))
    _, err = run.communicate(timeout=300)
    assert run.returncode == 0, err[-4000:]
    assert sorted((work / "templates").glob("__jinja2_*.cache")) == cached  # read, none compiled anew
    first, again = files(a), files(work / "site-c")
    assert {n for n in first if not varies_between_builds(n)} == {n for n in again if not varies_between_builds(n)}
    differing = [n for n in first if not varies_between_builds(n) and first[n].read_bytes() != again[n].read_bytes()]
    assert not differing, differing[:20]


def test_dates_of_the_build_come_from_source_date_epoch(two_builds):
    site, _ = two_builds
    # the sitemap's lastmod are the records' last changes (git, tests/test_crawlers.py), not the build date;
    # the gzip header of sitemap.xml.gz is the build date
    lastmods = set(re.findall(r"<lastmod>([^<]+)</lastmod>", (site / "sitemap.xml").read_text(encoding="utf-8")))
    assert lastmods and all(re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", d) for d in lastmods)
    raw = (site / "sitemap.xml.gz").read_bytes()
    mtime = int.from_bytes(raw[4:8], "little")
    assert mtime == int(dt.datetime.combine(DAY, dt.time(), dt.timezone.utc).timestamp())
    assert gzip.decompress(raw) == (site / "sitemap.xml").read_bytes()
    # the calendars' DTSTAMP is the build date
    stamps = set(re.findall(r"DTSTAMP:(\S+)", (site / "termine/termine.ics").read_text(encoding="utf-8")))
    assert stamps == {DAY.strftime("%Y%m%dT000000Z")}


def test_the_build_date_does_not_depend_on_the_machines_time_zone():
    """Without SOURCE_DATE_EPOCH the build date is today in UTC (as MkDocs' own), not in the local zone:
    UTC+14 and UTC-12 are on different dates at every moment."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    code = "from kooplab.settings import build_date; print(build_date())"
    dates = {subprocess.run([sys.executable, "-c", code], env={**env, "TZ": tz}, capture_output=True, text=True,
                            check=True).stdout.strip() for tz in ("Etc/GMT-14", "Etc/GMT+12")}
    assert len(dates) == 1
