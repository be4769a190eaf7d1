"""When each record last changed, from the git history (one ``git log`` for all files).

Editors then never maintain a "last changed" date by hand. Outside a git checkout,
or for files not yet committed, there is simply no date.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path


def last_changed(root: Path, folder: str) -> dict[str, dt.date]:
    """Map 'data/members/x.yml' -> date of the newest commit that touched it."""
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "log", "--format=%x00%cs", "--name-only", "--relative", "--", folder],
            capture_output=True, text=True, timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return {}
    if result.returncode != 0:
        return {}
    changed: dict[str, dt.date] = {}
    current: dt.date | None = None
    for line in result.stdout.splitlines():
        if line.startswith("\0"):
            current = dt.date.fromisoformat(line[1:])
        elif line and current is not None:
            changed.setdefault(line, current)  # the log runs newest first
    return changed
