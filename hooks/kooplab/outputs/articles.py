"""Every page's article, rendered by the core: what our templates put into a page's ``content`` block and
its head, with the same templates (``overrides/``), the same typed views and the site's Markdown extensions,
but without an engine. The engine's page frame (header, navigation, footer) is left out.

MkDocs and ProperDocs render the pages themselves through the hooks (``kooplab_mkdocs``); an engine that
runs no hooks (Zensical) builds the tree that :mod:`kooplab.materialize` writes from these articles.

How it works: our page templates extend ``main.html``, which extends the theme's ``base.html``. Here
``base.html`` is a stand-in that has only the blocks an article needs (``content``, ``extrahead``,
``htmltitle``), so rendering a page's template gives exactly those blocks, as our ``main.html`` fills them.
Material's partials that an article includes are stand-ins too: ``partials/content.html`` is the page's
HTML, ``partials/actions.html`` (the edit button) is left to the engine's frame. A template that does not
extend ``main.html`` (a redirect, a light view for other websites) is a whole document.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit, urlunsplit

import jinja2
import markdown as markdown_lib
import yaml
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape

from kooplab import urls
from kooplab.pages.formatting import FILTERS
from kooplab.pages.sanitize import sanitize

# the blocks of the theme's base.html that our templates fill, in the stand-in's order
BLOCKS = ("content", "extrahead", "htmltitle", "scripts")
_MARK, _EDIT = "\x00kooplab-block\x00", "\x00kooplab-edit\x00"
STAND_INS = {
    "base.html": _MARK.join("{%% block %s %%}{%% endblock %%}" % name for name in BLOCKS),
    "partials/content.html": '{% include "partials/actions.html" %}{{ page.content }}',  # as Material's
    "partials/actions.html": _EDIT,  # where the page has its edit button (the engine's frame draws it)
}
# MkDocs adds these to the extensions of mkdocs.yml (mkdocs.config.defaults: markdown_extensions)
ENGINE_EXTENSIONS = ("toc", "tables", "fenced_code")
_HEADERLINK = re.compile(r'<a class="headerlink".*?</a>', re.S)
_FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n(.*?\n)(?:-{3}|\.{3})[ \t]*\n", re.S)


@dataclass(frozen=True)
class EngineConfig:
    """What templates read of the engine's configuration (mkdocs.yml)."""

    site_name: str
    site_url: str = ""
    site_description: str = ""
    repo_url: str = ""
    edit_uri: str = ""
    language: str = "de"
    favicon: str = "assets/images/favicon.png"
    extra: dict = field(default_factory=dict)
    extensions: tuple = ()  # markdown_extensions of mkdocs.yml: names or {name: options}
    nav_titles: dict = field(default_factory=dict)  # src_uri -> the title the navigation gives the page

    @classmethod
    def from_mkdocs(cls, config: dict) -> "EngineConfig":
        theme = config.get("theme") or {}
        return cls(site_name=config.get("site_name") or "", site_url=config.get("site_url") or "",
                   site_description=config.get("site_description") or "", repo_url=config.get("repo_url") or "",
                   edit_uri=config.get("edit_uri") or "", language=theme.get("language") or "de",
                   favicon=theme.get("favicon") or "assets/images/favicon.png", extra=config.get("extra") or {},
                   extensions=tuple(config.get("markdown_extensions") or ()),
                   nav_titles=dict(_nav_titles(config.get("nav") or [])))

    def markdown(self) -> markdown_lib.Markdown:
        names, options = [], {}
        for entry in self.extensions:
            name, opts = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
            names.append(name)
            if opts:
                options[name] = opts
        # first, as MkDocs loads them: an extension of mkdocs.yml (pymdownx.superfences) may take their place
        names = [n for n in ENGINE_EXTENSIONS if n not in names] + names
        return markdown_lib.Markdown(extensions=names, extension_configs=options)

    def template_config(self) -> dict:
        return {"site_name": self.site_name, "site_url": self.site_url, "site_description": self.site_description,
                "repo_url": self.repo_url, "extra": self.extra,
                "theme": {"language": self.language, "favicon": self.favicon}}


