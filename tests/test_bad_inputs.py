"""The corpus of bad inputs in tests/bad/: each gives its exact message on its exact line.

Every folder ``tests/bad/<name>/`` holds files as they would sit in a project
(``data/members/…``, ``data/cases/…``, ``data/logos/…``) and ``expected.txt``: the
first line of every problem ``kooplab validate`` must print, in order, each
optionally followed by its ``    Hinweis: …`` line (then the hint is checked too). The messages are
German, as editors see them (the default; ``--lang en`` gives the English source texts, which
tests/test_wording.py holds to their German wording).
Lines starting with ``#`` describe the case. An expected.txt without errors
means the input must be accepted (exit code 0); then lines ``shows: <page> <text>``
name text that must stand on a built page (``shows: verzeichnis/beispiel/ Stand: März``):
what an editor wrote must not get lost on the way.

Each case is laid on top of a fresh project: the real vocabularies, schemas and
editors' templates, and the two valid members of ``tests/bad/_base/`` that case
studies name as partners (for the build also the real mkdocs.yml, content/,
overrides/, hooks/ and bibliography). Then it runs

1. through ``python -m kooplab.commands.cli validate`` in a child process: the output
   lines, the summary line and the exit code match, and there is no traceback;
2. through the real MkDocs build (in-process, ``mkdocs.commands.build.build``):
   a case with errors aborts cleanly (``Abort``, no other exception, no
   traceback in the log), logs every expected message, and leaves no site
   folder; a case that must be accepted builds the site completely.

Files that are too large to commit (a record over the size limit, a logo over
its limit, 100 000 nested brackets) are made by ``GENERATED`` below.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest
from bs4 import BeautifulSoup

from conftest import REPO

BAD = Path(__file__).resolve().parent / "bad"
BASE = BAD / "_base"
NAMES = sorted(p.name for p in BAD.iterdir() if p.is_dir() and not p.name.startswith("_"))
HINT = "    Hinweis: "
ENV = {**{k: v for k, v in os.environ.items() if k != "KOOPLAB_LANG"}, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1795219200"),
       "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}


def _base_member() -> bytes:
    return (BASE / "data/members/hansa-flex.yml").read_bytes()


def _too_large() -> bytes:
    line = b"  Ein langer Absatz, der sich wiederholt, bis die Datei zu gross ist.\n"
    return _base_member() + b"description: |\n" + line * (300 * 1024 // len(line))


GENERATED: dict[str, dict[str, Callable[[], bytes]]] = {
    "file-too-large": {"data/members/beispiel.yml": _too_large},
    # libyaml's composer recursed in C on this and crashed the process (segmentation fault)
    "deep-nesting": {"data/members/beispiel.yml":
                     lambda: b"description: " + b"[" * 100_000 + b"]" * 100_000 + b"\n" + _base_member()},
    "logo-too-large": {"data/logos/beispiel.png": lambda: b"\x89PNG\r\n\x1a\n" + bytes(300 * 1024)},
}


# Record files that are symbolic links to a file outside the project (git stores such links; the
# target is made beside the project folder, the link points at it).
LINKED_OUTSIDE: dict[str, dict[str, Callable[[], bytes]]] = {
    "symlink-outside-repository": {"data/members/geheim.yml": _base_member},
}


def expected(name: str) -> list[tuple[str, str | None]]:
    """(first line, hint or None) of each expected problem."""
    out: list[tuple[str, str | None]] = []
    for line in (BAD / name / "expected.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith(HINT):
            out[-1] = (out[-1][0], line[len(HINT):])
        elif line.strip() and not line.startswith(("#", "shows: ")):
            out.append((line, None))
    return out


def shown(name: str) -> list[tuple[str, str]]:
    """(page, text) of the ``shows:`` lines."""
    lines = (BAD / name / "expected.txt").read_text(encoding="utf-8").splitlines()
    return [tuple(line[len("shows: "):].split(" ", 1)) for line in lines if line.startswith("shows: ")]


def parse_output(stdout: str) -> tuple[list[tuple[str, str]], str]:
    """The problems kooplab validate printed, and its summary line."""
    lines = stdout.rstrip("\n").split("\n")
    problems: list[tuple[str, str]] = []
    for line in lines[:-1]:
        if line.startswith(HINT):
            problems[-1] = (problems[-1][0], line[len(HINT):])
        else:
            problems.append((line, ""))
    return problems, lines[-1]


def make_project(tmp: Path, name: str | None) -> Path:
    """A fresh project with the base members, and the files of corpus case ``name`` (none: the base alone)."""
    root = tmp / "project"
    data = root / "data"
    data.mkdir(parents=True)
    for folder in ("vocab", "schema", "templates"):  # the project's own, not its records or bibliography
        shutil.copytree(REPO / "data" / folder, data / folder)
    for folder in ("members", "cases", "logos"):
        (data / folder).mkdir()
    shutil.copytree(BASE, root, dirs_exist_ok=True)
    for path in sorted((BAD / name).rglob("*")) if name else ():
        if path.is_file() and path.name != "expected.txt":
            target = root / path.relative_to(BAD / name)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)
    for rel, make in GENERATED.get(name, {}).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(make())
    for rel, make in LINKED_OUTSIDE.get(name, {}).items():
        outside = tmp / "outside" / Path(rel).name
        outside.parent.mkdir(exist_ok=True)
        outside.write_bytes(make())
        (root / rel).symlink_to(outside)
    return root


def add_site(root: Path) -> None:
    """What the MkDocs build needs beyond the data: the real configuration, pages, templates, hooks.

    The bibliography comes along because the pages in content/ cite it (kooplab validate
    runs without both, so that its output is only about the case).
    """
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for folder in ("content", "overrides", "hooks"):
        (root / folder).symlink_to(REPO / folder, target_is_directory=True)
    for path in (REPO / "data").glob("*.bib"):
        if not (root / "data" / path.name).exists():  # a case may bring its own (broken) bibliography
            shutil.copy(path, root / "data" / path.name)
            shutil.copytree(REPO / "data" / "downloads", root / "data" / "downloads", dirs_exist_ok=True)  # its files


def test_the_corpus_is_complete():
    assert len(NAMES) >= 40
    for name in NAMES:
        assert (BAD / name / "expected.txt").is_file(), name
        files = [p for p in (BAD / name).rglob("*") if p.is_file() and p.name != "expected.txt"]
        assert files or name in GENERATED or name in LINKED_OUTSIDE, f"{name}: no input file"
    assert set(GENERATED) | set(LINKED_OUTSIDE) <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_kooplab_validate(tmp_path, name):
    root = make_project(tmp_path, name)
    want = expected(name)
    result = subprocess.run([sys.executable, "-m", "kooplab.commands.cli", "validate"], cwd=root, env=ENV,
                            capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr
    got, summary = parse_output(result.stdout)
    assert [line for line, _ in got] == [line for line, _ in want], result.stdout
    for (line, hint), (_, got_hint) in zip(want, got):
        if hint is not None:
            assert got_hint == hint, line
    n_err = sum(": Fehler: " in line for line, _ in want)
    n_warn = sum(": Warnung: " in line for line, _ in want)
    assert summary == f"{n_err} Fehler, {n_warn} Warnung{'en' if n_warn != 1 else ''}"
    assert result.returncode == (1 if n_err else 0), result.stderr


@pytest.mark.parametrize("name", NAMES)
def test_mkdocs_build(tmp_path, name, caplog):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    root = make_project(tmp_path, name)
    add_site(root)
    want = [line for line, _ in expected(name)]
    errors = [line for line in want if ": Fehler: " in line]
    caplog.set_level(logging.INFO)
    os.environ.setdefault("SOURCE_DATE_EPOCH", ENV["SOURCE_DATE_EPOCH"])
    config = load_config(str(root / "mkdocs.yml"))
    site = Path(config.site_dir)
    assert site == root / "site"
    if errors:
        with pytest.raises(Abort):
            build(config)
        assert not site.exists(), "a failed build must not leave a site"
    else:
        build(config)
        assert (site / "index.html").is_file()
        for page, text in shown(name):
            body = BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser").article
            assert text in body.get_text(" "), (page, text, body.get_text(" ")[:2000])
    logged = [r.getMessage().split("\n")[0] for r in caplog.records if r.name.startswith("mkdocs")]
    for line in want:
        assert line in logged, (line, logged)
    assert all(r.exc_info is None for r in caplog.records)
    assert "Traceback" not in caplog.text
