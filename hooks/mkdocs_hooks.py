"""MkDocs hooks: translate MkDocs events into calls of the Kooplab core.

Nothing here decides what the site contains; that is ``kooplab.pages``. The
per-build state lives in one object that ``on_config`` makes anew, so
``mkdocs serve`` rebuilds start from fresh data.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from markupsafe import escape
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from kooplab.calendar import Calendars
from kooplab.catalog import load_catalog
from kooplab.exports import OpenData, schema_files
from kooplab.facets import filter_files
from kooplab.formatting import FILTERS
from kooplab.problems import summary
from kooplab.settings import Settings, build_date
from kooplab.site import Site, make_site

log = logging.getLogger("mkdocs.hooks.kooplab")

_site: Site | None = None
_data: OpenData | None = None  # the open data files of this build (made in on_env, written in on_post_build)


def on_config(config):
    """Load and validate all data before MkDocs touches the output folder."""
    global _site
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
    for model in _site.pages:
        file = File.generated(config, model.src_uri, content=model.markdown,
                              inclusion=InclusionLevel.INCLUDED if model.in_nav else InclusionLevel.NOT_IN_NAV)
        # the edit button opens the data file, not the (non-existent) Markdown file
        file.edit_uri = Path(os.path.relpath(_site.root / model.edit_path, docs_dir)).as_posix()
        files.append(file)
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


def on_page_markdown(markdown: str, page, config, files) -> str:
    model = _site.page(page.file.src_uri) if _site else None
    if model is not None:
        # MkDocs themes print title and description unescaped: escape record text here
        page.meta.update(title=escape(model.title), template=model.template, description=escape(model.description))
        if not model.searchable:
            page.meta["search"] = {"exclude": True}
    # citations [@key] become links to the page's Quellen list (case studies and pages in docs_dir)
    return _site.references.cite(page.file.src_uri, markdown) if _site else markdown


def on_page_content(html: str, page, config, files) -> str:
    """Markdown written by editors may contain raw HTML: keep only what is safe."""
    if _site and _site.page(page.file.src_uri) is not None:
        return _site.sanitize(html)
    return html


def on_env(env, config, files):
    global _data
    env.filters.update(FILTERS)  # German dates and numbers for the templates
    if _site is not None:
        env.globals["kl"] = _site.template_globals()
        # open data: the /daten/ download table, JSON-LD and the feed link in every page's head
        _data = env.globals["kl_data"] = OpenData(_site.catalog, _site.root, config.site_url or "",
                                                  config.site_name, config.site_description or "",
                                                  suggestions=_site.suggestions)
    return env


def on_post_build(config):
    """Write the downloads, the JSON API and the Atom feed into the built site."""
    if _data is not None:
        _data.write(Path(config.site_dir))


def on_page_context(context, page, config, nav):
    model = _site.page(page.file.src_uri) if _site else None
    context["view"] = model.view if model else None
    context["kl_sources"] = _site.references.sources(page.file.src_uri) if _site else []  # partials/kl-sources.html
    return context
