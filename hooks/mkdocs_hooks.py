"""MkDocs hooks: translate MkDocs events into calls of the Kooplab core.

Nothing here decides what the site contains; that is ``kooplab.pages.build``. The
per-build state lives in one object that ``on_config`` makes anew, so
``mkdocs serve`` rebuilds start from fresh data.
"""

from __future__ import annotations

import gc
import logging
import os
import re
import signal
import sys
import threading
from pathlib import Path

import jinja2
import markdown as markdown_lib
from markupsafe import Markup, escape
from mkdocs.commands import build as mkdocs_build
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import (Page, _ExtractAnchorsTreeprocessor, _ExtractTitleTreeprocessor,
                                    _RawHTMLPreprocessor, _RelativePathTreeprocessor)
from mkdocs.structure.toc import get_toc

from kooplab.exports.calendars import Calendars
from kooplab.load.catalog import load_catalog
from kooplab.exports.schemas import schema_files
from kooplab.pages.facets import filter_files
from kooplab.pages.formatting import FILTERS
from kooplab.parallel import workers_for
from kooplab.problems import summary
from kooplab.pages import search
from kooplab.settings import Settings, build_date
from kooplab.outputs.site import Site, make_site

log = logging.getLogger("mkdocs.hooks.kooplab")

_site: Site | None = None
_shared: dict[tuple[str, str], Markup] = {}  # parts of the page frame shared by record pages (kl_cache)
_search_entries: list[dict] = []  # one compact search entry per record page (kooplab.pages.search)


class RecordPage(Page):
    """A record's page (member, case, event, redirect): generated, outside the navigation.

    Rendered like any page, except that its Markdown (the record's description or narrative) is
    converted by one Markdown instance per build, reset between pages, instead of a new instance
    with all extensions for every page; MkDocs' own per-page processors (links, anchors, title)
    are registered afresh for each page, so links are checked and rewritten as usual."""

    _markdown: tuple[int, markdown_lib.Markdown] | None = None  # (id of the config, the instance)

    elsewhere = False  # rendered by the second process (see _start_child): nothing to convert here

    def render(self, config, files) -> None:
        if self.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        if self.elsewhere:
            self.content, self.toc, self._title_from_render, self.present_anchor_ids = "", get_toc([]), None, set()
            return
        cached = RecordPage._markdown
        if cached is None or cached[0] != id(config):
            cached = RecordPage._markdown = (id(config), markdown_lib.Markdown(
                extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {}))
        md = cached[1]
        md.reset()
        raw_html_ext = _RawHTMLPreprocessor()
        raw_html_ext._register(md)
        extract_anchors_ext = _ExtractAnchorsTreeprocessor(self.file, files, config)
        extract_anchors_ext._register(md)
        relative_path_ext = _RelativePathTreeprocessor(self.file, files, config)
        relative_path_ext._register(md)
        extract_title_ext = _ExtractTitleTreeprocessor()
        extract_title_ext._register(md)
        self.content = md.convert(self.markdown) if self.markdown.strip() else ""
        self.toc = get_toc(getattr(md, "toc_tokens", []))
        self._title_from_render = extract_title_ext.title
        self.present_anchor_ids = extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids
        if log.getEffectiveLevel() > logging.DEBUG:
            self.links_to_anchors = relative_path_ext.links_to_anchors


def _frame_key(url: str) -> str:
    """Pages whose addresses differ only in the last part ('verzeichnis/a/', 'verzeichnis/b/') get the
    same relative links to every page of the navigation, so they share its rendered HTML."""
    return re.sub(r"[^/]+(/?)$", r"*\1", url)


_TITLE = "\ue000kl-title\ue000"  # stands in for the page title in a shared header


class _StandIn:
    """The page as the shared header sees it: its address (for relative links), a stand-in title."""

    def __init__(self, page) -> None:
        self.url = page.url
        self.title = _TITLE
        self.meta = {"title": _TITLE}


