"""Last-changed dates come from git, not from editors."""

from __future__ import annotations

import datetime as dt
import os
import subprocess

from kooplab.load.history import last_changed


def git(root, *args, date=None):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")
    if date:
        env.update(GIT_AUTHOR_DATE=f"{date}T12:00:00+01:00", GIT_COMMITTER_DATE=f"{date}T12:00:00+01:00")
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def test_newest_commit_per_file(tmp_path):
    git(tmp_path, "init", "-q")
    (tmp_path / "data/members").mkdir(parents=True)
    (tmp_path / "data/members/a.yml").write_text("1")
    (tmp_path / "data/members/b.yml").write_text("1")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "first", date="2025-01-02")
    (tmp_path / "data/members/a.yml").write_text("2")
    (tmp_path / "README").write_text("x")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "second", date="2026-03-04")
    (tmp_path / "data/members/c.yml").write_text("uncommitted")

    assert last_changed(tmp_path, "data") == {
        "data/members/a.yml": dt.date(2026, 3, 4),
        "data/members/b.yml": dt.date(2025, 1, 2),
    }


def test_no_git_no_dates(tmp_path):
    assert last_changed(tmp_path, "data") == {}
