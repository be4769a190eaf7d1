"""The preview (`make serve`, i.e. `mkdocs serve --dirty`, kooplab_mkdocs.preview): after each of a series of
edits an editor makes, its rebuild gives the same site, file for file, as a full build of the same data, while
rendering only the pages the edit reaches; and in Chromium the open page follows the saved file."""

from __future__ import annotations

import logging
import re
import shutil
import time

import pytest

from kooplab import urls
from kooplab.load import remembered
from kooplab.outputs.search_index import varies_between_builds

SERVE_URL = "http://127.0.0.1:8000/"


class Serve:
    """The builds of one `mkdocs serve --dirty` process, run here as MkDocs' serve runs them (its builder loads
    the configuration anew for each build; on_startup runs once); and full builds of the same data to compare."""

    def __init__(self, project, site, reference) -> None:
        self.project, self.site, self.reference = project, site, reference
        self.started = False
        self.log: list[str] = []

    @property
    def planned(self) -> str:
        """What the last rebuild said it renders."""
        return next(m for m in reversed(self.log) if m.startswith("preview: rendering"))

    def _config(self, site_dir):
        from mkdocs.config import load_config

        config = load_config(str(self.project / "mkdocs.yml"), site_dir=str(site_dir))
        config.site_url = SERVE_URL  # as mkdocs serve sets it
        return config

    def rebuild(self) -> None:
        from mkdocs.commands.build import build

        config = self._config(self.site)
        if not self.started:
            config.plugins.on_startup(command="serve", dirty=True)
            self.started = True
        build(config, serve_url=SERVE_URL, dirty=True)
        _hooks(config)._session.preview.wait()  # the search index follows the build

    def full(self) -> None:
        """A full build of the same data into ``reference`` (a serve process without --dirty), leaving the
        preview's state as it was."""
        from mkdocs.commands.build import build

        config = self._config(self.reference)
        hooks = _hooks(config)
        session, files = hooks._session, remembered._files
        try:
            config.plugins.on_startup(command="serve", dirty=False)  # reads every file (remembers none)
            assert not remembered.remembering()
            build(config, serve_url=SERVE_URL, dirty=False)
        finally:
            hooks._session, remembered._files = session, files

    def assert_same_as_full_build(self) -> None:
        self.full()

        def files(root):
            return sorted(r for p in root.rglob("*") if p.is_file()
                          and not varies_between_builds((r := p.relative_to(root)).as_posix()))
        preview, full = files(self.site), files(self.reference)
        assert preview == full, (sorted(set(preview) - set(full))[:10], sorted(set(full) - set(preview))[:10])
        different = [rel for rel in full if (self.site / rel).read_bytes() != (self.reference / rel).read_bytes()]
        assert not different, different[:10]


def _hooks(config):
    """Our hooks module (MkDocs loads it once per process, so its state lasts from build to build)."""
    return next(module for module in config.hooks.values() if hasattr(module, "_session"))


def _serving(net, tmp_path, page_size: int | None = None):
    project = tmp_path / "p"
    shutil.copytree(net.root, project, ignore=shutil.ignore_patterns("site"))
    if page_size:  # lists longer than this are split into pages
        config = project / "mkdocs.yml"
        text, found = re.subn(r"(?m)^(    directory_page_size:) \d+$", rf"\1 {page_size}", config.read_text("utf-8"))
        assert found == 1
        config.write_text(text, "utf-8")
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record) -> None:
            messages.append(record.getMessage())
    handler = Collect(logging.INFO)
    logger = logging.getLogger("mkdocs.hooks.kooplab")
    level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    serve = Serve(project, tmp_path / "site", tmp_path / "full")
    serve.log = messages
    try:
        yield serve
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


@pytest.fixture
def serve(synthetic60, tmp_path):
    yield from _serving(synthetic60[0], tmp_path)


@pytest.fixture
def serve_split(synthetic60, tmp_path):
    yield from _serving(synthetic60[0], tmp_path, page_size=10)


