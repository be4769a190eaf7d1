"""``kooplab build``: the MkDocs build, but never a half-written site.

``mkdocs build`` empties the output folder first and then writes page after
page. A template error, a full disk or a strict-mode warning in the middle
leaves a site that is partly new, partly missing - and a web server or an
upload step may publish it. Here MkDocs writes into a fresh folder next to the
target; only when it succeeded is that folder renamed into place and the old
site removed. On any failure the previous site stays as it was (or there is
none), and the temporary folder is deleted.

The build itself runs as ``python -m mkdocs build --strict`` in a child process,
so this module stays free of MkDocs imports like the rest of the core.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Callable

from kooplab.settings import read_mkdocs_config

BUILDING = ".building-"  # temporary folders: .<site>.building-XXXX next to the target
OLD = ".old-"


class PublishError(Exception):
    """The site could not be built or put in place; the message says why and what was kept."""


def target_dir(config_file: Path, site_dir: str | os.PathLike | None = None) -> Path:
    """The output folder: ``site_dir`` if given, else mkdocs.yml's (relative to its folder)."""
    if site_dir is None:
        site_dir = read_mkdocs_config(config_file).get("site_dir") or "site"
        base = config_file.parent
    else:
        base = Path.cwd()
    return Path(os.path.abspath(base / site_dir))


# The engines (README, "Engines"): MkDocs 1.6.1, the default, and ProperDocs, its maintained continuation (same
# configuration and plugin API), build mkdocs.yml with the hooks; Zensical, which runs no hooks, builds the tree
# that `kooplab materialize` writes (kooplab.materialize). The test extra installs ProperDocs and Zensical.
ENGINES = ("mkdocs", "properdocs", "zensical")


def default_engine() -> str:
    """``KOOPLAB_ENGINE`` (mkdocs, properdocs or zensical), else MkDocs."""
    engine = os.environ.get("KOOPLAB_ENGINE", "") or "mkdocs"
    if engine not in ENGINES:
        raise PublishError(f"KOOPLAB_ENGINE={engine!r}: choose one of {', '.join(ENGINES)}")
    return engine


def run_mkdocs(config_file: Path, out: Path, engine: str = "mkdocs") -> int:
    """The real build into ``out`` with ``engine``; its output goes straight to the terminal."""
    if engine == "zensical":
        return run_zensical(config_file, out)
    cmd = [sys.executable, "-m", engine, "build", "--strict", "--clean", "-f", str(config_file), "-d", str(out)]
    return subprocess.run(cmd, cwd=config_file.parent).returncode


def run_zensical(config_file: Path, out: Path) -> int:
    """The materialized tree (in a temporary folder beside ``out``) built by Zensical into ``out``, then our search
    index of the finished site (Pagefind: the lists' text boxes search the full text with it)."""
    from kooplab.materialize.tree import SITE, MaterializeError, materialize
    from kooplab.outputs.search_index import SearchIndexError, index_site

    tree = Path(tempfile.mkdtemp(prefix=f"{out.name}.tree-", dir=out.parent))
    try:
        try:
            materialize(config_file, tree)
        except MaterializeError as exc:
            print(exc, file=sys.stderr)
            return 1
        cmd = [sys.executable, "-m", "zensical", "build", "--strict", "-f", str(tree / "mkdocs.yml")]
        code = subprocess.run(cmd, cwd=tree).returncode
        if code != 0:
            return code
        shutil.copytree(tree / SITE, out, dirs_exist_ok=True)
        try:
            index_site(out)
        except SearchIndexError as exc:
            print(f"The site's search index was not made: {exc}", file=sys.stderr)
            return 1
        return 0
    finally:
        shutil.rmtree(tree, ignore_errors=True)


def build(config_file: Path, site_dir: str | os.PathLike | None = None,
          runner: Callable[[Path, Path], int] | None = None, engine: str | None = None) -> Path:
    """Build the site and swap it into place; raises PublishError and keeps the old site on failure."""
    config_file = Path(os.path.abspath(config_file))
    engine = engine or default_engine()
    if runner is None:
        if importlib.util.find_spec(engine) is None:
            raise PublishError(f"the engine {engine!r} is not installed (pip install {engine}; the test extra has "
                               "ProperDocs and Zensical); nothing was built")
        runner = functools.partial(run_mkdocs, engine=engine)
    target = target_dir(config_file, site_dir)
    kept = f"{target} was left as it was" if target.exists() else f"no site was written to {target}"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}{BUILDING}", dir=target.parent))
    except OSError as exc:
        raise PublishError(f"cannot write next to {target}: {exc.strerror or exc}; {kept}") from None
    try:
        _make_readable(tmp)
        if runner(config_file, tmp) != 0:
            raise PublishError(f"the build failed; {kept}")
        _swap(tmp, target)
    except OSError as exc:  # disk full, permissions: while building or while swapping
        raise PublishError(f"cannot write the site: {exc.strerror or exc}; {kept}") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def _make_readable(folder: Path) -> None:
    """mkdtemp makes a private folder (0700); a published site gets the usual permissions."""
    umask = os.umask(0)
    os.umask(umask)
    folder.chmod(0o777 & ~umask)


def _swap(new: Path, target: Path) -> None:
    """Put ``new`` in the place of ``target``: the old site is moved aside first and restored on failure."""
    if not os.path.lexists(target):
        os.rename(new, target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}{OLD}", dir=target.parent))
    os.rmdir(old)  # only the unique name is needed
    os.rename(target, old)
    try:
        os.rename(new, target)
    except OSError:
        os.rename(old, target)
        raise
    if old.is_dir() and not old.is_symlink():
        shutil.rmtree(old, ignore_errors=True)
    else:
        old.unlink()
