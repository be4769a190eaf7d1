"""``kooplab materialize``: the site as a tree that an engine without hooks builds (Zensical).

The tree holds a ``mkdocs.yml`` (ours, without hooks: the docs folder, the frame templates of
``materialize/theme/`` and the classic look), and in ``docs/``:

- every page as a Markdown file at its address: the article the core renders (:mod:`kooplab.outputs.articles`,
  the same templates and views as the MkDocs build) as HTML, with front matter for its title, description,
  head (link previews, feed, JSON-LD), <title> and edit address;
- the redirects and the light views for other websites as whole HTML documents;
- everything else the build publishes (:meth:`kooplab.outputs.site.Site.outputs`): logos, downloads, filter
  indexes, calendars, the open data and the API, and the files of ``content/`` that are not pages.

What the tree does not have, because it is made from the built site: Pagefind's search index (``kooplab build
--engine zensical`` makes it after Zensical's build). Zensical writes its own sitemap (without our records' dates)
and search. README, "Engines".
"""

from __future__ import annotations

import os
import posixpath
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import yaml
from markupsafe import escape

from kooplab import urls
from kooplab.load.catalog import load_catalog
from kooplab.outputs.articles import Article, Articles, EngineConfig
from kooplab.outputs.site import make_site
from kooplab.problems import summary
from kooplab.problems_de import language
from kooplab.settings import Settings, read_mkdocs_config

THEME = Path(__file__).parent / "theme"
NOT_FOUND = Path(__file__).parent / "404.html"  # the frame of our 404 page (its parts: not_found_parts)
MARK = "# Written by `kooplab materialize`"  # the first line of the tree's mkdocs.yml
DOCS, FRAME, SITE = "docs", "theme", "site"  # the tree's docs folder, its template folder and the built site
# partials of the project's templates that any Material-like theme can use (the repository link without the GitHub
# API request of the theme's own)
FRAME_PARTIALS = ("partials/source.html",)
# keys of mkdocs.yml an engine without hooks does not read, or that name our hooks' folders
LEFT_OUT = ("hooks", "watch", "validation", "plugins", "strict", "docs_dir", "site_dir")


class MaterializeError(Exception):
    """The tree could not be made; the message says why (for instance the data's problems)."""


@dataclass(frozen=True)
class Tree:
    root: Path
    pages: int  # Markdown pages written
    documents: int  # whole HTML documents (redirects, light views)
    files: int  # other files


def materialize(config_file: Path, out: Path) -> Tree:
    """Write the tree for ``config_file``'s project into ``out`` (emptied first); the engine builds it into
    ``out/site`` (Zensical builds only within the folder of its configuration)."""
    config_file = config_file.resolve()
    root = config_file.parent
    config = read_mkdocs_config(config_file, environment=True)
    docs_name = str(config.get("docs_dir") or "docs")
    settings = Settings.from_mapping((config.get("extra") or {}).get("kooplab"), docs_dir=docs_name)
    catalog, problems = load_catalog(root, settings)
    lang = language()
    if problems.errors:
        raise MaterializeError("\n".join(p.text(lang) for p in problems if p.severity == "error")
                               + f"\n{summary(problems, lang)}: nothing was written")
    site = make_site(root, catalog)
    engine = EngineConfig.from_mkdocs(config)
    articles = Articles(site, root / _custom_dir(config), engine)

    _clear(out, root)
    docs = out / DOCS
    docs.mkdir(parents=True)
    pages = documents = files = 0
    source_docs = root / docs_name
    for path in sorted(source_docs.rglob("*")):  # the assets of content/ (pages are rendered below)
        if path.is_file() and path.suffix != ".md":
            _copy(path, docs / path.relative_to(source_docs))
            files += 1
    for article in [*articles.generated(), *articles.hand_written(source_docs)]:
        if article.document:
            _write(docs / article.url / "index.html", article.html)
            documents += 1
        else:
            _write(docs / tree_path(article.src_uri), page_file(article, edit_url(config, docs_name, article)))
            pages += 1
    for output in site.outputs(engine.site_url, engine.site_name, engine.site_description):
        if output.page is not None or output.index is not None:
            continue  # pages: above; the search index: from the built site (kooplab build --engine zensical)
        if output.writer is not None:
            output.writer(docs)
        elif output.source is not None:
            _copy(output.source, docs / output.path)
        else:
            _write(docs / output.path, output.content)
        files += 1
    shutil.copytree(THEME, out / FRAME)
    missing = articles.not_found()
    if missing is not None:  # our 404 page in the engine's frame
        _copy(NOT_FOUND, out / FRAME / "404.html")
        for name, text in not_found_parts(missing).items():
            _write(out / FRAME / "partials" / "kl-404" / name, text)
    for partial in FRAME_PARTIALS:  # the project's own, where it has them
        if (root / _custom_dir(config) / partial).is_file():
            _copy(root / _custom_dir(config) / partial, out / FRAME / partial)
    _write(out / "mkdocs.yml", engine_config(config))
    return Tree(out, pages, documents, files)