def kl_cache(name: str, key: str | None, title: str | None = None, *, caller) -> Markup:
    """``{% call kl_cache("nav", kl_shared) %}…{% endcall %}``: the block's HTML, rendered once per key.
    Without a key (pages in the navigation, hand-written pages) it is rendered every time. With a
    ``title``, the block was rendered with ``kl_stand_in(page)`` and gets the page's title put in."""
    if not key:
        return Markup(caller())
    found = _shared.get((name, key))
    if found is None:
        # stored once, written thousands of times: the template's indentation goes (the navigation, tabs
        # and header hold no <pre> or <textarea>, and a line break renders as the spaces it replaces)
        found = _shared[name, key] = Markup(_INDENT.sub("\n", caller()))
    return Markup(str(found).replace(_TITLE, str(title))) if title is not None else found


_INDENT = re.compile(r"\n\s+")


# --- record pages rendered by a second process ----------------------------------------------------
# MkDocs reads and renders pages one after the other. `mkdocs build` of a large network (PARALLEL_PAGES
# record pages or more, where a core is idle: kooplab.parallel) forks once the navigation is known
# (on_nav): the child reads (Markdown) and renders two thirds of the record pages exactly as MkDocs
# would (mkdocs.commands.build._populate_page and _build_page, with the same plugins, templates and
# context; it reads the other pages too, which are few, so that titles and the navigation are the same)
# and writes them. Here those pages are read without converting their Markdown and get a template with
# empty output, which MkDocs skips, while this process does everything else. on_post_build waits for the
# child; if it failed or logged a warning, this process reads and renders its pages itself, so a build
# never depends on it. `mkdocs serve` forks for its first build only: its rebuilds run beside its server
# threads. A dirty build (--dirty) stays in one process.
PARALLEL_PAGES = 2000
_command = "build"
_dirty = False
_nav = None
_env = None
_files = None
_child: tuple[int, list] | None = None
_doc_files: list = []
_in_child = False


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record) -> None:
        self.count += 1


def on_build_error(error):
    """A failed build does not leave its second process behind (nor the collector off)."""
    global _child
    _collector_back()
    if _child is not None:
        pid, _ = _child
        _child = None
        try:
            os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
        except OSError:
            pass


def on_startup(command, dirty):
    global _command, _dirty
    _command, _dirty = command, dirty


# A build keeps nearly everything it makes (records, page models, pages) until it ends, so Python's cyclic
# garbage collector would only scan those objects again and again (about 5 s of CPU for 10,000 members;
# BENCHMARKS.md) and once more when the interpreter exits (2.4 s). A build ('mkdocs build', and
# 'mkdocs serve --clean', which MkDocs announces as a build) runs with the collector off from on_config to
# on_post_build, at the cost of uncollected cycles (in one process at 10,000 members 824 instead of 680 MB
# at the peak, far below the 1.5 GB target). Then it freezes what it made, so that neither the next
# collection nor the interpreter's exit scans it, and turns the collector on again. A further build in
# the same process (serve --clean) first collects what the previous one left. 'mkdocs serve' keeps the
# collector on: turning it off per rebuild was measured and saved nothing there.
_builds = 0


def _collector_off() -> None:
    global _builds
    if _command == "build":
        if _builds:
            gc.unfreeze()
            gc.collect()
        gc.disable()
        _builds += 1


def _collector_back() -> None:
    if _command == "build" and not gc.isenabled():
        gc.freeze()
        gc.enable()


def on_nav(nav, config, files):
    global _nav, _files
    _nav, _files = nav, files
    if not _in_child:
        _start_child(config, files)
    return nav


