"""``kooplab new``: a new record file from the editors' templates in data/templates/.

The site publishes the same templates for editors who work in GitHub's web
editor (see ``kooplab.urls.TEMPLATES``), so the two cannot drift apart.
"""

from __future__ import annotations

import re
from pathlib import Path

from kooplab.load.checks import slugify
from kooplab.record_files import RECORD_FILES
from kooplab.settings import Settings, build_date

KINDS = RECORD_FILES


class ScaffoldError(Exception):
    pass


def new_record(root: Path, settings: Settings, kind: str, title: str) -> Path:
    spec = KINDS[kind]
    slug = slugify(title)
    if not slug:
        raise ScaffoldError(f"cannot make a file name from {title!r}: use letters or digits")
    target = root / settings.data_dir / spec.folder / f"{slug}{spec.suffix}"
    if target.exists():
        raise ScaffoldError(f"{target.relative_to(root)} exists already; edit it or choose another name")
    text = (root / settings.data_dir / "templates" / spec.template).read_text(encoding="utf-8")
    text = _set(text, spec.title_field, _quote(title))
    for name in spec.date_fields:
        text = _set(text, name, build_date().isoformat())
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def _set(text: str, name: str, value: str) -> str:
    """Replace the value of a top-level field, keeping any trailing comment."""
    pattern = re.compile(rf"^{name}:[ \t]*(?:\"[^\"]*\"|[^#\n]*?)([ \t]+#.*)?$", re.MULTILINE)
    if not pattern.search(text):
        raise ScaffoldError(f"the template has no top-level field '{name}'")
    return pattern.sub(lambda m: f"{name}: {value}{m.group(1) or ''}", text, count=1)


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
