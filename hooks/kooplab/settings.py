"""Project settings: the ``extra.kooplab`` block of mkdocs.yml.

The build receives them from MkDocs; the command line reads the same block from
mkdocs.yml, so ``kooplab validate`` and the build always agree.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class Settings:
    data_dir: str = "data"
    logo_max_kb: int = 200
    # records whose last review is older than this get a warning and appear in `kooplab report`
    review_months: int = 18
    # repository address for edit links of generated pages, e.g. https://github.com/org/repo
    repo_url: str = ""
    edit_branch: str = "main"
    # open data (kooplab.exports): the licence of the published data as an SPDX id; title and address
    # come from kooplab.exports.LICENSES for known ids, else from license_title and license_url
    license: str = "CC-BY-4.0"
    license_title: str = ""
    license_url: str = ""
    # publish named contact persons (only those with recorded consent) in the downloads and the API
    include_contacts: bool = False
    feed_entries: int = 20  # newest case studies in /kooperationen/feed.xml
    # sources (kooplab.bibliography): plain, unsrt, alpha or author-year; /literatur/ grouped by year or type
    bibliography_style: str = "plain"
    bibliography_group: str = "year"
    # MkDocs' docs_dir relative to the project (pages there may cite sources); from mkdocs.yml, not extra.kooplab
    docs_dir: str = "content"

    def __post_init__(self) -> None:
        from .bibliography import GROUPINGS, STYLES  # noqa: PLC0415 (settings are read before anything else)
        if self.bibliography_style not in STYLES:
            raise ValueError(f"bibliography_style: '{self.bibliography_style}' is not one of {', '.join(STYLES)}")
        if self.bibliography_group not in GROUPINGS:
            raise ValueError(f"bibliography_group: '{self.bibliography_group}' is not one of {', '.join(GROUPINGS)}")

    @classmethod
    def from_mapping(cls, values: dict[str, Any] | None, docs_dir: str = "content") -> "Settings":
        values = dict(values or {})
        known = {f.name for f in fields(cls)} - {"docs_dir"}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"unknown setting(s) in extra.kooplab: {', '.join(unknown)} "
                             f"(known: {', '.join(sorted(known))})")
        return cls(**values, docs_dir=docs_dir)


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, ignoring MkDocs' own tags (!ENV, !!python/name:…)."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_TolerantLoader.add_multi_constructor("!", _ignore_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


def read_mkdocs_config(config_file: Path) -> dict[str, Any]:
    with config_file.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_TolerantLoader) or {}


def settings_from_mkdocs(config_file: Path) -> Settings:
    config = read_mkdocs_config(config_file)
    extra = config.get("extra") or {}
    return Settings.from_mapping(extra.get("kooplab"), docs_dir=str(config.get("docs_dir") or "docs"))


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` months earlier (clamped to the month's end)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, d))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def build_date() -> dt.date:
    """Today, or the date of SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()
