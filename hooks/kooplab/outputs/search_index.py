"""The site's full-text search: Pagefind indexes the rendered pages into ``pagefind/``.

Pagefind (the PyPI packages ``pagefind`` and ``pagefind-bin``, which ships its binary) reads every HTML page
of the built site, takes the text of the element marked ``data-pagefind-body`` (the page's article: the page
frame is never indexed; pages without one, such as redirects and the later pages of a split list, stay out),
stems German words, and writes an index split into small fragments. A reader's query loads only the
fragments of its words. The search dialog (``content/assets/kooplab-search.js``) and the filters'
text boxes (``kooplab-filter.js``) query it with Pagefind's own ``pagefind.js``.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from kooplab import urls


def varies_between_builds(path: str) -> bool:
    """Files of the index that Pagefind 1.5 writes with their entries in an arbitrary order, so that two builds
    of the same site differ there (and in the names derived from their content): the filter indexes, the
    metadata index that names them, and the entry file that names that. Pagefind/pagefind#638; the word index
    and the page fragments, nearly all of the index, are byte-identical (tests/test_determinism.py)."""
    prefix = urls.SEARCH_DIR
    return path.startswith(f"{prefix}filter/") or path == f"{prefix}pagefind-entry.json" or (
        path.startswith(f"{prefix}pagefind.") and path.endswith(".pf_meta"))


class SearchIndexError(RuntimeError):
    """The index could not be made: the build stops (a site without search would be published silently)."""


def indexer() -> Path:
    """The Pagefind binary: ``PAGEFIND_BINARY_PATH``, else the one the ``pagefind-bin`` package ships."""
    try:
        from pagefind.service import get_executable
    except ImportError:  # pragma: no cover - a dependency of the project
        raise SearchIndexError("the search indexer is missing: install the package 'pagefind' "
                               "(make setup installs the pinned version)") from None
    found = get_executable()
    if found is None or not Path(found).is_file():
        raise SearchIndexError("the search indexer's binary is missing: install the package 'pagefind-bin' "
                               "(make setup installs the pinned version), or set PAGEFIND_BINARY_PATH")
    return Path(found)


def command(site_dir: Path, output: Path | None = None) -> list[str]:
    """Pagefind over ``site_dir``, writing into ``site_dir/pagefind/`` (or into ``output``)."""
    where = ["--output-path", str(output)] if output else ["--output-subdir", urls.SEARCH_DIR.rstrip("/")]
    return [str(indexer()), "--site", str(site_dir), *where,
            "--exclude-selectors", ".headerlink",  # the ¶ of Markdown headings' permalinks
            "--silent"]


def index_site(site_dir: Path) -> None:
    """Index the built site in ``site_dir`` into ``site_dir/pagefind/``: into a folder beside it first, which
    then takes its place, so that an index made again (the preview's rebuilds) leaves no file of the last one
    behind and a reader's search never meets half an index."""
    final = site_dir / urls.SEARCH_DIR
    fresh, old = final.with_name(final.name + ".new"), final.with_name(final.name + ".old")
    for folder in (fresh, old):
        shutil.rmtree(folder, ignore_errors=True)
    try:
        run = subprocess.run(command(site_dir, fresh), capture_output=True, text=True, timeout=1800)
    except (OSError, subprocess.TimeoutExpired) as exc:
        shutil.rmtree(fresh, ignore_errors=True)
        raise SearchIndexError(f"the search indexer did not run: {exc}") from None
    if run.returncode != 0 or not (fresh / "pagefind.js").is_file():
        shutil.rmtree(fresh, ignore_errors=True)
        detail = (run.stderr or run.stdout).strip().splitlines()[-5:]
        raise SearchIndexError("the search indexer failed (exit code {}): {}".format(
            run.returncode, " / ".join(detail) or "no output"))
    if final.exists():
        final.rename(old)
    fresh.rename(final)
    shutil.rmtree(old, ignore_errors=True)