@dataclass(frozen=True)
class Article:
    """One page as the core renders it."""

    src_uri: str  # the page's Markdown file, as the engine names it ('verzeichnis/x.md')
    title: str  # plain text
    description: str
    html: str  # the content block; a whole document when ``document``
    head: str = ""  # what our main.html adds to the head (link previews, feed, JSON-LD)
    html_title: str = ""  # the page's <title> element when ours differs from the engine's
    scripts: str = ""  # the scripts a page adds at the end of the body (the filters of a list, the map)
    edit_path: str = ""  # the file an editor changes, relative to the project; "" for a page without edit button
    wide: bool = False  # a list of cards across the whole width: no table of contents
    listing: bool = False  # a generated page that is not a record's: a list, an overview, an index
    document: bool = False  # a redirect or a light view: published as it is, without the engine's frame

    @property
    def url(self) -> str:
        return urls.page_url(self.src_uri)


def _nav_titles(items: list) -> Iterator[tuple[str, str]]:
    """The pages the navigation names with a title (which wins over a page's own, as in MkDocs)."""
    for item in items:
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    yield value, str(title)
                elif isinstance(value, list):
                    yield from _nav_titles(value)


def relative_url(url: str, page_url: str) -> str:
    """A site-relative address as seen from a page (the rule of MkDocs' ``url`` filter, absolute addresses
    unchanged)."""
    if urlsplit(url).scheme or urlsplit(url).netloc or url.startswith(("/", "\\", "#")):
        return url
    other = page_url
    head, tail = posixpath.split(other)
    other = head if "." in tail else other
    rel = posixpath.relpath("/" + url, "/" + posixpath.dirname(other))
    return rel + "/" if url.endswith("/") else rel


class _PageStandIn:
    """What templates read of ``page``."""

    base: str | None = None  # the 404 page: addresses absolute from site_url's path (it is served at any depth)

    def __init__(self, src_uri: str, title: str, meta: dict, content: str, site_url: str) -> None:
        self.file = type("File", (), {"src_uri": src_uri})()
        self.url = urls.page_url(src_uri)
        self.title, self.meta, self.content = title, meta, content
        self.is_homepage = src_uri == "index.md"
        self.canonical_url = (site_url.rstrip("/") + "/" + self.url) if site_url else None
        self.abs_url = "/" + self.url