def _start_child(config, files) -> None:
    global _child, _doc_files, _in_child
    _child = None
    _doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
    pages = [f.page for f in _doc_files if isinstance(f.page, RecordPage)]
    # forking copies only this thread: with other threads running (mkdocs serve's server and watcher,
    # from its second build on) a lock they hold could stay locked in the child, so never then
    if threading.active_count() > 1 or _dirty or not hasattr(os, "fork") \
            or workers_for(len(pages), PARALLEL_PAGES) < 2:
        return
    share = [page for i, page in enumerate(pages) if i % 3]  # two thirds: this process has the list pages
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: read and render the share, exit without running anything of the parent's
        code = 1
        try:
            _in_child = True
            warnings = _Warnings()
            logging.getLogger("mkdocs").addHandler(warnings)
            others = [f.page for f in _doc_files if not isinstance(f.page, RecordPage)]
            for page in others + share:
                mkdocs_build._populate_page(page, config, files)
            env = config.plugins.on_env(config.theme.get_env(), config=config, files=files)
            for page in share:
                mkdocs_build._build_page(page, config, _doc_files, _nav, env)
            for page in share:
                page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
            code = 2 if warnings.count else 0
        except BaseException:  # noqa: BLE001 - the parent reads and renders the pages again
            code = 1
        finally:
            os._exit(code)
    for page in share:
        page.elsewhere = True
    _child = (pid, share)


def _finish_child(config) -> None:
    """Wait for the child; read and render its pages here if it did not complete them cleanly."""
    global _child
    if _child is None:
        return
    pid, share = _child
    _child = None
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    for page in share:
        page.elsewhere = False
    if code != 0:
        log.info(f"the second process ended with {code}: rendering its {len(share)} pages here")
        for page in share:
            mkdocs_build._populate_page(page, config, _files)
            mkdocs_build._build_page(page, config, _doc_files, _nav, _env)
        for page in share:
            page.validate_anchor_links(files=_files, log_level=config.validation.links.anchors)


def on_config(config):
    """Load and validate all data before MkDocs touches the output folder."""
    global _site
    _collector_off()  # until on_post_build (see _collector_back)
    try:
        settings = Settings.from_mapping(config.extra.get("kooplab"), docs_dir=os.path.relpath(
            config.docs_dir, os.path.dirname(config.config_file_path)).replace(os.sep, "/"))
    except (TypeError, ValueError) as exc:
        raise PluginError(f"mkdocs.yml: {exc}") from None
    root = Path(config.config_file_path).parent
    catalog, problems = load_catalog(root, settings)
    for problem in problems:
        # warnings advise editors (kooplab validate shows them); only errors stop the build
        (log.error if problem.severity == "error" else log.info)(problem.text())
    if problems.errors:
        raise PluginError(f"The data has {summary(problems)}: the site was not built. "
                          "Run 'kooplab validate' for the same list.")
    _site = make_site(root, catalog)
    return config


def on_files(files: Files, config) -> Files:
    """Add one virtual Markdown file per generated page, and the logos."""
    assert _site is not None
    docs_dir = Path(config.docs_dir)
    del _search_entries[:]
    for model in _site.pages:
        file = File.generated(config, model.src_uri, content=model.markdown,
                              inclusion=InclusionLevel.INCLUDED if model.in_nav else InclusionLevel.NOT_IN_NAV)
        # the edit button opens the data file, not the (non-existent) Markdown file
        file.edit_uri = Path(os.path.relpath(_site.root / model.edit_path, docs_dir)).as_posix()
        files.append(file)
        if model.search_summary is not None or not model.searchable:
            RecordPage(None, file, config)  # a record page: MkDocs uses this page object (file.page)
            if _dirty:
                file.is_modified = _newer_than_built(file, _site.root / model.edit_path)
        if model.searchable and model.search_summary is not None:
            _search_entries.append(search.entry(file.url, model.title, model.search_summary))
    for src_uri, path in _site.assets():
        files.append(File.generated(config, src_uri, abs_src_path=str(path)))
    for src_uri, bibtex in _site.references.downloads():  # /literatur/<key>.bib
        files.append(File.generated(config, src_uri, content=bibtex))
    for src_uri, path in schema_files(_site.root, _site.catalog.settings):  # /schema/*.schema.json
        files.append(File.generated(config, src_uri, abs_src_path=str(path)))
    for src_uri, index in filter_files(m.view for m in _site.pages):  # /verzeichnis/filter.json, …
        files.append(File.generated(config, src_uri, content=index))
    calendars = Calendars(_site.catalog, config.site_url or "", config.site_name, build_date())
    for src_uri, ics in calendars.files():  # /termine/<slug>.ics, /termine/termine.ics, /netzwerke/<id>/termine.ics
        files.append(File.generated(config, src_uri, content=ics))
    return files


