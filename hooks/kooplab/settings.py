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

BIBLIOGRAPHY_STYLES = ("plain", "unsrt", "alpha", "author-year")  # kooplab.load.bibliography makes each
BIBLIOGRAPHY_GROUPINGS = ("year", "type")  # how the Quellen list of a page is grouped


@dataclass(frozen=True)
class SuggestionWeights:
    """The score of partner suggestions (kooplab.pages.scoring), from ``extra.kooplab.suggestions``.

    score = exchange × (categories in which a current need of one meets a current offer of the other,
                        each direction counted)
          + proximity: same_city, else the larger of same_region (same state) and
                       distance × (1 − km / radius_km) (both with coordinates, up to radius_km)
          + sdg × shared SDGs + network × shared networks
          + complementary (kinds from different groups in data/vocab/kinds.yml, e.g. a company and a
                           non-profit; two companies get nothing)
    Pairs with a case study together are never suggested; at most ``limit`` suggestions of at least
    ``min_score`` points are shown.
    """

    exchange: float = 4.0
    same_city: float = 2.0
    same_region: float = 1.0
    distance: float = 1.5
    radius_km: float = 50.0
    sdg: float = 0.5
    network: float = 1.0
    complementary: float = 1.5
    min_score: float = 3.0
    limit: int = 5

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                raise ValueError(f"suggestions.{f.name}: expected a number of at least 0, found {value!r}")
        if self.radius_km <= 0 or not isinstance(self.limit, int):
            raise ValueError("suggestions: radius_km must be above 0 and limit a whole number")

    @classmethod
    def from_mapping(cls, values: dict[str, Any] | None) -> "SuggestionWeights":
        values = dict(values or {})
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"unknown weight(s) in extra.kooplab.suggestions: {', '.join(unknown)} "
                             f"(known: {', '.join(sorted(known))})")
        return cls(**values)


@dataclass(frozen=True)
class Settings:
    data_dir: str = "data"
    logo_max_kb: int = 200
    image_max_kb: int = 500  # the picture of a case study (data/images/, kooplab.load.pictures)
    download_max_kb: int = 10_000  # a file attached to a source (data/downloads/, kooplab.load.attachments)
    # records whose last review is older than this get a warning and appear in `kooplab report`
    review_months: int = 18
    # repository address for edit links of generated pages, e.g. https://github.com/org/repo
    repo_url: str = ""
    edit_branch: str = "main"
    # open data (kooplab.exports.opendata): the licence of the published data as an SPDX id; title and address
    # come from kooplab.exports.licence.LICENSES for known ids, else from license_title and license_url
    license: str = "CC-BY-4.0"
    license_title: str = ""
    license_url: str = ""
    # publish named contact persons (only those with recorded consent) in the downloads and the API
    include_contacts: bool = False
    feed_entries: int = 20  # newest case studies in /kooperationen/feed.xml
    # sources (kooplab.load.bibliography): plain, unsrt, alpha or author-year; /literatur/ grouped by year or type
    bibliography_style: str = "plain"
    bibliography_group: str = "year"
    # partner suggestions and the Kooperationsbörse (kooplab.pages.scoring, kooplab.pages.boerse): weights of the score, see SuggestionWeights
    suggestions: SuggestionWeights = SuggestionWeights()
    # scale: the longest list a page holds. Longer lists are split into pages of this size: the
    # directory (/verzeichnis/seite/2/, …), region, network, SDG and format pages, the lab and the Börse
    # (filters search all pages); above this many members the maps show one point per city
    directory_page_size: int = 1000
    # the picture of link previews (Open Graph, Twitter Cards) and JSON-LD: a PNG or JPEG in the docs_dir,
    # 1200 × 630 pixels; '' for none (kooplab.exports.social)
    social_image: str = "assets/kooplab-vorschau.png"
    # the editorial team's address: the entry form's "Per E-Mail senden" (/mitmachen/eintragen/)
    contact_email: str = ""
    # MkDocs' docs_dir relative to the project (pages there may cite sources); from mkdocs.yml, not extra.kooplab
    docs_dir: str = "content"

    def __post_init__(self) -> None:
        if not isinstance(self.suggestions, SuggestionWeights):  # a mapping from mkdocs.yml
            if self.suggestions is not None and not isinstance(self.suggestions, dict):
                raise ValueError("suggestions: expected a mapping of weights, e.g. 'exchange: 4'")
            object.__setattr__(self, "suggestions", SuggestionWeights.from_mapping(self.suggestions))
        if isinstance(self.directory_page_size, bool) or not isinstance(self.directory_page_size, int) \
                or self.directory_page_size < 10:
            raise ValueError(f"directory_page_size: expected a whole number of at least 10, "
                             f"found {self.directory_page_size!r}")
        if self.social_image and not self.social_image.lower().endswith((".png", ".jpg", ".jpeg")):
            raise ValueError(f"social_image: '{self.social_image}' is not a PNG or JPEG file (link previews "
                             "do not show SVG); give a path in the docs_dir, or '' for none")
        if self.bibliography_style not in BIBLIOGRAPHY_STYLES:
            raise ValueError(f"bibliography_style: '{self.bibliography_style}' is not one of {', '.join(BIBLIOGRAPHY_STYLES)}")
        if self.bibliography_group not in BIBLIOGRAPHY_GROUPINGS:
            raise ValueError(f"bibliography_group: '{self.bibliography_group}' is not one of {', '.join(BIBLIOGRAPHY_GROUPINGS)}")

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


class _EnvironmentLoader(_TolerantLoader):
    """Reads mkdocs.yml as MkDocs does for the values of !ENV: the first variable that is set, else the default
    (`!ENV VAR` or `!ENV [VAR, OTHER, default]`); other tags are ignored."""


def _environment(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node)
        names, default = (items[:-1], items[-1]) if len(items) > 1 else (items, None)
    for name in names:
        if isinstance(name, str) and os.environ.get(name) is not None:
            return yaml.safe_load(os.environ[name]) if os.environ[name] else os.environ[name]
    return default


_EnvironmentLoader.add_constructor("!ENV", _environment)


def read_mkdocs_config(config_file: Path, environment: bool = False) -> dict[str, Any]:
    """mkdocs.yml as plain values; with ``environment``, !ENV values as MkDocs resolves them (else None)."""
    with config_file.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_EnvironmentLoader if environment else _TolerantLoader) or {}


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
    """Today, or the date of SOURCE_DATE_EPOCH for reproducible builds; both in UTC, as MkDocs takes
    its build date (sitemap), so the machine's time zone never changes the site."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.datetime.now(dt.timezone.utc).date()
