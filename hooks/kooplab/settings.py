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
    # repository address for edit links of generated pages, e.g. https://github.com/org/repo
    repo_url: str = ""
    edit_branch: str = "main"

    @classmethod
    def from_mapping(cls, values: dict[str, Any] | None) -> "Settings":
        values = dict(values or {})
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"unknown setting(s) in extra.kooplab: {', '.join(unknown)} "
                             f"(known: {', '.join(sorted(known))})")
        return cls(**values)


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
    return Settings.from_mapping(extra.get("kooplab"))


def build_date() -> dt.date:
    """Today, or the date of SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()
