"""A failed build leaves the previous site or none, never a half-written one.

``mkdocs build`` empties site/ first and writes page after page, so a failure in
the middle (a template error, a full disk, a strict-mode warning at the end)
leaves a broken site behind. ``kooplab build`` (and so ``make build``) builds into
a fresh folder next to site/ and swaps it in only when the build succeeded.

How the failures are made:

- template error: a copy of overrides/ with a broken page template;
- disk full: a test hook in the copied project replaces MkDocs' ``write_file``
  with one that raises ``ENOSPC`` after a few files. (A read-only folder cannot
  stand in for it: the tests run as root in CI, and root writes anyway.)
- unwritable output folder: ``chmod 555`` where that works (not as root), and
  always an output path below a regular file, which no user can create;
- a failed swap: ``os.rename`` patched to fail, in-process.

Invalid data stops both ``mkdocs build`` and ``kooplab build`` in ``on_config``,
before MkDocs touches the output folder (tests/test_bad_inputs.py checks this
for every bad input without a previous site; here with one).
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO
from kooplab.commands import publish

ENV = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1795219200"),
       "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}

OLD_SITE = {"index.html": "<p>Die Seite von gestern</p>\n", "verzeichnis/index.html": "<p>Verzeichnis</p>\n"}

DISK_FULL_HOOK = '''
"""Test hook: the disk is full after a few files."""
import errno

from mkdocs import utils

_original = utils.write_file
_written = 0


def _write_file(content, output_path):
    global _written
    _written += 1
    if _written > 5:
        raise OSError(errno.ENOSPC, "No space left on device", output_path)
    _original(content, output_path)


def on_config(config):
    utils.write_file = _write_file
    return config
'''


@pytest.fixture
def site_project(tmp_path) -> Path:
    """A copy of the whole sample project (pages, templates and data can be broken; hooks are linked)."""
    root = tmp_path / "project"
    root.mkdir()
    for folder in ("data", "content", "overrides"):
        shutil.copytree(REPO / folder, root / folder)
    (root / "hooks").symlink_to(REPO / "hooks", target_is_directory=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def old_site(root: Path) -> Path:
    site = root / "site"
    for rel, text in OLD_SITE.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text, encoding="utf-8")
    return site


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if publish.BUILDING in p.name or publish.OLD in p.name)


def kooplab_build(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kooplab.commands.cli", "build", *args], cwd=root, env=ENV,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)


def mkdocs_build(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root, env=ENV,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)


def break_template(root: Path) -> None:
    """A syntax error in the member page template: MkDocs meets it after other pages are written."""
    template = root / "overrides/member.html"
    assert template.is_file()
    template.write_text(template.read_text(encoding="utf-8") + "\n{% if %}\n", encoding="utf-8")


def test_build_swaps_in_a_complete_site(site_project):
    site = old_site(site_project)
    (site / "stale.html").write_text("weg damit", encoding="utf-8")
    result = kooplab_build(site_project)
    assert result.returncode == 0, result.stderr
    assert (site / "index.html").read_text(encoding="utf-8") != OLD_SITE["index.html"]
    assert (site / "verzeichnis/hansa-flex/index.html").is_file()
    assert not (site / "stale.html").exists()  # the new site replaces the old one as a whole
    assert leftovers(site_project) == []
    umask = os.umask(0)
    os.umask(umask)
    assert site.stat().st_mode & 0o777 == 0o777 & ~umask  # not the 0700 of a temporary folder
    assert "Traceback" not in result.stderr


def test_template_error_keeps_the_previous_site(site_project):
    site = old_site(site_project)
    break_template(site_project)
    result = kooplab_build(site_project)
    assert result.returncode == 1
    assert f"kooplab build: the build failed; {site} was left as it was" in result.stderr
    assert snapshot(site) == OLD_SITE_BYTES
    assert leftovers(site_project) == []

    # what kooplab build protects against: plain mkdocs fails in the middle, with the old site gone
    plain = mkdocs_build(site_project)
    assert plain.returncode == 1
    assert "TemplateSyntaxError" in plain.stderr
    assert snapshot(site) != OLD_SITE_BYTES


def test_template_error_without_a_previous_site_leaves_none(site_project):
    break_template(site_project)
    result = kooplab_build(site_project)
    assert result.returncode == 1
    assert f"no site was written to {site_project / 'site'}" in result.stderr
    assert not (site_project / "site").exists()
    assert leftovers(site_project) == []


def test_disk_full_in_the_middle_keeps_the_previous_site(site_project):
    site = old_site(site_project)
    (site_project / "diskfull.py").write_text(DISK_FULL_HOOK, encoding="utf-8")
    config = site_project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - hooks/mkdocs_hooks.py\n" in text
    config.write_text(text.replace("  - hooks/mkdocs_hooks.py\n", "  - hooks/mkdocs_hooks.py\n  - diskfull.py\n"),
                      encoding="utf-8")
    result = kooplab_build(site_project)
    assert result.returncode == 1
    assert "No space left on device" in result.stderr  # the simulated failure did happen
    assert f"{site} was left as it was" in result.stderr
    assert snapshot(site) == OLD_SITE_BYTES
    assert leftovers(site_project) == []


def test_strict_mode_warning_keeps_the_previous_site(site_project):
    """MkDocs writes the whole site and only then aborts for warnings in strict mode."""
    site = old_site(site_project)
    page = site_project / "content/mitmachen.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[kaputt](gibt-es-nicht.md)\n", encoding="utf-8")
    result = kooplab_build(site_project)
    assert result.returncode == 1
    assert "gibt-es-nicht.md" in result.stderr
    assert snapshot(site) == OLD_SITE_BYTES
    assert leftovers(site_project) == []


def test_invalid_data_stops_both_builds_before_the_output_is_touched(site_project):
    site = old_site(site_project)
    member = site_project / "data/members/hansa-flex.yml"
    member.write_text(member.read_text(encoding="utf-8").replace("region: DE-HB", "region: DE-XX"), encoding="utf-8")
    for run in (mkdocs_build, kooplab_build):
        result = run(site_project)
        assert result.returncode == 1
        assert "data/members/hansa-flex.yml:" in result.stderr and "„DE-XX“ ist kein Bundesland" in result.stderr
        assert "Traceback" not in result.stdout + result.stderr
        assert snapshot(site) == OLD_SITE_BYTES
    assert leftovers(site_project) == []


def test_output_below_a_file_is_refused_cleanly(site_project, tmp_path):
    blocker = tmp_path / "eine-datei"
    blocker.write_text("x", encoding="utf-8")
    result = kooplab_build(site_project, "--site-dir", str(blocker / "site"))
    assert result.returncode == 1
    assert result.stderr.startswith(f"kooplab build: cannot write next to {blocker / 'site'}: ")
    assert f"no site was written to {blocker / 'site'}" in result.stderr
    assert "Traceback" not in result.stderr
    assert blocker.read_text(encoding="utf-8") == "x"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders; see the test above")
def test_read_only_output_folder_is_refused_cleanly(site_project, tmp_path):
    out = tmp_path / "schreibgeschuetzt"
    out.mkdir()
    old_site(out)
    out.chmod(0o555)
    try:
        result = kooplab_build(site_project, "--site-dir", str(out / "site"))
    finally:
        out.chmod(0o755)
    assert result.returncode == 1
    assert "cannot write next to" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(out / "site") == OLD_SITE_BYTES


# --- the swap itself, in-process ---------------------------------------------

OLD_SITE_BYTES = {rel: text.encode("utf-8") for rel, text in OLD_SITE.items()}


def fake_mkdocs(config_file: Path, out: Path) -> int:
    (out / "index.html").write_text("<p>neu</p>", encoding="utf-8")
    return 0


def test_a_failed_swap_puts_the_old_site_back(site_project, monkeypatch):
    site = old_site(site_project)
    real_rename = os.rename

    def rename(src, dst):
        if publish.BUILDING in Path(src).name:  # moving the new site into place
            raise OSError(errno.ENOSPC, "No space left on device")
        real_rename(src, dst)

    monkeypatch.setattr(publish.os, "rename", rename)
    with pytest.raises(publish.PublishError, match="No space left on device"):
        publish.build(site_project / "mkdocs.yml", runner=fake_mkdocs)
    assert snapshot(site) == OLD_SITE_BYTES
    assert leftovers(site_project) == []


@pytest.mark.parametrize("failure", ["exit code", "OSError"])
def test_a_failing_runner_keeps_the_old_site(site_project, failure):
    site = old_site(site_project)

    def runner(config_file: Path, out: Path) -> int:
        (out / "index.html").write_text("<p>halb</p>", encoding="utf-8")
        if failure == "OSError":
            raise OSError(errno.ENOSPC, "No space left on device")
        return 1

    with pytest.raises(publish.PublishError, match="was left as it was"):
        publish.build(site_project / "mkdocs.yml", runner=runner)
    assert snapshot(site) == OLD_SITE_BYTES
    assert leftovers(site_project) == []


def test_site_dir_comes_from_mkdocs_yml_or_the_option(site_project, tmp_path, monkeypatch):
    assert publish.target_dir(site_project / "mkdocs.yml") == site_project / "site"
    monkeypatch.chdir(tmp_path)
    assert publish.target_dir(site_project / "mkdocs.yml", "out") == tmp_path / "out"
    target = publish.build(site_project / "mkdocs.yml", "out", runner=fake_mkdocs)
    assert snapshot(target) == {"index.html": b"<p>neu</p>"}


def test_a_folder_without_write_permission_is_refused_cleanly(site_project, monkeypatch):
    """What chmod 555 does for a normal user, also where the tests run as root."""
    site = old_site(site_project)

    def mkdtemp(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(publish.tempfile, "mkdtemp", mkdtemp)
    with pytest.raises(publish.PublishError) as info:
        publish.build(site_project / "mkdocs.yml", runner=fake_mkdocs)
    assert str(info.value) == f"cannot write next to {site}: Permission denied; {site} was left as it was"
    assert snapshot(site) == OLD_SITE_BYTES
