#!/usr/bin/env python3
"""Prove that ProperDocs builds the same site as MkDocs: build one project with each engine, from the same
mkdocs.yml, and compare every file byte for byte.

    python scripts/compare_engines.py                 # the sample and a synthetic network of 400 members
    python scripts/compare_engines.py --members 0     # the sample only

Both builds use the same ``SOURCE_DATE_EPOCH`` and ``PYTHONHASHSEED``. The one difference we expect, and
explain in the README ("Engines"), is the generator tag every page carries (``<meta name="generator"
content="mkdocs-1.6.1, …">`` against ``"mkdocs-ProperDocs 1.6.7, …"``): the comparison reads it as one and the
same tag. The few files of the search index that Pagefind writes in an arbitrary order in any two builds are
left out (kooplab.outputs.search_index.varies_between_builds). Exits 1 and lists the files that differ
otherwise, with the first differing line.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "hooks"))
from kooplab.outputs.search_index import varies_between_builds  # noqa: E402

ENGINES = ("mkdocs", "properdocs")
EPOCH = "1795219200"  # 2026-11-22
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
SAME_GENERATOR = b'<meta name="generator" content="(the engine)">'


def build(engine: str, project: Path, out: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": EPOCH, "PYTHONHASHSEED": "0",
           "PYTHONPATH": str(project / "hooks")}
    run = subprocess.run([sys.executable, "-m", engine, "build", "--strict", "-q", "-d", str(out)],
                         cwd=project, env=env, capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(f"{engine} could not build {project}:\n{run.stdout[-3000:]}{run.stderr[-3000:]}")


def normalized(path: Path) -> bytes:
    data = path.read_bytes()
    return GENERATOR.sub(SAME_GENERATOR, data) if path.suffix == ".html" else data


def compare(a: Path, b: Path) -> tuple[list[str], int]:
    """The files that differ between the two sites (beyond the generator tag), and how many pages carried a
    generator tag that differed."""
    fa = {p.relative_to(a).as_posix(): p for p in a.rglob("*") if p.is_file()}
    fb = {p.relative_to(b).as_posix(): p for p in b.rglob("*") if p.is_file()}
    names = sorted(n for n in set(fa) | set(fb) if not varies_between_builds(n))
    differ, tags = [], 0
    for name in names:
        if name not in fa or name not in fb:
            differ.append(f"{name}: only built by {'properdocs' if name in fb else 'mkdocs'}")
            continue
        raw_a, raw_b = fa[name].read_bytes(), fb[name].read_bytes()
        if raw_a == raw_b:
            continue
        left, right = normalized(fa[name]), normalized(fb[name])
        if left == right:
            tags += 1
            continue
        line = next((i for i, (x, y) in enumerate(zip(left.splitlines(), right.splitlines()), 1) if x != y), 0)
        differ.append(f"{name}: differs (line {line})")
    return differ, tags


def run(name: str, project: Path, work: Path) -> list[str]:
    sites = [work / f"site-{name}-{engine}" for engine in ENGINES]
    for engine, site in zip(ENGINES, sites):
        build(engine, project, site)
    differ, tags = compare(*sites)
    files = sum(1 for p in sites[0].rglob("*") if p.is_file())
    print(f"{name}: {files} files; {tags} pages differ only in the generator tag; {len(differ)} differ otherwise")
    for line in differ[:40]:
        print(f"  {line}")
    return differ


def over_projects(run, members: int, keep: Path | None, prefix: str, page_size: int | None = None) -> list[str]:
    """``run(name, project, work)`` on the sample and, with ``members``, on a synthetic network of that size (its
    lists split into pages of ``page_size``); the differences of both. Shared with scripts/compare_zensical.py."""
    work = Path(keep or tempfile.mkdtemp(prefix=prefix))
    work.mkdir(parents=True, exist_ok=True)
    try:
        differ = run("sample", REPO, work)
        if members:
            from kooplab.commands.synthetic import generate  # noqa: PLC0415

            project = work / f"project-{members}"
            generate(REPO, project, members)
            if page_size:
                config = project / "mkdocs.yml"
                config.write_text(re.sub(r"directory_page_size: \d+", f"directory_page_size: {page_size}",
                                         config.read_text(encoding="utf-8")), encoding="utf-8")
            differ += run(f"{members} members", project, work)
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    return differ


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--members", type=int, default=400, help="size of the synthetic network (0: the sample only)")
    p.add_argument("--keep", type=Path, help="keep the builds in this folder")
    args = p.parse_args(argv)
    differ = over_projects(run, args.members, args.keep, "kooplab-engines-")
    print("the same site from both engines (but the generator tag)" if not differ else f"{len(differ)} files differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