def _edit(path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_each_rebuild_of_the_preview_equals_a_full_build(serve, synthetic60):
    """Edits of every kind, one after the other; after each, the preview's site is the full build's, and a
    change of one record renders a few pages, not all of them."""
    _, catalog, _ = synthetic60
    members = list(catalog.members.values())
    case = next(iter(catalog.cases.values()))
    partner = next(catalog.members[p.slug] for p in case.partners if p.slug)
    quiet = next(m for m in members if not m.cases and m is not partner)
    data = serve.project

    serve.rebuild()
    assert serve.planned == "preview: rendering every page"
    quiet_page = serve.site / urls.member(quiet) / "index.html"
    untouched = quiet_page.stat().st_mtime_ns
    time.sleep(0.02)

    # 1. a member's summary: its page, the lists it is on and the pages suggesting it
    _edit(data / partner.source.path, "summary: ", "summary: Jetzt mit Reparaturcafé. ")
    serve.rebuild()
    rendered = int(serve.planned.split()[2])
    assert 0 < rendered < 40, serve.planned
    assert len(remembered._files) > 60  # the next rebuild reads only the files that changed
    # the data files and the /daten/ page (their sizes) were made after the build, beside the server
    assert serve.log[-2:] == ["preview: data files updated", "preview: search index updated"], serve.log[-3:]
    assert quiet_page.stat().st_mtime_ns == untouched  # a page the edit does not reach is not rewritten
    assert "Jetzt mit Reparaturcafé" in (serve.site / urls.member(partner) / "index.html").read_text("utf-8")
    serve.assert_same_as_full_build()

    # 1b. an offer's title, which another member's partner suggestions quote: the suggestions are made anew
    from kooplab.pages.suggestions import suggest_all
    shown, offering, title = next((slug, s.member, r.detail[1]) for slug, found in suggest_all(catalog).by_member.items()
                                  for s in found for r in s.reasons if r.kind == "offers" and s.member is not partner)
    _edit(data / offering.source.path, f"title: {title}", "title: Lastenrad zu verleihen")
    serve.rebuild()
    page = (serve.site / urls.member(catalog.members[shown]) / "index.html").read_text("utf-8")
    suggestions = page[page.index('<section class="kl-suggestions"'):]
    suggestions = suggestions[:suggestions.index("</section>")]
    assert "Lastenrad zu verleihen" in suggestions, "the suggestion quotes the offer as it is now"
    serve.assert_same_as_full_build()

    # 2. the partner is renamed: the case study's page (which looks the name up) follows
    _edit(data / partner.source.path, f"name: {partner.name}", "name: Umbenannt Werkstatt GmbH")
    serve.rebuild()
    assert "Umbenannt Werkstatt GmbH" in (serve.site / urls.case(case) / "index.html").read_text("utf-8")
    serve.assert_same_as_full_build()

    # 3. a case study's title: its partners' pages, the lab, the SDG pages
    _edit(data / case.source.path, f"title: {case.title}", "title: Neuer Titel des Fallbeispiels")
    serve.rebuild()
    serve.assert_same_as_full_build()

    # 4. a member moves to another state and network-less
    _edit(data / quiet.source.path, f"region: {quiet.location.region}",
          "region: DE-HB" if quiet.location.region != "DE-HB" else "region: DE-BE")
    serve.rebuild()
    serve.assert_same_as_full_build()

    # 5. a new member
    (data / "data/members/neu-im-netz.yml").write_text(
        (data / quiet.source.path).read_text("utf-8").replace(f"name: {quiet.name}", "name: Neu im Netz e.V.", 1),
        "utf-8")
    serve.rebuild()
    assert "Neu im Netz e.V." in (serve.site / "verzeichnis/neu-im-netz/index.html").read_text("utf-8")
    serve.assert_same_as_full_build()

    # 6. an event
    event = next(iter(catalog.events.values()))
    text = (data / event.source.path).read_text("utf-8")
    quote = "'" if "title: '" in text else ""
    _edit(data / event.source.path, f"title: {quote}", f"title: {quote}Verschoben – ")
    serve.rebuild()
    serve.assert_same_as_full_build()

    # 7. a member is deleted: every page again, into a clean folder (no page of it is left behind)
    (data / "data/members/neu-im-netz.yml").unlink()
    serve.rebuild()
    assert serve.planned == "preview: rendering every page"
    assert not (serve.site / "verzeichnis/neu-im-netz").exists()
    serve.assert_same_as_full_build()

    # 8. a hand-written page: every page (its title is in the navigation of all)
    _edit(data / "content/ueber.md", "\n", "\nEin neuer erster Absatz.\n")
    serve.rebuild()
    assert serve.planned == "preview: rendering every page"
    serve.assert_same_as_full_build()


def _rendered_again(serve, before: dict[str, int], folder: str) -> set[str]:
    return {rel for rel, stamp in _stamps(serve, folder).items() if before.get(rel) != stamp}


def _stamps(serve, folder: str) -> dict[str, int]:
    """The pages of the list at ``folder`` (its first page and …/seite/N/) with the times they were written."""
    pages = [serve.site / folder / "index.html", *(serve.site / folder / "seite").glob("*/index.html")]
    return {p.relative_to(serve.site).as_posix(): p.stat().st_mtime_ns for p in pages}


def _listing(serve, folder: str, slug: str) -> str:
    """The page of the list at ``folder`` that links to the record ``slug``."""
    found = [rel for rel in _stamps(serve, folder)
             if re.search(rf'href="(\.\./)*{slug}/"', (serve.site / rel).read_text("utf-8"))]
    assert len(found) == 1, found
    return found[0]


def test_in_lists_split_into_pages_an_edit_renders_again_only_the_page_that_lists_the_record(serve_split, synthetic60):
    """Directory, Börse and the lists of states, networks and SDGs split into pages of 10: each page holds only its
    share and the counts, so a member's new summary renders its own directory page again, not the other five,
    and a changed offer only the Börse pages that list the member's entries; the site stays the full build's."""
    from kooplab.pages.boerse import board

    _, catalog, _ = synthetic60
    serve = serve_split
    serve.rebuild()
    member = list(catalog.members.values())[25]
    directory = _stamps(serve, urls.DIRECTORY)
    assert len(directory) == 6, sorted(directory)
    listing = _listing(serve, urls.DIRECTORY, member.slug)
    entries = board(catalog)
    entry = next(e for e in entries if e.member is not member)
    def page(n: int) -> str:
        return urls.BOERSE + ("" if n == 1 else f"seite/{n}/") + "index.html"
    own = page(entries.index(entry) // 10 + 1)
    # the pages that list an entry of the same member (each shows the member)
    listing_member = {page(i // 10 + 1) for i, e in enumerate(entries) if e.member is entry.member}
    boerse = _stamps(serve, urls.BOERSE)
    assert len(boerse) > 3, sorted(boerse)
    time.sleep(0.02)

    _edit(serve.project / member.source.path, "summary: ", "summary: Jetzt mit Reparaturcafé. ")
    serve.rebuild()
    assert _rendered_again(serve, directory, urls.DIRECTORY) == {listing}
    assert "Jetzt mit Reparaturcafé" in (serve.site / urls.member(member) / "index.html").read_text("utf-8")
    serve.assert_same_as_full_build()

    boerse = _stamps(serve, urls.BOERSE)
    time.sleep(0.02)
    _edit(serve.project / entry.member.source.path, f"title: {entry.entry.title}", "title: Zwei Lastenräder, ab sofort")
    serve.rebuild()
    assert _rendered_again(serve, boerse, urls.BOERSE) == listing_member
    assert len(listing_member) < len(boerse)
    assert "Zwei Lastenräder, ab sofort" in (serve.site / own).read_text("utf-8")
    serve.assert_same_as_full_build()


def test_after_a_failed_rebuild_the_next_one_renders_every_page(serve, synthetic60):
    """An edit that does not validate stops the rebuild (the last good pages stay); once mended, the next
    rebuild renders every page and equals a full build."""
    from mkdocs.exceptions import Abort, PluginError

    _, catalog, _ = synthetic60
    member = next(iter(catalog.members.values()))
    path = serve.project / member.source.path
    serve.rebuild()
    good = path.read_text("utf-8")
    _edit(path, "kind: ", "kind: keine-art-")
    with pytest.raises((PluginError, Abort, SystemExit)):
        serve.rebuild()
    assert (serve.site / urls.member(member) / "index.html").is_file()
    path.write_text(good.replace("summary: ", "summary: Wieder gut. ", 1), "utf-8")
    serve.rebuild()
    assert serve.planned == "preview: rendering every page"
    serve.assert_same_as_full_build()


def test_in_chromium_the_open_page_follows_the_saved_file(synthetic60, tmp_path):
    """An editor's journey with `make serve`: the member's page is open; the file is saved with a new name and
    a new word; the page reloads by itself and shows both, the case study it is a partner of shows the new name,
    and once the server says the search index is updated, the site search finds the new word."""
    import threading

    from browsing import chromium
    from test_search import search

    from kooplab.commands.bench_browser import mkdocs_serve

    net, catalog, _ = synthetic60
    project = tmp_path / "p"
    shutil.copytree(net.root, project, ignore=shutil.ignore_patterns("site"))
    case = next(iter(catalog.cases.values()))
    member = next(catalog.members[p.slug] for p in case.partners if p.slug)
    with mkdocs_serve(project, 300, "--dirty", port_offset=7) as serving:
        assert serving is not None, "mkdocs serve --dirty did not start"
        proc, port, _ = serving
        indexed = threading.Event()

        def read() -> None:
            for line in proc.stdout:
                if "preview: search index updated" in line:
                    indexed.set()
        threading.Thread(target=read, daemon=True).start()
        base = f"http://127.0.0.1:{port}/"
        with chromium() as browser:
            page = browser.new_page()
            page.goto(base + urls.member(member), wait_until="load")
            time.sleep(1.0)  # the live-reload script is connected
            _edit(project / member.source.path, f"name: {member.name}", "name: Zauberwerkstatt Neustadt e.V.")
            _edit(project / member.source.path, "summary: ", "summary: Wir reparieren Kaffeemaschinen. ")
            page.locator("h1").filter(has_text="Zauberwerkstatt Neustadt").wait_for(timeout=60_000)
            assert "Wir reparieren Kaffeemaschinen" in page.locator("main").inner_text()
            page.goto(base + urls.case(case), wait_until="load")
            assert "Zauberwerkstatt Neustadt e.V." in page.locator("main").inner_text()
            assert indexed.wait(60), "the server did not log a new search index"
            page.goto(base, wait_until="load")
            hits = search(page, "Kaffeemaschinen")
            assert [title for _, title, _ in hits] == ["Zauberwerkstatt Neustadt e.V."]


def test_remembered_record_files_are_checked_again_when_what_they_rely_on_changes(tmp_path):
    """The preview's catalog reads only changed record files; a file whose logo is gone or that was edited is
    checked again and its problem reported, as a load that remembers nothing reports it."""
    from conftest import REPO
    from kooplab.load.catalog import load_catalog
    from kooplab.settings import settings_from_mkdocs

    root = tmp_path / "p"
    root.mkdir()
    for part in ("mkdocs.yml", "content", "data"):
        (shutil.copytree if (REPO / part).is_dir() else shutil.copy)(REPO / part, root / part)
    settings = settings_from_mkdocs(root / "mkdocs.yml")

    def errors(files: dict | None) -> list[str]:
        """The errors of a load with these remembered files (None: remembering nothing)."""
        remembered._files = files
        try:
            return sorted(p.text("en") for p in load_catalog(root, settings)[1].items if p.severity == "error")
        finally:
            remembered.remember(False)

    files: dict = {}
    assert not errors(files)
    assert len(files) > 20

    (root / "data/logos/brueckenwerk-beratung.svg").unlink()
    found = errors(files)
    assert any("brueckenwerk-beratung.yml" in p and "logo" in p for p in found), found
    assert found == errors(None)

    member = root / "data/members/foodsharing-bremerhaven.yml"
    _edit(member, "kind: ", "kind: keine-")
    found = errors(files)
    assert any("foodsharing-bremerhaven.yml" in p and "kind" in p for p in found), found
    assert found == errors(None)