class _Links(Treeprocessor):
    """Relative links and pictures of a page's Markdown as addresses relative to its page (MkDocs'
    rewriting, for links to Markdown files and to other files of the site)."""

    src_uri = ""

    def run(self, root):
        for el in root.iter():
            for attr in ("href", "src"):
                value = el.get(attr)
                if value:
                    el.set(attr, self.rewrite(value))

    def rewrite(self, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
            return value
        target = posixpath.normpath(posixpath.join(posixpath.dirname(self.src_uri), parts.path))
        if target.startswith(".."):
            return value
        if target.endswith(".md"):
            target = urls.page_url(target)
        new = relative_url(target, urls.page_url(self.src_uri)) if target else "./"
        return urlunsplit(("", "", new, parts.query, parts.fragment))


def split_front_matter(text: str) -> tuple[dict, str]:
    """A hand-written page's front matter and Markdown (as MkDocs reads them)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    meta = yaml.safe_load(match.group(1)) or {}
    return (meta if isinstance(meta, dict) else {}), text[match.end():]


def _first_heading(html: str) -> str | None:
    """The text of a page's first <h1> (MkDocs' title of a page whose front matter names none)."""
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    return Markup(_HEADERLINK.sub("", match.group(1))).striptags() if match else None


@jinja2.pass_context
def _url(context, value) -> str:
    """The ``url`` filter: a site-relative address as seen from the page being rendered (MkDocs' rule)."""
    page = context["page"]
    if page.base is not None and not (urlsplit(str(value)).scheme or str(value).startswith(("/", "#"))):
        return posixpath.join(page.base, str(value) or ".")
    return relative_url(str(value), page.url)


def _pass_through(*_args, caller=None):
    return caller() if caller else ""


class Articles:
    """The articles of one build's site (:class:`kooplab.outputs.site.Site`) from our templates."""

    def __init__(self, site, overrides: Path, config: EngineConfig) -> None:
        self.site, self.config = site, config
        self.env = jinja2.Environment(loader=jinja2.ChoiceLoader([
            jinja2.DictLoader(STAND_INS), jinja2.FileSystemLoader(str(overrides))]), autoescape=False)
        self.env.filters.update(FILTERS, url=_url)
        self.env.globals.update(kl_cache=_pass_through, kl_stand_in=lambda page: page, config=config.template_config(),
                                kl=site.template_globals(),
                                kl_data=site.open_data(config.site_url, config.site_name, config.site_description))
        self.md = config.markdown()
        self.links = _Links(self.md)
        self.md.treeprocessors.register(self.links, "kooplab_links", 1)

    def _html(self, src_uri: str, text: str) -> tuple[str, str | None]:
        """A page's Markdown as HTML with citations linked; its first heading."""
        self.md.reset()
        self.links.src_uri = src_uri
        html = self.md.convert(self.site.references.cite(src_uri, text)) if text.strip() else ""
        return html, _first_heading(html)

    def render(self, src_uri: str, template: str, title: str, meta: dict, content: str) -> dict:
        """The filled blocks of BLOCKS by name, or {"document": …} for a template that is a whole document."""
        page = _PageStandIn(src_uri, self.config.nav_titles.get(src_uri, title), meta, content, self.config.site_url)
        model = self.site.page(src_uri)
        return self._blocks(self.env.get_template(template), {
            "page": page, "view": model.view if model else None, "kl_sources": self.site.references.sources(src_uri),
            "kl_search": self.site.search_facets(src_uri), "kl_shared": None})

    @staticmethod
    def _blocks(template: jinja2.Template, context: dict) -> dict:
        out = template.render(context)
        if _MARK not in out:
            return {"document": out}
        parts = dict(zip(BLOCKS, out.split(_MARK)))
        return {name: (text if name == "content" else text.strip()) for name, text in parts.items()}

    def _article(self, src_uri: str, title: str, description: str, blocks: dict, edit_path: str,
                 wide: bool, listing: bool = False) -> Article:
        if "document" in blocks:
            return Article(src_uri, title, description, blocks["document"], document=True)
        if _EDIT not in blocks["content"]:
            edit_path = ""
        return Article(src_uri, title, description, blocks["content"].replace(_EDIT, ""), head=blocks["extrahead"],
                       html_title=blocks["htmltitle"], scripts=blocks["scripts"], edit_path=edit_path, wide=wide,
                       listing=listing)

    def not_found(self, template: str = "404.html") -> Article | None:
        """The page for addresses that do not exist, with links absolute from site_url's path (as MkDocs renders
        it); None where the templates have none of their own."""
        try:
            source = self.env.get_template(template)
        except jinja2.TemplateNotFound:
            return None
        page = _PageStandIn("404.md", "", {}, "", self.config.site_url)
        page.base, page.canonical_url = urlsplit(self.config.site_url).path or "/", None
        blocks = self._blocks(source, {"page": page, "view": None, "kl_sources": [], "kl_search": None,
                                       "kl_shared": None})
        return self._article("404.md", "", "", blocks, "", False)

    def generated(self) -> Iterator[Article]:
        """The pages the core makes (records, lists, indexes, redirects)."""
        for model in self.site.pages:
            html, _heading = self._html(model.src_uri, model.markdown)
            meta = {"title": escape(model.title), "description": escape(model.description),
                    "template": model.template}
            blocks = self.render(model.src_uri, model.template, model.title, meta, sanitize(html) if html else html)
            yield self._article(model.src_uri, model.title, model.description, blocks, model.edit_path, model.wide,
                                listing=not model.record)

    def hand_written(self, docs_dir: Path) -> Iterator[Article]:
        """The Markdown pages of docs_dir (content/), with the template their front matter names."""
        for path in sorted(docs_dir.rglob("*.md")):
            src_uri = path.relative_to(docs_dir).as_posix()
            meta, text = split_front_matter(path.read_text(encoding="utf-8"))
            html, heading = self._html(src_uri, text)
            title = str(meta.get("title") or heading or _title_of(src_uri))
            blocks = self.render(src_uri, meta.get("template") or "main.html", title, meta, html)
            rel = path.relative_to(self.site.root).as_posix() if path.is_relative_to(self.site.root) else src_uri
            yield self._article(src_uri, title, str(meta.get("description") or ""), blocks, rel, False)


def _title_of(src_uri: str) -> str:
    """MkDocs' title of a page without a title or heading: 'Home', or its file name."""
    if src_uri in ("index.md", "README.md"):
        return "Home"
    title = posixpath.splitext(posixpath.basename(src_uri))[0].replace("-", " ").replace("_", " ")
    return title.capitalize() if title.lower() == title else title
