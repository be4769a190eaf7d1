"""Shared fixtures: tiny projects built inline, beside the real sample network."""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest

from kooplab.load.catalog import load_catalog

REPO = Path(__file__).resolve().parent.parent

# Every date-dependent check (review reminders, "in the future", upcoming events) is
# judged against this fixed build date, so the suite gives the same answer every day.
os.environ.setdefault("SOURCE_DATE_EPOCH", "1795219200")  # 2026-11-21


class Project:
    """A throw-away project with the real vocabularies and schemas and no records."""

    def __init__(self, root: Path) -> None:
        self.root = root
        for folder in ("data/vocab", "data/schema"):
            shutil.copytree(REPO / folder, root / folder)
        (root / "data/members").mkdir()
        (root / "data/cases").mkdir()
        (root / "data/logos").mkdir()

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def load(self):
        return load_catalog(self.root)

    def messages(self) -> list[str]:
        """All problems as the one-line texts editors see (without hints)."""
        _, problems = self.load()
        return [p.text().split("\n")[0] for p in problems]


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path)


MEMBER = textwrap.dedent("""
    name: Hansa-Flex AG
    kind: unternehmen
    summary: Hydraulik-Spezialist aus Bremen mit Umwelt-Arbeitskreis.
    location:
      city: Bremen
      region: DE-HB
      lat: 53.07
      lon: 8.80
    networks: [puu-bremen]
    sdgs:
      - goal: 13
        evidence: Arbeitet seit 2017 im Klima-Arbeitskreis mit.
    reviewed: 2026-10-01
""").lstrip("\n")

CASE = textwrap.dedent("""
    ---
    title: Arbeitskreis Umwelt
    summary: Vier Unternehmen tauschen sich zweimal im Jahr aus.
    partners: [hansa-flex, deutsche-see]
    formats: [erfahrungsaustausch]
    region: DE-HB
    city: Bremen
    started: 2017-06
    status: laufend
    published: 2026-09-01
    reviewed: 2026-10-01
    ---

    ## Ausgangslage

    Text.
""").lstrip("\n")


@pytest.fixture(scope="session")
def synthetic60(tmp_path_factory):
    """A synthetic network of 60 members (kooplab.commands.synthetic): (network, catalog, problems)."""
    from kooplab.commands.synthetic import generate
    from kooplab.settings import settings_from_mkdocs

    net = generate(REPO, tmp_path_factory.mktemp("synthetic") / "n60", 60)
    catalog, problems = load_catalog(net.root, settings_from_mkdocs(net.root / "mkdocs.yml"))
    return net, catalog, problems


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright (tests/browsing.py), for one test module."""
    from browsing import chromium

    with chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The sample project built and served on 127.0.0.1: (site folder, base address)."""
    from browsing import built_and_served

    site = tmp_path_factory.mktemp("site")
    with built_and_served(REPO, site) as base:
        yield site, base


@pytest.fixture(scope="module")
def server(served) -> str:
    """The address of the served sample."""
    return served[1]
