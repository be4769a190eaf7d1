"""The state of one MkDocs build, made anew in on_config (module globals would survive `mkdocs serve`
rebuilds), and of the process that runs the builds."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import jinja2
from markupsafe import escape
from mkdocs.commands import build as mkdocs_build
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import InclusionLevel

from kooplab.exports.opendata import TABLE_TEMPLATE
from kooplab.load.catalog import load_catalog
from kooplab.load.remembered import remember
from kooplab.outputs.changes import fingerprints
from kooplab.outputs.search_index import SearchIndexError
from kooplab.outputs.site import Site, make_site
from kooplab.pages.formatting import FILTERS
from kooplab.pages.sanitize import sanitize
from kooplab.problems import summary
from kooplab.problems_de import language
from kooplab.settings import Settings
from kooplab_mkdocs.collector import Collector
from kooplab_mkdocs.frames import FrameCache, StandIn, frame_key
from kooplab_mkdocs.handover import Handover
from kooplab_mkdocs.preview import Preview, frame
from kooplab_mkdocs.record_page import RecordPage
from kooplab_mkdocs.second_process import ELSEWHERE_TEMPLATE, SecondProcess
from kooplab_mkdocs.watching import watch_with_notifications

log = logging.getLogger("mkdocs.hooks.kooplab")


class Session:
    """The process: MkDocs' command (build, serve, gh-deploy), --dirty, and the collector's count of builds."""

    def __init__(self, command: str = "build", dirty: bool = False) -> None:
        self.command, self.dirty = command, dirty
        # `mkdocs serve --dirty` (make serve): rebuilds render what changed, exactly (kooplab_mkdocs.preview)
        self.preview = Preview() if command == "serve" and dirty else None
        self.collector = Collector(command, preview=self.preview is not None)
        remember(self.preview is not None)  # the preview reads again only the record files that changed
        if self.preview is not None:
            Preview.take_charge()
        if command == "serve":
            watch_with_notifications()  # a save starts the rebuild at once (kooplab_mkdocs.watching)


class Build:
    """One build: the core's site, the hand-over of its outputs, the shared frame, the second process."""

    def __init__(self, site: Site, session: Session) -> None:
        self.site = site
        self.session = session
        self.handover = Handover()
        self.frames = FrameCache()
        self.second = SecondProcess()
        self.files = self.nav = self.env = None
        self.fingerprints = self.frame = None  # for the preview's plan (mkdocs serve --dirty)
        self.everything = True  # this build renders every page
        self.deferred: list = []  # pages rendered after the data files (a preview's rebuild)
        if session.preview is not None:
            self.fingerprints = fingerprints(site)
            self.frame = frame(site.root, site.catalog.settings.data_dir, site.catalog.settings.docs_dir)

    @classmethod
    def load(cls, config, session: Session) -> "Build":
        """Load and validate all data before MkDocs touches the output folder; errors stop the build."""
        try:
            settings = Settings.from_mapping(config.extra.get("kooplab"), docs_dir=os.path.relpath(
                config.docs_dir, os.path.dirname(config.config_file_path)).replace(os.sep, "/"))
        except (TypeError, ValueError) as exc:
            raise PluginError(f"mkdocs.yml: {exc}") from None
        root = Path(config.config_file_path).parent
        catalog, problems = load_catalog(root, settings)
        lang = language()
        for problem in problems:
            # warnings advise editors (kooplab validate shows them); only errors stop the build
            (log.error if problem.severity == "error" else log.info)(problem.text(lang))
        if problems.errors:
            raise PluginError(f"Die Daten enthalten {summary(problems, lang)}: die Website wurde nicht gebaut. "
                              "'kooplab validate' zeigt dieselbe Liste." if lang == "de" else
                              f"The data has {summary(problems, lang)}: the site was not built. "
                              "Run 'kooplab validate' for the same list.")
        try:
            site = make_site(root, catalog)
        except Exception as exc:  # noqa: BLE001 - valid data that the pages cannot show is a bug of Kooplab
            log.debug("making the pages failed", exc_info=True)
            raise PluginError(f"internal error while making the pages ({type(exc).__name__}: {exc}), please "
                              "report it; 'mkdocs build --verbose' shows where") from None
        return cls(site, session)

    def add_outputs(self, files, config) -> None:
        outputs = self.site.outputs(config.site_url or "", config.site_name, config.site_description or "")
        self.handover.add(outputs, files, config, self.site.root, self.session.dirty and self.session.preview is None)

    def start_second_process(self, config, files, nav) -> None:
        self.files, self.nav = files, nav
        if self.session.preview is not None:
            self.everything = self._plan_preview(config, files, nav)
        self.second.start(config, files, nav, self.session.dirty and not self.everything)

    def _plan_preview(self, config, files, nav) -> bool:
        """Which pages this build of `mkdocs serve --dirty` renders (all: True); the others keep their files
        and, for the navigation, their titles."""
        models = {f.src_uri: self.site.page(f.src_uri) for f in files.documentation_pages()}
        titles = {src: m.title for src, m in models.items() if m is not None and m.in_nav}
        plan = self.session.preview.plan(self.frame, self.fingerprints, nav, titles, config.site_dir)
        for file in files.documentation_pages():
            model = models[file.src_uri]
            render = model is None or plan is None or file.src_uri in plan  # hand-written pages: always
            file.is_modified = (lambda render=render: render)
            if not render and file.page is not None:
                file.page.markdown = ""
                file.page.meta = {"title": escape(model.title)}
        return plan is None

    def prepare_page(self, page, markdown: str) -> str:
        """A generated page's title, template and search setting; citations linked in every page."""
        model = self.site.page(page.file.src_uri)
        if model is not None:
            # MkDocs themes print title and description unescaped: escape record text here
            page.meta.update(title=escape(model.title), template=model.template, description=escape(model.description))
            if model.wide:  # Material leaves out the (empty) table of contents beside the cards
                page.meta["hide"] = ["toc"]
            if getattr(page, "elsewhere", False):  # written by the second process: nothing to render here
                page.meta["template"] = ELSEWHERE_TEMPLATE
        elif not self.everything and page.meta.get("template") == TABLE_TEMPLATE:
            # a preview's rebuild: the download table waits for the data files, made after the reload
            self.deferred.append(page)
            page.meta["template"] = ELSEWHERE_TEMPLATE
        # citations [@key] become links to the page's Quellen list (case studies and pages in docs_dir)
        return self.site.references.cite(page.file.src_uri, markdown)

    def sanitize(self, html: str, page) -> str:
        """Markdown written by editors may contain raw HTML: keep only what is safe."""
        return sanitize(html) if html and self.site.page(page.file.src_uri) is not None else html

    def template_environment(self, env, config):
        # compiled templates are kept between builds (Jinja's cache, keyed by each template's name and source; in
        # the user's temporary folder, or KOOPLAB_TEMPLATE_CACHE; 'off' for none): a build, or a rebuild of
        # `mkdocs serve`, skips compiling ~90 templates. The pages are the same either way.
        cache = os.environ.get("KOOPLAB_TEMPLATE_CACHE", "")
        if env.bytecode_cache is None and cache != "off":
            if cache:
                Path(cache).mkdir(parents=True, exist_ok=True)
            env.bytecode_cache = jinja2.FileSystemBytecodeCache(cache or None)
        env.filters.update(FILTERS)  # German dates and numbers for the templates
        # Material's own templates stay reachable as "material/…" from overrides of the same name
        # (overrides/partials/nav.html wraps material/partials/nav.html in kl_cache)
        material = [d for d in config.theme.dirs if Path(d).parts[-2:] == ("material", "templates")]
        if material and not isinstance(env.loader, jinja2.ChoiceLoader):
            env.loader = jinja2.ChoiceLoader([env.loader, jinja2.PrefixLoader(
                {"material": jinja2.FileSystemLoader(material[0])})])
        self.frames = FrameCache()
        env.globals["kl_cache"] = self.frames
        env.globals["kl_stand_in"] = StandIn
        env.globals["kl"] = self.site.template_globals()
        # open data: the /daten/ download table, JSON-LD and the feed link in every page's head
        env.globals["kl_data"] = self.site.open_data(config.site_url or "", config.site_name,
                                                     config.site_description or "")
        self.env = env
        return env

    def page_context(self, context, page):
        model = self.site.page(page.file.src_uri)
        context["view"] = model.view if model else None
        # record pages share the rendered navigation, tabs and script config of their folder (kl_cache)
        context["kl_shared"] = frame_key(page.url) if isinstance(page, RecordPage) else None
        context["kl_sources"] = self.site.references.sources(page.file.src_uri)  # partials/kl-sources.html
        context["kl_search"] = self.site.search_facets(page.file.src_uri)  # how the search files it (main.html)
        return context

    def finish(self, config) -> None:
        """Write the data files; wait for the second process (it renders record pages, which the data files do
        not read); then index the finished site for the search. A failed index stops the build. A preview's
        rebuild leaves the data files, the page of their table and the search index until after the reload."""
        site_dir = Path(config.site_dir)
        if self.session.preview is not None and not self.everything:
            self.session.preview.after_build(data=lambda: self._data_files(config), index=lambda: self.handover.index(site_dir))
            return
        self.handover.write_later(site_dir)
        self.second.finish(config, self.files, self.nav, self.env)
        try:
            self.handover.index(site_dir)
        except SearchIndexError as exc:
            raise PluginError(f"The site's search index was not made: {exc}") from None
        if self.session.preview is not None:
            self.session.preview.after_build()  # collects the garbage beside the server

    def _data_files(self, config) -> None:
        """The data files, then the pages that show their table (as MkDocs renders any page)."""
        self.handover.write_later(Path(config.site_dir))
        doc_files = self.files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        for page in self.deferred:
            page.meta["template"] = TABLE_TEMPLATE
            mkdocs_build._build_page(page, config, doc_files, self.nav, self.env)
