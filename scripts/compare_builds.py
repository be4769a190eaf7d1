#!/usr/bin/env python3
"""Prove that a change of code did not change the site: build with the working tree and with a git
revision, and compare every file byte for byte.

    python scripts/compare_builds.py                  # against HEAD: the sample and 1,000 members
    python scripts/compare_builds.py --against main~3 --members 0      # the sample only

Both builds use the same data (the sample from the working tree's git history, a synthetic network
generated once) and the same ``SOURCE_DATE_EPOCH``; only the code (``hooks/``, ``overrides/``,
``mkdocs.yml``, ``content/``) comes from the revision. Exits 1 and lists the differing files when
the sites differ. Used for refactorings (the architecture issue) and for engine changes.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "hooks"))
from kooplab.outputs.search_index import varies_between_builds  # noqa: E402 - the working tree's rule
CODE = ("hooks", "overrides", "content", "mkdocs.yml")
EPOCH = "1795219200"  # 2026-11-22


def build(project: Path, out: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": EPOCH, "PYTHONHASHSEED": "0",
           "PYTHONPATH": str(project / "hooks")}
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)],
                         cwd=project, env=env, capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(f"build of {project} failed:\n{run.stdout[-3000:]}{run.stderr[-3000:]}")


def digests(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def compare(name: str, a: Path, b: Path) -> list[str]:
    da, db = digests(a), digests(b)
    varying = [k for k in set(da) | set(db) if varies_between_builds(k)]
    differ = sorted(k for k in set(da) | set(db) if da.get(k) != db.get(k) and k not in varying)
    print(f"{name}: {len(da)} files from the revision, {len(db)} from the working tree, {len(differ)} differ"
          + (f" (not compared: {len(varying)} files of the search index that vary between any two builds)"
             if varying else ""))
    for path in differ[:40]:
        print(f"  {path}: {'only in the working tree' if path not in da else 'only in the revision' if path not in db else 'differs'}")
    return differ


def replace_code(project: Path, source: Path) -> None:
    for name in CODE:
        target = project / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        if (source / name).is_dir():
            shutil.copytree(source / name, target, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy(source / name, target)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--against", default="HEAD", help="git revision to compare with (default: HEAD)")
    p.add_argument("--members", type=int, default=1000, help="size of the synthetic network (0: sample only)")
    p.add_argument("--keep", type=Path, help="keep the builds in this folder")
    args = p.parse_args(argv)
    work = Path(args.keep or tempfile.mkdtemp(prefix="kooplab-compare-"))
    work.mkdir(parents=True, exist_ok=True)
    old = work / "revision"
    subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--force", "--detach", str(old), args.against],
                   check=True, capture_output=True)
    differ: list[str] = []
    try:
        # the sample: each tree is built in its own checkout, with the same git history of data/
        build(old, work / "site-sample-revision")
        build(REPO, work / "site-sample-tree")
        differ += compare("sample", work / "site-sample-revision", work / "site-sample-tree")
        if args.members:
            from kooplab.commands.synthetic import generate  # noqa: PLC0415 - the working tree's generator

            tree = work / f"project-{args.members}-tree"
            generate(REPO, tree, args.members)
            rev = work / f"project-{args.members}-revision"
            shutil.copytree(tree, rev)
            replace_code(rev, old)
            build(rev, work / f"site-{args.members}-revision")
            build(tree, work / f"site-{args.members}-tree")
            differ += compare(f"{args.members} members", work / f"site-{args.members}-revision",
                              work / f"site-{args.members}-tree")
    finally:
        subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(old)], capture_output=True)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print("identical" if not differ else f"{len(differ)} files differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
