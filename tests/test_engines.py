"""The engines (README, "Engines"): ProperDocs, the maintained continuation of MkDocs 1.x, builds the same
site from the same mkdocs.yml and hooks, byte for byte but the generator tag (scripts/compare_engines.py).
A site that is the same file for file behaves the same: the rest of the suite, run on the MkDocs build,
holds for the ProperDocs build too."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys

import pytest

from conftest import REPO

SCRIPT = REPO / "scripts" / "compare_engines.py"


def load_script():
    spec = importlib.util.spec_from_file_location("compare_engines", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(autouse=True, scope="module")
def properdocs_installed():
    if importlib.util.find_spec("properdocs") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true: ProperDocs is not installed (the test extra pins it)", pytrace=False)
        pytest.skip("ProperDocs is not installed (pip install -c requirements.lock -e '.[test]')")


def test_properdocs_builds_the_same_site_as_mkdocs():
    run = subprocess.run([sys.executable, str(SCRIPT), "--members", "60"], capture_output=True, text=True,
                         timeout=900)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    lines = run.stdout.splitlines()
    sample = next(line for line in lines if line.startswith("sample:"))
    synthetic = next(line for line in lines if line.startswith("60 members:"))
    for line in (sample, synthetic):
        files, tagged = (int(n) for n in re.findall(r"(\d+) (?:files|pages differ only)", line))
        assert files > 500 and tagged > 100, line  # every page was compared
        assert line.endswith("0 differ otherwise"), line


def test_the_comparison_finds_a_difference_and_forgives_only_the_generator_tag(tmp_path):
    compare = load_script().compare
    a, b = tmp_path / "a", tmp_path / "b"
    for site, generator, text in ((a, "mkdocs-1.6.1, mkdocs-material-9.8.1", "Mitglieder"),
                                  (b, "mkdocs-ProperDocs 1.6.7, mkdocs-material-9.8.1", "Mitglieder")):
        (site / "x").mkdir(parents=True)
        (site / "index.html").write_text(f'<head><meta name="generator" content="{generator}"></head>{text}')
        (site / "x" / "index.html").write_text(f'<meta name="generator" content="{generator}">\n<p>{text}</p>')
    (b / "x" / "index.html").write_text('<meta name="generator" content="x">\n<p>Mitgleider</p>')
    (b / "extra.json").write_text("{}")
    differ, tags = compare(a, b)
    assert tags == 1  # index.html: only the tag
    assert differ == ["extra.json: only built by properdocs", "x/index.html: differs (line 2)"]


def test_kooplab_build_takes_the_engine(tmp_path):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run([sys.executable, "-m", "kooplab.commands.cli", "--root", str(REPO), "build", "--engine",
                          "properdocs", "--site-dir", str(tmp_path / "site")], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr[-3000:]
    assert 'content="mkdocs-ProperDocs' in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    wrong = subprocess.run([sys.executable, "-m", "kooplab.commands.cli", "--root", str(REPO), "build",
                            "--site-dir", str(tmp_path / "other")], capture_output=True, text=True,
                           env={**env, "KOOPLAB_ENGINE": "hugo"})
    assert wrong.returncode == 1 and "KOOPLAB_ENGINE='hugo': choose one of mkdocs, properdocs, zensical" in wrong.stderr
    assert not (tmp_path / "other").exists()
