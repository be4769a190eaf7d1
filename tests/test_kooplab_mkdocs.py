"""The MkDocs adapter (kooplab_mkdocs): record pages rendered by a second process are the same as from one
process, and a dirty build (`mkdocs build --dirty`) rewrites only the changed record and the lists."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
import sys

from kooplab import urls
from kooplab.outputs.search_index import varies_between_builds


def test_pages_rendered_by_a_second_process_are_the_same(synthetic60, tmp_path):
    """KOOPLAB_PARALLEL_FROM=1: records are read, suggestions scored and record pages rendered by two
    processes (kooplab.parallel, kooplab_mkdocs.second_process); the site is the same as from one process."""
    import os

    net, _, _ = synthetic60
    sites = {}
    for name, value in (("one", "999999999"), ("two", "1")):
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KOOPLAB_PARALLEL_FROM": value}
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / name)],
                                cwd=net.root, capture_output=True, text=True, env=env)
        assert result.returncode == 0, result.stderr[-3000:]
        sites[name] = tmp_path / name
    # all files but those of the search index that any two builds write in another order
    one = sorted(r for p in sites["one"].rglob("*") if p.is_file()
                 and not varies_between_builds((r := p.relative_to(sites["one"])).as_posix()))
    two = sorted(r for p in sites["two"].rglob("*") if p.is_file()
                 and not varies_between_builds((r := p.relative_to(sites["two"])).as_posix()))
    assert one == two
    assert len([p for p in one if p.parts[0] == "verzeichnis" and p.name == "index.html"]) > 60
    for rel in one:
        assert (sites["one"] / rel).read_bytes() == (sites["two"] / rel).read_bytes(), rel


def test_a_dirty_build_rewrites_only_the_changed_record_and_the_lists(synthetic60, tmp_path):
    """`mkdocs build --dirty` (`make serve` is exact: test_preview.py): a record page is rebuilt
    only when its data file is newer than the page; lists and the search index are made anew."""
    import os
    import time

    net, catalog, _ = synthetic60
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
    # the search index is made again from the whole site, the record pages not rebuilt included
    assert (site / "pagefind" / "pagefind-entry.json").stat().st_mtime_ns > before[other.slug]
    assert "data-pagefind-body" in pages[other.slug].read_text("utf-8")


def test_a_bug_in_making_the_pages_stops_the_build_with_one_message(monkeypatch):
    """The last resort of the adapter: valid data the pages cannot show stops the build with a message that
    says so, not with a traceback (tests/bad/ checks that no input gets there)."""
    import pytest
    from mkdocs.config import load_config
    from mkdocs.exceptions import PluginError

    from conftest import REPO
    from kooplab_mkdocs import build as adapter

    def broken(root, catalog):
        raise TypeError("unsupported operand type(s) for <<: 'int' and 'float'")

    monkeypatch.setattr(adapter, "make_site", broken)
    with pytest.raises(PluginError, match=r"^internal error while making the pages \(TypeError: unsupported"):
        adapter.Build.load(load_config(str(REPO / "mkdocs.yml")), adapter.Session())


def test_a_second_process_is_used_when_the_other_core_is_free_now(monkeypatch):
    """The second core's rule looks at what other processes do now (a short sample of the cores' idle time), not at
    the load average, which still counts a command that ended a minute ago."""
    from kooplab import parallel

    def sampled(*pairs):
        it = iter(pairs)
        return lambda: next(it)

    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.delenv("KOOPLAB_PARALLEL_FROM", raising=False)
    monkeypatch.setattr(os, "getloadavg", lambda: (3.0, 3.0, 3.0))  # a busy minute that is over
    idle = sampled((1000, 800), (1010, 810))  # both cores idle while this process sleeps
    assert parallel.others_busy(idle, seconds=0) == 0.0
    half = sampled((1000, 800), (1010, 805))  # half the machine's time busy: one of two cores
    assert parallel.others_busy(half, seconds=0) == 1.0
    monkeypatch.setattr(parallel, "others_busy", lambda: 0.1)
    assert parallel.idle_core() and parallel.workers_for(100_000, 1000) == 2
    monkeypatch.setattr(parallel, "others_busy", lambda: 1.0)  # another process keeps a core busy
    assert not parallel.idle_core() and parallel.workers_for(100_000, 1000) == 1
    monkeypatch.setattr(parallel, "others_busy", lambda: None)  # no /proc/stat: the load average decides
    assert not parallel.idle_core()
    monkeypatch.setattr(os, "getloadavg", lambda: (0.2, 0.5, 0.5))
    assert parallel.idle_core()
    # a real sample on this machine: a number of cores, or None where the system does not tell
    busy = parallel.others_busy()
    assert busy is None or 0.0 <= busy <= 2.0


def test_record_pages_have_the_addresses_mkdocs_gives_a_page(tmp_path):
    """Record pages join their canonical and edit addresses by folder (10,000 pages lie in a few folders); every
    address equals the one MkDocs' own Page computes, for the settings a network may choose."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page

    from conftest import REPO
    from kooplab_mkdocs.handover import _relative
    from kooplab_mkdocs.record_page import RecordPage

    settings = [
        {"site_url": "https://netzwerk.example/", "repo_url": "https://github.com/netzwerk/site",
         "edit_uri": "edit/main/content/"},
        {"site_url": "https://example.github.io/kooplab", "repo_url": "https://github.com/kooplab/kooplab/",
         "edit_uri": "blob/main/content/"},
        {"site_url": "https://netzwerk.example/unter/pfad/", "repo_url": "https://git.example/x",
         "edit_uri": "https://git.example/x/-/edit/main/content/", "use_directory_urls": False},
        {"site_url": "", "repo_url": "https://github.com/a/b", "edit_uri": "?path=/content/"},
        {"site_url": "https://netzwerk.example/", "repo_url": "https://github.com/a/b",
         "edit_uri_template": "edit/main/{path}"},
        {"site_url": "https://netzwerk.example/"},
    ]
    pages = [("verzeichnis/hansa-flex.md", "../data/members/hansa-flex.yml"),
             ("lab/foerderkreis-2025.md", "../data/cases/foerderkreis-2025.md"),
             ("verzeichnis/seite/2.md", "../data/members/"), ("termine/a.b_c-d.md", "../data/events/a.b_c-d.yml"),
             ("verzeichnis/müller-gmbh.md", "../data/members/müller gmbh.yml"), ("x.md", "x.yml")]
    for setting in settings:
        config = load_config(str(REPO / "mkdocs.yml"), strict=False, **setting)
        config.plugins._current_plugin = None  # File.generated asks which plugin made the file
        for src_uri, edit in pages:
            ours, theirs = (File.generated(config, src_uri, content="x") for _ in range(2))
            ours.edit_uri = theirs.edit_uri = edit
            record, page = RecordPage(None, ours, config), Page(None, theirs, config)
            assert (record.canonical_url, record.abs_url, record.edit_url) == \
                   (page.canonical_url, page.abs_url, page.edit_url), (setting, src_uri)
    root, docs = tmp_path / "netzwerk", str(tmp_path / "netzwerk" / "content")
    for path in ("data/members/hansa-flex.yml", "data/cases/", "data/", "content/x.md", "data/../mkdocs.yml", "data"):
        assert _relative(str(root / path), docs) == Path(os.path.relpath(root / path, docs)).as_posix(), path