def _newer_than_built(file: File, source: Path):
    """``--dirty``: a record page counts as modified, as a Markdown file does in MkDocs, only when its data
    file is newer than the page already built (generated pages would otherwise always be rebuilt). Like
    every dirty build this trades accuracy for speed: other pages that show the record (suggestions on
    other members' pages) keep what they showed until a full build."""
    def is_modified() -> bool:
        try:
            return os.path.getmtime(file.abs_dest_path) < os.path.getmtime(source)
        except OSError:
            return True
    return is_modified


def on_page_markdown(markdown: str, page, config, files) -> str:
    model = _site.page(page.file.src_uri) if _site else None
    if model is not None:
        # MkDocs themes print title and description unescaped: escape record text here
        page.meta.update(title=escape(model.title), template=model.template, description=escape(model.description))
        if getattr(page, "elsewhere", False):  # written by the second process: nothing to render here
            page.meta["template"] = "kl-elsewhere.html"
        if not model.searchable or model.search_summary is not None:
            page.meta["search"] = {"exclude": True}
    # citations [@key] become links to the page's Quellen list (case studies and pages in docs_dir)
    return _site.references.cite(page.file.src_uri, markdown) if _site else markdown


def on_page_content(html: str, page, config, files) -> str:
    """Markdown written by editors may contain raw HTML: keep only what is safe."""
    if html and _site and _site.page(page.file.src_uri) is not None:
        return _site.sanitize(html)
    return html


def on_env(env, config, files):
    global _env
    env.filters.update(FILTERS)  # German dates and numbers for the templates
    # Material's own templates stay reachable as "material/…" from overrides of the same name
    # (overrides/partials/nav.html wraps material/partials/nav.html in kl_cache)
    material = [d for d in config.theme.dirs if Path(d).parts[-2:] == ("material", "templates")]
    if material and not isinstance(env.loader, jinja2.ChoiceLoader):
        env.loader = jinja2.ChoiceLoader([env.loader, jinja2.PrefixLoader(
            {"material": jinja2.FileSystemLoader(material[0])})])
    _shared.clear()
    env.globals["kl_cache"] = kl_cache
    env.globals["kl_stand_in"] = _StandIn
    if _site is not None:
        env.globals["kl"] = _site.template_globals()
        # open data: the /daten/ download table, JSON-LD and the feed link in every page's head
        env.globals["kl_data"] = _site.open_data(config.site_url or "", config.site_name,
                                                 config.site_description or "")
        _env = env
    return env


def on_post_build(config):
    """Write the downloads, the JSON API and the Atom feed into the built site, and the records' search
    entries; then wait for the second process (it renders record pages, which none of these read)."""
    if _site is not None:
        _site.open_data().write(Path(config.site_dir))
    index = Path(config.site_dir) / "search" / "search_index.json"
    if _search_entries and index.is_file():  # written by the search plugin's on_post_build, which runs first
        search.merge(index, _search_entries)
    _finish_child(config)
    _collector_back()


def on_page_context(context, page, config, nav):
    model = _site.page(page.file.src_uri) if _site else None
    context["view"] = model.view if model else None
    # record pages share the rendered navigation, tabs and script config of their folder (kl_cache)
    context["kl_shared"] = _frame_key(page.url) if isinstance(page, RecordPage) else None
    context["kl_sources"] = _site.references.sources(page.file.src_uri) if _site else []  # partials/kl-sources.html
    return context