def tree_path(src_uri: str) -> str:
    """Where a page's file lies in the tree: at its address ('daten.md' -> 'daten/index.md'). Zensical reads a
    relative link in a page as relative to the page's file; there, that is the same as relative to the page."""
    return urls.page_url(src_uri) + "index.md"


def _tree_nav(items: list) -> list:
    """The navigation of mkdocs.yml with each page at its place in the tree."""
    out = []
    for item in items:
        if isinstance(item, str):
            out.append(tree_path(item) if item.endswith(".md") and "://" not in item else item)
        elif isinstance(item, dict):
            out.append({k: (_tree_nav(v) if isinstance(v, list) else
                            tree_path(v) if isinstance(v, str) and v.endswith(".md") and "://" not in v else v)
                        for k, v in item.items()})
        else:
            out.append(item)
    return out


def _clear(out: Path, root: Path) -> None:
    """Empty ``out`` for a new tree, but only a tree made before (or an empty folder): never the project."""
    if not out.exists():
        return
    marked = (out / "mkdocs.yml").is_file() and (out / "mkdocs.yml").read_text(encoding="utf-8").startswith(MARK)
    if out.resolve() in (root, *root.parents) or (any(out.iterdir()) and not marked):
        raise MaterializeError(f"{out} is not empty and holds no tree of 'kooplab materialize': nothing was written "
                               "(choose a new folder with --out)")
    shutil.rmtree(out)


def page_file(article: Article, edit: str) -> str:
    """A page of the tree: front matter (what the frame reads) and the article's HTML."""
    meta = {"title": _escape(article.title)}
    if article.description:
        meta["description"] = _escape(article.description)
    if article.head:
        meta["kl_head"] = article.head
    if article.html_title:
        meta["kl_title"] = article.html_title
    if article.scripts:
        meta["kl_scripts"] = article.scripts
    meta["kl_edit_url"] = edit  # "" for a page without edit button (the engine would link the tree's file)
    if article.wide:
        meta["hide"] = ["toc"]
    if article.listing:
        # the engine's own search finds the records and the hand-written pages; a list repeats its records' text
        # (and at 10,000 members one section of it exceeds what Zensical's index takes). Pagefind indexes all.
        meta["search"] = {"exclude": True}
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1_000_000)
    return f"---\n{front}---\n\n{article.html.strip()}\n"


def not_found_parts(article: Article) -> dict[str, str]:
    """The parts of our 404 page that the tree's 404.html includes (``materialize/404.html``), each as text that
    the engine's templates print as it is (no template syntax is read in it)."""
    return {"title.html": _raw(article.html_title), "head.html": _raw(article.head), "content.html": _raw(article.html)}


def _raw(html: str) -> str:
    return "{% raw %}" + html.replace("{% endraw %}", "{% endraw %}{{ '{% endraw %}' }}{% raw %}") + "{% endraw %}"


def edit_url(config: dict, docs_name: str, article: Article) -> str:
    """The address where an editor changes the page's file (repo_url and edit_uri of mkdocs.yml, as MkDocs
    makes it), for a record page its data file."""
    repo, edit_uri = config.get("repo_url") or "", config.get("edit_uri") or ""
    if not repo or not edit_uri or not article.edit_path:  # no button, as in the MkDocs build
        return ""
    base = urljoin(repo.rstrip("/") + "/", edit_uri)
    return urljoin(base if base.endswith("/") else base + "/",
                   posixpath.relpath(article.edit_path, docs_name))


def engine_config(config: dict) -> str:
    """The tree's mkdocs.yml: ours without what only our hooks read, building docs/ with the frame of theme/."""
    tree = {k: v for k, v in config.items() if k not in LEFT_OUT}
    tree["docs_dir"] = DOCS
    tree["site_dir"] = SITE
    if config.get("nav"):
        tree["nav"] = _tree_nav(config["nav"])
    theme = dict(config.get("theme") or {})
    theme["custom_dir"] = FRAME
    theme.setdefault("variant", "classic")  # Zensical's look of Material for MkDocs
    tree["theme"] = theme
    return (MARK + " from the project's mkdocs.yml: do not edit, materialize again.\n" + yaml.safe_dump(tree, allow_unicode=True, sort_keys=False, width=1_000_000))


def _custom_dir(config: dict) -> str:
    return str((config.get("theme") or {}).get("custom_dir") or "overrides")


def _escape(text: str) -> str:
    """Themes print a page's title and description as they are: as in the MkDocs build, record text is escaped."""
    return str(escape(text))


def _write(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    os.utime(target, (source.stat().st_atime, source.stat().st_mtime))
